import { anOrganization, aProposal } from '../../../test/support/domain-factories.js';
import { fakeKindRegistry } from '../../../test/support/governance-unit.js';
import { fakeUnitOfWork, mock } from '../../../test/support/unit.js';
import { AccessService, type MembershipLookup } from '../access/access.service.js';
import type { Role } from '../access/principal.js';
import type { Viewer } from '../common/auth/viewer.js';
import { ConflictError, ForbiddenError, InvalidInputError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/config.js';
import type { ContributionRecord } from '../contributions/contributions.types.js';
import type { RecordWriter } from '../contributions/record-writer.js';
import type { AgentDirectory } from '../identity/agent-directory.js';
import type { OrganizationsService } from '../identity/organizations.service.js';
import type { IdempotencyService } from '../idempotency/idempotency.service.js';
import type { OutboxRepository } from '../outbox/outbox.repository.js';
import type { GovernanceRepository } from './governance.repository.js';
import type { Proposal, Vote } from './governance.types.js';
import { ProposalsService, type CreateProposalInput } from './proposals.service.js';

const VIEWER: Viewer = { accountId: '7e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b' };
const VIEWER_DID = 'did:key:z6MkVoter';
const COOP = anOrganization();
const FEDERATION = anOrganization({ kind: 'FEDERATION', did: 'did:key:z6MkFederation' });
const MEMBER_ORG = anOrganization({ did: 'did:key:z6MkMemberOrg' });
const NOW = new Date('2026-06-01T12:00:00Z');

function setup(memberships: Array<{ organizationId: string; role: Role }> = []) {
  const repo = mock<GovernanceRepository>();
  const organizations = mock<OrganizationsService>();
  const agents = mock<AgentDirectory>();
  const records = mock<RecordWriter>();
  const outbox = mock<OutboxRepository>();
  const idempotency = mock<IdempotencyService>();
  const lookup = mock<MembershipLookup>();
  lookup.membershipsOf.mockResolvedValue(memberships);
  const { uow, runs } = fakeUnitOfWork();
  const orgs = new Map([COOP, FEDERATION, MEMBER_ORG].map((o) => [o.id, o]));
  organizations.get.mockImplementation(async (id) => orgs.get(id)!);
  agents.didOfAccount.mockResolvedValue(VIEWER_DID);
  records.append.mockResolvedValue({ id: 'record-cid' } as ContributionRecord);
  repo.memberAccounts.mockResolvedValue(['a1', 'a2', VIEWER.accountId]);
  repo.federationMembers.mockResolvedValue([MEMBER_ORG.id]);
  repo.insertProposal.mockImplementation(async (_tx, p) => aProposal({ ...p, createdAt: NOW }) as Proposal);
  repo.inElectorate.mockResolvedValue(true);
  repo.lockVote.mockResolvedValue(null);
  repo.upsertVote.mockImplementation(async (_tx, v) => ({ ...v, changes: 0, castAt: NOW }) as Vote);
  idempotency.replay.mockResolvedValue(null);
  idempotency.transaction.mockImplementation((_request, work) => uow.run(async (tx) => (await work(tx)).result) as never);
  const config = { governance: { minVotingSeconds: 3600, defaultVotingSeconds: 7 * 86_400 } } as AppConfig;
  const service = new ProposalsService(
    repo,
    organizations,
    agents,
    fakeKindRegistry(),
    records,
    outbox,
    uow,
    config,
    idempotency,
    new AccessService(lookup),
  );
  return { service, repo, records, outbox, runs };
}
type Setup = ReturnType<typeof setup>;

const proposalInput = (over: Partial<CreateProposalInput> = {}): CreateProposalInput =>
  ({ organizationId: COOP.id, kind: 'TEXT', title: 'Open on Saturdays?', ...over }) as CreateProposalInput;

describe('ProposalsService.create', () => {
  it('opens a member’s proposal to the organization’s members, and announces it', async () => {
    const t = setup([{ organizationId: COOP.id, role: 'MEMBER' }]);
    const proposal = await t.service.create(VIEWER, proposalInput(), NOW);
    const [, row, electorate] = t.repo.insertProposal.mock.calls[0]!;
    expect(row).toMatchObject({ organizationId: COOP.id, kind: 'TEXT', status: 'OPEN', createdBy: VIEWER.accountId, votingStartsAt: NOW });
    expect(electorate).toEqual(['a1', 'a2', VIEWER.accountId]);
    expect(t.outbox.append).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ type: 'governance.proposal-opened', aggregateId: proposal.id }),
    );
  });

  it('refuses a stranger before reading what the proposal carries, and writes nothing', async () => {
    const t = setup([{ organizationId: MEMBER_ORG.id, role: 'ADMIN' }]);
    await expect(t.service.create(VIEWER, proposalInput(), NOW)).rejects.toBeInstanceOf(ForbiddenError);
    expect(t.runs()).toBe(0);
    expect(t.repo.insertProposal).not.toHaveBeenCalled();
    expect(t.outbox.append).not.toHaveBeenCalled();
  });

  it('lets an admin of a member organization propose to the federation, whose members vote', async () => {
    const t = setup([{ organizationId: MEMBER_ORG.id, role: 'ADMIN' }]);
    await t.service.create(VIEWER, proposalInput({ organizationId: FEDERATION.id }), NOW);
    expect(t.repo.insertProposal).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ organizationId: FEDERATION.id }), [
      MEMBER_ORG.id,
    ]);
    expect(t.repo.memberAccounts).not.toHaveBeenCalled();
  });

  it('refuses a plain member of a member organization proposing to the federation', async () => {
    const t = setup([{ organizationId: MEMBER_ORG.id, role: 'MEMBER' }]);
    await expect(t.service.create(VIEWER, proposalInput({ organizationId: FEDERATION.id }), NOW)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(t.repo.insertProposal).not.toHaveBeenCalled();
  });

  it('refuses a federation without members: nobody could vote', async () => {
    const t = setup([{ organizationId: FEDERATION.id, role: 'ADMIN' }]);
    t.repo.federationMembers.mockResolvedValue([]);
    const err = await t.service.create(VIEWER, proposalInput({ organizationId: FEDERATION.id }), NOW).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err).toMatchObject({ details: { reason: 'NO_ELECTORATE' } });
    expect(t.repo.insertProposal).not.toHaveBeenCalled();
    expect(t.outbox.append).not.toHaveBeenCalled();
  });

  it('puts a spend decided by approvals alone straight to the treasurers, with no electorate', async () => {
    const t = setup([{ organizationId: COOP.id, role: 'MEMBER' }]);
    await t.service.create(VIEWER, proposalInput({ kind: 'TREASURY_SPEND', decisionRule: 'APPROVALS_ONLY' }), NOW);
    const [, row, electorate] = t.repo.insertProposal.mock.calls[0]!;
    expect(row).toMatchObject({ status: 'AWAITING_APPROVALS', options: [], votingStartsAt: NOW, votingEndsAt: NOW });
    expect(electorate).toEqual([]);
    expect(t.repo.memberAccounts).not.toHaveBeenCalled();
  });

  it.each([
    [{ title: 'no' }, 'title'],
    [{ kind: 'TEXT', decisionRule: 'APPROVALS_ONLY' }, 'decisionRule'],
    [{ kind: 'MEMBERSHIP', options: ['a', 'b'] }, 'options'],
    [{ votingEndsAt: new Date(NOW.getTime() + 60_000) }, 'votingEndsAt'],
  ] as Array<[Partial<CreateProposalInput>, string]>)('refuses %o on %s, and writes nothing', async (over, field) => {
    const t = setup([{ organizationId: COOP.id, role: 'MEMBER' }]);
    const err = await t.service.create(VIEWER, proposalInput(over), NOW).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err).toMatchObject({ field });
    expect(t.runs()).toBe(0);
  });
});

