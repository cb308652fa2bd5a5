import { settlementStatement, type DistributionWrite } from './settlement-statement.js';

const write = (records: number): DistributionWrite => ({
  settlementId: '00000000-0000-4000-8000-000000000001',
  asOf: new Date('2026-01-01T00:00:00Z'),
  transaction: {
    id: '00000000-0000-4000-8000-000000000002',
    kind: 'SETTLEMENT',
    reference: 'settlement:x:v0',
    memo: 'm',
    entries: [{ accountId: '00000000-0000-4000-8000-000000000003', amountMinor: 0n, currency: 'EUR' }],
  },
  payouts: [],
  chain: {
    subject: 'urn:cosmolocal:job:j',
    previousId: null,
    rows: Array.from({ length: records }, (_, i) => ({
      id: `bafy${i}`,
      payloadCid: `bafp${i}`,
      signers: ['did:key:z'],
      previousId: null,
      chainId: 'bafy0',
      source: `s${i}`,
      action: 'transfer' as const,
      providerDid: 'did:key:z',
      providerAccountId: null,
      providerOrganizationId: null,
      receiverDid: null,
      subject: 'urn:cosmolocal:job:j',
      designId: null,
      designVersionCid: null,
      jobId: null,
      effortHours: null,
      note: null,
      occurredAt: new Date(),
      evidenceCids: [],
      validation: 'NOT_REQUIRED' as const,
      validationsRequired: 0,
    })),
  },
  job: {
    job: {
      id: '00000000-0000-4000-8000-000000000004',
      requestId: 'r',
      lineKey: 'whole',
      role: 'WHOLE',
      quantity: 1,
      estimatedHours: 1,
      claimSeq: 1,
      claimExpiresAt: null,
    },
    facilityId: null,
    facilityOrganizationId: null,
    requesterId: 'a',
    designVersionCid: 'c',
    note: 'n',
  },
  events: [],
});

describe('the settlement statement', () => {
  it('numbers the parameters its owners contribute once each, in order, and uses every one', () => {
    const { sql, params } = settlementStatement(write(3));
    const used = new Set([...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
    expect([...used].sort((a, b) => a - b)).toEqual(params.map((_, i) => i + 1));
  });

  it('guards every write by the settlement and the record chain', () => {
    const { sql } = settlementStatement(write(1));
    const writes = [...sql.matchAll(/\b(INSERT INTO|UPDATE) (\w+)/g)].map((m) => m[2]);
    expect(writes.sort()).toEqual([
      'contribution_records',
      'ledger_entries',
      'ledger_transactions',
      'outbox_events',
      'payouts',
      'production_job_history',
      'production_jobs',
      'settlements',
    ]);
    // Every data-modifying part reads the guard, directly or through a part that does.
    expect(sql.match(/EXISTS \(SELECT 1 FROM guard\)/g)!.length).toBeGreaterThanOrEqual(6);
  });
});
