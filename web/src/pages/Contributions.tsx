import { useState } from 'react';
import { Badge, ErrorNote, Loading } from '../components/ui';
import { dateTime, money, shortCid } from '../lib/format';
import { graphql, type Enum, type ResultOf } from '../lib/graphql';
import { useQuery } from '../lib/hooks';
import { request } from '../lib/client';
import { useSession } from '../lib/session';

const RECORDS = graphql(`
  query MyContributions($agent: String!) {
    contributions(filter: { agent: $agent }, first: 50) {
      totalCount
      edges {
        node {
          id
          action
          note
          occurredAt
          status
          validation {
            state
            approvals
            required
          }
          anchor {
            status
            chainId
            txHash
            blockNumber
            lastError
          }
        }
      }
    }
  }
`);

const VERIFY = graphql(`
  query Verify($id: String!) {
    verifyContribution(id: $id) {
      valid
      message
      reason
      chainId
      contract
      txHash
      blockNumber
      blockTimestamp
      confirmations
      root
      path
      signers
    }
  }
`);

const ACCOUNTS = graphql(`
  query MyAccounts {
    myLedgerAccounts {
      id
      kind
      name
      currency
      balanceMinor
    }
    myRewardClaims {
      epoch
      amount {
        amountMinor
        currency
      }
      status
      claimTx
    }
  }
`);

const ENTRIES = graphql(`
  query Entries($account: ID!) {
    ledger(accountId: $account, first: 50) {
      edges {
        node {
          id
          amountMinor
          currency
          memo
          reference
          kind
          at
        }
      }
    }
  }
`);

const EXPLAIN = graphql(`
  query Explain($settlement: ID!, $did: String!) {
    payoutExplanation(settlementId: $settlement, agentDid: $did) {
      total {
        amountMinor
        currency
      }
      policyVersion
      lines {
        line
        bucket
        rule
        amountMinor
        currency
        records
        lineagePath
      }
    }
  }
`);

const TONE: Record<Enum<'AnchorStatus'>, 'good' | 'warn' | 'bad' | 'info' | 'neutral'> = {
  ANCHORED: 'good',
  PENDING: 'info',
  PROCESSING: 'info',
  FAILED: 'bad',
  REPLACED: 'warn',
};

// For contributors: every signed record of theirs with its anchor's standing, checkable on the
// spot (signature, payload, Merkle path, the chain's event), and what they were paid, line by line.
export function ContributionsPage() {
  const { me } = useSession();
  const records = useQuery(RECORDS, { agent: me?.did ?? '' }, { skip: !me });
  const accounts = useQuery(ACCOUNTS, {}, { skip: !me });
  if (!me) return <p>Sign in to see your contributions.</p>;
  return (
    <section aria-labelledby="contrib-title">
      <h1 id="contrib-title">Your contributions and payouts</h1>
      <h2>Signed records ({records.data?.contributions.totalCount ?? 0})</h2>
      <ErrorNote error={records.error} />
      {records.loading && <Loading />}
      <table>
        <thead>
          <tr>
            <th scope="col">What</th>
            <th scope="col">When</th>
            <th scope="col">Anchor</th>
            <th scope="col">Check</th>
          </tr>
        </thead>
        <tbody>
          {records.data?.contributions.edges.map(({ node }) => (
            <Row key={node.id} record={node} />
          ))}
        </tbody>
      </table>
      <Payouts did={me.did} accounts={accounts.data} />
    </section>
  );
}

type RecordNode = ResultOf<typeof RECORDS>['contributions']['edges'][number]['node'];

