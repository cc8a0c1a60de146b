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
  private readonly sample: () => number;
  private readonly fixed: Float64Array | null;

  constructor(spec: LinkSpec, topology: Topology, private readonly lossRng: Rng, latencyRng: Rng, private readonly duplicateRng: Rng) {
    this.loss = spec.loss;
    this.duplicate = spec.duplicate;
    this.sample = latencySampler(spec.latency, latencyRng);
    this.fixed = topology.linkLatency;
  }

  /** True when this transmission is lost. */
  lost(): boolean { return this.loss > 0 && this.lossRng() < this.loss; }

  /** True when this transmission arrives twice. */
  duplicated(): boolean { return this.duplicate > 0 && this.duplicateRng() < this.duplicate; }

  /** Delay of one copy over `link`: the edge list's fixed latency, else (and on an overlay link, −1) a draw from the distribution. */
  delay(link: number): number { return this.fixed && link >= 0 ? this.fixed[link]! : this.sample(); }
}
