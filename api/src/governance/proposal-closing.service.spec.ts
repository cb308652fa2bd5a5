import { Logger } from '@nestjs/common';
import { aProposal } from '../../../test/support/domain-factories.js';
import { fakeKindRegistry } from '../../../test/support/governance-unit.js';
import { fakeUnitOfWork, mock } from '../../../test/support/unit.js';
import { AccessService, type MembershipLookup } from '../access/access.service.js';
import type { Role } from '../access/principal.js';
import type { Viewer } from '../common/auth/viewer.js';
import { ConflictError, ForbiddenError } from '../common/errors/domain-error.js';
import type { ContributionRecord } from '../contributions/contributions.types.js';
import type { RecordWriter } from '../contributions/record-writer.js';
import type { AgentDirectory } from '../identity/agent-directory.js';
import type { OutboxRepository } from '../outbox/outbox.repository.js';
import { DEFAULT_TREASURY_RULES, type Proposal, type Vote } from './governance.types.js';
import { ProposalClosingService } from './proposal-closing.service.js';
import type { ProposalExecutor } from './proposal-executor.js';
import type { ProposalsRepository } from './proposals.repository.js';
import type { TreasuryService } from './treasury.service.js';
import type { VotesRepository } from './votes.repository.js';

const VIEWER: Viewer = { accountId: '2d4f6a8c-1b3e-4d5f-a7b9-c1d3e5f7a9b1' };
const ORG_ID = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const NOW = new Date('2026-06-01T12:00:00Z');
const ENDED = new Date(NOW.getTime() - 1000);

function setup(
  proposal: Proposal,
  o: { memberships?: Array<{ organizationId: string; role: Role }>; spendAwaitsApprovals?: boolean; approvalsRequired?: number } = {},
) {
  const proposals = mock<ProposalsRepository>();
  const votes = mock<VotesRepository>();
  const executor = mock<ProposalExecutor>();
  const treasury = mock<TreasuryService>();
  const agents = mock<AgentDirectory>();
  const records = mock<RecordWriter>();
  const outbox = mock<OutboxRepository>();
  const lookup = mock<MembershipLookup>();
  lookup.membershipsOf.mockResolvedValue(o.memberships ?? []);
  const { uow, runs } = fakeUnitOfWork();
  let current = proposal;
  proposals.findProposal.mockImplementation(async () => current);
  proposals.lockProposal.mockImplementation(async () => current);
  proposals.updateProposal.mockImplementation(async (_tx, _id, patch) => (current = { ...current, ...patch }));
  votes.approvalsOf.mockResolvedValue([]);
  votes.insertApproval.mockResolvedValue(true);
  executor.prepare.mockResolvedValue({ organizationDid: 'did:key:z6MkOrg', gathered: undefined });
  executor.execute.mockImplementation(async (_tx, p) => (current = { ...p, status: 'EXECUTED' }));
  treasury.rulesOf.mockResolvedValue({
    organizationId: proposal.organizationId,
    ...DEFAULT_TREASURY_RULES,
    approvalsRequired: o.approvalsRequired ?? 2,
    isDefault: false,
  });
  agents.didOfAccount.mockResolvedValue('did:key:z6MkTreasurer');
  records.append.mockResolvedValue({ id: 'approval-record' } as ContributionRecord);
  const kinds = fakeKindRegistry({ spendAwaitsApprovals: o.spendAwaitsApprovals });
  const service = new ProposalClosingService(
    proposals,
    votes,
    executor,
    kinds,
    treasury,
    agents,
    records,
    outbox,
    uow,
    new AccessService(lookup),
  );
  return { service, proposals, votes, executor, records, outbox, runs };
}

// The service logs each close; the tests read what it wrote instead.
beforeAll(() => Logger.overrideLogger(false));

const votes = (...options: string[]) => options.map((option) => ({ option }) as Vote);
const closedStatus = (t: ReturnType<typeof setup>) => t.outbox.append.mock.calls.map(([, e]) => (e.payload as { status: string }).status);

