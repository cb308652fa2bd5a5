import { aProposal } from '../../../test/support/domain-factories.js';
import { COOP, FEDERATION, MEMBER_ORG, NOW, setup, VIEWER, VIEWER_DID, type Setup } from '../../../test/support/proposals-unit.js';
import type { Role } from '../access/principal.js';
import { ConflictError, ForbiddenError } from '../common/errors/domain-error.js';
import type { Proposal, Vote } from './governance.types.js';

describe('ProposalsService.vote', () => {
  function withProposal(p: Proposal, memberships: Array<{ organizationId: string; role: Role }> = []) {
    const t = setup(memberships);
    t.proposals.findProposal.mockResolvedValue(p);
    t.proposals.lockProposal.mockResolvedValue(p);
    return t;
  }
  const open = (over: Partial<Proposal> = {}) => aProposal({ organizationId: COOP.id, votingStartsAt: NOW, ...over });
  const later = new Date(NOW.getTime() + 60_000);
  function expectNoVoteWritten(t: Setup) {
    expect(t.records.append).not.toHaveBeenCalled();
    expect(t.votes.upsertVote).not.toHaveBeenCalled();
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
    expect(t.votes.upsertVote).toHaveBeenCalledWith(expect.anything(), {
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
    t.votes.lockVote.mockResolvedValue({ option: 'no', reason: null } as Vote);
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
    t.votes.lockVote.mockResolvedValue({ option: 'yes', reason: null } as Vote);
    await expect(t.service.vote(VIEWER, p.id, 'yes', null, null, later)).rejects.toMatchObject({ details: { reason: 'NOT_A_CHANGE' } });
    expectNoVoteWritten(t);
  });

  it('refuses someone outside the electorate', async () => {
    const p = open();
    const t = withProposal(p);
    t.proposals.inElectorate.mockResolvedValue(false);
    await expect(t.service.vote(VIEWER, p.id, 'yes', null, null, later)).rejects.toBeInstanceOf(ForbiddenError);
    expect(t.proposals.inElectorate).toHaveBeenCalledWith(expect.anything(), p.id, VIEWER.accountId);
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
      expect(t.proposals.inElectorate).toHaveBeenCalledWith(expect.anything(), p.id, MEMBER_ORG.id);
      expect(t.records.append).toHaveBeenCalledWith(
        expect.anything(),
        expect.objectContaining({
          providerDid: MEMBER_ORG.did,
          providerAccountId: VIEWER.accountId,
          providerOrganizationId: MEMBER_ORG.id,
        }),
      );
      expect(t.votes.upsertVote).toHaveBeenCalledWith(
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
