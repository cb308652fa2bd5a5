import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { IpfsModule } from '../ipfs/ipfs.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { DesignCatalogueRepository } from './design-catalogue.repository.js';
import { DesignImportService } from './design-import.service.js';
import { DesignManifestFieldsResolver } from './design-manifest-fields.resolver.js';
import { DesignLineageRepository } from './design-lineage.repository.js';
import { provideLoaders } from '../common/graphql/loaders.js';
import { DesignLoadersFactory } from './designs.loaders.js';
import { DesignsRepository } from './designs.repository.js';
import { DesignsResolver, DesignVersionsResolver } from './designs.resolver.js';
import { DesignsService } from './designs.service.js';
import { RemoteDesignsService } from './remote-designs.service.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';

@Module({
  imports: [IdentityModule, IpfsModule, OutboxModule, IdempotencyModule],
  providers: [
    DesignsRepository,
    DesignCatalogueRepository,
    DesignLineageRepository,
    DesignsService,
    DesignImportService,
    RemoteDesignsService,
    provideLoaders(DesignLoadersFactory),
  ],
  exports: [DesignsService, DesignImportService, RemoteDesignsService],
})
export class DesignsModule {}

@Module({ imports: [DesignsModule], providers: [DesignsResolver, DesignVersionsResolver, DesignManifestFieldsResolver] })
export class DesignsGraphqlModule {}
