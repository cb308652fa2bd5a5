import { jest } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { ConflictError, ForbiddenError, InvalidInputError } from '../../api/src/common/errors/domain-error.js';
import { Database } from '../../api/src/database/database.js';
import { UnitOfWork } from '../../api/src/database/transaction.js';
import { FacilitiesService } from '../../api/src/facilities/facilities.service.js';
import { FederationsService } from '../../api/src/governance/federations.service.js';
import { ProposalClosingService } from '../../api/src/governance/proposal-closing.service.js';
import { ProposalExecutor } from '../../api/src/governance/proposal-executor.js';
import { ProposalsService, type CreateProposalInput } from '../../api/src/governance/proposals.service.js';
import { TreasuryService } from '../../api/src/governance/treasury.service.js';
import { PROPOSAL_KINDS, type Proposal } from '../../api/src/governance/governance.types.js';
import { ProposalKindRegistry } from '../../api/src/governance/kinds/proposal-kind.registry.js';
import { ProposalKindsRepository } from '../../api/src/governance/proposal-kinds.repository.js';
import { OrganizationsService } from '../../api/src/identity/organizations.service.js';
import { LedgerRepository } from '../../api/src/rewards/ledger/ledger.repository.js';
import { LedgerService } from '../../api/src/rewards/ledger/ledger.service.js';
import { PoliciesService } from '../../api/src/rewards/policy/policies.service.js';
import { LedgerAccountsService } from '../../api/src/rewards/ledger/ledger-accounts.service.js';
import { testConfig } from '../support/config.js';
import { createDomainContext } from '../support/context.js';
import { newAccount, newOrganization, remotePoint } from '../support/factories.js';
import { expectNothingWritten } from '../support/no-writes.js';

let app: INestApplicationContext;
let db: Database;
let proposals: ProposalsService;
let closing: ProposalClosingService;
beforeAll(async () => {
  app = await createDomainContext(testConfig({ GOVERNANCE_MIN_VOTING_SECONDS: '60' }));
  db = app.get(Database);
  proposals = app.get(ProposalsService);
  closing = app.get(ProposalClosingService);
});
afterAll(() => app.close());

type Person = Awaited<ReturnType<typeof newAccount>>;

// A co-op: an admin, `members` members and `treasurers` treasurers.
async function coop(o: { members?: number; treasurers?: number } = {}) {
  const admin = await newAccount(app);
  const org = await newOrganization(app, admin.viewer);
  const orgs = app.get(OrganizationsService);
  const members: Person[] = [];
  const treasurers: Person[] = [];
  for (let i = 0; i < (o.members ?? 0); i++) {
    const m = await newAccount(app);
    await orgs.addMember(admin.viewer, org.id, m.email, 'MEMBER');
    members.push(m);
  }
  for (let i = 0; i < (o.treasurers ?? 0); i++) {
    const t = await newAccount(app);
    await orgs.addMember(admin.viewer, org.id, t.email, 'TREASURER');
    treasurers.push(t);
  }
  return { admin, org, members, treasurers, everyone: [admin, ...members, ...treasurers] };
}

// Money in a fund, as settlements leave it.
async function fund(organizationId: string, amountMinor: bigint, which: 'SOLIDARITY' | 'COMMONS' = 'SOLIDARITY', currency = 'EUR') {
  await app.get(UnitOfWork).run(async (tx) => {
    const [payer, target] = await app.get(LedgerRepository).ensureAccounts(tx, [
      { kind: 'EXTERNAL', ownerDid: 'did:key:payer', organizationId: null, fund: null, currency, name: 'payer' },
      { kind: 'FUND', ownerDid: null, organizationId, fund: which, currency, name: `${which.toLowerCase()} fund` },
    ]);
    await app.get(LedgerService).post(tx, {
      kind: 'SETTLEMENT',
      reference: `test:fund:${organizationId}:${Math.random()}`,
      memo: 'test income',
      entries: [
        { accountId: payer!.id, amountMinor: -amountMinor, currency },
        { accountId: target!.id, amountMinor, currency },
      ],
    });
  });
}

const propose = (who: Person, input: Omit<CreateProposalInput, 'title'> & { title?: string }) =>
  proposals.create(who.viewer, { title: 'A proposal for the members', ...input });
