import type { SweepReport } from '../sweep/aggregate.js';

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
function field(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The sweep as tidy CSV, one line per (point, metric): point, each varied field,
 * metric, n, nulls, mean, sd, ci95_lo, ci95_hi. Empty fields are nulls. Long
 * rather than wide, so any number of metrics loads straight into pandas or R.
 */
export function sweepCsv(r: SweepReport): string {
  const lines = [['point', ...r.vary.map((a) => a.path), 'metric', 'n', 'nulls', 'mean', 'sd', 'ci95_lo', 'ci95_hi'].map(field).join(',')];
  for (const p of r.points) {
    for (const [name, m] of Object.entries(p.metrics)) {
      lines.push([p.point, ...r.vary.map((a) => p.values[a.path]), name, m.n, m.nulls, m.mean, m.sd, m.ci95?.[0], m.ci95?.[1]].map(field).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}
