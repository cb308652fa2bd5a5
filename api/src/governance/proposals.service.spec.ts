import { COOP, FEDERATION, MEMBER_ORG, NOW, proposalInput, setup, VIEWER } from '../../../test/support/proposals-unit.js';
import type { CreateProposalInput } from './proposals.service.js';
import { ConflictError, ForbiddenError, InvalidInputError } from '../common/errors/domain-error.js';

describe('ProposalsService.create', () => {
  it('opens a member’s proposal to the organization’s members, and announces it', async () => {
    const t = setup([{ organizationId: COOP.id, role: 'MEMBER' }]);
    const proposal = await t.service.create(VIEWER, proposalInput(), NOW);
    const [, row, electorate] = t.proposals.insertProposal.mock.calls[0]!;
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
    expect(t.proposals.insertProposal).not.toHaveBeenCalled();
    expect(t.outbox.append).not.toHaveBeenCalled();
  });

  it('lets an admin of a member organization propose to the federation, whose members vote', async () => {
    const t = setup([{ organizationId: MEMBER_ORG.id, role: 'ADMIN' }]);
    await t.service.create(VIEWER, proposalInput({ organizationId: FEDERATION.id }), NOW);
    expect(t.proposals.insertProposal).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ organizationId: FEDERATION.id }), [
      MEMBER_ORG.id,
    ]);
    expect(t.members.memberAccounts).not.toHaveBeenCalled();
  });

  it('refuses a plain member of a member organization proposing to the federation', async () => {
    const t = setup([{ organizationId: MEMBER_ORG.id, role: 'MEMBER' }]);
    await expect(t.service.create(VIEWER, proposalInput({ organizationId: FEDERATION.id }), NOW)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(t.proposals.insertProposal).not.toHaveBeenCalled();
  });

  it('refuses a federation without members: nobody could vote', async () => {
    const t = setup([{ organizationId: FEDERATION.id, role: 'ADMIN' }]);
    t.members.federationMembers.mockResolvedValue([]);
    const err = await t.service.create(VIEWER, proposalInput({ organizationId: FEDERATION.id }), NOW).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err).toMatchObject({ details: { reason: 'NO_ELECTORATE' } });
    expect(t.proposals.insertProposal).not.toHaveBeenCalled();
    expect(t.outbox.append).not.toHaveBeenCalled();
  });

  it('puts a spend decided by approvals alone straight to the treasurers, with no electorate', async () => {
    const t = setup([{ organizationId: COOP.id, role: 'MEMBER' }]);
    await t.service.create(VIEWER, proposalInput({ kind: 'TREASURY_SPEND', decisionRule: 'APPROVALS_ONLY' }), NOW);
    const [, row, electorate] = t.proposals.insertProposal.mock.calls[0]!;
    expect(row).toMatchObject({ status: 'AWAITING_APPROVALS', options: [], votingStartsAt: NOW, votingEndsAt: NOW });
    expect(electorate).toEqual([]);
    expect(t.members.memberAccounts).not.toHaveBeenCalled();
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
