import { Injectable } from '@nestjs/common';
import type { Viewer } from '../../common/auth/viewer.js';
import { connectionFromPage, decodeTimeIdCursor, pageSize, timeIdKey } from '../../common/graphql/connection.js';
import { EpochLeavesRepository } from './epoch-leaves.repository.js';
import { EpochsRepository } from './epochs.repository.js';
import type { EpochLeaf, RewardEpoch } from '../rewards.types.js';

export type ClaimStatus = 'PENDING' | 'CLAIMABLE' | 'CLAIMED';

// What epochs show: the list is public (roots, totals and claims are on chain anyway); a leaf,
// with its proof, only to the person it pays.
@Injectable()
export class EpochQueriesService {
  constructor(
    private readonly repo: EpochsRepository,
    private readonly leaves: EpochLeavesRepository,
  ) {}

  async page(first?: number | null, after?: string | null) {
    const size = pageSize(first);
    const cursor = after ? decodeTimeIdCursor(after) : undefined;
    const [rows, totalCount] = await Promise.all([
      this.repo.epochs(size + 1, cursor && { createdAt: cursor.at, id: cursor.id }),
      this.repo.countEpochs(),
    ]);
    return connectionFromPage(rows, (e: RewardEpoch) => timeIdKey(e.createdAt, e.id), { size, after, totalCount });
  }

  async claimsOf(viewer: Viewer): Promise<Array<EpochLeaf & { epoch: RewardEpoch; status: ClaimStatus }>> {
    const leaves = await this.leaves.leavesOfAccount(viewer.accountId);
    return leaves.map((l) => ({ ...l, status: l.claimTx ? 'CLAIMED' : l.epoch.status === 'PUBLISHED' ? 'CLAIMABLE' : 'PENDING' }));
  }
}
