import { LicenceBadges } from '../components/licence';
import { LineageGraph } from '../components/lineage';
import { ErrorNote, Loading } from '../components/ui';
import { bytes, date, shortCid } from '../lib/format';
import { graphql } from '../lib/graphql';
import { useQuery } from '../lib/hooks';
import { Link, useLocation } from '../lib/router';

const VERSION_FIELDS = graphql(`
  fragment VersionFields on DesignVersion @_unmask {
    id
    cid
    rootCid
    title
    version
    description
    publishedAt
    publishedBy {
      name
    }
    origin {
      local
      instance
      actorUrl
    }
    license {
      hardware
      software
      documentation
    }
    licenseClass
    files {
      path
      cid
      size
    }
    parts {
      id
      name
      process
      material
      toleranceClass
      outerDimensionsMm {
        x
        y
        z
      }
    }
    bom {
      id
      name
      quantity
      unit
      mpn
      source
    }
    parents {
      shareBps
      version {
        cid
        title
        design {
          id
        }
      }
    }
    ancestors(depth: 5) {
      depth
      version {
        cid
        title
        design {
          id
        }
      }
    }
    descendants(depth: 3) {
      depth
      version {
        cid
        title
        design {
          id
        }
      }
    }
  }
`);

const DESIGN = graphql(
  `
    query DesignPage($id: ID!, $withLatest: Boolean!) {
      design(id: $id) {
        id
        title
        ownerOrganization {
          name
        }
        ownerAccount {
          name
        }
        latestVersion @include(if: $withLatest) {
          ...VersionFields
        }
        versions(first: 50) {
          totalCount
          edges {
            node {
              cid
              version
              title
              publishedAt
            }
          }
        }
      }
    }
  `,
  [VERSION_FIELDS],
);

const VERSION = graphql(
  `
    query DesignVersionPage($cid: String!) {
      designVersion(cid: $cid) {
        ...VersionFields
      }
    }
  `,
  [VERSION_FIELDS],
);

