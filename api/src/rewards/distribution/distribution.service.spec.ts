import { Logger } from '@nestjs/common';
import { aSettlement } from '../../../../test/support/domain-factories.js';
import { fakeUnitOfWork, mock } from '../../../../test/support/unit.js';
import { NotFoundError } from '../../common/errors/domain-error.js';
import type { RecordWriter, SignedChain } from '../../contributions/record-writer.js';
import type { LedgerRepository } from '../ledger/ledger.repository.js';
import { DEFAULT_POLICY } from '../policy/policy.js';
import type { PoliciesService } from '../policy/policies.service.js';
import type { DistributionSnapshot } from './distribution-snapshot.js';
import { ContributionsNotCapturedError, DistributionService } from './distribution.service.js';
import type { SettlementsRepository } from './settlements.repository.js';
import type { SplitInputsRepository } from './split-inputs.repository.js';

const SETTLEMENT = aSettlement({ amountMinor: 10_000n });
const CHAIN: SignedChain = { subject: `urn:cosmolocal:job:${SETTLEMENT.jobId}`, previousId: null, rows: [] };
const uniqueViolation = Object.assign(new Error('duplicate key'), { code: '23505' });
const capsBite = Object.assign(new Error('past the cap'), { code: 'P0003' });

// Nobody qualifies for the agents' buckets: every line goes to a fund, which is all these cases need.
function aSnapshot(overrides: Partial<DistributionSnapshot> = {}): DistributionSnapshot {
  return {
    settlement: SETTLEMENT,
    job: {
      id: SETTLEMENT.jobId,
      requestId: 'request',
      lineKey: 'whole',
      role: 'WHOLE',
      quantity: 1,
      estimatedHours: 1,
      status: 'ACCEPTED',
      facilityId: 'facility',
      facilityOrganizationId: SETTLEMENT.organizationId,
      claimSeq: 1,
      claimExpiresAt: null,
      requesterId: SETTLEMENT.payerAccountId,
    },
    version: { id: 'version', cid: 'bafyversion', designId: 'design' },
    asOf: new Date('2026-01-02T00:00:00Z'),
    payerDid: 'did:key:z6MkPayer',
    coopDid: 'did:key:z6MkCoop',
    records: [],
    validators: [],
    lineage: { root: 'bafyversion', nodes: new Map() },
    waitingEvents: 0,
    effortOnDesign: new Map(),
    totals: new Map(),
    latest: null,
    ...overrides,
  };
}

function setup(snap: DistributionSnapshot | null = aSnapshot()) {
  const inputs = mock<SplitInputsRepository>();
  const settlements = mock<SettlementsRepository>();
  const policies = mock<PoliciesService>();
  const ledger = mock<LedgerRepository>();
  const records = mock<RecordWriter>();
  const { uow, tx, runs } = fakeUnitOfWork();
  inputs.snapshot.mockResolvedValue(snap);
  policies.policyVersion.mockResolvedValue(DEFAULT_POLICY);
  records.signChain.mockResolvedValue(CHAIN);
  ledger.ensureAccountIds.mockImplementation((accounts) => Promise.resolve(accounts.map((_, i) => `account-${i}`)));
  settlements.commitDistribution.mockResolvedValue({ written: true });
  settlements.lockTotals.mockResolvedValue(new Map());
  const service = new DistributionService(inputs, settlements, policies, ledger, uow, records);
  return { service, inputs, settlements, records, tx, runs };
}

beforeAll(() => Logger.overrideLogger(false));

describe('DistributionService.distribute', () => {
  it('writes the whole split in one statement outside any transaction, the lines summing to the payment', async () => {
    const t = setup();
    await expect(t.service.distribute(SETTLEMENT.id)).resolves.toBe('distributed');
    expect(t.settlements.commitDistribution).toHaveBeenCalledTimes(1);
    const [tx, write] = t.settlements.commitDistribution.mock.calls[0]!;
    expect(tx).toBeUndefined();
    expect(write.settlementId).toBe(SETTLEMENT.id);
    expect(write.chain).toBe(CHAIN);
    expect(write.payouts.reduce((s, p) => s + p.amountMinor, 0n)).toBe(SETTLEMENT.amountMinor);
    expect(write.transaction.entries.reduce((s, e) => s + e.amountMinor, 0n)).toBe(0n);
    expect(t.runs()).toBe(0);
  });

  it('refuses a settlement that does not exist', async () => {
    const t = setup(null);
    await expect(t.service.distribute(SETTLEMENT.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(t.settlements.commitDistribution).not.toHaveBeenCalled();
  });

  it('does nothing for a settlement already distributed', async () => {
    const t = setup(aSnapshot({ settlement: { ...SETTLEMENT, status: 'DISTRIBUTED' } }));
    await expect(t.service.distribute(SETTLEMENT.id)).resolves.toBe('already');
    expect(t.records.signChain).not.toHaveBeenCalled();
    expect(t.settlements.commitDistribution).not.toHaveBeenCalled();
  });

  it('waits while events of the job or its lineage are not contribution records yet', async () => {
    const t = setup(aSnapshot({ waitingEvents: 2 }));
    await expect(t.service.distribute(SETTLEMENT.id)).rejects.toBeInstanceOf(ContributionsNotCapturedError);
    expect(t.records.signChain).not.toHaveBeenCalled();
    expect(t.settlements.commitDistribution).not.toHaveBeenCalled();
  });

  it('yields to another worker whose distribution committed first', async () => {
    const t = setup();
    t.settlements.commitDistribution.mockResolvedValue({ written: false, status: 'DISTRIBUTED', latest: null });
    await expect(t.service.distribute(SETTLEMENT.id)).resolves.toBe('already');
    expect(t.settlements.commitDistribution).toHaveBeenCalledTimes(1);
  });

  it('signs again after the last record when a record joined the job’s chain meanwhile', async () => {
    const t = setup();
    const latest = { id: 'bafyrecord', chainId: 'bafychain' };
    t.settlements.commitDistribution.mockResolvedValueOnce({ written: false, status: 'PENDING', latest });
    await expect(t.service.distribute(SETTLEMENT.id)).resolves.toBe('distributed');
    expect(t.records.signChain).toHaveBeenCalledTimes(2);
    expect(t.records.signChain.mock.calls[1]![1]).toEqual(latest);
  });

  it('takes a unique violation for a distribution another worker committed', async () => {
    const t = setup();
    t.settlements.commitDistribution.mockRejectedValue(uniqueViolation);
    t.settlements.findSettlement.mockResolvedValue({ ...SETTLEMENT, status: 'DISTRIBUTED' });
    await expect(t.service.distribute(SETTLEMENT.id)).resolves.toBe('already');
  });

  it('rethrows a unique violation while the settlement is still pending', async () => {
    const t = setup();
    t.settlements.commitDistribution.mockRejectedValue(uniqueViolation);
    t.settlements.findSettlement.mockResolvedValue(SETTLEMENT);
    await expect(t.service.distribute(SETTLEMENT.id)).rejects.toBe(uniqueViolation);
  });

  it('redoes the split under the totals’ locks when a cap bites at commit', async () => {
    const t = setup();
    t.settlements.commitDistribution.mockRejectedValueOnce(capsBite);
    await expect(t.service.distribute(SETTLEMENT.id)).resolves.toBe('distributed');
    expect(t.runs()).toBe(1);
    expect(t.settlements.lockTotals).toHaveBeenCalledWith(t.tx, 'design', SETTLEMENT.currency, []);
    expect(t.settlements.commitDistribution).toHaveBeenLastCalledWith(t.tx, expect.objectContaining({ settlementId: SETTLEMENT.id }));
  });
});