const afterClose = (p: Proposal) => new Date(p.votingEndsAt.getTime() + 1000);
const close = (p: Proposal) => closing.close(p.id, afterClose(p));
const inAMinute = () => new Date(Date.now() + 61_000);

describe('voting', () => {
  it('takes one vote per member, changeable until the close, each a signed record; refuses strangers and closed votes', async () => {
    const c = await coop({ members: 3 });
    const stranger = await newAccount(app);
    const p = await propose(c.admin, {
      organizationId: c.org.id,
      kind: 'TEXT',
      options: ['tuesday', 'thursday'],
      votingEndsAt: inAMinute(),
    });
    expect(p).toMatchObject({ status: 'OPEN', electorate: 4, options: ['tuesday', 'thursday', 'abstain'] });

    await proposals.vote(c.admin.viewer, p.id, 'Tuesday');
    await expect(proposals.vote(c.admin.viewer, p.id, 'tuesday')).rejects.toMatchObject({ details: { reason: 'NOT_A_CHANGE' } });
    const changed = await proposals.vote(c.admin.viewer, p.id, 'thursday', 'the hall is free then');
    expect(changed).toMatchObject({ option: 'thursday', changes: 1, reason: 'the hall is free then' });
    await expect(proposals.vote(stranger.viewer, p.id, 'tuesday')).rejects.toBeInstanceOf(ForbiddenError);
    await expect(proposals.vote(c.members[0]!.viewer, p.id, 'friday')).rejects.toMatchObject({
      details: { field: 'option', reason: 'INVALID_OPTION' },
    });
    // A member who joins after the opening is not in this electorate.
    const late = await newAccount(app);
    await app.get(OrganizationsService).addMember(c.admin.viewer, c.org.id, late.email, 'MEMBER');
    await expect(proposals.vote(late.viewer, p.id, 'tuesday')).rejects.toBeInstanceOf(ForbiddenError);

    // Both of the admin's votes are records; the vote points at the latest.
    const records = await db.query(`SELECT id, note FROM contribution_records WHERE subject = $1 AND action = 'vote' ORDER BY seq`, [
      `urn:cosmolocal:proposal:${p.id}`,
    ]);
    expect(records.map((r: { note: string }) => r.note)).toEqual(['vote: tuesday', 'changed vote: thursday (the hall is free then)']);
    expect(changed.recordId).toBe(records[1].id);

    await Promise.all(c.members.map((m) => proposals.vote(m.viewer, p.id, 'thursday')));
    await expect(proposals.vote(c.members[0]!.viewer, p.id, 'tuesday', null, null, afterClose(p))).rejects.toMatchObject({
      details: { reason: 'VOTING_CLOSED' },
    });
    const closed = (await close(p))!;
    expect(closed).toMatchObject({
      status: 'PASSED',
      outcome: 'thursday',
      quorumReached: true,
      tally: { counts: { tuesday: 0, thursday: 4, abstain: 0 }, cast: 4 },
    });
    await expect(proposals.vote(c.members[0]!.viewer, p.id, 'tuesday')).rejects.toMatchObject({ details: { reason: 'VOTING_CLOSED' } });
  });

  it('opens no earlier than its start, and counts each of many concurrent voters once', async () => {
    const c = await coop({ members: 9 });
    const later = await propose(c.admin, {
      organizationId: c.org.id,
      kind: 'TEXT',
      votingStartsAt: new Date(Date.now() + 3600_000),
      votingEndsAt: new Date(Date.now() + 7200_000),
    });
    await expect(proposals.vote(c.admin.viewer, later.id, 'yes')).rejects.toMatchObject({ details: { reason: 'VOTING_NOT_OPEN' } });

    const p = await propose(c.admin, { organizationId: c.org.id, kind: 'TEXT', votingEndsAt: inAMinute() });
    await Promise.all(c.everyone.map((m, i) => proposals.vote(m.viewer, p.id, i % 3 === 0 ? 'no' : 'yes')));
    const [{ votes }] = await db.query('SELECT count(*)::int AS votes FROM votes WHERE proposal_id = $1', [p.id]);
    expect(votes).toBe(10);
    expect((await close(p))!.tally).toMatchObject({ counts: { yes: 6, no: 4 }, cast: 10 });
  });

  it('lists what still needs my vote', async () => {
    const c = await coop({ members: 1 });
    const p = await propose(c.admin, { organizationId: c.org.id, kind: 'TEXT', votingEndsAt: inAMinute() });
    const member = c.members[0]!;
    expect((await proposals.needingMyVote(member.viewer)).map((x) => x.id)).toContain(p.id);
    await proposals.vote(member.viewer, p.id, 'no');
    expect((await proposals.needingMyVote(member.viewer)).map((x) => x.id)).not.toContain(p.id);
  });
});

