import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { LoadersFactory } from '../common/graphql/loaders.js';
import { groupBy } from '../common/graphql/batch.js';
import type { Vote } from './governance.types.js';
import { VotesRepository, type SpendApproval } from './votes.repository.js';

export interface GovernanceLoaders {
  votesOfProposal: DataLoader<string, Vote[]>;
  approvalsOfProposal: DataLoader<string, SpendApproval[]>;
}

// Read as `ctx.loaders.<name>` by every resolver (common/graphql/loaders.ts).
declare module '../common/graphql/loaders.js' {
  interface LoaderRegistry extends GovernanceLoaders {}
}

// One set per request: a page of proposals reads its votes and approvals in one query each.
@Injectable()
export class GovernanceLoadersFactory implements LoadersFactory {
  constructor(private readonly repo: VotesRepository) {}

  create(): GovernanceLoaders {
    return {
      votesOfProposal: new DataLoader(async (ids) => groupBy(ids, await this.repo.votesOfProposals(ids), (v) => v.proposalId)),
      approvalsOfProposal: new DataLoader(async (ids) => groupBy(ids, await this.repo.approvalsOf(ids), (a) => a.proposalId)),
    };
  }
}
