/**
 * fast-check generators of scenarios as a user would write them (plain objects, before
 * validation): every topology kind, protocol type, latency distribution and fault, on
 * small networks so thousands of runs fit in a minute. `invalidScenario` breaks one
 * field of a valid scenario in a way no schema may accept.
 */
import fc from 'fast-check';

export type Raw = Record<string, unknown>;

/** A topology with its node count (edge lists carry their text, written to a file by the runner). */
const topology: fc.Arbitrary<{ spec: Raw; nodes: number; edges?: string }> = fc.oneof(
  fc.integer({ min: 2, max: 24 }).map((n) => ({ spec: { kind: 'complete', nodes: n }, nodes: n })),
  fc.integer({ min: 3, max: 40 }).map((n) => ({ spec: { kind: 'ring', nodes: n }, nodes: n })),
  fc.integer({ min: 2, max: 40 }).map((n) => ({ spec: { kind: 'line', nodes: n }, nodes: n })),
  fc.integer({ min: 2, max: 40 }).map((n) => ({ spec: { kind: 'star', nodes: n }, nodes: n })),
  fc.record({ w: fc.integer({ min: 1, max: 7 }), h: fc.integer({ min: 2, max: 7 }), torus: fc.boolean() })
    .map(({ w, h, torus }) => ({ spec: { kind: torus ? 'torus' : 'grid', width: w, height: h }, nodes: w * h })),
  fc.record({ n: fc.integer({ min: 2, max: 40 }), b: fc.integer({ min: 1, max: 4 }) })
    .map(({ n, b }) => ({ spec: { kind: 'tree', nodes: n, branching: b }, nodes: n })),
  fc.record({ half: fc.integer({ min: 3, max: 20 }), d: fc.integer({ min: 1, max: 4 }) })
    .map(({ half, d }) => ({ spec: { kind: 'random-regular', nodes: 2 * half, degree: Math.min(d, 2 * half - 1) }, nodes: 2 * half })),
  fc.record({ n: fc.integer({ min: 2, max: 40 }), p: fc.double({ min: 0, max: 1, noNaN: true }) })
    .map(({ n, p }) => ({ spec: { kind: 'erdos-renyi', nodes: n, p }, nodes: n })),
  fc.record({ n: fc.integer({ min: 6, max: 40 }), k: fc.constantFrom(2, 4), beta: fc.double({ min: 0, max: 1, noNaN: true }) })
    .map(({ n, k, beta }) => ({ spec: { kind: 'watts-strogatz', nodes: n, k, beta }, nodes: n })),
  fc.record({ n: fc.integer({ min: 3, max: 40 }), m: fc.integer({ min: 1, max: 2 }) })
    .map(({ n, m }) => ({ spec: { kind: 'barabasi-albert', nodes: n, m: Math.min(m, n - 1) }, nodes: n })),
  fc.record({
    n: fc.integer({ min: 2, max: 20 }),
    pairs: fc.array(fc.tuple(fc.nat(19), fc.nat(19), fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined })), { minLength: 1, maxLength: 40 }),
    withLatency: fc.boolean(),
  }).map(({ n, pairs, withLatency }) => {
    // Ids folded into 0..n−1, and a path 0..n−1 first so every id appears.
    const lines = Array.from({ length: n - 1 }, (_, i) => `${i} ${i + 1}${withLatency ? ' 5' : ''}`);
    for (const [u, v, l] of pairs) lines.push(`${u % n} ${v % n}${withLatency ? ` ${l ?? 1}` : ''}`);
    return { spec: { kind: 'edgelist', file: 'edges.txt' }, nodes: n, edges: lines.join('\n') + '\n' };
  }),
);

