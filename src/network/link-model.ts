import type { Rng } from '../engine/random.js';
import type { LinkSpec } from './link-spec.js';
import { latencySampler } from './latency.js';
import type { Topology } from './topology.js';

/**
 * What happens to one transmission on a link: lost, delayed, duplicated. Loss,
 * latency and duplication draw from separate streams, so changing the loss rate
 * does not shift the latency draws of the transmissions that survive.
 */
export class LinkModel {
  readonly loss: number;
  readonly duplicate: number;
  /** No loss and no duplication: a transmission draws nothing but its latency and always arrives once. */
  readonly plain: boolean;
  private readonly sample: () => number;
  private readonly fixed: Float64Array | null;
  /** The fixed latencies again, by half-edge in the topology's row order: a node's sends read them in sequence. */
  private readonly fixedBySlot: Float64Array | null;

  constructor(spec: LinkSpec, topology: Topology, private readonly lossRng: Rng, latencyRng: Rng, private readonly duplicateRng: Rng) {
    this.loss = spec.loss;
    this.duplicate = spec.duplicate;
    this.plain = !(this.loss > 0) && !(this.duplicate > 0);
    this.sample = latencySampler(spec.latency, latencyRng);
    this.fixed = topology.linkLatency;
    this.fixedBySlot = topology.slotLatency; // non-null exactly when linkLatency is
  }

  /** True when this transmission is lost. */
  lost(): boolean { return this.loss > 0 && this.lossRng() < this.loss; }

  /** True when this transmission arrives twice. */
  duplicated(): boolean { return this.duplicate > 0 && this.duplicateRng() < this.duplicate; }

  /** Delay of one copy over `link`: the edge list's fixed latency, else (and on an overlay link, −1) a draw from the distribution. */
  delay(link: number): number { return this.fixed && link >= 0 ? this.fixed[link]! : this.sample(); }

  /** The same as delay(topology.linkOf[slot]) for a position in the topology's rows; slot −1 is an overlay link. */
  delayAt(slot: number): number { return this.fixedBySlot && slot >= 0 ? this.fixedBySlot[slot]! : this.sample(); }
}
