import { useState, type FormEvent } from 'react';
import { LocationPicker } from '../components/location';
import type { MapPoint } from '../components/map';
import { Badge, ErrorNote, Field, Loading } from '../components/ui';
import { date, fromMinor, label, money, readAmount } from '../lib/format';
import { graphql } from '../lib/graphql';
import { useMutation, useQuery } from '../lib/hooks';
import { Link, navigate, useLocation } from '../lib/router';
import { useSession } from '../lib/session';

const MATCH = graphql(`
  query Match($input: MatchFacilitiesInput!) {
    matchFacilities(input: $input) {
      edges {
        node {
          eligible
          score
          distanceKm
          load
          reasons
          facility {
            id
            name
            verificationLevel
            location {
              lat
              lon
              city
            }
            organization {
              name
              kind
            }
          }
        }
      }
    }
  }
`);

const REQUEST = graphql(`
  mutation RequestProduction($input: RequestProductionInput!) {
    requestProduction(input: $input) {
      id
    }
  }
`);

const MINE = graphql(`
  query MyRequests {
    myProductionRequests(first: 50) {
      id
      status
      quantity
      dueDate
      createdAt
      designVersion {
        title
      }
      jobs {
        id
        status
      }
    }
  }
`);

const DETAIL = graphql(`
  query RequestDetail($id: ID!) {
    productionRequest(id: $id) {
      id
      status
      quantity
      dueDate
      radiusKm
      split
      budget {
        amountMinor
        currency
      }
      location {
        lat
        lon
      }
      designVersion {
        cid
        title
        design {
          id
        }
      }
      matches {
        score
        distanceKm
        reasons
        facility {
          id
          name
          location {
            lat
            lon
          }
        }
      }
      jobs {
        id
        label
        status
        quantity
        evidenceCids
        facility {
          name
          organization {
            name
          }
        }
      }
    }
  }
`);

const SETTLEMENT = graphql(`
  query JobSettlement($job: ID!) {
    settlement(jobId: $job) {
      id
      status
      total {
        amountMinor
        currency
      }
      payouts {
        line
        bucket
        rule
        amountMinor
        currency
        fund
        agent {
          name
          kind
        }
      }
    }
  }
`);

const ACCEPT = graphql(`
  mutation Accept($job: ID!) {
    acceptDelivery(jobId: $job) {
      id
      status
    }
  }
`);

const DISPUTE = graphql(`
  mutation Dispute($job: ID!, $reason: String!) {
    disputeDelivery(jobId: $job, reason: $reason) {
      id
      status
    }
  }
`);

const PAY = graphql(`
  mutation Pay($job: ID!, $amount: MoneyInput!) {
    recordPayment(jobId: $job, amount: $amount) {
      id
      status
    }
  }
`);

