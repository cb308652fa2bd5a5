import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { GovernanceRepository } from './governance.repository.js';
import type { Vote } from './governance.types.js';

export interface GovernanceLoaders {
  votesOfProposal: DataLoader<string, Vote[]>;
  approvalsOfProposal: DataLoader<string, Array<{ proposalId: string; accountId: string; recordId: string; approvedAt: Date }>>;
}

const groupBy = <T extends { proposalId: string }>(keys: readonly string[], rows: T[]) => {
  const map = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const r of rows) map.get(r.proposalId)?.push(r);
  return keys.map((k) => map.get(k)!);
};

// One set per request: a page of proposals reads its votes and approvals in one query each.
@Injectable()
export class GovernanceLoadersFactory {
  constructor(private readonly repo: GovernanceRepository) {}

  create(): GovernanceLoaders {
    return {
      votesOfProposal: new DataLoader(async (ids) => groupBy(ids, await this.repo.votesOfProposals(ids))),
      approvalsOfProposal: new DataLoader(async (ids) => groupBy(ids, await this.repo.approvalsOf(ids))),
    };
  }
}
