import { readPayload, readTally, toProposal, type ProposalRow } from './proposal-rows.js';

const row = (over: Partial<ProposalRow> = {}): ProposalRow => ({
  id: '0b5c2f7e-8a41-4d3b-9c6e-1f2a3b4c5d6e',
  organization_id: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d',
  kind: 'TREASURY_SPEND',
  title: 'A lathe',
  body: '',
  options: ['yes', 'no', 'abstain'],
  decision_rule: 'SIMPLE_MAJORITY',
  quorum_bps: 5000,
  payload: {
    memo: 'a lathe',
    fund: 'COMMONS',
    kind: 'TREASURY_SPEND',
    currency: 'EUR',
    recipient: { did: 'did:key:z6MkSeller', kind: 'AGENT' },
    amountMinor: '120000',
  },
  electorate: 3,
  voting_starts_at: new Date('2026-06-01T12:00:00Z'),
  voting_ends_at: new Date('2026-06-08T12:00:00Z'),
  status: 'EXECUTED',
  tally: { cast: 2, counts: { no: 0, yes: 2, abstain: 0 }, passed: true, outcome: 'yes', quorumNeeded: 2, quorumReached: true },
  quorum_reached: true,
  outcome: 'yes',
  execution: { recordId: 'record-cid', ledgerTransactionId: 'tx-1' },
  execution_error: null,
  created_by: '2d4f6a8c-1b3e-4d5f-a7b9-c1d3e5f7a9b1',
  created_at: new Date('2026-06-01T12:00:00Z'),
  closed_at: new Date('2026-06-08T12:00:00Z'),
  executed_at: new Date('2026-06-08T12:00:00Z'),
  ...over,
});

describe('proposal rows', () => {
  it('reads a stored spend back with its payload, tally and execution as stored', () => {
    const p = toProposal(row());
    expect(p).toMatchObject({ kind: 'TREASURY_SPEND', decisionRule: 'SIMPLE_MAJORITY', status: 'EXECUTED', electorate: 3 });
    expect(p.payload).toEqual(row().payload);
    expect(Object.keys(p.payload)).toEqual(Object.keys(row().payload as object));
    expect(Object.keys(p.tally!.counts)).toEqual(['no', 'yes', 'abstain']);
    expect(p.execution).toEqual({ recordId: 'record-cid', ledgerTransactionId: 'tx-1' });
  });

  it('leaves out the optional fields a membership payload does not hold', () => {
    const payload = readPayload('MEMBERSHIP', { kind: 'MEMBERSHIP', action: 'REMOVE', accountId: 'a1' });
    expect(payload).toEqual({ kind: 'MEMBERSHIP', action: 'REMOVE', accountId: 'a1' });
    expect('role' in payload).toBe(false);
  });

  it('refuses a payload tagged with another kind than its row', () => {
    expect(() => readPayload('TEXT', { kind: 'MEMBERSHIP', action: 'ADMIT' })).toThrow(/tagged "MEMBERSHIP", not TEXT/);
  });

  it('refuses a stored value outside its list', () => {
    expect(() => toProposal(row({ status: 'MAYBE' }))).toThrow(/proposals.status/);
    expect(() => readPayload('TREASURY_SPEND', { ...(row().payload as object), fund: 'PETTY_CASH' })).toThrow(/payload.fund/);
  });

  it('refuses a tally whose counts are not numbers', () => {
    expect(() => readTally({ ...(row().tally as object), counts: { yes: '2' } })).toThrow(/counts.yes is not a number/);
  });
});
