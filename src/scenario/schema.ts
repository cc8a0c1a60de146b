/**
 * The raw scenario format (docs/scenario-format.md) as zod schemas: strict
 * objects everywhere, defaults filled in, and every message phrased as "must be
 * …, got …". Variants (topology `kind`, latency `dist`, protocol `type`) are
 * chosen by their discriminator first and only then validated, so an error in a
 * gossip option is reported against the gossip options and nothing else.
 */
import { z } from 'zod';
import { LATENCY_RULES, latencyIssues } from '../network/latency-rules.js';
import { MAX_TIME_MS } from '../network/time-bound.js';
import { numberIssue, type NumberRule, type ParameterIssue } from '../network/parameter-rule.js';
import { edgelistFileIssue, TOPOLOGY_DEFAULTS, TOPOLOGY_RULES, topologyIssues } from '../network/topology-rules.js';
import type { ProtocolPlugin } from '../api/process.js';
import { show, unknownChoice, type PathSegment } from './errors.js';
import { check, checkStandard, objectKeys, type FieldIssue } from './messages.js';
import {
  TOPOLOGY_KINDS, type FaultSpec, type GroupSpec, type LatencySpec, type ProtocolSpec,
  type TopologyKind, type TopologySpec, type WorkloadSpec,
} from './types.js';

/** Plug-ins differ in their option types; the scenario only passes options through. */
export type AnyProtocolPlugin = ProtocolPlugin<any>;

/** Where protocol plug-ins come from: the built-in registry, or anything a caller injects. */
export interface PluginLookup {
  get(type: string): AnyProtocolPlugin | undefined;
  types(): readonly string[];
}

/** A schema-level message: "missing — must be WHAT" or "must be WHAT, got VALUE". */
function must(what: string) {
  return (iss: z.core.$ZodRawIssue) =>
    iss.code === 'invalid_type' && iss.input === undefined ? `missing — must be ${what}` : `must be ${what}, got ${show(iss.input)}`;
}

