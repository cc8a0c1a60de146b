/**
 * Before a run allocates anything: refuse one that cannot fit (exit 2, with the figure
 * and how to raise the limit), and give V8 a heap large enough for one that can, by
 * running the same command again in a child node with --max-old-space-size (V8 fixes
 * its heap limit at start-up). Without this, a 10 M-node run died minutes in with a
 * V8 "heap out of memory" abort and a native stack.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import v8 from 'node:v8';
import { readAndKeepEdgeList } from '../network/edgelist.js';
import { topologyNodeCount } from '../network/topology-rules.js';
import type { Scenario } from '../scenario/types.js';
import { estimateMemory, formatBytes, type MemoryEstimate } from '../simulation/memory-estimate.js';
import { UsageError } from './errors.js';

/** Set in the child: it already has the heap it needs, so it must not start another. */
const CHILD_MARK = 'CASTSIM_HEAP_MB';
/** Share of the machine's memory a run may plan to use (the OS, other processes and GC slack need the rest). */
const MACHINE_SHARE = 0.85;
/** V8 needs room beyond the live objects to collect garbage without thrashing. */
const HEAP_HEADROOM = 1.5;

/** Parse '40G', '512M', '2.5GiB', or a plain byte count. */
export function parseBytes(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?\s*$/i.exec(text);
  if (!m) return null;
  const power = ' kmgt'.indexOf(m[2]!.toLowerCase() || ' ');
  return Number(m[1]) * 1024 ** power;
}

/** Memory of this machine, or of the cgroup the process runs in when that is smaller. */
function machineMemory(): number {
  let bytes = totalmem();
  for (const file of ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes']) {
    if (!existsSync(file)) continue; // one is always missing: a thrown ENOENT costs more than the check
    try {
      const limit = Number(readFileSync(file, 'utf8').trim());
      if (Number.isFinite(limit) && limit > 0 && limit < bytes) bytes = limit;
    } catch { /* not in a limited cgroup */ }
  }
  return bytes;
}

export interface MemoryLimit { bytes: number; source: string }

/** What a run may use: CASTSIM_MAX_MEMORY when set, else a share of the machine. */
export function memoryLimit(env: NodeJS.ProcessEnv = process.env): MemoryLimit {
  const asked = env.CASTSIM_MAX_MEMORY;
  if (asked !== undefined && asked !== '') {
    const bytes = parseBytes(asked);
    if (bytes === null || bytes <= 0) throw new UsageError(`CASTSIM_MAX_MEMORY must be a size such as 8G, 512M or 2.5GiB; got '${asked.slice(0, 40)}'`);
    return { bytes, source: 'CASTSIM_MAX_MEMORY' };
  }
  const machine = machineMemory();
  return { bytes: MACHINE_SHARE * machine, source: `${Math.round(MACHINE_SHARE * 100)}% of this machine's ${formatBytes(machine)}` };
}

/**
 * The run's estimate; an edge list is read for its exact node and link counts, and kept
 * again for the run after it (taking it without keeping it made the run parse the file twice).
 */
export function estimateScenario(scenario: Scenario): MemoryEstimate {
  const spec = scenario.topology;
  if (spec.kind === 'edgelist' && spec.file !== undefined) {
    const list = readAndKeepEdgeList(spec.file);
    return estimateMemory(scenario, list.nodes, list.us.length);
  }
  return estimateMemory(scenario, topologyNodeCount(spec) ?? 0);
}

/** Throw a UsageError (exit 2) when `runs` runs at once of this scenario need more than the limit. */
export function refuseOversized(scenario: Scenario, runs = 1): MemoryEstimate {
  const e = estimateScenario(scenario);
  const limit = memoryLimit();
  const need = e.total * runs;
  if (need > limit.bytes) {
    const what = `${e.nodes.toLocaleString('en-US')} nodes, ${Math.round(e.links).toLocaleString('en-US')} links, ${scenario.protocol.type}`;
    throw new UsageError(`this run needs about ${formatBytes(need)} of memory (${what}${runs > 1 ? `, ${runs} runs at once` : ''}), `
      + `more than the ${formatBytes(limit.bytes)} allowed (${limit.source}). Use a smaller network, `
      + 'or raise the limit with CASTSIM_MAX_MEMORY=SIZE (e.g. CASTSIM_MAX_MEMORY=64G) if the machine really has it.');
  }
  return e;
}

/**
 * Refuse an oversized run; when the V8 heap is too small for this one, run the same
 * command in a child node with a heap sized from the estimate and the limit, and
 * return its exit code. Returns null when this process should run it itself.
 */
export async function ensureMemory(scenario: Scenario, runs = 1): Promise<number | null> {
  const e = refuseOversized(scenario, runs);
  const wanted = e.heap * runs * HEAP_HEADROOM;
  const current = v8.getHeapStatistics().heap_size_limit;
  if (wanted <= current || process.env[CHILD_MARK] !== undefined) return null;
  // The heap may take what the typed arrays leave of the limit, and at least what it needs.
  const room = Math.max(wanted, memoryLimit().bytes - e.offHeap * runs);
  const mb = Math.ceil(Math.min(room, 4 * wanted) / 2 ** 20);
  return rerun(mb);
}

/**
 * The re-run child's environment: this one's, marked, and with glibc's malloc asked for
 * transparent huge pages (GLIBC_TUNABLES glibc.malloc.hugetlb=1, glibc 2.35 or later; others
 * ignore it) unless the user set that tunable. Only a run this big is re-run, and its typed
 * arrays are gigabytes read at random: with 4 KB pages nearly every read missed the TLB and
 * the kernel took 1.4 M page faults; with 2 MB pages the 10^7-node flood took 0.87-0.89x the
 * wall time (120 k faults), the same peak and fingerprint. Where the kernel's transparent huge
 * pages are off (`never`), the tunable changes nothing.
 */
export function childEnv(env: NodeJS.ProcessEnv, mb: number): NodeJS.ProcessEnv {
  const tunables = env.GLIBC_TUNABLES ?? '';
  const huge = /(^|:)glibc\.malloc\.hugetlb=/.test(tunables) ? tunables : tunables === '' ? HUGE_PAGES : `${tunables}:${HUGE_PAGES}`;
  return { ...env, [CHILD_MARK]: String(mb), GLIBC_TUNABLES: huge };
}
const HUGE_PAGES = 'glibc.malloc.hugetlb=1';

/** Run this same command again in a child node with --max-old-space-size=mb; resolve to its exit code. */
function rerun(mb: number): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv.filter((a) => !a.startsWith('--max-old-space-size')), `--max-old-space-size=${mb}`, ...process.argv.slice(1)], {
      stdio: 'inherit', env: childEnv(process.env, mb),
    });
    // The child owns the work now: pass on the signals that should stop it.
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((s) => [s, forward(s)] as const);
    for (const [s, h] of handlers) process.on(s, h);
    child.on('exit', (code, signal) => {
      for (const [s, h] of handlers) process.off(s, h);
      resolve(code ?? 128 + (signal ? (v8Signals[signal] ?? 1) : 1));
    });
  });
}

const v8Signals: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
