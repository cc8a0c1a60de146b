import seedrandom from 'seedrandom';

/** A uniform draw in [0, 1). */
export type Rng = () => number;

/** The named streams a run uses. Each is derived from the run seed and its name only. */
export type StreamName = 'topology' | 'links' | 'protocol' | 'workload' | 'faults' | 'groups' | (string & {});

/**
 * Named random streams derived from one run seed, so that one component's draws
 * never shift another's: changing the loss rate does not move the topology.
 * Alea (from seedrandom) is used for speed; every stream is independent.
 */
export class RandomStreams {
  private readonly streams = new Map<string, Rng>();
  constructor(readonly seed: number) {}

  stream(name: StreamName): Rng {
    let rng = this.streams.get(name);
    if (!rng) {
      rng = seedrandom.alea(`castsim:${this.seed}:${name}`) as unknown as Rng;
      this.streams.set(name, rng);
    }
    return rng;
  }
}

/** An integer uniform in [0, n). */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}
