// Where a whole `castsim run` process spends its time, phase by phase: start-up (node and the
// bundle's modules), loading the scenario (the edge-list parse on its own line when there is
// one), building the topology, the run with its result, and the output. Each build's
// dist/bundle is copied to a temporary folder with its quick-run script marked at the phase
// boundaries (performance.now, process.cpuUsage with V8's compiler and GC threads, minor page
// faults, written to stderr); the copy writes its own code cache in a first run, as a plain run
// would. Builds alternate round by round; the table shows medians.
//   node bench/run-phases.mjs [--rounds 15] [--scenario bench/data/peers-100000.yaml] [DIST ...]
//   node bench/run-phases.mjs --check [DIST ...]: only check that every mark finds its place
// This checkout's dist/ always runs; each DIST is another build's dist/ folder (an old build's
// copy, to compare). NODE_EXTRA_CA_CERTS is unset for the runs (Node reads it at every start).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

const USAGE = `usage: node bench/run-phases.mjs [--rounds N] [--scenario FILE] [DIST ...]
       node bench/run-phases.mjs --check [DIST ...]
  Times each phase of a whole \`castsim run FILE --json\` process (default scenario
  bench/data/peers-100000.yaml, written by node bench/peers.mjs; 15 rounds). This checkout's
  dist/ always runs; each DIST is another build's dist/ folder, run alternately with it.
  example: node bench/run-phases.mjs --rounds 20 /tmp/old-build/dist`;

/** Prints one mark: name, ms since the process began, CPU ms of all threads, minor faults so far. */
const MARK = 'globalThis.__castsimPhase = (name) => { const c = process.cpuUsage(), r = process.resourceUsage(); '
  + 'process.stderr.write(`castsim-phase ${name} ${performance.now()} ${(c.user + c.system) / 1000} ${r.minorPageFault}\\n`); };\n';

/**
 * Each mark: the text it goes around in the quick-run script (found exactly once), and what
 * replaces it. `optional` marks may be missing from a bundle (a build without that step).
 */
const PLACES = [
  { find: 'async function runAction(argv) {\n', put: (s) => `${s}\t__castsimPhase("start"); process.on("exit", () => __castsimPhase("exit"));\n` },
  { find: '\tconst scenario = loadScenario(resolveScenarioPath(argv.scenario), { overrides: overridesFrom(argv) });\n', put: (s) => `${s}\t__castsimPhase("loaded");\n` },
  { find: '\t\treturn readAndKeepEdgeList(path).nodes;\n', put: () => '\t\t__castsimPhase("parse0"); const nodes = readAndKeepEdgeList(path).nodes; __castsimPhase("parse"); return nodes;\n', optional: true },
  { find: '\tconst topology = opts.topology ?? generateTopology(scenario.topology, streams.stream("topology"));\n', put: (s) => `\t__castsimPhase("topology0");\n${s}\t__castsimPhase("topology");\n` },
  { find: '\tconst { result, html, lamport } = await runWithTrace(scenario, request, outputs);\n', put: (s) => `${s}\t__castsimPhase("ran");\n` },
];

/** The quick-run script with its marks, and the names of the optional marks it lacks; throws when a needed place is missing. */
export function instrument(source) {
  let out = MARK + source;
  const missing = [];
  for (const { find, put, optional } of PLACES) {
    const at = out.indexOf(find);
    if (at < 0 || out.indexOf(find, at + 1) >= 0) {
      if (optional && at < 0) { missing.push(find.trim()); continue; }
      throw new Error(`run-phases: ${at < 0 ? 'no' : 'more than one'} place in the quick-run script for ${JSON.stringify(find.trim())}`);
    }
    out = out.slice(0, at) + put(find) + out.slice(at + find.length);
  }
  return { source: out, missing };
}

/** The rows of the table: [label, from mark, to mark]; 0 is the process's start. */
const PHASES = [
  ['start-up (node, modules)', 0, 'start'],
  ['load, in all (loadScenario)', 'start', 'loaded'],
  ['  until the edge-list parse (YAML, check)', 'start', 'parse0'],
  ['  the edge-list parse', 'parse0', 'parse'],
  ['  after it', 'parse', 'loaded'],
  ['to the topology', 'loaded', 'topology0'],
  ['topology build', 'topology0', 'topology'],
  ['run and result', 'topology', 'ran'],
  ['output and exit', 'ran', 'exit'],
  ['whole process', 0, 'exit'],
];

function quickRunScript(bundle) {
  const name = readdirSync(bundle).find((f) => /^quick-run-.*\.cjs$/.test(f));
  if (!name) throw new Error(`run-phases: no quick-run script in ${bundle}`);
  return join(bundle, name);
}

