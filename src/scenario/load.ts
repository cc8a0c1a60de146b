/**
 * Scenario file → resolved Scenario: parse YAML or JSON, apply `--set`
 * overrides, validate against the schema (defaults filled in), resolve the
 * edge-list path, then check every node id and group name against the topology.
 * Every problem found in a phase is reported at once as a ScenarioError.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { EdgeListError, readAndKeepEdgeList } from '../network/edgelist.js';
import { edgeListFileHint, WARM_FROM_BYTES, warmEdgeListParserOnce } from '../network/warm-up.js';
import { topologyNodeCount } from '../network/topology-rules.js';
import { getProtocol, protocolTypes } from '../protocols/registry.js';
import { defaultEventCap } from './event-cap.js';
import { didYouMean, excerpt, formatPath, ScenarioError, show, type PathSegment, type ScenarioIssue } from './errors.js';
import { check } from './messages.js';
import { applyOverrides, parseOverride } from './overrides.js';
import { scenarioSchema, type AnyProtocolPlugin, type ParsedScenario, type PluginLookup } from './schema.js';
import type { NodeChoice, Scenario } from './types.js';

export interface LoadOptions {
  /** `path=value` overrides (`--set`), applied in order before validation. */
  overrides?: readonly string[];
  /**
   * Which plug-ins validate the `protocol:` block while parsing: a lookup or a list.
   * Default: the six built-ins. A type not among them is kept as written and validated
   * when it is run: register your own protocol once, with `simulate(s, { protocols })`
   * or the scenario's `protocol.module`.
   */
  plugins?: PluginLookup | readonly AnyProtocolPlugin[];
  /** Folder a relative `topology.file` or `protocol.module` is resolved against. Default: the scenario file's folder (the working directory for '<inline>'). */
  baseDir?: string;
}

const builtinPlugins: PluginLookup = { get: getProtocol, types: protocolTypes };

function pluginLookup(plugins: LoadOptions['plugins']): PluginLookup {
  if (plugins === undefined) return builtinPlugins;
  if (!Array.isArray(plugins)) return plugins as PluginLookup;
  const list = plugins as readonly AnyProtocolPlugin[];
  return { get: (type) => list.find((p) => p.type === type), types: () => list.map((p) => p.type) };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Read and resolve a scenario file (.yaml, .yml or .json; anything else is read as YAML). */
export function loadScenario(path: string, opts: LoadOptions = {}): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder, not a scenario file' : (err as Error).message;
    throw new ScenarioError([{ file: path, path: '', message: `cannot read scenario: ${why}` }]);
  }
  const baseDir = dirname(resolve(path));
  // Before the YAML is parsed: the parser's compile gets ~2 ms more to finish before the parse.
  const hinted = edgeListFileHint(text);
  if (hinted !== null) warmIfLarge(resolve(baseDir, hinted));
  return parseScenario(parseText(text, path), path, { baseDir, ...opts });
}

/** The scenario's text as a plain value; syntax errors carry line and column. */
export function parseText(text: string, file: string): unknown {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (extname(file).toLowerCase() === '.json') {
    try {
      const value = JSON.parse(text) as unknown;
      rejectDuplicateJsonKeys(text, file);
      return value;
    } catch (err) {
      if (err instanceof ScenarioError) throw err;
      const message = (err as Error).message;
      const what = message.replace(/\s*in JSON at position \d+.*$/, '');
      const where = jsonErrorPosition(text, message);
      throw new ScenarioError([where
        ? { file, path: '', ...where, message: `JSON syntax error at line ${where.line}, column ${where.column}: ${what}` }
        : { file, path: '', message: `JSON syntax error: ${what}` }]);
    }
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: true });
  if (doc.errors.length > 0) {
    throw new ScenarioError(doc.errors.map((e): ScenarioIssue => {
      const { line, col } = lineCounter.linePos(e.pos[0]);
      return { file, path: '', line, column: col, message: `YAML syntax error at line ${line}, column ${col}: ${e.message.replace(/\s+/g, ' ')}` };
    }));
  }
  // An unknown tag (`!foo 1`) would be read as if it were not there: refuse it instead.
  const tags = doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (tags.length > 0) {
    throw new ScenarioError(tags.map((w): ScenarioIssue => {
      const { line, col } = lineCounter.linePos(w.pos[0]);
      const tag = excerpt(text.slice(w.pos[0], w.pos[1]), 40);
      return { file, path: '', line, column: col, message: `unknown YAML tag ${tag} at line ${line}, column ${col} — castsim reads plain YAML values; remove the tag` };
    }));
  }
  try {
    return doc.toJS({ maxAliasCount: 10_000 }) as unknown;
  } catch (err) {
    throw new ScenarioError([{ file, path: '', message: `YAML error: ${(err as Error).message}` }]);
  }
}

