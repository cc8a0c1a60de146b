import type { ChalkInstance } from 'chalk';
import type { TransportComparison } from '../transport/compare-over-sockets.js';
import { formatNumber, renderTable, type Column } from './table.js';

/**
 * The human output of `castsim compare --transport ws`: per type, the simulator's
 * prediction beside what the real sockets measured (sim / ws), and whether the
 * counts agree. Counts agree exactly on a loss-free network for every type whose
 * behaviour does not depend on timing; latencies differ by the real stack's overhead.
 */
export function renderTransportCompare(rows: readonly TransportComparison[], c: ChalkInstance): string {
  const pair = (a: number | null | undefined, b: number | null | undefined) => `${formatNumber(a)} / ${formatNumber(b)}`;
  const columns: Column[] = [
    { header: 'type', align: 'left' }, { header: 'expected' }, { header: 'delivered sim / ws' }, { header: 'transmissions sim / ws' },
    { header: 'latency p50 sim / ws' }, { header: 't100 sim / ws' }, { header: 'counts', align: 'left' },
  ];
  const cells = rows.map(({ type, simulated: s, measured: m }) => {
    const same = s.metrics.delivered === m.metrics.delivered && s.metrics.sent === m.metrics.sent && s.metrics.expected === m.metrics.expected;
    return [type, pair(s.metrics.expected, m.metrics.expected), pair(s.metrics.delivered, m.metrics.delivered), pair(s.metrics.sent, m.metrics.sent),
      pair(s.metrics.latency.p50, m.metrics.latency.p50), pair(s.metrics.convergence.t100, m.metrics.convergence.t100), same ? 'equal' : 'differ'];
  });
  const first = rows[0]?.simulated;
  const out: string[] = [];
  if (first) out.push(c.bold(first.scenario) + `  ${first.nodes} nodes, ${first.links} links, seed ${first.seed}: simulated / measured over WebSockets on loopback`, '');
  out.push(renderTable(columns, cells, c), '');
  out.push(c.dim(`latency and t100 in ms of scenario time (time scale ${rows[0]?.measured.timeScale ?? 1}); counts differ where loss or timing decides what is sent (docs/websocket-transport.md)`));
  return out.join('\n');
}