describe('ProposalClosingService.close', () => {
  it('leaves a proposal whose window is still open untouched', async () => {
    const p = aProposal({ votingEndsAt: new Date(NOW.getTime() + 1000) });
    const t = setup(p);
    await expect(t.service.close(p.id, NOW)).resolves.toBe(p);
    expect(t.runs()).toBe(0);
  });

  it('tallies a non-binding proposal and closes it PASSED without carrying anything out', async () => {
    const p = aProposal({ votingEndsAt: ENDED, electorate: 4 });
    const t = setup(p);
    t.votes.votesOf.mockResolvedValue(votes('yes', 'yes', 'no'));
    const closed = await t.service.close(p.id, NOW);
    expect(closed).toMatchObject({ status: 'PASSED', outcome: 'yes' });
    expect(t.proposals.updateProposal).toHaveBeenCalledWith(
      expect.anything(),
      p.id,
      expect.objectContaining({ status: 'PASSED', quorumReached: true, closed: true }),
    );
    expect(t.executor.execute).not.toHaveBeenCalled();
    expect(closedStatus(t)).toEqual(['PASSED']);
  });

  it('closes a proposal too few voted on as NO_QUORUM', async () => {
    const p = aProposal({ votingEndsAt: ENDED, electorate: 10 });
    const t = setup(p);
    t.votes.votesOf.mockResolvedValue(votes('yes'));
    await expect(t.service.close(p.id, NOW)).resolves.toMatchObject({ status: 'NO_QUORUM' });
    expect(t.executor.execute).not.toHaveBeenCalled();
  });

  it('carries out a binding proposal that passed, in the closing transaction', async () => {
    const p = aProposal({ kind: 'MEMBERSHIP', payload: { kind: 'MEMBERSHIP' } as Proposal['payload'], votingEndsAt: ENDED, electorate: 2 });
    const t = setup(p);
    t.votes.votesOf.mockResolvedValue(votes('yes', 'yes'));
    await expect(t.service.close(p.id, NOW)).resolves.toMatchObject({ status: 'EXECUTED' });
    expect(t.executor.execute).toHaveBeenCalledTimes(1);
    expect(t.runs()).toBe(1);
    expect(closedStatus(t)).toEqual(['EXECUTED']);
  });

  it('sends a passed spend that needs treasurers to AWAITING_APPROVALS instead of executing it', async () => {
    const p = aProposal({
      kind: 'TREASURY_SPEND',
      payload: { kind: 'TREASURY_SPEND' } as Proposal['payload'],
      votingEndsAt: ENDED,
      electorate: 2,
    });
    const t = setup(p, { spendAwaitsApprovals: true });
    t.votes.votesOf.mockResolvedValue(votes('yes', 'yes'));
    await expect(t.service.close(p.id, NOW)).resolves.toMatchObject({ status: 'AWAITING_APPROVALS' });
    expect(t.executor.execute).not.toHaveBeenCalled();
  });

  it('does nothing when another run closed it first (found open, locked closed)', async () => {
    const p = aProposal({ votingEndsAt: ENDED });
    const t = setup(p);
    t.proposals.lockProposal.mockResolvedValue({ ...p, status: 'REJECTED' });
    await t.service.close(p.id, NOW);
    expect(t.proposals.updateProposal).not.toHaveBeenCalled();
    expect(t.outbox.append).not.toHaveBeenCalled();
  });
});

