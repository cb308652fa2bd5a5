import { randomBytes } from 'node:crypto';
import { testConfig } from '../support/config.js';
import { ADVANCE, CLAIM, REQUEST, scenario, signUp, upload, type Platform } from '../support/e2e-scenario.js';
import { startPlatform } from '../support/http.js';
import { scratchDatabase } from '../support/scratch.js';
import { until } from '../support/wait.js';

const PROPOSAL = `query($id: ID!) { proposal(id: $id) { id status outcome quorumReached votesCast quorumNeeded tally { option votes } votes { voter { kind name } option recordId } approvals { recordId } spend { fund amount { amountMinor currency } memo } execution executedAt } }`;
const CREATE = `mutation($input: CreateProposalInput!) { createProposal(input: $input) { id status electorate options votingEndsAt } }`;
const VOTE = `mutation($p: ID!, $o: String!, $r: String) { castVote(proposalId: $p, option: $o, reason: $r) { option changes recordId voter { kind } } }`;

// Co-op members govern the money their work brought in: a payment's solidarity share reaches the
// co-op's fund, the members vote a spend from it, the worker closes the vote when its window ends,
// a treasurer approves, and anyone can see where the money went. A database and queues of their own.
describe('a co-op governs its treasury over GraphQL', () => {
  let platform: Platform;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await scratchDatabase({ migrate: true, label: 'governance_e2e' });
    drop = db.drop;
    platform = await startPlatform({
      worker: true,
      config: testConfig({
        DATABASE_URL: db.url,
        QUEUE_PREFIX: `test-gov-${randomBytes(4).toString('hex')}`,
        GOVERNANCE_MIN_VOTING_SECONDS: '1',
      }),
    });
  });
  afterAll(async () => {
    await platform.close();
    await drop();
  });

  it('votes a spend from the solidarity fund, closes it on time, and shows it in the open books', async () => {
    const { home, a, requester, cid } = await scenario(platform);
    // The fabricating co-op: its admin, a member and a treasurer.
    const orgId = (await platform.gql('{ me { memberships { organization { id } } } }', {}, a.token)).data!.me.memberships[0].organization
      .id;
    const member = await signUp(platform, 'member');
    const treasurer = await signUp(platform, 'treasurer');
    for (const [token, role] of [
      [member, 'MEMBER'],
      [treasurer, 'TREASURER'],
    ] as const) {
      const email = (await platform.gql('{ me { email } }', {}, token)).data!.me.email;
      expect(
        (
          await platform.gql(
            'mutation($o: ID!, $e: String!, $r: MembershipRole!) { addMember(organizationId: $o, email: $e, role: $r) { role } }',
            { o: orgId, e: email, r: role },
            a.token,
          )
        ).errors,
      ).toBeUndefined();
    }

    // A job paid: 10 % to the solidarity fund, and the validators' unclaimed 5 % too.
    const input = {
      designVersionCid: cid,
      quantity: 1,
      location: home,
      radiusKm: 30,
      dueDate: new Date(Date.now() + 86_400_000).toISOString(),
      budget: { amountMinor: '20000', currency: 'EUR' },
    };
    const request = (await platform.gql(REQUEST, { input }, requester)).data!.requestProduction;
    const jobId = (await platform.gql(CLAIM, { r: request.id, f: a.facilityId }, a.token)).data!.claimProductionRequest.id;
    await platform.gql(ADVANCE, { j: jobId, to: 'IN_PRODUCTION' }, a.token);
    const qc = await upload(platform, a.token, { 'qc.md': 'measured, sanded, oiled' }, jobId);
    await platform.gql(ADVANCE, { j: jobId, to: 'READY', e: qc.files.map((f) => f.cid) }, a.token);
    await platform.gql(ADVANCE, { j: jobId, to: 'DELIVERED' }, a.token);
    await platform.gql('mutation($j: ID!) { acceptDelivery(jobId: $j) { status } }', { j: jobId }, requester);
    await platform.gql(
      'mutation($j: ID!, $a: MoneyInput!) { recordPayment(jobId: $j, amount: $a) { id } }',
      { j: jobId, a: { amountMinor: '20000', currency: 'EUR' } },
      requester,
    );
    const TREASURY =
      '{ treasury(organizationId: "ID") { funds { fund balance { amountMinor currency } } inflows { fund source amount { amountMinor } } outflows { proposalId title amount { amountMinor } ledgerTransactionId recordId } rules { approvalsRequired approvalThresholdMinor } treasurers } }'.replace(
        'ID',
        orgId,
      );
    // The fund's ledger account is created ahead of the distribution's transaction: wait for the money.
    await until('the solidarity fund', async () =>
      (await platform.gql(TREASURY)).data!.treasury.funds.find(
        (f: { fund: string; balance: { amountMinor: string } }) => f.fund === 'SOLIDARITY' && f.balance.amountMinor !== '0',
      )
        ? true
        : null,
    );
    const before = (await platform.gql(TREASURY)).data!.treasury;
    expect(before.funds.find((f: { fund: string }) => f.fund === 'SOLIDARITY').balance).toEqual({ amountMinor: '3000', currency: 'EUR' });

    // Bad input writes nothing: more than the fund holds; a stranger proposing.
    const requesterDid = (await platform.gql('{ me { did } }', {}, requester)).data!.me.did;
    const spend = (amountMinor: string) => ({
      organizationId: orgId,
      kind: 'TREASURY_SPEND',
      title: 'Tools for the repair café',
      spend: { fund: 'SOLIDARITY', amount: { amountMinor, currency: 'EUR' }, recipientDid: requesterDid, memo: 'two soldering stations' },
      votingEndsAt: new Date(Date.now() + 4000).toISOString(),
    });
    expect((await platform.gql(CREATE, { input: spend('3001') }, member)).errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'INSUFFICIENT_FUNDS',
    });
    expect((await platform.gql(CREATE, { input: spend('100') }, requester)).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect((await platform.gql(`{ proposals(organizationId: "${orgId}") { totalCount } }`)).data!.proposals.totalCount).toBe(0);

    const created = (await platform.gql(CREATE, { input: spend('2000') }, member)).data!.createProposal;
    expect(created).toMatchObject({ status: 'OPEN', electorate: 3, options: ['yes', 'no', 'abstain'] });
    const needing = await platform.gql('{ proposalsNeedingMyVote { id } }', {}, treasurer);
    expect(needing.data!.proposalsNeedingMyVote.map((p: { id: string }) => p.id)).toEqual([created.id]);
    expect((await platform.gql(VOTE, { p: created.id, o: 'yes' }, a.token)).data!.castVote).toMatchObject({
      option: 'yes',
      changes: 0,
      voter: { kind: 'ACCOUNT' },
    });
    expect((await platform.gql(VOTE, { p: created.id, o: 'yes' }, a.token)).errors![0]!.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'NOT_A_CHANGE',
    });
    await platform.gql(VOTE, { p: created.id, o: 'no' }, member);
    expect(
      (await platform.gql(VOTE, { p: created.id, o: 'yes', r: 'the café fixed 40 radios last month' }, member)).data!.castVote.changes,
    ).toBe(1);
    await platform.gql(VOTE, { p: created.id, o: 'abstain' }, treasurer);
    expect((await platform.gql(VOTE, { p: created.id, o: 'yes' }, requester)).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const live = (await platform.gql(PROPOSAL, { id: created.id })).data!.proposal;
    expect(live).toMatchObject({
      status: 'OPEN',
      votesCast: 3,
      quorumNeeded: 2,
      tally: [
        { option: 'yes', votes: 2 },
        { option: 'no', votes: 0 },
        { option: 'abstain', votes: 1 },
      ],
    });

    // The worker closes it when the window ends; above the default threshold (0) it needs a treasurer.
    const closed = await until(
      'the close',
      async () => {
        const p = (await platform.gql(PROPOSAL, { id: created.id })).data!.proposal;
        return p.status !== 'OPEN' ? p : null;
      },
      30_000,
    );
    expect(closed).toMatchObject({ status: 'AWAITING_APPROVALS', outcome: 'yes', quorumReached: true });
    expect((await platform.gql(VOTE, { p: created.id, o: 'no' }, member)).errors![0]!.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'VOTING_CLOSED',
    });
    expect(
      (await platform.gql('mutation($p: ID!) { approveSpend(proposalId: $p) { status } }', { p: created.id }, member)).errors![0]!
        .extensions!.code,
    ).toBe('FORBIDDEN');
    const approved = (
      await platform.gql('mutation($p: ID!) { approveSpend(proposalId: $p) { status executedAt execution } }', { p: created.id }, treasurer)
    ).data!.approveSpend;
    expect(approved.status).toBe('EXECUTED');
    const execution = JSON.parse(approved.execution);

    // Open books: the outflow, traceable to its ledger transaction and its signed record.
    const after = (await platform.gql(TREASURY)).data!.treasury;
    expect(after.funds.find((f: { fund: string }) => f.fund === 'SOLIDARITY').balance.amountMinor).toBe('1000');
    expect(after.outflows).toEqual([
      {
        proposalId: created.id,
        title: 'Tools for the repair café',
        amount: { amountMinor: '2000' },
        ledgerTransactionId: execution.ledgerTransactionId,
        recordId: execution.recordId,
      },
    ]);
    expect(after.inflows).toEqual(
      expect.arrayContaining([
        { fund: 'SOLIDARITY', source: 'SETTLEMENT', amount: { amountMinor: '3000' } },
        { fund: 'COMMONS', source: 'SETTLEMENT', amount: { amountMinor: '1000' } },
      ]),
    );
    expect(after.rules).toEqual({ approvalsRequired: 1, approvalThresholdMinor: '0' });
    const record = await platform.gql('query($id: String!) { contribution(id: $id) { action note } }', { id: execution.recordId });
    expect(record.data!.contribution).toMatchObject({ action: 'transfer' });
    const final = (await platform.gql(PROPOSAL, { id: created.id })).data!.proposal;
    expect(final.votes).toHaveLength(3);
    expect(final.approvals).toHaveLength(1);
  });
});
