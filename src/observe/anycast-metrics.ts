/**
 * `metrics.anycast`, observed from the trace alone. A request is served by the first
 * node other than its client that delivers it; the client's own `deliver` of the same
 * id is the response arriving.
 * servedBy      member id → requests served, for every node that was a member when some
 *               request was sent (members that served none show 0).
 * jain          Jain's fairness index (Σx)² / (k·Σx²) over those members' counts: 1 when
 *               all served equally, 1/k when one served everything.
 * stretch       request latency ÷ the shortest-path latency (mean link latencies) from the
 *               client to the nearest member that was up at send time.
 * rtt           response arrival at the client − send time.
 * failover      lostRequests: requests issued (source up, a member chosen or not) that no
 *               member ever served (lost at the crashed member, at a crashed relay on a
 *               static route, or never sent because no member was reachable).
 *               time: for each crash of a member that had requests sent to it dropped on
 *               arrival, from the crash until a client that lost one of them is first
 *               served by another member (a request it sent after the crash); the worst
 *               over crashes, null when no request was lost that way or no affected client
 *               was ever served again.
 */
import type { NetworkServices } from '../api/process.js';
import type { MetricsObserver, TraceEvent, TraceEventType } from '../api/trace.js';
import type { RequestDetail } from './delivery-metrics.js';
import { round, Sample } from './distribution.js';

interface RequestRecord {
  id: number;
  source: number;
  at: number;
  issued: boolean;
  /** The member the client sent to, or -1. */
  chosen: number;
  server: number;
  servedAt: number;
  answered: boolean;
  /** Shortest latency from the client to a live member at send time. */
  best: number;
}

/** One crash of one node, and the clients whose requests to it were dropped on arrival. */
interface Outage { node: number; at: number; clients: Set<number> }

export interface AnycastMetricsResult {
  servedBy: Record<string, number>;
  jain: number | null;
  stretch: { mean: number | null; max: number | null };
  rtt: { mean: number | null; max: number | null };
  failover: { lostRequests: number; time: number | null };
}

export class AnycastMetrics implements MetricsObserver {
  /** The event types read below; the others are not passed (Observer.types). */
  readonly types: readonly TraceEventType[] = ['request', 'deliver', 'drop', 'crash', 'recover'];
  readonly name = 'anycast';
  private readonly records = new Map<number, RequestRecord>();
  private readonly members = new Set<number>();
  private readonly servedBy = new Map<number, number>();
  private readonly up: Uint8Array;
  private readonly outages: Outage[] = [];
  /** Index in `outages` of each node's current crash, or -1 while it is up. */
  private readonly current: Int32Array;
  private readonly stretch = new Sample();
  private readonly rtt = new Sample();

  constructor(private readonly network: NetworkServices) {
    this.up = new Uint8Array(network.size).fill(1);
    this.current = new Int32Array(network.size).fill(-1);
  }

  event(e: TraceEvent): void {
    switch (e.type) {
      case 'request': {
        const { request, expected } = e.detail as RequestDetail;
        const live: number[] = [];
        for (const m of request.members ?? []) {
          this.members.add(m);
          if (this.up[m]) live.push(m);
        }
        // The nearest live member other than the client, from one multi-source search.
        const near = this.network.nearest(live, 'latency');
        const best = near.first[request.source] === request.source ? near.secondDist[request.source]! : near.firstDist[request.source]!;
        this.records.set(request.id, { id: request.id, source: request.source, at: e.t, issued: e.label !== 'source-down', chosen: expected[0] ?? -1, server: -1, servedAt: NaN, answered: false, best });
        break;
      }
      case 'deliver': {
        const r = this.records.get(e.msg);
        if (!r) break;
        if (e.node === r.source) {
          if (!r.answered) { r.answered = true; this.rtt.push(e.t - r.at); }
        } else if (r.server < 0) {
          r.server = e.node; r.servedAt = e.t;
          this.servedBy.set(e.node, (this.servedBy.get(e.node) ?? 0) + 1);
          if (r.best > 0 && r.best < Infinity) this.stretch.push((e.t - r.at) / r.best);
        }
        break;
      }
      case 'drop': {
        if (e.detail !== 'crashed' || e.label !== 'request') break;
        // Only losses at the chosen member itself: a request lost at a crashed relay is
        // lost, but it is not the failover of the member it was sent to.
        const o = this.current[e.peer]!, r = this.records.get(e.msg);
        if (o >= 0 && r && r.chosen === e.peer) this.outages[o]!.clients.add(r.source);
        break;
      }
      case 'crash':
        this.up[e.node] = 0;
        this.current[e.node] = this.outages.length;
        this.outages.push({ node: e.node, at: e.t, clients: new Set() });
        break;
      case 'recover':
        this.up[e.node] = 1;
        this.current[e.node] = -1;
        break;
    }
  }

  result(): AnycastMetricsResult {
    const ids = [...new Set([...this.members, ...this.servedBy.keys()])].sort((a, b) => a - b);
    const servedBy: Record<string, number> = {};
    let sum = 0, squares = 0;
    for (const m of ids) {
      const x = this.servedBy.get(m) ?? 0;
      servedBy[m] = x; sum += x; squares += x * x;
    }
    let lost = 0;
    for (const r of this.records.values()) if (r.issued && r.server < 0) lost++;
    const s = this.stretch.summary(), t = this.rtt.summary();
    return {
      servedBy,
      jain: sum === 0 ? null : round((sum * sum) / (ids.length * squares)),
      stretch: { mean: s.mean, max: s.max === null ? null : round(s.max) },
      rtt: { mean: t.mean, max: t.max === null ? null : round(t.max) },
      failover: { lostRequests: lost, time: this.failoverTime() },
    };
  }

  private failoverTime(): number | null {
    let worst: number | null = null;
    for (const o of this.outages) {
      if (o.clients.size === 0) continue;
      let first = Infinity;
      for (const r of this.records.values()) {
        if (r.server >= 0 && r.server !== o.node && r.at >= o.at && o.clients.has(r.source)) first = Math.min(first, r.servedAt);
      }
      if (first === Infinity) return null;
      worst = Math.max(worst ?? 0, round(first - o.at));
    }
    return worst;
  }
}