function marksOf(stderr) {
  const marks = new Map([[0, [0, 0, 0]]]);
  for (const line of stderr.split('\n')) {
    const m = /^castsim-phase (\S+) (\S+) (\S+) (\S+)$/.exec(line);
    if (m) marks.set(m[1], [Number(m[2]), Number(m[3]), Number(m[4])]);
  }
  return marks;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b), k = s.length >> 1; return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2; };

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    process.exit(0);
  }
  const option = (name, fallback) => { const i = args.indexOf(`--${name}`); if (i < 0) return fallback; const v = args[i + 1]; args.splice(i, 2); return v; };
  const check = args.includes('--check');
  if (check) args.splice(args.indexOf('--check'), 1);
  const rounds = Number(option('rounds', '15'));
  const scenario = resolve(option('scenario', `${here}data/peers-100000.yaml`) ?? '');
  const fail = (message) => { console.error(`run-phases: ${message}\n${USAGE}`); process.exit(2); };
  if (!(Number.isInteger(rounds) && rounds >= 1)) fail('--rounds must be an integer ≥ 1');
  const unknown = args.find((a) => a.startsWith('-'));
  if (unknown !== undefined) fail(`unknown option ${unknown}`);
  const dists = [fileURLToPath(new URL('../dist', import.meta.url)), ...args].map((d) => resolve(d));
  for (const dist of dists) {
    if (!existsSync(join(dist, 'bundle'))) fail(`${dist} is not a build's dist/ folder (it has no bundle/; run npm run build there)`);
  }
  if (check) {
    let bad = false;
    for (const dist of dists) {
      try {
        const { missing } = instrument(readFileSync(quickRunScript(join(dist, 'bundle')), 'latin1'));
        console.log(`${dist}: every mark placed${missing.length ? ` (optional ones missing: ${missing.join('; ')})` : ''}`);
      } catch (error) { bad = true; console.log(`${dist}: ${error.message}`); }
    }
    process.exit(bad ? 1 : 0);
  }
  if (!existsSync(scenario) || !statSync(scenario).isFile()) { console.error(`run-phases: ${scenario} is not a scenario file (the reference flood's is written by node bench/peers.mjs)`); process.exit(2); }
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const root = mkdtempSync(join(tmpdir(), 'castsim-phases-'));
  try {
    const bins = dists.map((dist, i) => {
      const bundle = join(root, String(i));
      cpSync(join(dist, 'bundle'), bundle, { recursive: true });
      rmSync(join(bundle, 'code-cache'), { recursive: true, force: true });
      const script = quickRunScript(bundle);
      writeFileSync(script, instrument(readFileSync(script, 'latin1')).source, 'latin1');
      const bin = join(bundle, 'castsim.cjs');
      spawnSync(process.execPath, [bin, 'run', scenario, '--json'], { env, stdio: 'ignore' }); // writes the copy's code cache
      return bin;
    });
    const runs = bins.map(() => []);
    const load0 = loadavg()[0];
    measuring: for (let r = 0; r < rounds; r++) {
      for (let j = 0; j < bins.length; j++) {
        const b = (r + j) % bins.length;
        const p = spawnSync(process.execPath, [bins[b], 'run', scenario, '--json'], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
        if (p.status !== 0) { console.error(`run-phases: ${dists[b]} exited ${p.status}:\n${p.stderr.slice(-500)}`); process.exitCode = 1; break measuring; }
        runs[b].push(marksOf(p.stderr));
      }
    }
    if (!process.exitCode) {
      console.log(`${scenario.replace(here, 'bench/')}, ${rounds} alternating rounds, load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}; medians: wall ms / CPU ms (all threads) / minor page faults`);
      console.log(`| phase | ${dists.map((d) => `${d} |`).join(' ')}`);
      console.log(`|---|${dists.map(() => '---:|').join('')}`);
      for (const [label, from, to] of PHASES) {
        const cells = runs.map((rs) => {
          const have = rs.filter((m) => m.has(from) && m.has(to));
          if (have.length === 0) return null;
          const d = (k) => median(have.map((m) => m.get(to)[k] - m.get(from)[k]));
          return `${d(0).toFixed(1)} / ${d(1).toFixed(1)} / ${Math.round(d(2))}`;
        });
        if (cells.some((c) => c !== null)) console.log(`| ${label} | ${cells.map((c) => `${c ?? '–'} |`).join(' ')}`);
      }
    }
  } catch (error) {
    console.error(error.message); // a bundle without its quick-run script, or a mark with no place
    process.exitCode = 2;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