// For requesters: a design, a quantity, a place (on the map or typed), a date and a budget; the
// facilities that can make it, ranked with their reasons on a map; then the request goes out.
export function RequestPage() {
  const { query } = useLocation();
  const { me } = useSession();
  const [where, setWhere] = useState<{ lat: number; lon: number } | null>(null);
  const [form, setForm] = useState({
    address: '',
    cid: query.get('design') ?? '',
    quantity: 1,
    radiusKm: 50,
    due: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
    budget: '',
    currency: 'EUR',
  });
  const [preview, setPreview] = useState(false);
  const [moneyError, setMoneyError] = useState<{ error: string; field: 'amount' | 'currency' } | undefined>();
  // An emptied or half-typed date matches nothing yet (and must not throw while rendering).
  const dueDate = Number.isNaN(Date.parse(form.due)) ? null : new Date(form.due).toISOString();
  const matchInput =
    where && form.cid && dueDate
      ? { designVersionCid: form.cid, location: where, radiusKm: form.radiusKm, quantity: form.quantity, dueDate, first: 10 }
      : null;
  const matches = useQuery(MATCH, { input: matchInput! }, { skip: !preview || !matchInput });
  const request = useMutation(REQUEST);
  if (!me) return <p>Sign in to request production.</p>;
  const found = matches.data?.matchFacilities.edges.map((e) => e.node) ?? [];
  const points: MapPoint[] = found
    .filter((m) => m.facility.location)
    .map((m) => ({
      lat: m.facility.location!.lat,
      lon: m.facility.location!.lon,
      label: `${m.facility.name} (${m.distanceKm.toFixed(1)} km)`,
      tone: 'match' as const,
    }));
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!where || !dueDate) return;
    const budget = form.budget.trim() ? readAmount(form.budget, form.currency) : null;
    if (budget && 'error' in budget) return setMoneyError(budget);
    const done = await request.run({
      input: {
        designVersionCid: form.cid,
        quantity: form.quantity,
        location: { ...where, address: form.address.trim() || null },
        radiusKm: form.radiusKm,
        dueDate,
        budget,
        allowSplit: true,
      },
    });
    if (done) navigate(`/requests/${done.requestProduction.id}`);
  };
  const set = (patch: Partial<typeof form>) => {
    setForm((f) => ({ ...f, ...patch }));
    setPreview(false);
  };
  return (
    <section aria-labelledby="request-title">
      <h1 id="request-title">Request production</h1>
      <form className="form" onSubmit={submit}>
        <Field
          label="Design version (CID)"
          value={form.cid}
          required
          onChange={(e) => set({ cid: e.target.value.trim() })}
          hint="From a design’s page: Request production fills it in."
        />
        <div className="row">
          <Field
            label="Quantity"
            type="number"
            min={1}
            required
            value={form.quantity}
            onChange={(e) => set({ quantity: Number(e.target.value) })}
          />
          <Field
            label="Within (km)"
            type="number"
            min={1}
            max={2000}
            required
            value={form.radiusKm}
            onChange={(e) => set({ radiusKm: Number(e.target.value) })}
          />
          <Field label="Needed by" type="date" required value={form.due} onChange={(e) => set({ due: e.target.value })} />
          <Field
            label="Budget"
            inputMode="decimal"
            value={form.budget}
            error={moneyError?.field === 'amount' ? moneyError.error : undefined}
            onChange={(e) => (setMoneyError(undefined), set({ budget: e.target.value }))}
            hint="In the currency beside it; optional."
          />
          <Field
            label="Currency"
            value={form.currency}
            maxLength={3}
            error={moneyError?.field === 'currency' ? moneyError.error : undefined}
            onChange={(e) => (setMoneyError(undefined), set({ currency: e.target.value.toUpperCase() }))}
          />
        </div>
        <LocationPicker legend="Where it is needed" value={where} onChange={(p) => (setWhere(p), setPreview(false))} others={points} />
        <Field
          label="Delivery address (for the maker)"
          value={form.address}
          onChange={(e) => set({ address: e.target.value })}
          hint="The place itself is the point on the map (or the coordinates): makers are matched by distance from it."
        />
        <div className="actions">
          <button type="button" className="secondary" disabled={!matchInput} onClick={() => setPreview(true)}>
            Find makers nearby
          </button>
          <button type="submit" disabled={!where || request.pending}>
            Send the request
          </button>
        </div>
        <ErrorNote error={request.error ?? matches.error} />
      </form>
      {preview && matches.loading && <Loading what="Matching" />}
      {preview && matches.data && (
        <section aria-labelledby="matches-title">
          <h2 id="matches-title">{found.length ? 'Who can make it' : 'No facility in range can make it'}</h2>
          <ol>
            {found.map((m) => (
              <li key={m.facility.id}>
                <strong>{m.facility.name}</strong> <span className="muted">({m.facility.organization.name})</span> ·{' '}
                {m.distanceKm.toFixed(1)} km · score {m.score.toFixed(2)}{' '}
                <Badge tone={m.facility.verificationLevel === 'VERIFIED' ? 'good' : 'neutral'}>{label(m.facility.verificationLevel)}</Badge>
                <div className="small muted">{m.reasons.join('; ')}</div>
              </li>
            ))}
          </ol>
        </section>
      )}
    </section>
  );
}

