/**
 * `metrics.gossip`, observed from the trace alone.
 *
 * Rounds are counted on the round grid of the first message: round k covers
 * [origin + (k−1)·interval, origin + k·interval), where origin is the first round
 * boundary at or after the request (the request time itself with `phase: random`).
 * A node informed during round k starts gossiping in round k+1.
 *
 * coverage        [time, fraction informed] at the end of every round k = 0..R (k = 0 is
 *                 the start of round 1: the source alone), for the first message, over its
 *                 expected recipients plus its source. R is the last round in which any gossip
 *                 transmission was sent or the first message was delivered.
 * residue         1 − the final coverage: the fraction of those nodes never informed.
 * roundsTo        r50/r90/r99/r100: the first round at whose end coverage reached 50/90/99/100 %,
 *                 null when it never did.
 * rounds          R: how many rounds the gossip lasted, counted from the first message's round 1.
 * trafficPerNode  every transmission (pushes, pull requests, replies, feedback) ÷ nodes.
 * redundancy      duplicates ÷ deliveries, over all messages (null with no delivery).
 * As in the common metrics, a recipient that is down at the end and never delivered is not
 * expected; with several messages, coverage, residue and roundsTo describe the first one only.
 */
import type { MetricsObserver, TraceEvent, TraceEventType } from '../api/trace.js';
import { firstRoundAt, type GossipOptions } from './gossip-options.js';
import type { RequestDetail } from '../observe/delivery-metrics.js';
import { round } from '../observe/distribution.js';

export interface GossipMetricsResult {
  coverage: Array<[number, number]>;
  residue: number | null;
  trafficPerNode: number;
  rounds: number;
  roundsTo: { r50: number | null; r90: number | null; r99: number | null; r100: number | null };
  redundancy: number | null;
}

interface FirstMessage { id: number; origin: number; expected: readonly number[]; delivered: Uint8Array; roundOf: Int32Array }

export class GossipMetrics implements MetricsObserver {
  /** The event types read below; the others are not passed (Observer.types). */
  readonly types: readonly TraceEventType[] = ['send', 'receive', 'deliver', 'request', 'crash', 'recover'];
  readonly name = 'gossip';
  private first: FirstMessage | null = null;
  /** Per message: which nodes hold a copy (the source from the start). */
  private readonly copies = new Map<number, Uint8Array>();
  private readonly down: Uint8Array;
  private sent = 0;
  private lastSendAt = -Infinity;
  private lastDeliveryRound = 0;
  private deliveries = 0;
  private duplicates = 0;

  constructor(private readonly nodes: number, private readonly interval: number, private readonly phase: GossipOptions['phase']) {
    this.down = new Uint8Array(nodes);
  }

  event(e: TraceEvent): void {
    switch (e.type) {
      case 'send':
        this.sent++;
        this.lastSendAt = e.t;
        break;
      case 'receive': {
        const has = e.msg >= 0 ? this.copies.get(e.msg) : undefined;
        if (!has) break;
        if (has[e.node]) this.duplicates++; else has[e.node] = 1;
        break;
      }
      case 'deliver': {
        const has = this.copies.get(e.msg);
        if (has) has[e.node] = 1;
        this.deliveries++;
        const f = this.first;
        if (f && e.msg === f.id && !f.delivered[e.node]) {
          f.delivered[e.node] = 1;
          f.roundOf[e.node] = this.roundAt(e.t);
          this.lastDeliveryRound = Math.max(this.lastDeliveryRound, f.roundOf[e.node]!);
        }
        break;
      }
      case 'request': {
        if (e.label === 'source-down') break;
        const { request, expected } = e.detail as RequestDetail;
        const has = new Uint8Array(this.nodes);
        has[request.source] = 1;
        this.copies.set(request.id, has);
        if (!this.first) {
          this.first = {
            id: request.id, origin: firstRoundAt(e.t, this.interval, this.phase), expected,
            delivered: new Uint8Array(this.nodes), roundOf: new Int32Array(this.nodes),
          };
        }
        break;
      }
      case 'crash': this.down[e.node] = 1; break;
      case 'recover': this.down[e.node] = 0; break;
    }
  }

  /** The round of the first message's grid that contains time t (round 1 starts at origin). */
  private roundAt(t: number): number {
    return Math.max(1, Math.floor((t - this.first!.origin) / this.interval) + 1);
  }

  result(): GossipMetricsResult {
    const f = this.first;
    const rounds = f === null ? 0 : Math.max(this.lastSendAt >= f.origin ? this.roundAt(this.lastSendAt) : 0, this.lastDeliveryRound);
    const base = {
      trafficPerNode: round(this.sent / this.nodes),
      rounds,
      redundancy: this.deliveries === 0 ? null : round(this.duplicates / this.deliveries),
    };
    if (f === null) return { coverage: [], residue: null, roundsTo: { r50: null, r90: null, r99: null, r100: null }, ...base };
    // New deliveries per round, then a running total.
    const perRound = new Int32Array(rounds + 1);
    let expected = 0;
    for (const v of f.expected) {
      if (f.delivered[v]) { expected++; perRound[f.roundOf[v]!]!++; } else if (!this.down[v]) expected++;
    }
    const coverage: Array<[number, number]> = [];
    const roundsTo: GossipMetricsResult['roundsTo'] = { r50: null, r90: null, r99: null, r100: null };
    const targets: Array<[keyof typeof roundsTo, number]> = [['r50', 0.5], ['r90', 0.9], ['r99', 0.99], ['r100', 1]];
    let informed = 1;
    for (let k = 0; k <= rounds; k++) {
      informed += perRound[k]!;
      const fraction = informed / (expected + 1);
      coverage.push([round(f.origin + k * this.interval), round(fraction)]);
      // Compare counts, not fractions, so 100 % means exactly everyone.
      for (const [key, x] of targets) if (roundsTo[key] === null && informed >= Math.ceil(x * (expected + 1) - 1e-9)) roundsTo[key] = k;
    }
    return { coverage, residue: round(1 - informed / (expected + 1)), roundsTo, ...base };
  }
}
