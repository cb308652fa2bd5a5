import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { KeysModule } from '../keys/keys.module.js';
import { FederationController } from './federation.controller.js';
import { FederationService } from './federation.service.js';
import { PostgresKvStore } from './postgres-kv.js';

@Module({
  imports: [IdentityModule, KeysModule],
  providers: [PostgresKvStore, FederationService],
  controllers: [FederationController],
  exports: [FederationService],
})
export class FederationModule {}
