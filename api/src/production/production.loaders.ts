import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { LoadersFactory } from '../common/graphql/loaders.js';
import { byKey, groupBy } from '../common/graphql/batch.js';
import { JobOffersRepository } from './job-offers.repository.js';
import { ProductionJobsRepository } from './production-jobs.repository.js';
import { ProductionRequestsRepository } from './production-requests.repository.js';
import type { JobOffer, JobTransition, ProductionJob, ProductionRequest } from './production.types.js';

export interface ProductionLoaders {
  productionRequest: DataLoader<string, ProductionRequest | null>;
  productionJob: DataLoader<string, ProductionJob | null>;
  jobsOfRequest: DataLoader<string, ProductionJob[]>;
  offersOfJob: DataLoader<string, JobOffer[]>;
  historyOfJob: DataLoader<string, JobTransition[]>;
  committedHoursOfFacility: DataLoader<string, number>;
}

// Read as `ctx.loaders.<name>` by every resolver (common/graphql/loaders.ts).
declare module '../common/graphql/loaders.js' {
  interface LoaderRegistry extends ProductionLoaders {}
}

@Injectable()
export class ProductionLoadersFactory implements LoadersFactory {
  constructor(
    private readonly requests: ProductionRequestsRepository,
    private readonly jobs: ProductionJobsRepository,
    private readonly offers: JobOffersRepository,
  ) {}

  create(): ProductionLoaders {
    return {
      productionRequest: new DataLoader(async (ids) => byKey(ids, await this.requests.findMany(ids), (r) => r.id)),
      productionJob: new DataLoader(async (ids) => byKey(ids, await this.jobs.findMany(ids), (j) => j.id)),
      jobsOfRequest: new DataLoader(async (ids) => groupBy(ids, await this.jobs.jobsOfRequests(ids), (j) => j.requestId)),
      offersOfJob: new DataLoader(async (ids) => groupBy(ids, await this.offers.offersOf(ids), (o) => o.jobId)),
      historyOfJob: new DataLoader(async (ids) => groupBy(ids, await this.jobs.historyOf(ids), (t) => t.jobId)),
      committedHoursOfFacility: new DataLoader(async (ids) => {
        const hours = await this.jobs.committedHours(ids);
        return ids.map((id) => hours.get(id) ?? 0);
      }),
    };
  }
}