export function MyRequestsPage() {
  const { me } = useSession();
  const mine = useQuery(MINE, {}, { skip: !me });
  if (!me) return <p>Sign in to see your requests.</p>;
  if (mine.loading) return <Loading />;
  return (
    <section aria-labelledby="mine-title">
      <h1 id="mine-title">Your production requests</h1>
      <ErrorNote error={mine.error} />
      {mine.data?.myProductionRequests.length ? (
        <ul>
          {mine.data.myProductionRequests.map((r) => (
            <li key={r.id}>
              <Link to={`/requests/${r.id}`}>{r.designVersion.title}</Link> ×{r.quantity} · {r.status.toLowerCase()} · due {date(r.dueDate)}{' '}
              · <span className="muted">{r.jobs.map((j) => label(j.status)).join(', ')}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">
          None yet. Find a design in the <Link to="/">catalogue</Link> and request it.
        </p>
      )}
    </section>
  );
}

export function RequestDetailPage({ id }: { id: string }) {
  const detail = useQuery(DETAIL, { id });
  const accept = useMutation(ACCEPT);
  const dispute = useMutation(DISPUTE);
  if (detail.loading && !detail.data) return <Loading />;
  if (detail.error) return <ErrorNote error={detail.error} />;
  const r = detail.data?.productionRequest;
  if (!r) return null;
  return (
    <section aria-labelledby="detail-title">
      <h1 id="detail-title">
        {r.designVersion.title} ×{r.quantity}
      </h1>
      <p className="muted">
        {r.status.toLowerCase()} · due {date(r.dueDate)} · within {r.radiusKm} km
        {r.budget ? ` · budget ${money(r.budget.amountMinor, r.budget.currency)}` : ''} ·{' '}
        <Link to={`/designs/${r.designVersion.design.id}?v=${r.designVersion.cid}`}>the design</Link>
      </p>
      <ErrorNote error={accept.error ?? dispute.error} />
      <table>
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">Status</th>
            <th scope="col">Maker</th>
            <th scope="col">Your part</th>
          </tr>
        </thead>
        <tbody>
          {r.jobs.map((j) => (
            <tr key={j.id}>
              <td>
                {j.label} ×{j.quantity}
              </td>
              <td>{label(j.status)}</td>
              <td>{j.facility ? `${j.facility.name} (${j.facility.organization.name})` : '—'}</td>
              <td>
                {j.status === 'DELIVERED' && (
                  <div>
                    <button type="button" onClick={async () => (await accept.run({ job: j.id })) && detail.reload()}>
                      Accept delivery
                    </button>
                    <form
                      className="form inline"
                      onSubmit={async (e) => {
                        e.preventDefault();
                        const reason = String(new FormData(e.currentTarget).get('reason') ?? '').trim();
                        if (reason && (await dispute.run({ job: j.id, reason }))) detail.reload();
                      }}
                    >
                      <Field label="What is wrong with it" name="reason" required minLength={3} />
                      <button type="submit" className="secondary">
                        Dispute
                      </button>
                    </form>
                  </div>
                )}
                {(j.status === 'ACCEPTED' || j.status === 'SETTLED') && <Payment jobId={j.id} budget={r.budget} onPaid={detail.reload} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Payment({
  jobId,
  budget,
  onPaid,
}: {
  jobId: string;
  budget: { amountMinor: string; currency: string } | null;
  onPaid: () => void;
}) {
  const settlement = useQuery(SETTLEMENT, { job: jobId });
  const pay = useMutation(PAY);
  const [moneyError, setMoneyError] = useState<{ error: string; field: 'amount' | 'currency' } | undefined>();
  const s = settlement.data?.settlement;
  if (settlement.loading && !settlement.data) return <Loading />;
  if (s) {
    return (
      <div>
        <p>
          Paid {money(s.total.amountMinor, s.total.currency)}:{' '}
          <Badge tone={s.status === 'DISTRIBUTED' ? 'good' : 'info'}>{s.status.toLowerCase()}</Badge>
          {s.status !== 'DISTRIBUTED' && (
            <button type="button" className="link" onClick={settlement.reload}>
              refresh
            </button>
          )}
        </p>
        {s.payouts.length > 0 && (
          <ul className="small">
            {s.payouts.map((p) => (
              <li key={p.line}>
                {money(p.amountMinor, p.currency)} to{' '}
                {p.agent?.name ?? (p.fund ? `the ${p.fund.toLowerCase()} fund` : 'a member (name private)')} — {p.bucket}
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const amount = readAmount(String(f.get('amount')), String(f.get('currency')));
    setMoneyError('error' in amount ? amount : undefined);
    if ('error' in amount) return;
    if (await pay.run({ job: jobId, amount })) {
      settlement.reload();
      onPaid();
    }
  };
  return (
    <form className="form inline" onSubmit={submit}>
      <Field
        label="Amount paid"
        name="amount"
        inputMode="decimal"
        required
        error={moneyError?.field === 'amount' ? moneyError.error : undefined}
        defaultValue={budget ? fromMinor(budget.amountMinor, budget.currency) : undefined}
      />
      <Field
        label="Currency"
        name="currency"
        maxLength={3}
        required
        error={moneyError?.field === 'currency' ? moneyError.error : undefined}
        defaultValue={budget?.currency ?? 'EUR'}
      />
      <ErrorNote error={pay.error} />
      <button type="submit" disabled={pay.pending}>
        Record payment
      </button>
    </form>
  );
}
