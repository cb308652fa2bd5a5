import { Injectable } from '@nestjs/common';
import type { Viewer } from '../common/auth/viewer.js';
import { decodeCursor, encodeCursor, pageSize } from '../common/graphql/connection.js';
import { InvalidInputError } from '../common/errors/domain-error.js';
import { EpochsRepository } from './epochs.repository.js';
import type { EpochLeaf, RewardEpoch } from './rewards.types.js';

export type ClaimStatus = 'PENDING' | 'CLAIMABLE' | 'CLAIMED';

// What epochs show: the list is public (roots, totals and claims are on chain anyway); a leaf,
// with its proof, only to the person it pays.
@Injectable()
export class EpochQueriesService {
  constructor(private readonly repo: EpochsRepository) {}

  async page(first?: number | null, after?: string | null) {
    const limit = pageSize(first);
    let before: { createdAt: Date; id: string } | undefined;
    if (after) {
      const [at, id] = decodeCursor(after).split('|');
      if (!at || !id || Number.isNaN(Date.parse(at))) throw new InvalidInputError('after', 'The cursor is not valid.', 'INVALID_CURSOR');
      before = { createdAt: new Date(at), id };
    }
    const rows = await this.repo.epochs(limit + 1, before);
    const nodes = rows.slice(0, limit);
    const cursor = (e: RewardEpoch) => encodeCursor(`${e.createdAt.toISOString()}|${e.id}`);
    return {
      edges: nodes.map((node) => ({ cursor: cursor(node), node })),
      pageInfo: { hasNextPage: rows.length > limit, hasPreviousPage: !!after, startCursor: nodes[0] ? cursor(nodes[0]) : null, endCursor: nodes.length ? cursor(nodes[nodes.length - 1]!) : null },
      totalCount: nodes.length,
    };
  }

  async claimsOf(viewer: Viewer): Promise<Array<EpochLeaf & { epoch: RewardEpoch; status: ClaimStatus }>> {
    const leaves = await this.repo.leavesOfAccount(viewer.accountId);
    return leaves.map((l) => ({ ...l, status: l.claimTx ? 'CLAIMED' : l.epoch.status === 'PUBLISHED' ? 'CLAIMABLE' : 'PENDING' }));
  }
}