const latency: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: 0, max: 50 }),
  fc.record({ min: fc.integer({ min: 0, max: 20 }), extra: fc.integer({ min: 0, max: 50 }) }).map(({ min, extra }) => ({ dist: 'uniform', min, max: min + extra })),
  fc.record({ mean: fc.integer({ min: 0, max: 40 }), sd: fc.integer({ min: 1, max: 20 }) }).map(({ mean, sd }) => ({ dist: 'normal', mean, sd })),
  fc.integer({ min: 1, max: 40 }).map((mean) => ({ dist: 'exponential', mean })),
  // At the rules' edges (network/latency-rules.ts): validate accepts these, so they must run.
  fc.constantFrom({ dist: 'normal', mean: 0, sd: 0 }, { dist: 'normal', mean: 0, sd: 5 }, { dist: 'exponential', mean: 1e-9 },
    { dist: 'uniform', min: 7, max: 7 }, { dist: 'lognormal', mu: 0, sigma: 0 }, { dist: 'pareto', scale: 1, shape: 0.2 }),
  fc.record({ mu: fc.double({ min: -1, max: 3, noNaN: true }), sigma: fc.double({ min: 0, max: 1.5, noNaN: true }) }).map((p) => ({ dist: 'lognormal', ...p })),
  fc.record({ scale: fc.integer({ min: 1, max: 10 }), shape: fc.double({ min: 0.5, max: 4, noNaN: true }) }).map((p) => ({ dist: 'pareto', ...p })),
);

const probability = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.5, noNaN: true }));

function nodeId(n: number): fc.Arbitrary<number> { return fc.integer({ min: 0, max: n - 1 }); }

function faults(n: number): fc.Arbitrary<Raw[]> {
  const at = fc.integer({ min: 0, max: 400 });
  const ids = fc.uniqueArray(nodeId(n), { minLength: 1, maxLength: Math.min(3, n) });
  return fc.array(fc.oneof(
    fc.record({ at, crash: ids }),
    fc.record({ at, recover: ids }),
    fc.record({ at, side: fc.uniqueArray(nodeId(n), { minLength: 1, maxLength: Math.max(1, n - 1) }) }).map(({ at: t, side }) => ({ at: t, partition: [side] })),
    at.map((t) => ({ at: t, heal: true })),
  ), { maxLength: 4 });
}

function protocol(n: number, type: string): fc.Arbitrary<Raw> {
  switch (type) {
    case 'unicast': return fc.record({
      routing: fc.constantFrom('hops', 'latency'), retransmit: fc.constantFrom('none', 'hop-by-hop', 'end-to-end'),
      timeout: fc.integer({ min: 20, max: 300 }), maxRetries: fc.integer({ min: 0, max: 5 }),
    }, { requiredKeys: [] });
    case 'broadcast': return fc.record({ mode: fc.constantFrom('flood', 'tree'), ttl: fc.integer({ min: 1, max: 10 }) }, { requiredKeys: [] });
    case 'multicast': return fc.record({
      mode: fc.constantFrom('unicast-each', 'source-tree', 'shared-tree'), core: nodeId(n), routing: fc.constantFrom('hops', 'latency'),
    }, { requiredKeys: [] });
    case 'anycast': return fc.record({
      select: fc.constantFrom('hops', 'latency', 'load'), detect: fc.integer({ min: 0, max: 300 }), service: fc.integer({ min: 0, max: 20 }),
    }, { requiredKeys: [] });
    case 'gossip': return fc.record({
      mode: fc.constantFrom('push', 'pull', 'push-pull'), fanout: fc.integer({ min: 1, max: 3 }), interval: fc.integer({ min: 5, max: 100 }),
      peers: fc.constantFrom('neighbors', 'all'), phase: fc.constantFrom('sync', 'random'),
      stop: fc.oneof(fc.constant('none'), fc.integer({ min: 1, max: 6 }).map((rounds) => ({ rounds })),
        fc.record({ counter: fc.integer({ min: 1, max: 3 }), feedback: fc.boolean() })),
      maxRounds: fc.integer({ min: 1, max: 60 }),
    }, { requiredKeys: [] });
    default: return fc.record({
      order: fc.constantFrom('none', 'fifo', 'causal', 'total'), ack: fc.constantFrom('ack', 'nak'), relay: fc.boolean(),
      routing: fc.constantFrom('hops', 'latency'), timeout: fc.integer({ min: 20, max: 300 }), maxRetries: fc.integer({ min: 0, max: 8 }),
      detect: fc.integer({ min: 50, max: 500 }),
    }, { requiredKeys: [] }).map((o) => (o.ack === 'nak' ? o : { ...o, uniform: false }));
  }
}

