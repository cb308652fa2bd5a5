// Small SVG charts, no library: a line of balances over time and horizontal bars.

export function LineChart({ series, label, format }: { series: Array<{ name: string; points: Array<{ t: number; v: number }> }>; label: string; format: (v: number) => string }) {
  const all = series.flatMap((s) => s.points);
  if (!all.length) return <p className="muted">No movements yet.</p>;
  const [w, h, pad] = [640, 220, 40];
  const t0 = Math.min(...all.map((p) => p.t));
  const t1 = Math.max(...all.map((p) => p.t), t0 + 1);
  const v1 = Math.max(...all.map((p) => p.v), 1);
  const x = (t: number) => pad + ((t - t0) / (t1 - t0)) * (w - 2 * pad);
  const y = (v: number) => h - pad - (v / v1) * (h - 2 * pad);
  const colours = ['#2f6b3a', '#1f5c8a', '#8a5a00', '#a12a1f'];
  return (
    <figure>
      <svg className="chart" viewBox={`0 0 ${w} ${h}`} role="img" aria-label={label}>
        <line x1={pad} y1={h - pad} x2={w - pad} y2={h - pad} stroke="#9aa89c" />
        <text x={pad} y={pad - 10} fontSize="11">
          {format(v1)}
        </text>
        {series.map((s, i) => (
          <polyline key={s.name} fill="none" stroke={colours[i % colours.length]} strokeWidth="2.5" points={s.points.map((p) => `${x(p.t)},${y(p.v)}`).join(' ')} />
        ))}
      </svg>
      <figcaption className="small">
        {series.map((s, i) => (
          <span key={s.name} style={{ color: colours[i % colours.length], marginRight: '1rem' }}>
            ■ {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

export function BarChart({ bars, label, format }: { bars: Array<{ name: string; value: number }>; label: string; format: (v: number) => string }) {
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
