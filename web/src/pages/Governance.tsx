import { useState, type FormEvent } from 'react';
import { BarChart, LineChart, StackedColumns } from '../components/charts';
import { Badge, ErrorNote, Field, Loading, Select, TextArea } from '../components/ui';
import { date, dateTime, label, money, readAmount, shortCid } from '../lib/format';
import { flowColumns, mainCurrency } from '../lib/flows';
import { graphql, type Enum } from '../lib/graphql';
import { useMutation, useQuery } from '../lib/hooks';
import { Link, navigate } from '../lib/router';
import { useSession } from '../lib/session';

const PROPOSALS = graphql(`
  query Proposals($org: ID!) {
    proposals(organizationId: $org, first: 50) {
      edges {
        node {
          id
          title
          kind
          status
          votingEndsAt
          votesCast
          electorate
          outcome
        }
      }
    }
    proposalsNeedingMyVote {
      id
      title
      votingEndsAt
    }
  }
`);

const CREATE = graphql(`
  mutation CreateProposal($input: CreateProposalInput!) {
    createProposal(input: $input) {
      id
    }
  }
`);

const PROPOSAL = graphql(`
  query Proposal($id: ID!) {
    proposal(id: $id) {
      id
      organizationId
      title
      body
      kind
      status
      decisionRule
      options
      quorumBps
      quorumNeeded
      quorumReached
      electorate
      votesCast
      votingStartsAt
      votingEndsAt
      outcome
      executedAt
      execution
      executionError
      policy
      spend {
        fund
        memo
        amount {
          amountMinor
          currency
        }
        recipientAgent {
          name
        }
        recipientOrganizationId
        recipientFund
      }
      tally {
        option
        votes
      }
      votes {
        option
        reason
        recordId
        changes
        voter {
          name
          kind
        }
      }
      approvals {
        recordId
        approvedAt
        treasurer {
          name
        }
      }
    }
  }
`);

const VOTE = graphql(`
  mutation Vote($proposal: ID!, $option: String!, $reason: String, $onBehalfOf: ID) {
    castVote(proposalId: $proposal, option: $option, reason: $reason, onBehalfOf: $onBehalfOf) {
      option
      changes
    }
  }
`);

const APPROVE = graphql(`
  mutation Approve($proposal: ID!) {
    approveSpend(proposalId: $proposal) {
      status
    }
  }
`);

const TREASURY = graphql(`
  query Treasury($org: ID!) {
    treasury(organizationId: $org) {
      funds {
        accountId
        fund
        balance {
          amountMinor
          currency
        }
      }
      inflows {
        fund
        source
        transactions
        amount {
          amountMinor
          currency
        }
      }
      outflows {
        proposalId
        title
        fund
        recordId
        ledgerTransactionId
        executedAt
        amount {
          amountMinor
          currency
        }
      }
      rules {
        approvalsRequired
        approvalThresholdMinor
        approvalThresholdCurrency
        approvalsAloneBelowThreshold
      }
      treasurers
    }
  }
`);

const PAYOUT_FLOWS = graphql(`
  query PayoutFlows($org: ID!, $interval: FlowInterval!, $periods: Int!) {
    payoutFlows(organizationId: $org, interval: $interval, periods: $periods) {
      periodStarts
      flows {
        periodStart
        bucket
        settlements
        amount {
          amountMinor
          currency
        }
      }
    }
  }
`);

const FUND_LEDGER = graphql(`
  query FundLedger($account: ID!) {
    ledger(accountId: $account, first: 100) {
      edges {
        node {
          id
          amountMinor
          at
        }
      }
    }
  }
`);

