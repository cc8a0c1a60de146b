import { randomInt, type Rng } from '../engine/random.js';
import type { NodeChoice, WorkloadSpec } from '../scenario/types.js';

/** One application message the workload will hand to its source node. */
export interface PlannedRequest { at: number; source: number; to?: number; group?: string }

/**
 * Expand the scenario's workload into individual requests, in time order (ties
 * keep workload order). `random` picks a node uniformly from the workload stream;
 * a random destination is never the source.
 */
export function planRequests(workload: readonly WorkloadSpec[], nodes: number, rng: Rng): PlannedRequest[] {
  const planned: PlannedRequest[] = [];
  const pick = (choice: NodeChoice, avoid: number): number => {
    if (choice !== 'random') return choice;
    if (avoid < 0 || nodes < 2) return randomInt(rng, nodes);
    const v = randomInt(rng, nodes - 1);
    return v >= avoid ? v + 1 : v;
  };
  const add = (at: number, spec: WorkloadSpec) => {
    const source = pick(spec.from, -1);
    const r: PlannedRequest = { at, source };
    if (spec.to !== undefined) r.to = pick(spec.to, source);
    if (spec.group !== undefined) r.group = spec.group;
    planned.push(r);
  };
  for (const spec of workload) {
    if ('every' in spec) {
      for (let i = 0; i < spec.count; i++) add(spec.start + i * spec.every, spec);
    } else {
      add(spec.at, spec);
    }
  }
  // Stable sort: requests at the same time keep workload order.
  return planned.map((r, i) => [r, i] as const).sort((a, b) => a[0].at - b[0].at || a[1] - b[1]).map(([r]) => r);
}
