import { randomUUID } from 'node:crypto';
import { aLeaf, anEpoch } from '../../../../test/support/domain-factories.js';
import { mock } from '../../../../test/support/unit.js';
import type { EpochLeavesRepository } from './epoch-leaves.repository.js';
import { EpochQueriesService } from './epoch-queries.service.js';
import type { EpochsRepository } from './epochs.repository.js';

function setup() {
  const epochs = mock<EpochsRepository>();
  const leaves = mock<EpochLeavesRepository>();
  return { service: new EpochQueriesService(epochs, leaves), epochs, leaves };
}

describe('EpochQueriesService', () => {
  it('shows a person only their own leaves, each claimable once its epoch is published', async () => {
    const t = setup();
    const viewer = { accountId: randomUUID() };
    t.leaves.leavesOfAccount.mockResolvedValue([
      { ...aLeaf({ accountId: viewer.accountId }), epoch: anEpoch({ status: 'SUBMITTED' }) },
      { ...aLeaf({ accountId: viewer.accountId }), epoch: anEpoch({ status: 'PUBLISHED' }) },
      { ...aLeaf({ accountId: viewer.accountId, claimTx: '0xc1a1' }), epoch: anEpoch({ status: 'PUBLISHED' }) },
    ]);
    const claims = await t.service.claimsOf(viewer);
    expect(t.leaves.leavesOfAccount).toHaveBeenCalledWith(viewer.accountId);
    expect(claims.map((c) => c.status)).toEqual(['PENDING', 'CLAIMABLE', 'CLAIMED']);
  });

  it('pages epochs newest first, asking one more than the page to know whether another follows', async () => {
    const t = setup();
    const rows = [anEpoch(), anEpoch(), anEpoch()].map((e) => ({ ...e, claimedMinor: 0n, claims: 0 }));
    t.epochs.epochs.mockResolvedValue(rows);
    t.epochs.countEpochs.mockResolvedValue(5);
    const page = await t.service.page(2);
    expect(t.epochs.epochs).toHaveBeenCalledWith(3, undefined);
    expect(page.edges).toHaveLength(2);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.totalCount).toBe(5);
  });
});