const STATUS_TONE: Record<Enum<'ProposalStatus'>, 'good' | 'warn' | 'bad' | 'info' | 'neutral'> = {
  OPEN: 'info',
  PASSED: 'good',
  EXECUTED: 'good',
  AWAITING_APPROVALS: 'warn',
  REJECTED: 'bad',
  NO_QUORUM: 'neutral',
  EXECUTION_FAILED: 'bad',
};
// For members: the organization's proposals, a form to put one, and what awaits your vote.
export function GovernancePage() {
  const { organization, me } = useSession();
  const list = useQuery(PROPOSALS, { org: organization?.id ?? '' }, { skip: !organization });
  const create = useMutation(CREATE);
  const [kind, setKind] = useState<Extract<Enum<'ProposalKind'>, 'TEXT' | 'TREASURY_SPEND' | 'REWARD_POLICY_CHANGE'>>('TEXT');
  const [moneyError, setMoneyError] = useState<{ error: string; field: 'amount' | 'currency' } | undefined>();
  if (!me) return <p>Sign in to take part.</p>;
  if (!organization) return <p>Join an organization to see its proposals.</p>;
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const days = Number(f.get('days') || 7);
    const amount = kind === 'TREASURY_SPEND' ? readAmount(String(f.get('amount')), String(f.get('currency') || 'EUR')) : null;
    setMoneyError(amount && 'error' in amount ? amount : undefined);
    if (amount && 'error' in amount) return;
    const done = await create.run({
      input: {
        organizationId: organization.id,
        kind,
        title: String(f.get('title')),
        body: String(f.get('body') ?? ''),
        decisionRule: String(f.get('rule')) as Enum<'DecisionRule'>,
        votingEndsAt: new Date(Date.now() + days * 86_400_000).toISOString(),
        policy: kind === 'REWARD_POLICY_CHANGE' ? String(f.get('policy')) : null,
        spend: amount
          ? { fund: String(f.get('fund')), amount, recipientDid: String(f.get('recipient')).trim(), memo: String(f.get('memo')) }
          : null,
      },
    });
    if (done) navigate(`/proposals/${done.createProposal.id}`);
  };
  return (
    <section aria-labelledby="gov-title">
      <h1 id="gov-title">{organization.name}: decisions</h1>
      <p>
        <Link to="/treasury">The treasury’s open books</Link>
      </p>
      {list.data && list.data.proposalsNeedingMyVote.length > 0 && (
        <section aria-labelledby="await-title" className="card">
          <h2 id="await-title">Awaiting your vote</h2>
          <ul>
            {list.data.proposalsNeedingMyVote.map((p) => (
              <li key={p.id}>
                <Link to={`/proposals/${p.id}`}>{p.title}</Link> <span className="muted">(closes {dateTime(p.votingEndsAt)})</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <h2>Proposals</h2>
      <ErrorNote error={list.error} />
      {list.loading && <Loading />}
      <ul>
        {list.data?.proposals.edges.map(({ node }) => (
          <li key={node.id}>
            <Link to={`/proposals/${node.id}`}>{node.title}</Link> <Badge tone={STATUS_TONE[node.status]}>{label(node.status)}</Badge>{' '}
            <span className="muted">
              {label(node.kind)} · {node.votesCast}/{node.electorate} voted · closes {date(node.votingEndsAt)}
            </span>
          </li>
        ))}
      </ul>
      <form className="form" onSubmit={submit} aria-labelledby="new-title">
        <h2 id="new-title">Put a proposal</h2>
        <Select label="Kind" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
          <option value="TEXT">text (non-binding)</option>
          <option value="TREASURY_SPEND">treasury spend</option>
          <option value="REWARD_POLICY_CHANGE">reward policy change</option>
        </Select>
        <Field label="Title" name="title" required minLength={3} />
        <TextArea label="Why" name="body" rows={4} />
        <Select label="Decision rule" name="rule" defaultValue="SIMPLE_MAJORITY">
          <option value="SIMPLE_MAJORITY">simple majority</option>
          <option value="TWO_THIRDS">two thirds</option>
          <option value="CONSENT">consent (passes unless someone blocks)</option>
        </Select>
        <Field label="Voting days" name="days" type="number" min={1} max={90} defaultValue={7} />
        {kind === 'TREASURY_SPEND' && (
          <>
            <Select label="From the fund" name="fund" defaultValue="SOLIDARITY">
              <option value="SOLIDARITY">solidarity</option>
              <option value="COMMONS">commons</option>
            </Select>
            <div className="row">
              <Field
                label="Amount"
                name="amount"
                inputMode="decimal"
                required
                error={moneyError?.field === 'amount' ? moneyError.error : undefined}
              />
              <Field
                label="Currency"
                name="currency"
                defaultValue="EUR"
                maxLength={3}
                error={moneyError?.field === 'currency' ? moneyError.error : undefined}
              />
            </div>
            <Field
              label="Recipient’s DID"
              name="recipient"
              required
              hint="A person’s or organization’s did:key, shown on their account page."
            />
            <Field label="What it is for" name="memo" required minLength={3} />
          </>
        )}
        {kind === 'REWARD_POLICY_CHANGE' && <TextArea label="The new value equation (JSON)" name="policy" rows={8} required />}
        <ErrorNote error={create.error} />
        <button type="submit" disabled={create.pending}>
          Put it to the members
        </button>
      </form>
    </section>
  );
}

export function ProposalPage({ id }: { id: string }) {
  const { me, role } = useSession();
  const q = useQuery(PROPOSAL, { id });
  const vote = useMutation(VOTE);
  const approve = useMutation(APPROVE);
  const [choice, setChoice] = useState('');
  const [reason, setReason] = useState('');
  if (q.loading && !q.data) return <Loading />;
  if (q.error) return <ErrorNote error={q.error} />;
  const p = q.data?.proposal;
  if (!p) return null;
  const total = Math.max(
    1,
    p.tally.reduce((s, t) => s + t.votes, 0),
  );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await vote.run({ proposal: p.id, option: choice, reason: reason || null, onBehalfOf: null })) q.reload();
  };
  return (
    <article aria-labelledby="proposal-title">
      <h1 id="proposal-title">{p.title}</h1>
      <p>
        <Badge tone={STATUS_TONE[p.status]}>{label(p.status)}</Badge>{' '}
        <span className="muted">
          {label(p.kind)} · {label(p.decisionRule)} · quorum {p.quorumNeeded} of {p.electorate} · voting {dateTime(p.votingStartsAt)} –{' '}
          {dateTime(p.votingEndsAt)}
        </span>
      </p>
      {p.body && <p className="lead">{p.body}</p>}
      {p.spend && (
        <p>
          Spend {money(p.spend.amount.amountMinor, p.spend.amount.currency)} from the {p.spend.fund.toLowerCase()} fund to{' '}
          {p.spend.recipientAgent?.name ?? `an organization’s ${p.spend.recipientFund?.toLowerCase()} fund`}: {p.spend.memo}
        </p>
      )}
      {p.policy && (
        <details>
          <summary>The proposed value equation</summary>
          <pre>{JSON.stringify(JSON.parse(p.policy), null, 2)}</pre>
        </details>
      )}
      <h2>Tally</h2>
      <ul className="tally">
        {p.tally.map((t) => (
          <li key={t.option}>
            <span className="tally-label">
              {t.option} ({t.votes})
            </span>
            <meter min={0} max={total} value={t.votes} aria-label={`${t.option}: ${t.votes} votes`} />
          </li>
        ))}
      </ul>
      <p className="muted">
        {p.votesCast} of {p.electorate} voted
        {p.quorumReached === null ? '' : p.quorumReached ? ' · quorum reached' : ' · quorum not reached'}
        {p.outcome ? ` · outcome: ${p.outcome}` : ''}
        {p.executedAt ? ` · carried out ${dateTime(p.executedAt)}` : ''}
      </p>
      {p.executionError && <p className="error">Could not be carried out: {p.executionError}</p>}
      {me && p.status === 'OPEN' && (
        <form className="form" onSubmit={submit}>
          <fieldset>
            <legend>Your vote (you can change it until the close)</legend>
            {p.options.map((o) => (
              <label key={o} className="choice">
                <input type="radio" name="option" value={o} checked={choice === o} onChange={() => setChoice(o)} required /> {o}
              </label>
            ))}
          </fieldset>
          <Field
            label={choice === 'block' ? 'Reason (required to block)' : 'Reason (optional)'}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <ErrorNote error={vote.error} />
          {vote.pending ? <Loading what="Signing your vote" /> : null}
          <button type="submit" disabled={!choice || vote.pending}>
            Vote
          </button>
        </form>
      )}
      {p.status === 'AWAITING_APPROVALS' && role === 'TREASURER' && (
        <p>
          <button type="button" onClick={async () => (await approve.run({ proposal: p.id })) && q.reload()}>
            Approve this spend
          </button>
          <ErrorNote error={approve.error} />
        </p>
      )}
      <h2>Votes</h2>
      <ul>
        {p.votes.map((v) => (
          <li key={v.recordId}>
            {v.voter.name ?? 'a member'}: <strong>{v.option}</strong>
            {v.reason && ` — ${v.reason}`}{' '}
            <span className="muted small">
              (signed record {shortCid(v.recordId)}
              {v.changes ? `, changed ${v.changes}×` : ''})
            </span>
          </li>
        ))}
      </ul>
      {p.approvals.length > 0 && (
        <>
          <h2>Treasurers’ approvals</h2>
          <ul>
            {p.approvals.map((a) => (
              <li key={a.recordId}>
                {a.treasurer.name} · {dateTime(a.approvedAt)}
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}

// The open books: balances, money in by source, money out by proposal, and charts of both.
export function TreasuryPage() {
  const { organization } = useSession();
  const t = useQuery(TREASURY, { org: organization?.id ?? '' }, { skip: !organization });
  if (!organization) return <p>Join an organization to see its treasury.</p>;
  if (t.loading && !t.data) return <Loading />;
  const data = t.data?.treasury;
  return (
    <section aria-labelledby="treasury-title">
      <h1 id="treasury-title">{organization.name}: treasury</h1>
      <ErrorNote error={t.error} />
      {data && (
        <>
          <ul>
            {data.funds.map((f) => (
              <li key={f.accountId}>
                {f.fund.toLowerCase()} fund: <strong>{money(f.balance.amountMinor, f.balance.currency)}</strong>
              </li>
            ))}
          </ul>
          <p className="muted small">
            Spends above{' '}
            {money(data.rules.approvalThresholdMinor, data.rules.approvalThresholdCurrency ?? data.funds[0]?.balance.currency ?? 'EUR')}
            {data.rules.approvalThresholdCurrency && ` (or in another currency)`} need {data.rules.approvalsRequired} of {data.treasurers}{' '}
            treasurers after the vote
            {data.rules.approvalsAloneBelowThreshold ? '; smaller ones may be approved by them alone' : ''}.
            {data.treasurers < data.rules.approvalsRequired &&
              ' There are not enough treasurers yet: passed spends wait until an admin gives more members the treasurer role.'}
          </p>
          <h2>Balances over time</h2>
          <FundHistory funds={data.funds} />
          <h2>Income shared out, by bucket</h2>
          <PayoutFlowChart organizationId={organization.id} />
          <h2>Money in, by source</h2>
          <BarChart
            label="Money into the funds by source"
            bars={data.inflows.map((i) => ({
              name: `${i.fund.toLowerCase()}: ${i.source.toLowerCase()}`,
              value: Number(i.amount.amountMinor),
            }))}
            format={(v) => money(String(v), data.inflows[0]?.amount.currency ?? 'EUR')}
          />
          <h2>Money out, by proposal</h2>
          {data.outflows.length ? (
            <ul>
              {data.outflows.map((o) => (
                <li key={o.proposalId}>
                  <Link to={`/proposals/${o.proposalId}`}>{o.title}</Link>: {money(o.amount.amountMinor, o.amount.currency)} from the{' '}
                  {o.fund.toLowerCase()} fund, {date(o.executedAt)}{' '}
                  <span className="muted small">
                    (ledger {shortCid(o.ledgerTransactionId)}, record {shortCid(o.recordId)})
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">Nothing spent yet.</p>
          )}
        </>
      )}
    </section>
  );
}

const FLOW_WINDOWS = {
  MONTH: { periods: 12, label: 'last 12 months' },
  WEEK: { periods: 12, label: 'last 12 weeks' },
  DAY: { periods: 30, label: 'last 30 days' },
} as const;

// Realised income as the co-op's value equation shared it out, period by period (public sums).
function PayoutFlowChart({ organizationId }: { organizationId: string }) {
  const [interval, setFlowInterval] = useState<keyof typeof FLOW_WINDOWS>('MONTH');
  const q = useQuery(PAYOUT_FLOWS, { org: organizationId, interval, periods: FLOW_WINDOWS[interval].periods });
  const data = q.data?.payoutFlows;
  const currency = data ? mainCurrency(data.flows) : null;
  const { buckets, columns } = data && currency ? flowColumns(data.periodStarts, data.flows, currency) : { buckets: [], columns: [] };
  const periodLabel = (iso: string) =>
    new Date(iso).toLocaleDateString(
      'en',
      interval === 'MONTH' ? { month: 'short', year: '2-digit', timeZone: 'UTC' } : { month: 'short', day: 'numeric', timeZone: 'UTC' },
    );
  return (
    <div>
      <Select label="Period" value={interval} onChange={(e) => setFlowInterval(e.target.value as keyof typeof FLOW_WINDOWS)}>
        {Object.entries(FLOW_WINDOWS).map(([k, w]) => (
          <option key={k} value={k}>
            {w.label}
          </option>
        ))}
      </Select>
      <ErrorNote error={q.error} />
      {q.loading && !data ? (
        <Loading />
      ) : (
        <StackedColumns
          label={`Income distributed by bucket, ${FLOW_WINDOWS[interval].label}`}
          columns={columns}
          series={buckets}
          format={(v) => money(v, currency ?? 'EUR')}
          periodLabel={periodLabel}
        />
      )}
    </div>
  );
}

// One line per fund: its balance after each of its latest movements, worked back from the
// balance it holds now (so movements older than the page do not skew it).
function FundHistory({ funds }: { funds: Array<{ accountId: string; fund: string; balance: { amountMinor: string; currency: string } }> }) {
  if (!funds.length) return <p className="muted">No funds yet.</p>;
  return (
    <>
      {funds.map((f) => (
        <FundBalanceChart key={f.accountId} fund={f} />
      ))}
    </>
  );
}

function FundBalanceChart({ fund }: { fund: { accountId: string; fund: string; balance: { amountMinor: string; currency: string } } }) {
  const ledger = useQuery(FUND_LEDGER, { account: fund.accountId });
  const name = `${fund.fund.toLowerCase()} fund (${fund.balance.currency})`;
  let balance = BigInt(fund.balance.amountMinor);
  const points = (ledger.data?.ledger.edges ?? []).map(({ node }) => {
    const point = { t: new Date(node.at).getTime(), v: Number(balance) };
    balance -= BigInt(node.amountMinor);
    return point;
  });
  return (
    <LineChart
      label={`Balance of the ${name} over time`}
      series={[{ name, points: points.reverse() }]}
      format={(v) => money(BigInt(Math.round(v)), fund.balance.currency)}
    />
  );
}