describe('ProposalClosingService.approveSpend', () => {
  const spend = (over: Partial<Proposal> = {}) =>
    aProposal({
      organizationId: ORG_ID,
      kind: 'TREASURY_SPEND',
      payload: { kind: 'TREASURY_SPEND' } as Proposal['payload'],
      status: 'AWAITING_APPROVALS',
      ...over,
    });
  const TREASURER = [{ organizationId: ORG_ID, role: 'TREASURER' as const }];
  function expectNoApprovalWritten(t: ReturnType<typeof setup>) {
    expect(t.records.append).not.toHaveBeenCalled();
    expect(t.votes.insertApproval).not.toHaveBeenCalled();
    expect(t.outbox.append).not.toHaveBeenCalled();
    expect(t.executor.execute).not.toHaveBeenCalled();
  }

  it('records a treasurer’s approval as their signed record; short of m, nothing is spent', async () => {
    const p = spend();
    const t = setup(p, { memberships: TREASURER, approvalsRequired: 2 });
    await expect(t.service.approveSpend(VIEWER, p.id)).resolves.toMatchObject({ status: 'AWAITING_APPROVALS' });
    expect(t.records.append).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ providerDid: 'did:key:z6MkTreasurer', receiverDid: 'did:key:z6MkOrg', note: 'approved the spend' }),
    );
    expect(t.votes.insertApproval).toHaveBeenCalledWith(expect.anything(), {
      proposalId: p.id,
      accountId: VIEWER.accountId,
      recordId: 'approval-record',
    });
    expect(t.outbox.append).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ type: 'governance.spend-approved', payload: expect.objectContaining({ approvals: 1 }) }),
    );
    expect(t.executor.execute).not.toHaveBeenCalled();
  });

  it('carries the spend out with the m-th approval', async () => {
    const p = spend();
    const t = setup(p, { memberships: TREASURER, approvalsRequired: 2 });
    t.votes.approvalsOf.mockResolvedValue([{ proposalId: p.id, accountId: 'other-treasurer', recordId: 'r1', approvedAt: NOW }]);
    await expect(t.service.approveSpend(VIEWER, p.id)).resolves.toMatchObject({ status: 'EXECUTED' });
    expect(t.executor.execute).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['an admin who is not a treasurer', [{ organizationId: ORG_ID, role: 'ADMIN' as const }]],
    ['a treasurer of another organization', [{ organizationId: 'elsewhere', role: 'TREASURER' as const }]],
  ])('refuses %s, and writes nothing', async (_who, memberships) => {
    const p = spend();
    const t = setup(p, { memberships });
    await expect(t.service.approveSpend(VIEWER, p.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect(t.runs()).toBe(0);
    expectNoApprovalWritten(t);
  });

  it.each(['OPEN', 'EXECUTED', 'REJECTED'] as const)('refuses approving a %s spend, and writes nothing', async (status) => {
    const p = spend({ status });
    const t = setup(p, { memberships: TREASURER });
    const err = await t.service.approveSpend(VIEWER, p.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err).toMatchObject({ details: { reason: 'NOT_AWAITING_APPROVALS', status } });
    expectNoApprovalWritten(t);
  });

  it('refuses a second approval by the same treasurer before signing anything', async () => {
    const p = spend();
    const t = setup(p, { memberships: TREASURER });
    t.votes.approvalsOf.mockResolvedValue([{ proposalId: p.id, accountId: VIEWER.accountId, recordId: 'r1', approvedAt: NOW }]);
    await expect(t.service.approveSpend(VIEWER, p.id)).rejects.toMatchObject({ details: { reason: 'ALREADY_APPROVED' } });
    expectNoApprovalWritten(t);
  });

  it('refuses when a concurrent approval by the same treasurer got in first, and spends nothing', async () => {
    const p = spend();
    const t = setup(p, { memberships: TREASURER, approvalsRequired: 1 });
    t.votes.insertApproval.mockResolvedValue(false);
    await expect(t.service.approveSpend(VIEWER, p.id)).rejects.toMatchObject({ details: { reason: 'ALREADY_APPROVED' } });
    expect(t.outbox.append).not.toHaveBeenCalled();
    expect(t.executor.execute).not.toHaveBeenCalled();
  });

  it('refuses approving a proposal that is not a spend', async () => {
    const p = aProposal({ organizationId: ORG_ID, status: 'AWAITING_APPROVALS' });
    const t = setup(p, { memberships: TREASURER });
    await expect(t.service.approveSpend(VIEWER, p.id)).rejects.toMatchObject({ details: { reason: 'NOT_A_SPEND' } });
    expect(t.runs()).toBe(0);
  });
});