describe('ProposalsService.vote', () => {
  function withProposal(p: Proposal, memberships: Array<{ organizationId: string; role: Role }> = []) {
    const t = setup(memberships);
    t.repo.findProposal.mockResolvedValue(p);
    t.repo.lockProposal.mockResolvedValue(p);
    return t;
  }
  const open = (over: Partial<Proposal> = {}) => aProposal({ organizationId: COOP.id, votingStartsAt: NOW, ...over });
  const later = new Date(NOW.getTime() + 60_000);
  function expectNoVoteWritten(t: Setup) {
    expect(t.records.append).not.toHaveBeenCalled();
    expect(t.repo.upsertVote).not.toHaveBeenCalled();
    expect(t.outbox.append).not.toHaveBeenCalled();
  }

  it('records a member’s vote as their signed record and announces it', async () => {
    const p = open();
    const t = withProposal(p);
    const vote = await t.service.vote(VIEWER, p.id, ' YES ', null, null, later);
    expect(t.records.append).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({
        action: 'vote',
        providerDid: VIEWER_DID,
        providerOrganizationId: null,
        receiverDid: COOP.did,
        note: 'vote: yes',
      }),
    );
    expect(t.repo.upsertVote).toHaveBeenCalledWith(expect.anything(), {
      proposalId: p.id,
      voterId: VIEWER.accountId,
      castBy: VIEWER.accountId,
      option: 'yes',
      reason: null,
      recordId: 'record-cid',
    });
    expect(vote.option).toBe('yes');
    expect(t.outbox.append).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ type: 'governance.vote-cast', payload: expect.objectContaining({ change: false }) }),
    );
  });

  it('records a changed vote as a change', async () => {
    const p = open();
    const t = withProposal(p);
    t.repo.lockVote.mockResolvedValue({ option: 'no', reason: null } as Vote);
    await t.service.vote(VIEWER, p.id, 'yes', null, null, later);
    expect(t.records.append).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ note: 'changed vote: yes' }));
    expect(t.outbox.append).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ payload: expect.objectContaining({ change: true }) }),
    );
  });

  it.each([
    ['a closed proposal', open({ status: 'PASSED' }), later, 'VOTING_CLOSED'],
    ['an open proposal past its window', open({ votingEndsAt: later }), later, 'VOTING_CLOSED'],
    ['a proposal whose voting has not started', open({ votingStartsAt: new Date(later.getTime() + 1000) }), later, 'VOTING_NOT_OPEN'],
  ])('refuses a vote on %s, and writes nothing', async (_case, p, when, reason) => {
    const t = withProposal(p);
    const err = await t.service.vote(VIEWER, p.id, 'yes', null, null, when).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err).toMatchObject({ details: { reason } });
    expectNoVoteWritten(t);
  });

  it('refuses the same vote twice', async () => {
    const p = open();
    const t = withProposal(p);
    t.repo.lockVote.mockResolvedValue({ option: 'yes', reason: null } as Vote);
    await expect(t.service.vote(VIEWER, p.id, 'yes', null, null, later)).rejects.toMatchObject({ details: { reason: 'NOT_A_CHANGE' } });
    expectNoVoteWritten(t);
  });

  it('refuses someone outside the electorate', async () => {
    const p = open();
    const t = withProposal(p);
    t.repo.inElectorate.mockResolvedValue(false);
    await expect(t.service.vote(VIEWER, p.id, 'yes', null, null, later)).rejects.toBeInstanceOf(ForbiddenError);
    expect(t.repo.inElectorate).toHaveBeenCalledWith(expect.anything(), p.id, VIEWER.accountId);
    expectNoVoteWritten(t);
  });

  it.each([
    ['an option not offered', open(), 'maybe', null, null, 'INVALID_OPTION'],
    [
      'a block without a reason',
      open({ decisionRule: 'CONSENT', options: ['consent', 'block', 'abstain'] }),
      'block',
      null,
      null,
      'REASON_REQUIRED',
    ],
    ['a vote for an organization outside a federation', open(), 'yes', null, MEMBER_ORG.id, 'NOT_A_FEDERATION'],
  ])('refuses %s before opening a transaction', async (_case, p, option, reason, onBehalfOf, code) => {
    const t = withProposal(p);
    await expect(t.service.vote(VIEWER, p.id, option, reason, onBehalfOf, later)).rejects.toMatchObject({ reason: code });
    expect(t.runs()).toBe(0);
  });

  it('refuses a vote on a spend decided by approvals', async () => {
    const p = open({ decisionRule: 'APPROVALS_ONLY', options: [], status: 'AWAITING_APPROVALS' });
    const t = withProposal(p);
    await expect(t.service.vote(VIEWER, p.id, 'yes', null, null, later)).rejects.toMatchObject({ details: { reason: 'NOT_A_VOTE' } });
    expect(t.runs()).toBe(0);
  });

  describe('in a federation', () => {
    const fedProposal = () => open({ organizationId: FEDERATION.id });

    it('lets an admin of a member organization vote for it, signed by the organization', async () => {
      const p = fedProposal();
      const t = withProposal(p, [{ organizationId: MEMBER_ORG.id, role: 'ADMIN' }]);
      await t.service.vote(VIEWER, p.id, 'no', null, MEMBER_ORG.id, later);
      expect(t.repo.inElectorate).toHaveBeenCalledWith(expect.anything(), p.id, MEMBER_ORG.id);
      expect(t.records.append).toHaveBeenCalledWith(
        expect.anything(),
        expect.objectContaining({
          providerDid: MEMBER_ORG.did,
          providerAccountId: VIEWER.accountId,
          providerOrganizationId: MEMBER_ORG.id,
        }),
      );
      expect(t.repo.upsertVote).toHaveBeenCalledWith(
        expect.anything(),
        expect.objectContaining({ voterId: MEMBER_ORG.id, castBy: VIEWER.accountId }),
      );
    });

    it('refuses a plain member voting for their organization', async () => {
      const p = fedProposal();
      const t = withProposal(p, [{ organizationId: MEMBER_ORG.id, role: 'MEMBER' }]);
      await expect(t.service.vote(VIEWER, p.id, 'no', null, MEMBER_ORG.id, later)).rejects.toBeInstanceOf(ForbiddenError);
      expect(t.runs()).toBe(0);
    });

    it('refuses a vote that names no organization', async () => {
      const p = fedProposal();
      const t = withProposal(p, [{ organizationId: MEMBER_ORG.id, role: 'ADMIN' }]);
      await expect(t.service.vote(VIEWER, p.id, 'no', null, null, later)).rejects.toMatchObject({ reason: 'ORGANIZATION_REQUIRED' });
      expect(t.runs()).toBe(0);
    });
  });
});