// A design: its files on IPFS (each downloadable), parts and BOM, licences with what they allow,
// the remix lineage, and every version.
export function DesignPage({ id }: { id: string }) {
  const { query } = useLocation();
  const pinned = query.get('v');
  // A pinned version (?v=) is fetched on its own; the latest only when none is pinned.
  const design = useQuery(DESIGN, { id, withLatest: !pinned });
  const version = useQuery(VERSION, { cid: pinned ?? '' }, { skip: !pinned });
  if (design.loading || (pinned && version.loading)) return <Loading what="Loading the design" />;
  if (design.error || version.error) return <ErrorNote error={design.error ?? version.error} />;
  const d = design.data?.design;
  if (!d) return <p>There is no such design.</p>;
  const v = pinned ? version.data?.designVersion : d.latestVersion;
  if (!v) return <p>{pinned ? 'There is no such version of this design.' : 'This design has no published version.'}</p>;
  const lineage = [
    ...v.ancestors.map((a) => ({ cid: a.version.cid, title: a.version.title, designId: a.version.design.id, depth: -a.depth })),
    { cid: v.cid, title: v.title, designId: d.id, depth: 0 },
    ...v.descendants.map((a) => ({ cid: a.version.cid, title: a.version.title, designId: a.version.design.id, depth: a.depth })),
  ];
  return (
    <article aria-labelledby="design-title">
      <header className="page-head">
        <h1 id="design-title">{v.title}</h1>
        <p className="muted">
          {v.version ? `Version ${v.version} · ` : ''}published {date(v.publishedAt)}
          {v.publishedBy ? ` by ${v.publishedBy.name}` : ''}
          {d.ownerOrganization ? ` for ${d.ownerOrganization.name}` : ''}
          {v.origin.local ? '' : ' on '}
          {v.origin.local ? null : (
            <a href={v.origin.actorUrl ?? undefined} rel="noreferrer">
              {v.origin.instance}
            </a>
          )}{' '}
          · <code title={v.cid}>{shortCid(v.cid)}</code>
        </p>
        <LicenceBadges license={v.license} licenseClass={v.licenseClass} />
        <p className="actions">
          <Link className="button" to={`/request?design=${v.cid}`}>
            Request production
          </Link>
          <Link className="button secondary" to={`/publish?remix=${v.cid}&title=${encodeURIComponent(`${v.title} (remix)`)}`}>
            Remix this design
          </Link>
          <Link className="button secondary" to={`/publish?design=${d.id}&title=${encodeURIComponent(v.title)}`}>
            Publish a new version
          </Link>
        </p>
      </header>
      {v.description && <p className="lead">{v.description}</p>}

      <section aria-labelledby="files-title">
        <h2 id="files-title">Files</h2>
        {v.files.length ? (
          <table>
            <caption className="sr-only">Files of this version, stored on IPFS</caption>
            <thead>
              <tr>
                <th scope="col">Path</th>
                <th scope="col">Size</th>
                <th scope="col">CID</th>
              </tr>
            </thead>
            <tbody>
              {v.files.map((f) => (
                <tr key={f.path}>
                  <td>
                    <a
                      href={`/ipfs/${v.rootCid}/${f.path.split('/').map(encodeURIComponent).join('/')}`}
                      download={f.path.split('/').pop()}
                    >
                      {f.path}
                    </a>
                  </td>
                  <td>{bytes(f.size)}</td>
                  <td>
                    <code title={f.cid}>{shortCid(f.cid)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">No files.</p>
        )}
        <p className="small">
          <a href={`/ipfs/${v.rootCid}?format=car`} download={`${v.rootCid}.car`}>
            Download everything as a verifiable CAR
          </a>
        </p>
      </section>

      <section aria-labelledby="parts-title">
        <h2 id="parts-title">Parts</h2>
        {v.parts.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Part</th>
                <th scope="col">Process</th>
                <th scope="col">Material</th>
                <th scope="col">Size (mm)</th>
              </tr>
            </thead>
            <tbody>
              {v.parts.map((p) => (
                <tr key={p.id}>
                  <td>{p.name}</td>
                  <td>{p.process ?? '—'}</td>
                  <td>{p.material ?? '—'}</td>
                  <td>{p.outerDimensionsMm ? `${p.outerDimensionsMm.x} × ${p.outerDimensionsMm.y} × ${p.outerDimensionsMm.z}` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">No parts listed.</p>
        )}
      </section>

      <section aria-labelledby="bom-title">
        <h2 id="bom-title">Bill of materials</h2>
        {v.bom.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col">Quantity</th>
                <th scope="col">Part number</th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {v.bom.map((b) => (
                <tr key={b.id}>
                  <td>{b.name}</td>
                  <td>
                    {b.quantity} {b.unit}
                  </td>
                  <td>{b.mpn ?? '—'}</td>
                  <td>{b.source ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">No bill of materials.</p>
        )}
      </section>

      <section aria-labelledby="lineage-title">
        <h2 id="lineage-title">Remix lineage</h2>
        {v.parents.length > 0 && (
          <p>
            Remixes{' '}
            {v.parents.map((p, i) => (
              <span key={p.version.cid}>
                {i > 0 && ', '}
                <Link to={`/designs/${p.version.design.id}?v=${p.version.cid}`}>{p.version.title}</Link> ({p.shareBps / 100} % of its
                credit)
              </span>
            ))}
            .
          </p>
        )}
        <LineageGraph nodes={lineage} />
      </section>

      <section aria-labelledby="versions-title">
        <h2 id="versions-title">Versions ({d.versions.totalCount})</h2>
        <ol className="versions">
          {d.versions.edges.map(({ node }) => (
            <li key={node.cid}>
              <Link to={`/designs/${d.id}?v=${node.cid}`} aria-current={node.cid === v.cid ? 'page' : undefined}>
                {node.version ?? node.title}
              </Link>{' '}
              <span className="muted">{date(node.publishedAt)}</span>
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
