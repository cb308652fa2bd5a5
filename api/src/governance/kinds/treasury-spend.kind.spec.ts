import { jest } from '@jest/globals';
import type { AgentDirectory } from '../../identity/agent-directory.js';
import type { OrganizationsService } from '../../identity/organizations.service.js';
import type { TreasuryService } from '../treasury.service.js';
import type { CreateProposalInput } from './proposal-kind.js';
import { TreasurySpendKind } from './treasury-spend.kind.js';

const ORG = 'org-1';
const rules = {
  organizationId: ORG,
  approvalsRequired: 1,
  approvalThresholdMinor: 5000n,
  approvalThresholdCurrency: 'EUR',
  approvalsAloneBelow: true,
  isDefault: false,
};

function setup(o: { held?: bigint; needsApprovals?: boolean; approvalsAloneBelow?: boolean } = {}) {
  const treasury = {
    rulesOf: jest.fn(async () => ({ ...rules, approvalsAloneBelow: o.approvalsAloneBelow ?? true })),
    balanceOf: jest.fn(async () => o.held ?? 10_000n),
    needsApprovals: jest.fn(() => o.needsApprovals ?? false),
  };
  const agents = {
    byDids: jest.fn(async (dids: string[]) =>
      dids.map((did) => ({ did, kind: did.startsWith('did:pkh') ? 'EXTERNAL' : 'ACCOUNT', id: 'a', name: null })),
    ),
  };
  const organizations = {
    get: jest.fn(async (id: string) => ({ id, name: id, kind: 'COOPERATIVE', did: `did:key:${id}`, createdAt: new Date() })),
  };
  const kind = new TreasurySpendKind(
    treasury as unknown as TreasuryService,
    agents as unknown as AgentDirectory,
    organizations as unknown as OrganizationsService,
  );
  return { kind, treasury };
}

const input = (spend: Partial<NonNullable<CreateProposalInput['spend']>>): CreateProposalInput => ({
  organizationId: ORG,
  kind: 'TREASURY_SPEND',
  title: 'Buy a laser',
  spend: { fund: 'SOLIDARITY', amount: { amountMinor: '3000', currency: 'EUR' }, memo: 'a laser cutter', ...spend },
});
const target = { organizationId: ORG, federation: false };
const reasonOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (err: { details?: { field?: string; reason?: string } }) => err.details,
  );

describe('treasury spend proposals', () => {
  it('carry the fund, the exact amount, one recipient and the memo', async () => {
    const { kind } = setup();
    expect(await kind.parse(input({ recipientDid: 'did:key:alice' }), target)).toEqual({
      kind: 'TREASURY_SPEND',
      fund: 'SOLIDARITY',
      amountMinor: '3000',
      currency: 'EUR',
      recipient: { kind: 'AGENT', did: 'did:key:alice' },
      memo: 'a laser cutter',
    });
    expect((await kind.parse(input({ recipientOrganizationId: 'fed-1' }), target)).recipient).toEqual({
      kind: 'FUND',
      organizationId: 'fed-1',
      fund: 'SOLIDARITY',
    });
  });

  it('refuse what could not be paid as asked, naming the field', async () => {
    const { kind } = setup();
    expect(await reasonOf(kind.parse(input({ recipientDid: 'did:key:alice', recipientOrganizationId: 'fed-1' }), target))).toMatchObject({
      field: 'spend',
      reason: 'ONE_RECIPIENT',
    });
    expect(await reasonOf(kind.parse(input({}), target))).toMatchObject({ reason: 'ONE_RECIPIENT' });
    expect(await reasonOf(kind.parse(input({ recipientOrganizationId: ORG }), target))).toMatchObject({
      field: 'spend.recipientFund',
      reason: 'SAME_FUND',
    });
    expect(await reasonOf(kind.parse(input({ recipientDid: 'did:pkh:eip155:1:0xabc' }), target))).toMatchObject({
      reason: 'UNKNOWN_AGENT',
    });
    expect(
      await reasonOf(kind.parse(input({ recipientDid: 'did:key:alice', amount: { amountMinor: '0', currency: 'EUR' } }), target)),
    ).toMatchObject({ reason: 'NOT_POSITIVE' });
    expect(await reasonOf(kind.parse(input({ recipientDid: 'did:key:alice', fund: 'PETTY_CASH' }), target))).toMatchObject({
      field: 'spend.fund',
    });
  });

  it('are only proposed when the fund holds the amount, and skip the vote only where the rules allow', async () => {
    const spend = await setup().kind.parse(input({ recipientDid: 'did:key:alice' }), target);
    await expect(setup({ held: 3000n }).kind.prepare(spend, { ...target, decisionRule: 'SIMPLE_MAJORITY' })).resolves.toBeUndefined();
    expect(await reasonOf(setup({ held: 2999n }).kind.prepare(spend, { ...target, decisionRule: 'SIMPLE_MAJORITY' }))).toMatchObject({
      field: 'spend.amount.amountMinor',
      reason: 'INSUFFICIENT_FUNDS',
    });
    await expect(setup().kind.prepare(spend, { ...target, decisionRule: 'APPROVALS_ONLY' })).resolves.toBeUndefined();
    expect(
      await reasonOf(setup({ needsApprovals: true }).kind.prepare(spend, { ...target, decisionRule: 'APPROVALS_ONLY' })),
    ).toMatchObject({ field: 'decisionRule', reason: 'VOTE_REQUIRED' });
    expect(
      await reasonOf(setup({ approvalsAloneBelow: false }).kind.prepare(spend, { ...target, decisionRule: 'APPROVALS_ONLY' })),
    ).toMatchObject({ reason: 'VOTE_REQUIRED' });
  });

  it('show the spend itself', async () => {
    const spend = await setup().kind.parse(input({ recipientDid: 'did:key:alice' }), target);
    expect(setup().kind.describe(spend)).toEqual({ spend });
  });
});