function Row({ record }: { record: RecordNode }) {
  const [result, setResult] = useState<ResultOf<typeof VERIFY>['verifyContribution'] | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const verify = async () => {
    setBusy(true);
    try {
      setResult((await request(VERIFY, { id: record.id })).verifyContribution);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <tr>
      <td>
        <strong>{record.action}</strong> {record.note && <span className="muted">— {record.note}</span>}
        <div className="small">
          <code title={record.id}>{shortCid(record.id)}</code> · <a href={`/contributions/${record.id}.car`}>CAR</a>
        </div>
      </td>
      <td>{dateTime(record.occurredAt)}</td>
      <td>
        <Badge tone={TONE[record.anchor.status] ?? 'neutral'}>{record.anchor.status}</Badge>
        {record.anchor.lastError && <div className="small error">{record.anchor.lastError}</div>}
      </td>
      <td>
        <button type="button" className="secondary" onClick={() => void verify()} disabled={busy}>
          Verify <span className="sr-only">{record.id}</span>
        </button>
        <ErrorNote error={error} />
        {result && (
          <div role="status" className="small">
            <Badge tone={result.valid ? 'good' : 'bad'}>{result.valid ? 'valid' : (result.reason ?? 'invalid')}</Badge> {result.message}
            {result.txHash && (
              <dl className="proof">
                <dt>Chain</dt>
                <dd>{result.chainId}</dd>
                <dt>Contract</dt>
                <dd>
                  <code>{result.contract}</code>
                </dd>
                <dt>Transaction</dt>
                <dd>
                  <code>{result.txHash}</code>
                </dd>
                <dt>Block</dt>
                <dd>
                  {result.blockNumber} ({dateTime(result.blockTimestamp)}, {result.confirmations} confirmations)
                </dd>
                <dt>Merkle path</dt>
                <dd>
                  <code>{result.path || '(the root itself)'}</code>
                </dd>
              </dl>
            )}
          </div>
        )}
      </td>
    </tr>
  );
}

function Payouts({ did, accounts }: { did: string; accounts: ResultOf<typeof ACCOUNTS> | undefined }) {
  const agent = accounts?.myLedgerAccounts.find((a) => a.kind === 'AGENT');
  const entries = useQuery(ENTRIES, { account: agent?.id ?? '' }, { skip: !agent });
  const [open, setOpen] = useState<string | null>(null);
  const explanation = useQuery(EXPLAIN, { settlement: open ?? '', did }, { skip: !open });
  return (
    <section aria-labelledby="payouts-title">
      <h2 id="payouts-title">Payouts</h2>
      {accounts?.myLedgerAccounts.map((a) => (
        <p key={a.id}>
          {a.kind === 'AGENT' ? 'Your balance' : a.name}: <strong>{money(a.balanceMinor, a.currency)}</strong>
        </p>
      ))}
      {!agent && <p className="muted">Nothing paid to you yet.</p>}
      {entries.data && (
        <ul>
          {entries.data.ledger.edges.map(({ node }) => {
            const settlement = /^settlement:([0-9a-f-]{36}):/.exec(node.reference)?.[1];
            return (
              <li key={node.id}>
                {money(node.amountMinor, node.currency)} · {node.memo} <span className="muted">({dateTime(node.at)})</span>{' '}
                {settlement && (
                  <button
                    type="button"
                    className="link"
                    onClick={() => setOpen(open === settlement ? null : settlement)}
                    aria-expanded={open === settlement}
                  >
                    why this amount?
                  </button>
                )}
                {open === settlement && explanation.data && (
                  <ul className="small">
                    {explanation.data.payoutExplanation.lines.map((l) => (
                      <li key={l.line}>
                        {money(l.amountMinor, l.currency)} from the <strong>{l.bucket}</strong> bucket: {l.rule}
                        {l.records.length > 0 && <> · for {l.records.length} record(s)</>}
                        {l.lineagePath && <> · along {l.lineagePath.length} version(s) of the lineage</>}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {accounts?.myRewardClaims.length ? (
        <>
          <h3>On chain</h3>
          <ul>
            {accounts.myRewardClaims.map((c) => (
              <li key={c.epoch}>
                Epoch {c.epoch}: {money(c.amount.amountMinor, c.amount.currency)}{' '}
                <Badge tone={c.status === 'CLAIMED' ? 'good' : 'info'}>{c.status.toLowerCase()}</Badge>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