function num(what: string, rule: { int?: boolean; min?: number; gt?: number; max?: number } = {}): z.ZodNumber {
  const error = must(what);
  let s: z.ZodNumber = rule.int ? z.int({ error }) : z.number({ error });
  if (rule.min !== undefined) s = s.min(rule.min, { error });
  if (rule.gt !== undefined) s = s.gt(rule.gt, { error });
  if (rule.max !== undefined) s = s.max(rule.max, { error });
  return s;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

type Ctx = z.core.$RefinementCtx;

function report(ctx: Ctx, issues: readonly FieldIssue[]): typeof z.NEVER {
  for (const i of issues) ctx.addIssue({ code: 'custom', path: i.path, message: i.message });
  return z.NEVER;
}

export { MAX_TIME_MS };
const time = num('a time in ms from 0 to 1e15', { min: 0, max: MAX_TIME_MS });
const nodeId = num('a node id (an integer ≥ 0)', { int: true, min: 0 });
const probability = num('a probability in [0, 1]', { min: 0, max: 1 });
const nodeChoice = z.union([nodeId, z.literal('random')], { error: must("a node id (an integer ≥ 0) or 'random'") });
const nodeList = z.array(nodeId, { error: must('a list of node ids') });
const nonEmptyNodeList = nodeList.min(1, { error: must('a non-empty list of node ids') });

// ---------------------------------------------------------------- variants

interface VariantSpec {
  /** The discriminator field: 'kind', 'dist', 'type'. */
  key: string;
  /** How a value of the discriminator is called in messages: 'topology kind'. */
  what: string;
  variants: Record<string, z.ZodType>;
  /** A better message for a field the chosen variant does not have (e.g. it belongs to another kind). */
  foreignField?: (field: string, tag: string) => string | undefined;
}

/** Check the discriminator, then validate against that one variant. */
function parseVariant(input: unknown, ctx: Ctx, spec: VariantSpec): unknown {
  const tags = Object.keys(spec.variants);
  if (!isRecord(input)) {
    return report(ctx, [{ path: [], message: `${input === undefined ? 'missing — must be' : 'must be'} a mapping with '${spec.key}' (one of ${tags.join(', ')})${input === undefined ? '' : `, got ${show(input)}`}` }]);
  }
  const tag = input[spec.key];
  if (tag === undefined) return report(ctx, [{ path: [spec.key], message: `missing — must be one of ${tags.join(', ')}` }]);
  if (typeof tag !== 'string' || !Object.hasOwn(spec.variants, tag)) {
    return report(ctx, [{ path: [spec.key], message: unknownChoice(spec.what, tag, tags) }]);
  }
  const variant = spec.variants[tag]!;
  const r = check(variant, input);
  if (r.ok) return r.data;
  const own = objectKeys(variant);
  return report(ctx, r.issues.map((i) => {
    const field = i.path.length === 1 ? i.path[0] : undefined;
    const better = typeof field === 'string' && !own.includes(field) ? spec.foreignField?.(field, tag) : undefined;
    return better ? { path: i.path, message: better } : i;
  }));
}

/**
 * Tag → variant schema, each built when first used: a scenario uses one topology kind and one
 * latency distribution, and building all of them was a good part of a small run's start-up.
 * Enumerable getters, so parseVariant's Object.keys and Object.hasOwn see every tag.
 */
function lazyVariants<Tag extends string>(tags: readonly Tag[], make: (tag: Tag) => z.ZodType): Record<string, z.ZodType> {
  const variants: Record<string, z.ZodType> = {};
  for (const tag of tags) {
    let built: z.ZodType | undefined;
    Object.defineProperty(variants, tag, { enumerable: true, get: () => (built ??= make(tag)) });
  }
  return variants;
}

function variantBy<T>(spec: VariantSpec) {
  return z.unknown().transform((input, ctx) => parseVariant(input, ctx, spec) as T);
}

// ---------------------------------------------------------------- topology

/**
 * A topology or latency parameter, judged by its rule in network/ (the one place the rule is
 * written; the generators and the latency sampler apply the same rules to library calls).
 */
function param(rule: NumberRule) {
  return z.custom<number>((v) => numberIssue(rule, v, show) === undefined, { error: (iss) => numberIssue(rule, iss.input, show) });
}

/** A rule module's issues as schema issues, each at its parameter ('' is the block itself). */
function reportParameterIssues(ctx: Ctx, issues: readonly ParameterIssue[]): void {
  for (const i of issues) ctx.addIssue({ code: 'custom', path: i.param ? [i.param] : [], message: i.message });
}

function topologyShape(kind: TopologyKind): z.ZodRawShape {
  if (kind === 'edgelist') {
    return { file: z.custom<string>((v) => edgelistFileIssue(v, show) === undefined, { error: (iss) => edgelistFileIssue(iss.input, show) }) };
  }
  const defaults = TOPOLOGY_DEFAULTS[kind] ?? {};
  return Object.fromEntries(Object.entries(TOPOLOGY_RULES[kind]).map(([name, rule]) => {
    const fallback = defaults[name];
    return [name, fallback === undefined ? param(rule) : param(rule).default(fallback)];
  }));
}

/** The parameters each topology kind takes (besides `kind`): topologyShape's keys, read from the rules without building it. */
export const TOPOLOGY_PARAMETERS = Object.fromEntries(
  TOPOLOGY_KINDS.map((k) => [k, k === 'edgelist' ? ['file'] : Object.keys(TOPOLOGY_RULES[k])]),
) as Record<TopologyKind, string[]>;

function topologyVariant(kind: TopologyKind): z.ZodType {
  return z.strictObject({ kind: z.literal(kind), ...topologyShape(kind) })
    .superRefine((t, ctx) => reportParameterIssues(ctx, topologyIssues(t as TopologySpec, show)));
}

const topologySchema = variantBy<TopologySpec>({
  key: 'kind',
  what: 'topology kind',
  variants: lazyVariants(TOPOLOGY_KINDS, topologyVariant),
  foreignField(field, kind) {
    const owners = TOPOLOGY_KINDS.filter((k) => TOPOLOGY_PARAMETERS[k].includes(field));
    if (owners.length === 0) return undefined;
    const allowed = ['kind', ...TOPOLOGY_PARAMETERS[kind as TopologyKind]].join(', ');
    const of = owners.length > 4 ? 'other kinds' : owners.join(', ');
    return `'${field}' is not a parameter of topology kind '${kind}' (it belongs to ${of}) — allowed: ${allowed}`;
  },
});

// ---------------------------------------------------------------- link

function latencyVariant(dist: LatencySpec['dist']): z.ZodType {
  const shape = Object.fromEntries(Object.entries(LATENCY_RULES[dist]).map(([name, rule]) => [name, param(rule)]));
  return z.strictObject({ dist: z.literal(dist), ...shape })
    .superRefine((d, ctx) => reportParameterIssues(ctx, latencyIssues(d as LatencySpec, show)));
}

/** The latency distributions, by their `dist` name. */
export const LATENCY_DISTS = Object.keys(LATENCY_RULES) as LatencySpec['dist'][];

const LATENCY_VARIANTS = lazyVariants(LATENCY_DISTS, latencyVariant);

/** A distribution, or a number: `latency: 5` is `{dist: constant, value: 5}`, judged by the same rules. */
const latencySchema = z.unknown().transform((input, ctx): LatencySpec => {
  if (typeof input !== 'number') {
    return parseVariant(input, ctx, { key: 'dist', what: 'latency distribution', variants: LATENCY_VARIANTS }) as LatencySpec;
  }
  const constant: LatencySpec = { dist: 'constant', value: input };
  const issues = latencyIssues(constant, show);
  return issues.length ? report(ctx, issues.map((i) => ({ path: [], message: i.message }))) : constant;
});

const linkSchema = z.strictObject({
  latency: latencySchema.optional().default({ dist: 'constant', value: 1 }),
  loss: probability.default(0),
  duplicate: probability.default(0),
});

// ---------------------------------------------------------------- faults, groups, workload

const FAULT_ACTIONS = ['crash', 'recover', 'partition', 'heal'] as const;

const faultSchema = z.strictObject({
  at: time,
  crash: nonEmptyNodeList.optional(),
  recover: nonEmptyNodeList.optional(),
  partition: z.array(nonEmptyNodeList, { error: must('a list of node lists') })
    .min(1, { error: must('a non-empty list of node lists') }).optional(),
  heal: z.literal(true, { error: must('true') }).optional(),
}).superRefine((f, ctx) => {
  const present = FAULT_ACTIONS.filter((a) => f[a] !== undefined);
  if (present.length !== 1) {
    ctx.addIssue({ code: 'custom', path: present.length ? [present[1]!] : [], message: present.length
      ? `a fault has exactly one action, got ${present.join(' and ')} — split it into one fault each`
      : `missing action — a fault needs exactly one of ${FAULT_ACTIONS.join(', ')}` });
  }
  const seen = new Map<number, number>();
  f.partition?.forEach((group, g) => group.forEach((node, j) => {
    const first = seen.get(node);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['partition', g, j], message: `node ${node} is already in partition group ${first}` });
    else seen.set(node, g);
  }));
}).transform((f): FaultSpec => {
  if (f.crash) return { at: f.at, crash: f.crash };
  if (f.recover) return { at: f.at, recover: f.recover };
  if (f.partition) return { at: f.at, partition: f.partition };
  return { at: f.at, heal: true };
});

