import { useEffect, useState, type FormEvent } from 'react';
import { LICENCE_CLASSES, LicenceBadges } from '../components/licence';
import { ErrorNote, Field, Loading } from '../components/ui';
import { request } from '../lib/client';
import { count, date } from '../lib/format';
import { graphql, type ResultOf } from '../lib/graphql';
import { Link, navigate, useLocation } from '../lib/router';

const DESIGNS = graphql(`
  query Catalogue($filter: DesignFilter, $first: Int, $after: String) {
    designs(filter: $filter, first: $first, after: $after) {
      totalCount
      totalCountCapped
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          title
          ownerOrganization {
            name
          }
          ownerAccount {
            name
          }
          latestVersion {
            cid
            description
            publishedAt
            license {
              hardware
            }
            licenseClass
            parts {
              process
            }
          }
        }
      }
    }
  }
`);

type Design = ResultOf<typeof DESIGNS>['designs']['edges'][number]['node'];
const PAGE = 24;

// The catalogue: server-side search and filters, a page at a time (the URL holds the search, so
// it can be shared and the Back button works).
export function CataloguePage() {
  const { query } = useLocation();
  const text = query.get('q') ?? '';
  const process = query.get('process') ?? '';
  const classes = query.getAll('licence');
  const [designs, setDesigns] = useState<Design[]>([]);
  const [page, setPage] = useState<{ total: number; capped: boolean; next: string | null }>({ total: 0, capped: false, next: null });
  const [state, setState] = useState<{ loading: boolean; error?: Error }>({ loading: true });
  const filter = { text: text || null, process: process || null, licenseClasses: classes.length ? (classes as never) : null };
  const key = JSON.stringify(filter);

  const load = async (after: string | null) => {
    setState({ loading: true });
    try {
      const data = await request(DESIGNS, { filter, first: PAGE, after });
      setDesigns((prev) => (after ? [...prev, ...data.designs.edges.map((e) => e.node)] : data.designs.edges.map((e) => e.node)));
      const { totalCount: total, totalCountCapped: capped, pageInfo } = data.designs;
      setPage({ total, capped, next: pageInfo.hasNextPage ? pageInfo.endCursor : null });
      setState({ loading: false });
    } catch (err) {
      setState({ loading: false, error: err as Error });
    }
  };
  useEffect(() => {
    void load(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const search = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const params = new URLSearchParams();
    for (const [k, v] of form.entries()) if (typeof v === 'string' && v.trim()) params.append(k, v.trim());
    navigate(`/?${params}`);
  };

  return (
    <section aria-labelledby="catalogue-title">
      <h1 id="catalogue-title">Open hardware to make near you</h1>
      <form className="search" role="search" onSubmit={search}>
        <Field label="Search designs" name="q" type="search" defaultValue={text} placeholder="seed tray, wind turbine, -printed" />
        <Field label="Process" name="process" defaultValue={process} placeholder="laser, 3D printing, CNC…" />
        <fieldset className="checks">
          <legend>Commercial fabrication</legend>
          {LICENCE_CLASSES.map((c) => (
            <label key={c.value}>
              <input type="checkbox" name="licence" value={c.value} defaultChecked={classes.includes(c.value)} /> {c.label}
            </label>
          ))}
        </fieldset>
        <button type="submit">Search</button>
      </form>
      <ErrorNote error={state.error} />
      <p className="muted" aria-live="polite">
        {/* Counting stops at a bound: "1,000+ designs". */}
        {state.loading && !designs.length ? '' : `${count(page.total, page.capped)} design${page.total === 1 && !page.capped ? '' : 's'}`}
      </p>
      <ul className="cards" aria-label="Designs">
        {designs.map((d) => (
          <li key={d.id} className="card">
            <h2>
              <Link to={`/designs/${d.id}`}>{d.title}</Link>
            </h2>
            <p className="muted">
              {d.ownerOrganization?.name ?? d.ownerAccount?.name ?? 'unknown'} · {date(d.latestVersion?.publishedAt)}
            </p>
            {d.latestVersion?.description && <p className="clamp">{d.latestVersion.description}</p>}
            {d.latestVersion && <LicenceBadges license={d.latestVersion.license} licenseClass={d.latestVersion.licenseClass} />}
            {d.latestVersion && (
              <p className="muted small">
                {[...new Set(d.latestVersion.parts.map((p) => p.process).filter(Boolean))].join(', ') || 'no processes listed'}
              </p>
            )}
          </li>
        ))}
      </ul>
      {state.loading && <Loading what="Loading designs" />}
      {page.next && !state.loading && (
        <button type="button" onClick={() => void load(page.next)}>
          More designs
        </button>
      )}
    </section>
  );
}
