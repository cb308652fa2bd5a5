import { Module } from '@nestjs/common';
import { DesignsModule } from '../designs/designs.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { IpfsModule } from '../ipfs/ipfs.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { KeysModule } from '../keys/keys.module.js';
import { DeliveriesRepository } from './deliveries.repository.js';
import { DeliveriesResolver } from './deliveries.resolver.js';
import { DeliveriesService } from './deliveries.service.js';
import { DesignFederationHandler } from './design-federation.handler.js';
import { DesignMirrorService } from './design-mirror.service.js';
import { FederationController } from './federation.controller.js';
import { FederationService } from './federation.service.js';
import { InboxThrottle } from './inbox-throttle.js';
import { PostgresKvStore } from './postgres-kv.js';
import { FollowsRepository } from './follows.repository.js';
import { FollowsResolver } from './follows.resolver.js';
import { FollowsService } from './follows.service.js';

@Module({
  imports: [IdentityModule, KeysModule, JobsModule, DesignsModule, IpfsModule],
  providers: [
    PostgresKvStore,
    FederationService,
    FollowsRepository,
    FollowsService,
    DeliveriesRepository,
    DeliveriesService,
    DesignFederationHandler,
    DesignMirrorService,
    InboxThrottle,
  ],
  controllers: [FederationController],
  exports: [FederationService, FollowsService, DeliveriesService, DesignFederationHandler, DesignMirrorService],
})
export class FederationModule {}

@Module({ imports: [FederationModule], providers: [FollowsResolver, DeliveriesResolver] })
export class FederationGraphqlModule {}
