import { Module } from '@nestjs/common';
import { DesignsModule } from '../designs/designs.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { IpfsModule } from '../ipfs/ipfs.module.js';
import { KeysModule } from '../keys/keys.module.js';
import { ProductionModule } from '../production/production.module.js';
import { ContributionCaptureHandler } from './contribution-capture.handler.js';
import { ContributionLoadersFactory } from './contributions.loaders.js';
import { ContributionsRepository } from './contributions.repository.js';
import { ContributionsResolver } from './contributions.resolver.js';
import { ContributionsService } from './contributions.service.js';
import { RecordWriter } from './record-writer.js';

@Module({
  imports: [IdentityModule, KeysModule, IpfsModule, DesignsModule, ProductionModule],
  providers: [ContributionsRepository, RecordWriter, ContributionsService, ContributionCaptureHandler, ContributionLoadersFactory],
  exports: [ContributionsService, ContributionCaptureHandler, ContributionLoadersFactory, RecordWriter],
})
export class ContributionsModule {}

@Module({ imports: [ContributionsModule], providers: [ContributionsResolver] })
export class ContributionsGraphqlModule {}
