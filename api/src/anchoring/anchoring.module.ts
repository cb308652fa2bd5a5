import { Module } from '@nestjs/common';
import { ChainModule } from '../chain/chain.module.js';
import { ContributionsModule } from '../contributions/contributions.module.js';
import { IpfsModule } from '../ipfs/ipfs.module.js';
import { AnchorBatchesRepository } from './anchor-batches.repository.js';
import { AnchorChain } from './anchor-chain.js';
import { AnchorRegistriesRepository } from './anchor-registries.repository.js';
import { AnchorSubmissionRepository } from './anchor-submission.repository.js';
import { AnchorService } from './anchor.service.js';
import { AnchorSubmissionService } from './anchor-submission.service.js';
import { AnchoringController } from './anchoring.controller.js';
import { provideLoaders } from '../common/graphql/loaders.js';
import { AnchoringLoadersFactory } from './anchoring.loaders.js';
import { AnchoringResolver } from './anchoring.resolver.js';
import { BatchRecordsRepository } from './batch-records.repository.js';
import { ProofsService } from './proofs.service.js';
import { RegistryService } from './registry.service.js';

@Module({
  imports: [ContributionsModule, IpfsModule, ChainModule],
  providers: [
    AnchorRegistriesRepository,
    AnchorBatchesRepository,
    AnchorSubmissionRepository,
    BatchRecordsRepository,
    AnchorChain,
    RegistryService,
    AnchorSubmissionService,
    AnchorService,
    ProofsService,
    provideLoaders(AnchoringLoadersFactory),
  ],
  exports: [AnchorService, AnchorSubmissionService, ProofsService, RegistryService, AnchorChain],
})
export class AnchoringModule {}

// The API's half: GraphQL and the CAR download.
@Module({ imports: [AnchoringModule], providers: [AnchoringResolver], controllers: [AnchoringController] })
export class AnchoringApiModule {}