/**
 * JSON.parse keeps the last of two equal keys without a word; YAML (which reads
 * JSON) is told to refuse them, so a JSON scenario is as strict as a YAML one.
 */
function rejectDuplicateJsonKeys(text: string, file: string): void {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const dups = doc.errors.filter((e) => e.code === 'DUPLICATE_KEY');
  if (dups.length === 0) return;
  throw new ScenarioError(dups.map((e): ScenarioIssue => {
    const { line, col } = lineCounter.linePos(e.pos[0]);
    const key = /^"((?:[^"\\]|\\.)*)"/.exec(text.slice(e.pos[0]))?.[1];
    return { file, path: '', line, column: col, message: `duplicate key${key === undefined ? '' : ` '${excerpt(key, 40)}'`} at line ${line}, column ${col} — each key may appear once in a mapping` };
  }));
}

/**
 * Where JSON.parse failed: V8 gives an offset for some errors only, so otherwise
 * ask the YAML parser (JSON is YAML flow syntax), which usually stops at the same spot.
 */
function jsonErrorPosition(text: string, message: string): { line: number; column: number } | undefined {
  const offset = /at position (\d+)/.exec(message);
  if (offset) {
    const before = text.slice(0, Number(offset[1])).split('\n');
    return { line: before.length, column: before[before.length - 1]!.length + 1 };
  }
  const lineCounter = new LineCounter();
  const first = parseDocument(text, { lineCounter, prettyErrors: false }).errors[0];
  if (!first) return undefined;
  const { line, col } = lineCounter.linePos(first.pos[0]);
  return { line, column: col };
}

/** Validate and resolve a scenario given as a plain object (library use); `file` names it in messages. */
export function parseScenario(obj: unknown, file = '<inline>', opts: LoadOptions = {}): Scenario {
  if (!isRecord(obj)) {
    const got = obj === null || obj === undefined ? 'an empty document' : show(obj);
    throw new ScenarioError([{ file, path: '', message: `a scenario must be a mapping of fields (topology, protocol, link, ...), got ${got}` }]);
  }
  const plugins = pluginLookup(opts.plugins);
  // Top-level `x-…` keys hold YAML anchors and notes (as in Docker Compose); they are not scenario fields.
  const own = Object.fromEntries(Object.entries(obj).filter(([k]) => !k.startsWith('x-')));
  const raw = opts.overrides?.length ? applyOverrides(own, opts.overrides, file) as Record<string, unknown> : own;
  const baseDir = opts.baseDir ?? (file.startsWith('<') ? process.cwd() : dirname(resolve(file)));
  warmForLargeEdgeList(raw.topology, baseDir);
  const r = check(scenarioSchema(plugins), raw);
  if (!r.ok) throw new ScenarioError(blameOverrides(r.issues.map((i) => ({ file, path: formatPath(i.path), message: i.message })), opts.overrides));

  const scenario = resolveScenario(r.data, file, baseDir);
  // A protocol kept as written (its plug-in not known yet) gets its own checks when it is bound.
  const plugin = scenario.protocol.module === undefined ? plugins.get(scenario.protocol.type) : undefined;
  const issues = checkReferences(scenario, raw, plugin);
  if (issues.length > 0) throw new ScenarioError(blameOverrides(issues.map((i) => ({ file, ...i })), opts.overrides));
  return scenario;
}

/**
 * Before the schema check (~10 ms), when the topology looks like a large edge list: warms
 * the edge-list parser, whose compile then runs beside the check (see warmEdgeListParser).
 * A hint only: nothing is validated or reported here, and a wrong guess costs ~2 ms.
 */
function warmForLargeEdgeList(topology: unknown, baseDir: string): void {
  if (!isRecord(topology) || topology.kind !== 'edgelist' || typeof topology.file !== 'string') return;
  warmIfLarge(resolve(baseDir, topology.file));
}

/** Warm the edge-list parser (once a process) when `path` is a file of WARM_FROM_BYTES or more. */
function warmIfLarge(path: string): void {
  let size = 0;
  try { size = statSync(path).size; } catch { return; }
  if (size >= WARM_FROM_BYTES) warmEdgeListParserOnce();
}

/**
 * A problem in a field that a `--set` wrote is the option's, not the file's: report it
 * as `--set until=-5: until: ...`. The last override that wrote the field or one of its
 * parents is the one to blame.
 */
function blameOverrides(issues: ScenarioIssue[], overrides: readonly string[] | undefined): ScenarioIssue[] {
  if (!overrides?.length) return issues;
  const written = overrides.flatMap((text) => {
    const parsed = parseOverride(text);
    return typeof parsed === 'string' ? [] : [{ text, path: formatPath(parsed.path) }];
  });
  return issues.map((i) => {
    const by = written.findLast((w) => i.path === w.path || i.path.startsWith(`${w.path}.`) || i.path.startsWith(`${w.path}[`));
    return by ? { ...i, file: `--set ${excerpt(by.text, 80)}` } : i;
  });
}

