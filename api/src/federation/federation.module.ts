import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { KeysModule } from '../keys/keys.module.js';
import { FederationController } from './federation.controller.js';
import { FederationService } from './federation.service.js';
import { PostgresKvStore } from './postgres-kv.js';
import { FollowsRepository } from './follows.repository.js';
import { FollowsResolver } from './follows.resolver.js';
import { FollowsService } from './follows.service.js';

@Module({
  imports: [IdentityModule, KeysModule],
  providers: [PostgresKvStore, FederationService, FollowsRepository, FollowsService],
  controllers: [FederationController],
  exports: [FederationService, FollowsService],
})
export class FederationModule {}

@Module({ imports: [FederationModule], providers: [FollowsResolver] })
export class FederationGraphqlModule {}