const membershipChange = z.strictObject({ at: time, node: nodeId });

const groupObject = z.strictObject({
  members: nodeList.default(() => []),
  joins: z.array(membershipChange, { error: must('a list of {at, node}') }).default(() => []),
  leaves: z.array(membershipChange, { error: must('a list of {at, node}') }).default(() => []),
});

const groupSchema = z.unknown().transform((input, ctx): GroupSpec => {
  const list = Array.isArray(input);
  if (!list && !isRecord(input)) {
    return report(ctx, [{ path: [], message: `must be a list of node ids or a mapping {members, joins, leaves}, got ${show(input)}` }]);
  }
  const r = list ? check(nodeList, input) : check(groupObject, input);
  if (!r.ok) return report(ctx, r.issues);
  const group: GroupSpec = Array.isArray(r.data) ? { members: r.data, joins: [], leaves: [] } : r.data;
  const twice: FieldIssue[] = [];
  group.members.forEach((m, i) => {
    if (group.members.indexOf(m) !== i) twice.push({ path: list ? [i] : ['members', i], message: `node ${m} is listed twice` });
  });
  return twice.length ? report(ctx, twice) : group;
});

/**
 * Group name → group. Not z.record: it assigns result[name], and a group named
 * '__proto__' would set the prototype instead of adding a group. Object.fromEntries
 * defines every name as an own property, whatever it is called.
 */
const groupsSchema = z.unknown().transform((input, ctx): Record<string, GroupSpec> => {
  if (!isRecord(input)) return report(ctx, [{ path: [], message: `must be a mapping from group name to members, got ${show(input)}` }]);
  const issues: FieldIssue[] = [];
  const groups: Array<[string, GroupSpec]> = [];
  for (const [name, value] of Object.entries(input)) {
    const r = check(groupSchema, value);
    if (r.ok) groups.push([name, r.data]);
    else issues.push(...r.issues.map((i) => ({ path: [name, ...i.path], message: i.message })));
  }
  return issues.length ? report(ctx, issues) : Object.fromEntries(groups);
});

