import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Observer, TraceEvent } from '../../src/api/trace.js';
import { run } from '../support/run.js';

/** Sends and receives, copied. */
class Transmissions implements Observer {
  readonly types = ['send', 'receive'] as const;
  readonly sends: TraceEvent[] = [];
  readonly receives: TraceEvent[] = [];
  event(e: TraceEvent): void { (e.type === 'send' ? this.sends : this.receives).push({ ...e }); }
}

describe('an edge list with a latency column', () => {
  it('every copy arrives exactly its link\'s latency from the file after it was sent, duplicates and repeats included', () => {
    let s = 99;
    const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const n = 80, lines: string[] = [], latency = new Map<string, number>();
    const key = (a: number, b: number) => `${Math.min(a, b)}-${Math.max(a, b)}`;
    for (let i = 0; i < n; i++) {
      for (const j of [(i + 1) % n, Math.floor(rnd() * n), Math.floor(rnd() * n)]) {
        if (j === i) continue;
        const ms = Number((0.5 + rnd() * 9).toFixed(3));
        lines.push(`${i} ${j} ${ms}`);
        if (!latency.has(key(i, j))) latency.set(key(i, j), ms); // a repeated pair keeps its first latency
      }
    }
    const file = join(mkdtempSync(join(tmpdir(), 'castsim-edge-latency-')), 'net.txt');
    writeFileSync(file, lines.join('\n') + '\n');
    const log = new Transmissions();
    run({ seed: 4, topology: { kind: 'edgelist', file }, link: { duplicate: 0.2, loss: 0.1 }, protocol: { type: 'broadcast' }, workload: [{ at: 0, from: 3 }] }, { observers: [log] });
    expect(log.receives.length).toBeGreaterThan(100);
    // Each receive matches a send on the same link, `latency` earlier; a duplicated send matches two receives.
    const pending = new Map<string, number[]>();
    for (const e of log.sends) {
      const k = `${e.node}>${e.peer}`;
      pending.set(k, [...(pending.get(k) ?? []), e.t + latency.get(key(e.node, e.peer))!]);
    }
    for (const e of log.receives) {
      const due = pending.get(`${e.peer}>${e.node}`) ?? [];
      expect(due.some((t) => Math.abs(t - e.t) < 1e-9)).toBe(true);
    }
  });
});
