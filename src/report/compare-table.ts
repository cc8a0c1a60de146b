import type { ChalkInstance } from 'chalk';
import type { RunResult } from '../simulation/simulate.js';
import { formatNumber, renderTable, type Column } from './table.js';

type Better = 'higher' | 'lower' | null;

/**
 * The compare table's columns: what each shows and which direction is better.
 * `expected` and `delivered` measure the workload's size (one recipient for
 * unicast, all for broadcast), not how well a type did, so they are never marked.
 */
const COLUMNS: Array<{ header: string; better: Better; value: (r: RunResult) => number | null }> = [
  { header: 'expected', better: null, value: (r) => r.metrics.expected },
  { header: 'delivered', better: null, value: (r) => r.metrics.delivered },
  { header: 'ratio', better: 'higher', value: (r) => r.metrics.deliveryRatio },
  { header: 'transmissions', better: 'lower', value: (r) => r.metrics.sent },
  { header: 'tx/delivery', better: 'lower', value: (r) => (r.metrics.delivered > 0 ? r.metrics.sent / r.metrics.delivered : null) },
  { header: 'hops mean', better: 'lower', value: (r) => r.metrics.hops.mean },
  { header: 'hops max', better: 'lower', value: (r) => r.metrics.hops.max },
  { header: 'latency p50', better: 'lower', value: (r) => r.metrics.latency.p50 },
  { header: 'latency p95', better: 'lower', value: (r) => r.metrics.latency.p95 },
  { header: 'latency max', better: 'lower', value: (r) => r.metrics.latency.max },
  { header: 't100', better: 'lower', value: (r) => r.metrics.convergence.t100 },
];

/** The best value of each column (null when the column has no direction or no values). */
function bestValues(rows: readonly RunResult[]): Array<number | null> {
  return COLUMNS.map((col) => {
    if (!col.better) return null;
    const xs = rows.map(col.value).filter((x): x is number => x !== null && Number.isFinite(x));
    if (xs.length === 0) return null;
    return col.better === 'higher' ? Math.max(...xs) : Math.min(...xs);
  });
}

/**
 * The human output of `castsim compare`: one row per type, the best value of each
 * column in bold green (on a TTY; ties all marked), then the shared network.
 * `missing` lists types that are not registered, so the reader knows why a row is absent.
 */
export function renderCompare(rows: readonly RunResult[], c: ChalkInstance, missing: readonly string[] = []): string {
  const columns: Column[] = [{ header: 'type', align: 'left' }, ...COLUMNS.map((col) => ({ header: col.header }))];
  const best = bestValues(rows);
  const cells = rows.map((r) => [r.protocol, ...COLUMNS.map((col) => formatNumber(col.value(r)))]);
  const table = renderTable(columns, cells, c, (i, j) => j > 0 && best[j - 1] !== null && COLUMNS[j - 1]!.value(rows[i]!) === best[j - 1]);
  const out: string[] = [];
  const first = rows[0];
  if (first) out.push(c.bold(first.scenario) + `  ${first.nodes} nodes, ${first.links} links, seed ${first.seed}`, '');
  out.push(table, '');
  out.push(c.dim('latency and t100 in ms; transmissions = every message put on a link (data, acks, control); best of each column in bold'));
  if (first) {
    const shared = rows.every((r) => r.topologyFingerprint === first.topologyFingerprint);
    out.push(c.dim(shared ? `every row ran on the same network: topology ${first.topologyFingerprint.slice(0, 16)}` : 'warning: the rows ran on different networks'));
  }
  if (missing.length > 0) out.push(c.dim(`not registered, so not compared: ${missing.join(', ')}`));
  return out.join('\n');
}
