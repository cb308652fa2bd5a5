// Small SVG charts, no library: lines over time, horizontal bars and stacked columns.

const PALETTE = ['#2f6b3a', '#1f5c8a', '#8a5a00', '#a12a1f', '#5b3f8c', '#3f7f7a', '#6b6b2f'];
const colour = (i: number) => PALETTE[i % PALETTE.length];

function Legend({ names }: { names: string[] }) {
  return (
    <figcaption className="small">
      {names.map((name, i) => (
        <span key={name} style={{ color: colour(i), marginRight: '1rem' }}>
          ■ {name}
        </span>
      ))}
    </figcaption>
  );
}

export function LineChart({
  series,
  label,
  format,
}: {
  series: Array<{ name: string; points: Array<{ t: number; v: number }> }>;
  label: string;
  format: (v: number) => string;
}) {
  const all = series.flatMap((s) => s.points);
  if (!all.length) return <p className="muted">No movements yet.</p>;
  const [w, h, pad] = [640, 220, 40];
  const t0 = Math.min(...all.map((p) => p.t));
  const t1 = Math.max(...all.map((p) => p.t), t0 + 1);
  const v1 = Math.max(...all.map((p) => p.v), 1);
  const x = (t: number) => pad + ((t - t0) / (t1 - t0)) * (w - 2 * pad);
  const y = (v: number) => h - pad - (v / v1) * (h - 2 * pad);
  return (
    <figure>
      <svg className="chart" viewBox={`0 0 ${w} ${h}`} role="img" aria-label={label}>
        <line x1={pad} y1={h - pad} x2={w - pad} y2={h - pad} stroke="#9aa89c" />
        <text x={pad} y={pad - 10} fontSize="11">
          {format(v1)}
        </text>
        {series.map((s, i) => (
          <polyline
            key={s.name}
            fill="none"
            stroke={colour(i)}
            strokeWidth="2.5"
            points={s.points.map((p) => `${x(p.t)},${y(p.v)}`).join(' ')}
          />
        ))}
      </svg>
      <Legend names={series.map((s) => s.name)} />
    </figure>
  );
}

export function BarChart({
  bars,
  label,
  format,
}: {
  bars: Array<{ name: string; value: number }>;
  label: string;
  format: (v: number) => string;
}) {
  if (!bars.length) return <p className="muted">Nothing yet.</p>;
  const max = Math.max(...bars.map((b) => b.value), 1);
  const [w, row] = [640, 28];
  return (
    <svg className="chart" viewBox={`0 0 ${w} ${bars.length * row + 8}`} role="img" aria-label={label}>
      {bars.map((b, i) => (
        <g key={b.name} transform={`translate(0,${i * row + 4})`}>
          <text x={0} y={16} fontSize="12">
            {b.name}
          </text>
          <rect x={200} y={4} height={16} width={Math.max(2, (b.value / max) * (w - 330))} fill="#2f6b3a" />
          <text x={210 + (b.value / max) * (w - 330)} y={16} fontSize="12">
            {format(b.value)}
          </text>
        </g>
      ))}
    </svg>
  );
}

// One column per period, stacked by series; a table with the same figures follows for screen
// readers (and anyone who wants the numbers).
export function StackedColumns({
  columns,
  series,
  label,
  format,
  periodLabel,
}: {
  columns: Array<{ periodStart: string; byBucket: Record<string, bigint>; total: bigint }>;
  series: string[];
  label: string;
  format: (v: bigint) => string;
  periodLabel: (iso: string) => string;
}) {
  if (!series.length) return <p className="muted">Nothing distributed in these periods.</p>;
  const [w, h, pad, top] = [640, 240, 36, 24];
  const max = columns.reduce((m, c) => (c.total > m ? c.total : m), 1n);
  const slot = (w - 2 * pad) / columns.length;
  const bar = Math.max(2, slot * 0.7);
  // Heights are drawn in floating point; the figures shown stay exact.
  const scale = (v: bigint) => (Number(v) / Number(max)) * (h - pad - top);
  const every = Math.ceil(columns.length / 12);
  return (
    <figure>
      <svg className="chart" viewBox={`0 0 ${w} ${h}`} role="img" aria-label={label}>
        <line x1={pad} y1={h - pad} x2={w - pad} y2={h - pad} stroke="#9aa89c" />
        <text x={pad} y={top - 8} fontSize="11">
          {format(max)}
        </text>
        {columns.map((c, i) => {
          let y = h - pad;
          return (
            <g key={c.periodStart}>
              {series.map((s, j) => {
                const v = c.byBucket[s];
                if (!v) return null;
                const height = scale(v);
                y -= height;
                return (
                  <rect key={s} x={pad + i * slot + (slot - bar) / 2} y={y} width={bar} height={Math.max(height, 0.5)} fill={colour(j)}>
                    <title>{`${periodLabel(c.periodStart)}, ${s.toLowerCase()}: ${format(v)}`}</title>
                  </rect>
                );
              })}
              {i % every === 0 && (
                <text x={pad + i * slot + slot / 2} y={h - pad + 14} fontSize="10" textAnchor="middle">
                  {periodLabel(c.periodStart)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <Legend names={series.map((s) => s.toLowerCase())} />
      <table className="sr-only">
        <caption>{label}</caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            {series.map((s) => (
              <th key={s} scope="col">
                {s.toLowerCase()}
              </th>
            ))}
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c) => (
            <tr key={c.periodStart}>
              <th scope="row">{periodLabel(c.periodStart)}</th>
              {series.map((s) => (
                <td key={s}>{format(c.byBucket[s] ?? 0n)}</td>
              ))}
              <td>{format(c.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
