import { Module } from '@nestjs/common';
import { DesignsModule } from '../designs/designs.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { IpfsModule } from '../ipfs/ipfs.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { KeysModule } from '../keys/keys.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { ProductionModule } from '../production/production.module.js';
import { CeramicPublishScheduler } from './ceramic/ceramic-publish.handler.js';
import { CeramicPublisher } from './ceramic/ceramic.publisher.js';
import { ContributionCaptureHandler } from './contribution-capture.handler.js';
import { provideLoaders } from '../common/graphql/loaders.js';
import { ContributionLoadersFactory } from './contributions.loaders.js';
import { ContributionsRepository } from './contributions.repository.js';
import { RecordAnchorsRepository } from './record-anchors.repository.js';
import { ContributionsResolver } from './contributions.resolver.js';
import { ContributionsService } from './contributions.service.js';
import { RecordWriter } from './record-writer.js';

@Module({
  imports: [IdentityModule, KeysModule, IpfsModule, DesignsModule, ProductionModule, OutboxModule, JobsModule],
  providers: [
    ContributionsRepository,
    RecordAnchorsRepository,
    RecordWriter,
    ContributionsService,
    ContributionCaptureHandler,
    provideLoaders(ContributionLoadersFactory),
    CeramicPublisher,
    CeramicPublishScheduler,
  ],
  exports: [
    RecordAnchorsRepository,
    ContributionsService,
    ContributionCaptureHandler,
    RecordWriter,
    CeramicPublisher,
    CeramicPublishScheduler,
  ],
})
export class ContributionsModule {}

@Module({ imports: [ContributionsModule], providers: [ContributionsResolver] })
export class ContributionsGraphqlModule {}
