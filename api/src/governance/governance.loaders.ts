import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { groupBy } from '../common/graphql/batch.js';
import { GovernanceRepository } from './governance.repository.js';
import type { Vote } from './governance.types.js';

export interface GovernanceLoaders {
  votesOfProposal: DataLoader<string, Vote[]>;
  approvalsOfProposal: DataLoader<string, Array<{ proposalId: string; accountId: string; recordId: string; approvedAt: Date }>>;
}

// One set per request: a page of proposals reads its votes and approvals in one query each.
@Injectable()
export class GovernanceLoadersFactory {
  constructor(private readonly repo: GovernanceRepository) {}

  create(): GovernanceLoaders {
    return {
      votesOfProposal: new DataLoader(async (ids) => groupBy(ids, await this.repo.votesOfProposals(ids), (v) => v.proposalId)),
      approvalsOfProposal: new DataLoader(async (ids) => groupBy(ids, await this.repo.approvalsOf(ids), (a) => a.proposalId)),
    };
  }
}