const GROUPED = new Set(['multicast', 'anycast', 'reliable']);

export interface Generated { scenario: Raw; edges?: string }

/** A scenario every schema should accept (a plug-in check may still refuse a combination, with a field path). */
export const validScenario: fc.Arbitrary<Generated> = topology.chain((t) => {
  const n = t.nodes;
  return fc.record({
    type: fc.constantFrom('unicast', 'multicast', 'broadcast', 'anycast', 'gossip', 'reliable'),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    latency,
    loss: probability,
    duplicate: probability,
    faults: faults(n),
    members: fc.uniqueArray(nodeId(n), { minLength: 1, maxLength: Math.min(n, 6) }),
    sends: fc.array(fc.record({ at: fc.integer({ min: 0, max: 300 }), from: nodeId(n), to: nodeId(n), random: fc.boolean() }), { minLength: 1, maxLength: 4 }),
    series: fc.option(fc.record({ every: fc.integer({ min: 1, max: 100 }), count: fc.integer({ min: 1, max: 5 }) }), { nil: undefined }),
    until: fc.option(fc.integer({ min: 50, max: 5000 }), { nil: undefined }),
  }).chain((c) => protocol(n, c.type).map((options) => {
    const grouped = GROUPED.has(c.type);
    const workload: Raw[] = c.sends.map((s) => {
      const from = grouped && c.type === 'reliable' ? c.members[s.from % c.members.length]! : s.random ? 'random' : s.from;
      const item: Raw = { at: s.at, from };
      if (c.type === 'unicast') item.to = s.random ? 'random' : (s.to === from ? (s.to + 1) % n : s.to);
      return item;
    });
    if (c.series) workload.push({ every: c.series.every, count: c.series.count, from: c.type === 'reliable' ? c.members[0]! : 0, ...(c.type === 'unicast' ? { to: n - 1 } : {}) });
    const scenario: Raw = {
      seed: c.seed,
      topology: t.spec,
      link: { latency: c.latency, loss: c.loss, duplicate: c.duplicate },
      faults: c.faults,
      ...(grouped ? { groups: { g: c.members } } : {}),
      protocol: { type: c.type, ...options, ...(grouped ? { group: 'g' } : {}) },
      workload,
      maxEvents: 300_000,
      ...(c.until !== undefined ? { until: c.until } : {}),
    };
    return t.edges === undefined ? { scenario } : { scenario, edges: t.edges };
  }));
});

/** Set `value` at a dotted path of a deep copy of `obj`. */
function setPath(obj: Raw, path: readonly (string | number)[], value: unknown): Raw {
  const copy = structuredClone(obj);
  let at: any = copy;
  for (const key of path.slice(0, -1)) at = at[key] ??= {};
  at[path[path.length - 1]!] = value;
  return copy;
}

/** A time option of each type that has one (protocols/time-option.ts bounds them). */
const TIME_OPTION: Record<string, string> = { gossip: 'interval', unicast: 'timeout', reliable: 'timeout', anycast: 'detect' };

