/**
 * The properties every generated scenario must keep: checked on one scenario, returning
 * the first broken property as a sentence (or null). Used by fuzz.test.ts (a few hundred
 * cases in `npm test`) and by `npm run fuzz` (10,000).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Observer, TraceEvent } from '../../src/api/trace.js';
import { nodeCount, parseScenario } from '../../src/scenario/load.js';
import { bindProtocol } from '../../src/scenario/protocol-binding.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { simulate } from '../../src/simulation/simulate.js';
import type { Generated } from './scenario-arbitrary.js';

/** Counts and invariants observed on the trace bus. */
class TraceAudit implements Observer {
  sends = 0; receives = 0; drops = 0; dropsAtSend = 0; delivers = 0;
  readonly problems: string[] = [];
  private readonly down = new Set<number>();
  private readonly delivered = new Set<string>();
  private readonly expected = new Map<number, Set<number>>();
  private lastSend: TraceEvent | null = null;

  event(e: TraceEvent): void {
    switch (e.type) {
      case 'send': this.sends++; this.lastSend = { ...e }; break;
      case 'receive': this.receives++; break;
      case 'drop': {
        this.drops++;
        const s = this.lastSend;
        if (e.detail === 'loss' && !(s && s.t === e.t && s.node === e.node && s.peer === e.peer)) this.problems.push(`a loss drop at t=${e.t} does not follow its send`);
        if (e.detail === 'loss') this.dropsAtSend++;
        break;
      }
      case 'crash': this.down.add(e.node); break;
      case 'recover': this.down.delete(e.node); break;
      case 'request': {
        const d = e.detail as { expected: readonly number[] };
        this.expected.set(e.msg, new Set(d.expected));
        break;
      }
      case 'deliver': {
        this.delivers++;
        if (this.down.has(e.node)) this.problems.push(`node ${e.node} delivered message ${e.msg} at t=${e.t} while crashed`);
        const key = `${e.msg}:${e.node}`;
        if (this.delivered.has(key) && this.expected.get(e.msg)?.has(e.node)) this.problems.push(`node ${e.node} delivered message ${e.msg} twice`);
        this.delivered.add(key);
        break;
      }
      default: break;
    }
  }
}

let folder: string | null = null;

/** Write a generated edge list beside an in-memory scenario (a fresh folder per process). */
function baseDirFor(g: Generated): string {
  folder ??= mkdtempSync(join(tmpdir(), 'castsim-fuzz-'));
  if (g.edges !== undefined) writeFileSync(join(folder, 'edges.txt'), g.edges);
  return folder;
}

/** Errors that reject input, naming a field: ScenarioError, and the library guards' TopologyError / LatencyError. */
function fieldOf(err: unknown): string | null {
  if (err instanceof ScenarioError) return err.issues.map((i) => i.path).join(', ');
  if (err instanceof Error && typeof (err as { field?: unknown }).field === 'string') return (err as unknown as { field: string }).field;
  return null;
}

export type Outcome = { kind: 'ran' } | { kind: 'rejected'; field: string };

