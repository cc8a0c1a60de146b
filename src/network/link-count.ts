/**
 * How many links a topology spec will give, without building it: the memory estimate
 * and the default event cap size a run from this before anything is allocated.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { TopologySpec } from './topology-spec.js';

/** Links a topology will have, from its parameters (an upper bound where the generator drops duplicates). */
export function estimateLinks(spec: TopologySpec, nodes: number): number {
  const n = nodes;
  switch (spec.kind) {
    case 'complete': return n * (n - 1) / 2;
    case 'ring': return n >= 3 ? n : n - 1;
    case 'line': case 'star': case 'tree': return Math.max(0, n - 1);
    case 'grid': { const w = spec.width ?? 1, h = spec.height ?? 1; return w * (h - 1) + h * (w - 1); }
    case 'torus': return 2 * (spec.width ?? 1) * (spec.height ?? 1);
    case 'random-regular': return n * (spec.degree ?? 0) / 2;
    case 'erdos-renyi': return (spec.p ?? 0) * n * (n - 1) / 2;
    case 'watts-strogatz': return n * (spec.k ?? 0) / 2;
    case 'barabasi-albert': return n * (spec.m ?? 0);
    case 'edgelist': return spec.file === undefined ? 0 : countLines(spec.file);
  }
}

/** Lines in a file, read in 1 MiB chunks (an upper bound on its edges); 0 when it cannot be read. */
function countLines(path: string): number {
  try {
    if (!statSync(path).isFile()) return 0;
    const fd = openSync(path, 'r');
    try {
      const buf = Buffer.allocUnsafe(2 ** 20);
      let lines = 1;
      for (let got; (got = readSync(fd, buf, 0, buf.length, null)) > 0;) {
        for (let i = buf.indexOf(10, 0); i >= 0 && i < got; i = buf.indexOf(10, i + 1)) lines++;
      }
      return lines;
    } finally {
      closeSync(fd);
    }
  } catch {
    return 0;
  }
}