/** One change no schema may accept: [path that must be blamed, the change]. */
const breakage: fc.Arbitrary<{ blame: RegExp; apply: (s: Raw, nodes: number) => Raw }> = fc.oneof(
  fc.constantFrom(-0.1, 1.5, 'lots', null, [0.1], Number.NaN).map((v) => ({ blame: /^link\.loss$/, apply: (s: Raw) => setPath(s, ['link', 'loss'], v) })),
  fc.constantFrom(-1, 2, 'twice').map((v) => ({ blame: /^link\.duplicate$/, apply: (s: Raw) => setPath(s, ['link', 'duplicate'], v) })),
  fc.constantFrom('moebius', 7, '').map((v) => ({ blame: /^topology\.kind$/, apply: (s: Raw) => setPath(s, ['topology', 'kind'], v) })),
  fc.constantFrom('telepathy', 3).map((v) => ({ blame: /^protocol\.type$/, apply: (s: Raw) => setPath(s, ['protocol', 'type'], v) })),
  fc.constantFrom('topology', 'link', 'protocol', '').map((where) => ({
    blame: new RegExp(`^${where ? `${where}\\.` : ''}bogusField$`),
    apply: (s: Raw) => setPath(s, where ? [where, 'bogusField'] : ['bogusField'], 1),
  })),
  fc.integer({ min: 0, max: 5 }).map((extra) => ({ blame: /^workload\[0\]\.from$/, apply: (s: Raw, n: number) => setPath(s, ['workload', 0, 'from'], n + extra) })),
  fc.constantFrom(-5, 'soon').map((v) => ({ blame: /^workload\[0\]\.at$/, apply: (s: Raw) => setPath(s, ['workload', 0, 'at'], v) })),
  fc.constantFrom(-1, 1.5, 'x').map((v) => ({ blame: /^seed$/, apply: (s: Raw) => setPath(s, ['seed'], v) })),
  fc.constantFrom(0, -3, 2.5).map((v) => ({ blame: /^maxEvents$/, apply: (s: Raw) => setPath(s, ['maxEvents'], v) })),
  fc.record({ min: fc.integer({ min: 5, max: 50 }) }).map(({ min }) => ({
    blame: /^link\.latency\.max$/, apply: (s: Raw) => setPath(s, ['link', 'latency'], { dist: 'uniform', min, max: min - 1 }),
  })),
  fc.constantFrom('gaussian', 5).map((d) => ({ blame: /^link\.latency/, apply: (s: Raw) => setPath(s, ['link', 'latency'], { dist: d, mean: 3 }) })),
  // The latency rules' edges (network/latency-rules.ts): a parameter, and the bounds on the mean and the largest draw.
  fc.constantFrom<[unknown, RegExp]>(
    [{ dist: 'exponential', mean: 0 }, /^link\.latency\.mean$/], [{ dist: 'normal', mean: -1, sd: 1 }, /^link\.latency\.mean$/],
    [{ dist: 'pareto', scale: 1, shape: 0.05 }, /^link\.latency$/], [1e16, /^link\.latency$/],
  ).map(([latency, blame]) => ({ blame, apply: (s: Raw) => setPath(s, ['link', 'latency'], latency) })),
  // A protocol time option past 1e15 ms (types without one get a latency mean past it instead).
  fc.constantFrom(1e16, 1e308, -1).map((v) => ({
    blame: /^(protocol\.(interval|timeout|detect)|link\.latency)$/,
    apply: (s: Raw) => {
      const option = TIME_OPTION[(s.protocol as Raw).type as string];
      return option ? setPath(s, ['protocol', option], v) : setPath(s, ['link', 'latency'], { dist: 'exponential', mean: 1e16 });
    },
  })),
  fc.integer({ min: 0, max: 3 }).map((extra) => ({ blame: /^faults\[\d+\]\.crash\[0\]$/, apply: (s: Raw, n: number) => ({ ...s, faults: [...(s.faults as Raw[]), { at: 1, crash: [n + extra] }] }) })),
  fc.constant({ blame: /^faults\[\d+\]/, apply: (s: Raw) => ({ ...s, faults: [...(s.faults as Raw[]), { at: 1, explode: [0] }] }) }),
);

/** A valid scenario with one field broken, and a pattern for the path the error must name. */
export const invalidScenario: fc.Arbitrary<Generated & { blame: RegExp }> = fc.tuple(validScenario, breakage).map(([g, b]) => {
  const topologySpec = g.scenario.topology as Raw;
  const n = typeof topologySpec.nodes === 'number' ? topologySpec.nodes
    : typeof topologySpec.width === 'number' ? (topologySpec.width as number) * (topologySpec.height as number)
    : 20;
  return { ...g, scenario: b.apply(g.scenario, n), blame: b.blame };
});
