import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A small sweep for the cluster tests: 2 × 2 points × 2 seeds = 8 runs of a 40-node flood. */
export const SWEEP_ARGS = ['--vary', 'link.loss=0,0.2', '--vary', 'protocol.mode=flood,tree', '--seeds', '2', '--set', 'until=900'];

/** Write the scenario into `dir` as flood.yaml (no `name`: the report names it after the file). */
export function flood40(dir: string): string {
  const file = join(dir, 'flood.yaml');
  writeFileSync(file, [
    'topology: { kind: random-regular, nodes: 40, degree: 3 }',
    'link: { latency: { dist: exponential, mean: 5 } }',
    'protocol: { type: broadcast }',
    '',
  ].join('\n'));
  return file;
}