describe('closing', () => {
  it('falls short without quorum, carries nothing on a tie, and blocks by consent with one reasoned block', async () => {
    const c = await coop({ members: 3 });
    const lonely = await propose(c.admin, { organizationId: c.org.id, kind: 'TEXT', quorumBps: 7500, votingEndsAt: inAMinute() });
    for (const m of c.everyone.slice(0, 2)) await proposals.vote(m.viewer, lonely.id, 'yes');
    expect(await close(lonely)).toMatchObject({ status: 'NO_QUORUM', quorumReached: false });

    const tie = await propose(c.admin, { organizationId: c.org.id, kind: 'TEXT', votingEndsAt: inAMinute() });
    for (const [i, m] of c.everyone.entries()) await proposals.vote(m.viewer, tie.id, i % 2 ? 'yes' : 'no');
    expect(await close(tie)).toMatchObject({ status: 'REJECTED', outcome: null, quorumReached: true });

    const consent = await propose(c.admin, { organizationId: c.org.id, kind: 'TEXT', decisionRule: 'CONSENT', votingEndsAt: inAMinute() });
    await expect(proposals.vote(c.members[0]!.viewer, consent.id, 'block')).rejects.toMatchObject({
      details: { field: 'reason', reason: 'REASON_REQUIRED' },
    });
    for (const m of c.everyone.slice(0, 3)) await proposals.vote(m.viewer, consent.id, 'consent');
    await proposals.vote(c.members[2]!.viewer, consent.id, 'block', 'we promised that money to the seed library');
    expect(await close(consent)).toMatchObject({ status: 'REJECTED', outcome: 'block' });
  });

  it('closes once, however often the job runs, and not before the window ends', async () => {
    const c = await coop();
    const p = await propose(c.admin, { organizationId: c.org.id, kind: 'TEXT', votingEndsAt: inAMinute() });
    await proposals.vote(c.admin.viewer, p.id, 'yes');
    expect((await closing.close(p.id))!.status).toBe('OPEN'); // too early
    const runs = await Promise.all([close(p), close(p), close(p)]);
    expect(runs.every((r) => r!.status === 'PASSED')).toBe(true);
    const events = await db.query(
      `SELECT count(*)::int AS n FROM outbox_events WHERE type = 'governance.proposal-closed' AND aggregate_id = $1`,
      [p.id],
    );
    expect(events[0].n).toBe(1);
  });
});

