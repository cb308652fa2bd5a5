import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { LoadersFactory } from '../common/graphql/loaders.js';
import { groupBy } from '../common/graphql/batch.js';
import { GovernanceRepository } from './governance.repository.js';
import type { Vote } from './governance.types.js';

export interface GovernanceLoaders {
  votesOfProposal: DataLoader<string, Vote[]>;
  approvalsOfProposal: DataLoader<string, Array<{ proposalId: string; accountId: string; recordId: string; approvedAt: Date }>>;
}

// Read as `ctx.loaders.<name>` by every resolver (common/graphql/loaders.ts).
declare module '../common/graphql/loaders.js' {
  interface LoaderRegistry extends GovernanceLoaders {}
}

// One set per request: a page of proposals reads its votes and approvals in one query each.
@Injectable()
export class GovernanceLoadersFactory implements LoadersFactory {
  constructor(private readonly repo: GovernanceRepository) {}

  create(): GovernanceLoaders {
    return {
      votesOfProposal: new DataLoader(async (ids) => groupBy(ids, await this.repo.votesOfProposals(ids), (v) => v.proposalId)),
      approvalsOfProposal: new DataLoader(async (ids) => groupBy(ids, await this.repo.approvalsOf(ids), (a) => a.proposalId)),
    };
  }
}