function resolveScenario(p: ParsedScenario, file: string, baseDir: string): Scenario {
  const topology = p.topology.kind === 'edgelist' && p.topology.file !== undefined
    ? { ...p.topology, file: resolve(baseDir, p.topology.file) }
    : p.topology;
  const protocol = typeof p.protocol.module === 'string' ? { ...p.protocol, module: resolve(baseDir, p.protocol.module) } : p.protocol;
  return {
    name: p.name ?? (basename(file, extname(file)).replace(/^<(.*)>$/, '$1') || 'scenario'),
    file,
    seed: p.seed,
    until: p.until,
    maxEvents: p.maxEvents ?? defaultEventCap(topology),
    topology,
    link: p.link,
    faults: p.faults,
    groups: p.groups,
    protocol,
    workload: p.workload,
  };
}

type Problem = Omit<ScenarioIssue, 'file'>;

/** The node count, reading the edge list if the topology is one; null (with a problem noted) if unknown. */
export function nodeCount(s: Scenario, problems: Problem[]): number | null {
  // The schema applied every topology rule (network/topology-rules.ts), sizes included.
  if (s.topology.kind !== 'edgelist') return topologyNodeCount(s.topology);
  const path = s.topology.file!;
  if (!existsSync(path)) {
    problems.push({ path: 'topology.file', message: `edge-list file not found: ${path} (a relative path is resolved against the scenario file's folder)` });
    return null;
  }
  try {
    // Kept for the run, which then does not parse the file a second time.
    return readAndKeepEdgeList(path).nodes;
  } catch (err) {
    if (!(err instanceof EdgeListError)) throw err;
    problems.push({ path: 'topology.file', message: err.line === null ? err.detail : `${err.file}, line ${err.line}: ${err.detail}` });
    return null;
  }
}

/** Node ids in range, workload groups defined, and the protocol plug-in's own checks. */
function checkReferences(s: Scenario, raw: Record<string, unknown>, plugin: AnyProtocolPlugin | undefined): Problem[] {
  const problems: Problem[] = [];
  const at = (path: PathSegment[], message: string) => problems.push({ path: formatPath(path), message });
  const n = nodeCount(s, problems);

  const groupNames = Object.keys(s.groups);
  s.workload.forEach((w, i) => {
    if (w.group === undefined || Object.hasOwn(s.groups, w.group)) return;
    const guess = didYouMean(w.group, groupNames);
    at(['workload', i, 'group'], groupNames.length === 0
      ? `unknown group '${w.group}' — no groups are defined (add it under groups:)`
      : `unknown group '${w.group}' — defined: ${groupNames.join(', ')}${guess ? ` (did you mean '${guess}'?)` : ''}`);
  });
  if (n === null) return problems;

  const node = (id: NodeChoice | undefined, path: PathSegment[]) => {
    if (typeof id === 'number' && id >= n) at(path, `node ${id} is out of range — the topology has ${n} node${n === 1 ? '' : 's'} (ids 0..${n - 1})`);
  };
  s.faults.forEach((f, i) => {
    if ('crash' in f) f.crash.forEach((id, j) => node(id, ['faults', i, 'crash', j]));
    if ('recover' in f) f.recover.forEach((id, j) => node(id, ['faults', i, 'recover', j]));
    if ('partition' in f) f.partition.forEach((g, j) => g.forEach((id, k) => node(id, ['faults', i, 'partition', j, k])));
  });
  const rawGroups = isRecord(raw.groups) ? raw.groups : {};
  for (const [name, g] of Object.entries(s.groups)) {
    const members: PathSegment[] = Array.isArray(rawGroups[name]) ? ['groups', name] : ['groups', name, 'members'];
    g.members.forEach((id, j) => node(id, [...members, j]));
    g.joins.forEach((c, j) => node(c.node, ['groups', name, 'joins', j, 'node']));
    g.leaves.forEach((c, j) => node(c.node, ['groups', name, 'leaves', j, 'node']));
  }
  s.workload.forEach((w, i) => {
    node(w.from, ['workload', i, 'from']);
    node(w.to, ['workload', i, 'to']);
  });

  if (plugin) {
    const { type: _type, ...options } = s.protocol;
    problems.push(...pluginCheck(plugin, options, s, n));
  }
  return problems;
}

/** The plug-in's own checks (a group that exists, a core in range), as scenario problems. */
export function pluginCheck(plugin: AnyProtocolPlugin, options: unknown, s: Scenario, nodes: number): Problem[] {
  return (plugin.check?.(options, { nodes, groups: s.groups, workload: s.workload }) ?? []).map(([field, message]) => (
    { path: field.startsWith('/') ? field.slice(1) : field ? `protocol.${field}` : 'protocol', message }));
}