describe('binding decisions', () => {
  it('activates a new value equation when a policy change passes, and refuses a malformed one up front', async () => {
    const c = await coop({ members: 1 });
    const bad = JSON.stringify({ buckets: [{ key: 'all', shareBps: 9000, kind: 'FUND', fund: 'COMMONS' }] });
    await expectNothingWritten(
      db,
      ['proposals', 'outbox_events'],
      () => propose(c.admin, { organizationId: c.org.id, kind: 'REWARD_POLICY_CHANGE', policy: bad }),
      InvalidInputError,
      'policy.buckets',
    );
    const spec = {
      buckets: [
        { key: 'makers', shareBps: 8000, kind: 'CONTRIBUTORS', actions: ['work', 'produce'] },
        { key: 'solidarity', shareBps: 2000, kind: 'FUND', fund: 'SOLIDARITY' },
      ],
    };
    const p = await propose(c.admin, {
      organizationId: c.org.id,
      kind: 'REWARD_POLICY_CHANGE',
      policy: JSON.stringify(spec),
      votingEndsAt: inAMinute(),
    });
    for (const m of c.everyone) await proposals.vote(m.viewer, p.id, 'yes');
    expect((await app.get(PoliciesService).policyOf(c.org.id)).isDefault).toBe(true); // not before the close
    expect(await close(p)).toMatchObject({ status: 'EXECUTED', execution: { policyVersion: 1 } });
    expect(await app.get(PoliciesService).policyOf(c.org.id)).toMatchObject({ version: 1, isDefault: false, spec });
  });

  it('admits a member by vote, and records why it could not remove the last admin (nothing changes)', async () => {
    const c = await coop({ members: 1 });
    const newcomer = await newAccount(app);
    const admit = await propose(c.admin, {
      organizationId: c.org.id,
      kind: 'MEMBERSHIP',
      membership: { action: 'ADMIT', email: newcomer.email, role: 'TREASURER' },
      votingEndsAt: inAMinute(),
    });
    for (const m of c.everyone) await proposals.vote(m.viewer, admit.id, 'yes');
    expect(await close(admit)).toMatchObject({ status: 'EXECUTED' });
    expect(await app.get(OrganizationsService).membershipOf(newcomer.id, c.org.id)).toMatchObject({ role: 'TREASURER' });

    const remove = await propose(c.members[0]!, {
      organizationId: c.org.id,
      kind: 'MEMBERSHIP',
      membership: { action: 'REMOVE', accountId: c.admin.id },
      votingEndsAt: inAMinute(),
    });
    for (const m of c.everyone) await proposals.vote(m.viewer, remove.id, 'yes');
    const failed = (await close(remove))!;
    expect(failed).toMatchObject({ status: 'EXECUTION_FAILED' });
    expect(failed.executionError).toMatch(/at least one admin/);
    expect(await app.get(OrganizationsService).membershipOf(c.admin.id, c.org.id)).toMatchObject({ role: 'ADMIN' });
  });

  it('executes a passed decision once even if the first attempt dies before committing', async () => {
    const c = await coop();
    const newcomer = await newAccount(app);
    const p = await propose(c.admin, {
      organizationId: c.org.id,
      kind: 'MEMBERSHIP',
      membership: { action: 'ADMIT', email: newcomer.email },
      votingEndsAt: inAMinute(),
    });
    await proposals.vote(c.admin.viewer, p.id, 'yes');
    const executor = app.get(ProposalExecutor);
    const real = executor.execute.bind(executor);
    const spy = jest.spyOn(executor, 'execute').mockImplementationOnce(async (...args) => {
      await real(...args);
      throw new Error('the worker died here');
    });
    await expect(close(p)).rejects.toThrow('the worker died here');
    spy.mockRestore();
    expect((await proposals.get(p.id)).status).toBe('OPEN');
    expect(await app.get(OrganizationsService).membershipOf(newcomer.id, c.org.id)).toBeNull();
    expect(await close(p)).toMatchObject({ status: 'EXECUTED' });
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM outbox_events WHERE type = 'identity.member.added' AND payload->>'accountId' = $1`,
      [newcomer.id],
    );
    expect(n).toBe(1);
  });
});

describe('treasury spends', () => {
  it('refuses a spend larger than the fund, then pays a passed one once m of n treasurers approve', async () => {
    const c = await coop({ members: 1, treasurers: 3 });
    await fund(c.org.id, 50_000n);
    await app.get(TreasuryService).setRules(c.admin.viewer, c.org.id, {
      approvalsRequired: 2,
      approvalThresholdMinor: '10000',
      approvalThresholdCurrency: 'EUR',
      approvalsAloneBelowThreshold: true,
    });
    const grantee = await newAccount(app);
    const spend = (amountMinor: string) => ({
      fund: 'SOLIDARITY',
      amount: { amountMinor, currency: 'EUR' },
      recipientDid: grantee.did,
      memo: 'a hardship grant',
    });
    await expectNothingWritten(
      db,
      ['proposals', 'ledger_transactions'],
      () => propose(c.admin, { organizationId: c.org.id, kind: 'TREASURY_SPEND', spend: spend('50001') }),
      InvalidInputError,
      'spend.amount.amountMinor',
    );
    await expect(propose(c.admin, { organizationId: c.org.id, kind: 'TREASURY_SPEND', spend: spend('50001') })).rejects.toMatchObject({
      details: { reason: 'INSUFFICIENT_FUNDS' },
    });
    await expect(propose(c.admin, { organizationId: c.org.id, kind: 'TREASURY_SPEND', spend: spend('0') })).rejects.toMatchObject({
      details: { reason: 'NOT_POSITIVE' },
    });

    const p = await propose(c.members[0]!, {
      organizationId: c.org.id,
      kind: 'TREASURY_SPEND',
      spend: spend('30000'),
      votingEndsAt: inAMinute(),
    });
    await expect(closing.approveSpend(c.treasurers[0]!.viewer, p.id)).rejects.toMatchObject({
      details: { reason: 'NOT_AWAITING_APPROVALS' },
    });
    for (const m of c.everyone) await proposals.vote(m.viewer, p.id, 'yes');
    // Above the threshold: the vote passed, and two of the three treasurers must approve.
    expect(await close(p)).toMatchObject({ status: 'AWAITING_APPROVALS' });
    await expect(closing.approveSpend(c.members[0]!.viewer, p.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await closing.approveSpend(c.treasurers[0]!.viewer, p.id)).toMatchObject({ status: 'AWAITING_APPROVALS' });
    await expect(closing.approveSpend(c.treasurers[0]!.viewer, p.id)).rejects.toMatchObject({ details: { reason: 'ALREADY_APPROVED' } });
    const paid = await closing.approveSpend(c.treasurers[1]!.viewer, p.id);
    expect(paid).toMatchObject({ status: 'EXECUTED' });
    await expect(closing.approveSpend(c.treasurers[2]!.viewer, p.id)).rejects.toBeInstanceOf(ConflictError);

    // The ledger moved it once, traceably: the transfer, the record, the books.
    const treasury = await app.get(TreasuryService).view(c.org.id);
    expect(treasury.funds).toEqual([expect.objectContaining({ fund: 'SOLIDARITY', balanceMinor: 20_000n })]);
    expect(treasury.outflows).toEqual([
      expect.objectContaining({
        amountMinor: 30_000n,
        ledgerTransactionId: paid.execution!.ledgerTransactionId,
        recordId: paid.execution!.recordId,
      }),
    ]);
    expect(treasury.inflows).toEqual([expect.objectContaining({ source: 'SETTLEMENT', amountMinor: 50_000n })]);
    const [record] = await db.query('SELECT action, provider_did, receiver_did FROM contribution_records WHERE id = $1', [
      paid.execution!.recordId,
    ]);
    expect(record).toEqual({ action: 'transfer', provider_did: c.org.did, receiver_did: grantee.did });
    const mine = await app.get(LedgerAccountsService).myAccounts(grantee.viewer);
    expect(mine.find((a) => a.kind === 'AGENT')).toMatchObject({ balanceMinor: '30000' });
    expect(await app.get(LedgerRepository).unbalancedTransactions()).toEqual([]);
  });

  it('lets treasurers approve a small spend without a vote when the rules allow, and fails a spend the fund can no longer pay', async () => {
    const c = await coop({ treasurers: 2 });
    await fund(c.org.id, 5_000n, 'COMMONS');
    const grantee = await newAccount(app);
    const spend = (amountMinor: string) => ({
      fund: 'COMMONS',
      amount: { amountMinor, currency: 'EUR' },
      recipientDid: grantee.did,
      memo: 'filament for the library',
    });
    await expect(
      propose(c.admin, { organizationId: c.org.id, kind: 'TREASURY_SPEND', decisionRule: 'APPROVALS_ONLY', spend: spend('1000') }),
    ).rejects.toMatchObject({ details: { reason: 'VOTE_REQUIRED' } });
    await app.get(TreasuryService).setRules(c.admin.viewer, c.org.id, {
      approvalsRequired: 1,
      approvalThresholdMinor: '2000',
      approvalThresholdCurrency: 'EUR',
      approvalsAloneBelowThreshold: true,
    });
    await expect(
      propose(c.admin, { organizationId: c.org.id, kind: 'TREASURY_SPEND', decisionRule: 'APPROVALS_ONLY', spend: spend('2001') }),
    ).rejects.toMatchObject({ details: { reason: 'VOTE_REQUIRED' } });
    // The threshold is 20.00 EUR: 2000 minor units of another currency are not under it.
    await expect(
      propose(c.admin, {
        organizationId: c.org.id,
        kind: 'TREASURY_SPEND',
        decisionRule: 'APPROVALS_ONLY',
        spend: { ...spend('2000'), amount: { amountMinor: '2000', currency: 'KWD' } },
      }),
    ).rejects.toMatchObject({ details: { reason: 'VOTE_REQUIRED' } });
    await expect(
      app
        .get(TreasuryService)
        .setRules(c.admin.viewer, c.org.id, { approvalsRequired: 1, approvalThresholdMinor: '2000', approvalsAloneBelowThreshold: true }),
    ).rejects.toMatchObject({ details: { field: 'approvalThresholdCurrency', reason: 'CURRENCY_REQUIRED' } });
    const small = await propose(c.admin, {
      organizationId: c.org.id,
      kind: 'TREASURY_SPEND',
      decisionRule: 'APPROVALS_ONLY',
      spend: spend('2000'),
    });
    expect(small).toMatchObject({ status: 'AWAITING_APPROVALS', electorate: 0 });
    await expect(proposals.vote(c.admin.viewer, small.id, 'yes')).rejects.toMatchObject({ details: { reason: 'NOT_A_VOTE' } });

    // Voted in while the fund held enough; emptied before the treasurers approved.
    const big = await propose(c.admin, {
      organizationId: c.org.id,
      kind: 'TREASURY_SPEND',
      spend: spend('4000'),
      votingEndsAt: inAMinute(),
    });
    for (const m of c.everyone) await proposals.vote(m.viewer, big.id, 'yes');
    expect(await close(big)).toMatchObject({ status: 'AWAITING_APPROVALS' });
    expect(await closing.approveSpend(c.treasurers[0]!.viewer, small.id)).toMatchObject({ status: 'EXECUTED' });
    const failed = await closing.approveSpend(c.treasurers[0]!.viewer, big.id);
    expect(failed).toMatchObject({ status: 'EXECUTION_FAILED' });
    expect(failed.executionError).toMatch(/holds 30\.00 EUR, less than the 40\.00/);
    expect(await app.get(TreasuryService).balanceOf(c.org.id, 'COMMONS', 'EUR')).toBe(3_000n);
    await expect(closing.approveSpend(c.treasurers[1]!.viewer, big.id)).rejects.toMatchObject({
      details: { reason: 'NOT_AWAITING_APPROVALS' },
    });
  });

  it('pays two spends racing for one fund only as far as the fund goes', async () => {
    const c = await coop({ treasurers: 1 });
    await fund(c.org.id, 10_000n);
    await app.get(TreasuryService).setRules(c.admin.viewer, c.org.id, {
      approvalsRequired: 1,
      approvalThresholdMinor: '100000',
      approvalThresholdCurrency: 'EUR',
      approvalsAloneBelowThreshold: true,
    });
    const grantee = await newAccount(app);
    const ps = await Promise.all(
      [1, 2].map(() =>
        propose(c.admin, {
          organizationId: c.org.id,
          kind: 'TREASURY_SPEND',
          decisionRule: 'APPROVALS_ONLY',
          spend: { fund: 'SOLIDARITY', amount: { amountMinor: '7000', currency: 'EUR' }, recipientDid: grantee.did, memo: 'two at once' },
        }),
      ),
    );
    const done = await Promise.all(ps.map((p) => closing.approveSpend(c.treasurers[0]!.viewer, p.id)));
    expect(done.map((p) => p.status).sort()).toEqual(['EXECUTED', 'EXECUTION_FAILED']);
    expect(await app.get(TreasuryService).balanceOf(c.org.id, 'SOLIDARITY', 'EUR')).toBe(3_000n);
  });
});

describe('federations', () => {
  it('gives each member organization one vote: a shared solidarity fund and a facility verified by its peers', async () => {
    const founder = await newAccount(app);
    const federation = await newOrganization(app, founder.viewer, { kind: 'FEDERATION' });
    const a = await coop({ members: 4, treasurers: 1 });
    const b = await coop();
    await app.get(OrganizationsService).addMember(founder.viewer, federation.id, a.admin.email, 'ADMIN');
    await app.get(OrganizationsService).addMember(founder.viewer, federation.id, b.admin.email, 'ADMIN');
    await expect(app.get(FederationsService).join(a.members[0]!.viewer, federation.id, a.org.id)).rejects.toBeInstanceOf(ForbiddenError);
    await app.get(FederationsService).join(a.admin.viewer, federation.id, a.org.id);
    await app.get(FederationsService).join(b.admin.viewer, federation.id, b.org.id);

    // Co-op A pays into the federation's solidarity fund by its own vote.
    await fund(a.org.id, 20_000n);
    const share = await propose(a.admin, {
      organizationId: a.org.id,
      kind: 'TREASURY_SPEND',
      spend: {
        fund: 'SOLIDARITY',
        amount: { amountMinor: '8000', currency: 'EUR' },
        recipientOrganizationId: federation.id,
        memo: 'our share of the common fund',
      },
      votingEndsAt: inAMinute(),
    });
    for (const m of a.everyone) await proposals.vote(m.viewer, share.id, 'yes');
    expect(await close(share)).toMatchObject({ status: 'AWAITING_APPROVALS' }); // default rules: one treasurer's approval
    expect(await closing.approveSpend(a.treasurers[0]!.viewer, share.id)).toMatchObject({ status: 'EXECUTED' });
    const commonFund = await app.get(TreasuryService).view(federation.id);
    expect(commonFund.funds).toEqual([expect.objectContaining({ fund: 'SOLIDARITY', balanceMinor: 8_000n })]);
    expect(commonFund.inflows).toEqual([expect.objectContaining({ source: 'TRANSFER', amountMinor: 8_000n, transactions: 1 })]);

    // A facility of co-op B, verified by the federation: one vote per member organization.
    const facility = await app.get(FacilitiesService).register(b.admin.viewer, {
      organizationId: b.org.id,
      name: 'B Lab',
      location: remotePoint(),
      capacityHoursPerWeek: 20,
      equipment: [{ process: 'laser', materials: ['plywood'] }],
    });
    await expect(
      propose(b.admin, {
        organizationId: b.org.id,
        kind: 'FACILITY_VERIFICATION',
        facility: { facilityId: facility.id, level: 'VERIFIED', reason: 'self' },
      }),
    ).rejects.toMatchObject({ details: { reason: 'FEDERATION_ONLY' } });
    const verify = await propose(a.admin, {
      organizationId: federation.id,
      kind: 'FACILITY_VERIFICATION',
      facility: { facilityId: facility.id, level: 'VERIFIED', reason: 'visited by co-op A, machines as listed' },
      votingEndsAt: inAMinute(),
    });
    expect(verify.electorate).toBe(2);
    await expect(proposals.vote(a.admin.viewer, verify.id, 'yes')).rejects.toMatchObject({ details: { field: 'onBehalfOf' } });
    await expect(proposals.vote(a.members[0]!.viewer, verify.id, 'yes', null, a.org.id)).rejects.toBeInstanceOf(ForbiddenError);
    await proposals.vote(a.admin.viewer, verify.id, 'yes', null, a.org.id);
    await proposals.vote(b.admin.viewer, verify.id, 'yes', null, b.org.id);
    expect((await proposals.needingMyVote(a.admin.viewer)).map((p) => p.id)).not.toContain(verify.id);
    expect(await close(verify)).toMatchObject({ status: 'EXECUTED', tally: { counts: { yes: 2 }, cast: 2 } });
    expect((await app.get(FacilitiesService).get(facility.id)).verificationLevel).toBe('VERIFIED');
  });
});

describe('kinds of proposal', () => {
  it('has one list of kinds: the platform registers exactly those in the database at start, each with one handler', async () => {
    expect(await app.get(ProposalKindsRepository).names()).toEqual([...PROPOSAL_KINDS].sort());
    expect([...app.get(ProposalKindRegistry).traits().keys()]).toEqual(PROPOSAL_KINDS);
  });

  it('refuses a proposal of a kind no handler registered, and accepts a new kind once registered, with no migration', async () => {
    const admin = await newAccount(app);
    const org = await newOrganization(app, { accountId: admin.id });
    const row = (kind: string) => [kind, org.id, admin.id];
    const insert = `INSERT INTO proposals (id, organization_id, kind, title, body, options, decision_rule, quorum_bps, payload, electorate, voting_starts_at, voting_ends_at, status, created_by)
      VALUES (gen_random_uuid(), $2, $1, 't', 'b', '{yes,no}', 'SIMPLE_MAJORITY', 0, '{}', 1, now(), now() + interval '1 day', 'OPEN', $3)`;
    await expect(db.query(insert, row('BUDGET_REVIEW'))).rejects.toMatchObject({ code: '23503' });
    const kinds = app.get(ProposalKindsRepository);
    await kinds.register(['BUDGET_REVIEW']);
    await kinds.register(['BUDGET_REVIEW', ...PROPOSAL_KINDS]);
    await db.query(insert, row('BUDGET_REVIEW'));
    expect(await kinds.names()).toContain('BUDGET_REVIEW');
    await db.query(`DELETE FROM proposals WHERE kind = 'BUDGET_REVIEW'`);
    await db.query(`DELETE FROM proposal_kinds WHERE name = 'BUDGET_REVIEW'`);
  });
});
