import { Link } from '../lib/router';
import { shortCid } from '../lib/format';

interface Node {
  cid: string;
  title: string;
  designId: string;
  depth: number; // negative: ancestors (up), positive: descendants (down), 0: this version
}

// The remix lineage as a graph: ancestors above the version, remixes below, one row per generation;
// every node links to its design.
export function LineageGraph({ nodes }: { nodes: Node[] }) {
  const rows = new Map<number, Node[]>();
  for (const n of nodes) rows.set(n.depth, [...(rows.get(n.depth) ?? []), n]);
  const depths = [...rows.keys()].sort((a, b) => a - b);
  const width = 640;
  const rowHeight = 64;
  const pos = new Map<string, { x: number; y: number }>();
  depths.forEach((d, r) => {
    const row = rows.get(d)!;
    row.forEach((n, i) => pos.set(`${n.depth}:${n.cid}`, { x: ((i + 1) * width) / (row.length + 1), y: 28 + r * rowHeight }));
  });
  const height = 28 + depths.length * rowHeight;
  // Edges between consecutive generations (the lineage a version passes its credit along).
  const edges: Array<[string, string]> = [];
  for (let r = 0; r + 1 < depths.length; r++) {
    for (const a of rows.get(depths[r]!)!)
      for (const b of rows.get(depths[r + 1]!)!) edges.push([`${a.depth}:${a.cid}`, `${b.depth}:${b.cid}`]);
  }
  if (nodes.length <= 1) return <p className="muted">An original design: it remixes nothing, and nothing remixes it yet.</p>;
  return (
    <figure className="lineage">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Remix lineage: ${nodes.length} versions over ${depths.length} generations`}
      >
        {edges.map(([a, b]) => {
          const p = pos.get(a)!;
          const q = pos.get(b)!;
          return <line key={`${a}-${b}`} x1={p.x} y1={p.y} x2={q.x} y2={q.y} className="edge" />;
        })}
        {nodes.map((n) => {
          const p = pos.get(`${n.depth}:${n.cid}`)!;
          return (
            <g key={`${n.depth}:${n.cid}`} transform={`translate(${p.x},${p.y})`} className={n.depth === 0 ? 'node current' : 'node'}>
              <circle r={9} />
              <text y={-14} textAnchor="middle">
                {n.title.length > 28 ? `${n.title.slice(0, 27)}…` : n.title}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="inline-list">
          {nodes
            .filter((n) => n.depth !== 0)
            .map((n) => (
              <li key={`${n.depth}:${n.cid}`}>
                <Link to={`/designs/${n.designId}?v=${n.cid}`}>{n.title}</Link>{' '}
                <span className="muted">
                  ({n.depth < 0 ? `${-n.depth} up` : `${n.depth} down`}, {shortCid(n.cid)})
                </span>
              </li>
            ))}
        </ul>
      </figcaption>
    </figure>
  );
}