/** Run a scenario that should be valid: every property, or a sentence saying which broke. */
export function checkValid(g: Generated, run: typeof simulate = simulate): { outcome?: Outcome; problem?: string } {
  let scenario;
  try {
    scenario = parseScenario(g.scenario, '<fuzz>', { baseDir: baseDirFor(g) });
  } catch (err) {
    const field = fieldOf(err);
    // Only a plug-in's check may refuse a generated scenario (a combination of options, e.g.
    // uniform with nak), naming a field under protocol or workload; anything else is a bug.
    if (field !== null && /^(protocol|workload)/.test(field)) return { outcome: { kind: 'rejected', field } };
    return { problem: `validation threw ${describe(err)}` };
  }
  const audit = new TraceAudit();
  let r;
  try {
    r = run(scenario, { observers: [audit] });
  } catch (err) {
    // validate runs every check run makes (issue 12): a scenario it accepted must run, so a
    // refusal naming a field here means the two disagree, and is a failure, not a refusal.
    const field = fieldOf(err);
    if (field !== null) return { problem: `validate accepted it, but the run refused it at ${field || 'the whole file'}: ${describe(err)}` };
    return { problem: `the run threw ${describe(err)}` };
  }
  if (!['idle', 'until', 'event-cap', 'delivered', 'trace-limit'].includes(r.stop)) return { problem: `the run ended with stop '${r.stop}'` };
  if (audit.problems.length > 0) return { problem: audit.problems[0] };
  const m = r.metrics;
  if (m.sent !== audit.sends || m.dropped !== audit.drops) return { problem: `metrics say sent ${m.sent}, dropped ${m.dropped}; the trace has ${audit.sends}, ${audit.drops}` };
  // Conservation: every transmission not lost on sending arrives once, or twice when duplicated,
  // and each arrival is received or dropped (crashed, partition). Copies still in flight at a
  // cut-off (until, event cap) are the only ones unaccounted for.
  const arrived = audit.receives + audit.drops;
  const duplicating = (scenario.link.duplicate ?? 0) > 0;
  if (arrived > 2 * audit.sends) return { problem: `${arrived} arrivals and drops for ${audit.sends} transmissions (more than two each)` };
  if (r.stop === 'idle') {
    if (!duplicating && arrived !== audit.sends) return { problem: `conservation: sent ${audit.sends} ≠ received ${audit.receives} + dropped ${audit.drops}` };
    if (duplicating && arrived < audit.sends) return { problem: `conservation: sent ${audit.sends} > received ${audit.receives} + dropped ${audit.drops}` };
  } else if (!duplicating && arrived > audit.sends) {
    return { problem: `conservation: received ${audit.receives} + dropped ${audit.drops} > sent ${audit.sends}` };
  }
  if (m.delivered > m.expected) return { problem: `delivered ${m.delivered} > expected ${m.expected}` };
  if (m.deliveryRatio !== null && m.deliveryRatio !== undefined && (m.deliveryRatio as number) > 1) return { problem: `delivery ratio ${m.deliveryRatio} > 1` };
  const again = run(parseScenario(g.scenario, '<fuzz>', { baseDir: baseDirFor(g) }));
  if (again.fingerprint !== r.fingerprint) return { problem: `same seed, different fingerprint: ${r.fingerprint.slice(0, 12)} then ${again.fingerprint.slice(0, 12)}` };
  return { outcome: { kind: 'ran' } };
}

/** A broken scenario must be rejected with a ScenarioError naming the broken field. */
export function checkInvalid(g: Generated & { blame: RegExp }): string | null {
  try {
    const scenario = parseScenario(g.scenario, '<fuzz>', { baseDir: baseDirFor(g) });
    // Parsing keeps a protocol type it does not know (a program registers its own with
    // simulate()); binding is where every command refuses it, as the CLI does first.
    bindProtocol(scenario, [], nodeCount(scenario, []) ?? 0);
    return `accepted a broken scenario (expected an error at ${g.blame}); resolved: ${JSON.stringify(scenario).slice(0, 200)}`;
  } catch (err) {
    if (!(err instanceof ScenarioError)) return `threw ${describe(err)} instead of a ScenarioError`;
    const paths = err.issues.map((i) => i.path);
    if (!paths.some((p) => g.blame.test(p))) return `rejected, but named ${JSON.stringify(paths)}, not ${g.blame}: ${err.message.slice(0, 200)}`;
    if (err.issues.some((i) => i.message.trim() === '')) return 'an issue has an empty message';
    return null;
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message.slice(0, 300)}` : String(err);
}

/** The scenario as YAML to paste into a file (with its edge list, when it has one). */
export function asYaml(g: Generated): string {
  return stringify(g.scenario) + (g.edges !== undefined ? `# edges.txt:\n${g.edges.split('\n').map((l) => `#   ${l}`).join('\n')}\n` : '');
}