const workloadSchema = z.strictObject({
  at: time.optional(),
  every: num('an interval in ms > 0 and ≤ 1e15', { gt: 0, max: MAX_TIME_MS }).optional(),
  count: num('a message count (an integer ≥ 1)', { int: true, min: 1 }).optional(),
  start: time.optional(),
  from: nodeChoice,
  to: nodeChoice.optional(),
  group: z.string({ error: must('a group name') }).min(1, { error: must('a group name') }).optional(),
}).superRefine((w, ctx) => {
  const bad = (path: PathSegment[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  if (w.at === undefined && w.every === undefined) {
    bad([], "missing time — give 'at' (one message) or 'every' and 'count' (a series)");
  } else if (w.at !== undefined && w.every !== undefined) {
    bad(['every'], "cannot be combined with 'at' — use 'at' for one message, or 'every', 'count' and 'start' for a series");
  } else if (w.every !== undefined && w.count === undefined) {
    bad(['count'], "missing — must be a message count (an integer ≥ 1) for a series with 'every'");
  } else if (w.at !== undefined) {
    if (w.count !== undefined) bad(['count'], "only allowed with 'every' (a series), not with 'at'");
    if (w.start !== undefined) bad(['start'], "only allowed with 'every' (a series), not with 'at'");
  }
}).transform((w): WorkloadSpec => {
  const target = { from: w.from, ...(w.to !== undefined && { to: w.to }), ...(w.group !== undefined && { group: w.group }) };
  return w.every !== undefined
    ? { every: w.every, count: w.count!, start: w.start ?? 0, ...target }
    : { at: w.at!, ...target };
});

// ---------------------------------------------------------------- protocol and the whole scenario

/**
 * The protocol block. A type the lookup knows (by default the six built-ins) is
 * validated here, defaults filled in. A type it does not know, or a block that names
 * a `module`, is kept as written: its plug-in is only known once the module is loaded
 * or the plug-in is passed to `simulate({ protocols })`, and `bindProtocol` validates
 * it then, with the same messages.
 */
function protocolSchema(plugins: PluginLookup) {
  return z.unknown().transform((input, ctx): ProtocolSpec => {
    const types = [...plugins.types()];
    if (!isRecord(input) || typeof input.type !== 'string' || input.type === '') {
      // Let parseVariant phrase the problem with the type (missing, not a mapping, not a name).
      return parseVariant(input, ctx, { key: 'type', what: 'protocol type', variants: Object.fromEntries(types.map((t) => [t, z.never()])) }) as ProtocolSpec;
    }
    const { type, module, ...options } = input;
    if (module !== undefined) {
      if (typeof module !== 'string' || module === '') {
        return report(ctx, [{ path: ['module'], message: `must be the path of a JavaScript module exporting protocol plug-ins (relative to the scenario file), got ${show(module)}` }]);
      }
      return { type, module, ...options };
    }
    const plugin = plugins.get(type);
    if (!plugin) return { type, ...options };
    const r = checkStandard(plugin.options, options);
    if (!r.ok) return report(ctx, r.issues);
    return { type, ...(r.data as Record<string, unknown>) };
  });
}

/** The whole scenario file, with `protocol` options checked by the plug-in its `type` names. */
export function scenarioSchema(plugins: PluginLookup) {
  return z.strictObject({
    name: z.string({ error: must('a non-empty string') }).min(1, { error: must('a non-empty string') }).optional(),
    seed: num('a seed (an integer ≥ 0)', { int: true, min: 0 }).default(1),
    until: num('a stop time in ms > 0 and ≤ 1e15, or null to run until no events remain', { gt: 0, max: MAX_TIME_MS }).nullable().default(null),
    // Default: grows with the network (scenario/event-cap.ts), so it is filled in when the topology is resolved.
    maxEvents: num('an event limit (an integer ≥ 1)', { int: true, min: 1 }).optional(),
    topology: topologySchema,
    link: linkSchema.prefault({}),
    faults: z.array(faultSchema, { error: must('a list of faults') }).default(() => []),
    groups: groupsSchema.optional().transform((g) => g ?? {}),
    protocol: protocolSchema(plugins),
    workload: z.array(workloadSchema, { error: must('a list of workload items') }).default(() => [{ at: 0, from: 0 }]),
  });
}

/** A scenario that passed the schema: defaults filled in, `name` and `topology.file` not yet resolved. */
export type ParsedScenario = z.output<ReturnType<typeof scenarioSchema>>;
