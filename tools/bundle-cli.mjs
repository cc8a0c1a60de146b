// Bundles the CLI into dist/bundle/: castsim.cjs (the package's bin), main.js (the ES module
// CLI it starts for anything but a plain run), the worker scripts under
// their own names, and chunks that load only when their command does. Start-up is mostly
// module loading: the ~150 small files of zod, yaml and our own that a plain run needed
// cost more CPU than a 25-node run; a few files cost little. Libraries only some commands
// use (yargs, the chart, DOM and WebSocket ones) stay outside and load from node_modules.
//
// A plain `castsim run SCENARIO [...]` (src/cli/quick-run.ts and all it loads) is also built
// as one CommonJS script, quick-run-HASH.cjs, that the bin compiles with V8's code cache
// (src/cli/code-cache.ts; main.js does the same when started itself): compiling the ES
// chunks was about a third of a small run's start-up, and Node 20 caches no compiled module
// code between processes. The bin is CommonJS too (src/cli/bin.ts), so a plain run starts no
// ES module loader. The build runs the bin once on a bundled scenario, which leaves the
// cache in dist/bundle/code-cache/.
//
// Every file keeps the name it has in dist/cli/ or dist/sweep/, and every chunk sits in
// dist/bundle/ beside them, one level under the package root's dist/ like dist/cli/: a
// module that finds a file from import.meta.url ('./run-worker.js', './main.js' for the
// Slurm shard scripts, '../../scenarios/') finds the bundled one from the bundle, and so
// does the CommonJS script (rolldown turns import.meta.url into its own file's URL).
import { build } from 'rolldown';
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}dist/bundle`;
/** A plain run loads these: bundled in. */
const INLINE = new Set(['zod', 'yaml', 'chalk', 'seedrandom']);
const { dependencies } = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const outside = Object.keys(dependencies).filter((d) => !INLINE.has(d));
const external = (id) => id.startsWith('node:') || outside.some((d) => id === d || id.startsWith(`${d}/`));

/**
 * yaml's `node` export is CommonJS: bundled, every one of its ~60 modules is wrapped and run
 * at load, ~12 ms of a 25-node run. Its ES module build (the package's `default` export, the
 * same source) lets the bundler keep only what parsing needs and hoist it. That build's log.js
 * warns with console.warn where the node build calls process.emitWarning; yaml-log.mjs is the
 * node build's, so a warning (a collection used as a mapping key) reads as before.
 */
const yamlEsm = {
  name: 'yaml-esm',
  resolveId(id, importer) {
    if (id === 'yaml') return `${root}node_modules/yaml/browser/index.js`;
    if (importer?.includes('/node_modules/yaml/browser/') && /(^|\/)log\.js$/.test(id)) return `${root}tools/yaml-log.mjs`;
    return null;
  },
};

/**
 * Modules a plain run never reaches (run-action.ts imports them for --html, --lamport and
 * --transport ws) and that would pull the chart, DOM and WebSocket libraries into the
 * CommonJS script: there they stay ES entries of the bundle, imported from beside it.
 */
const LATE = {
  'picture-run': `${root}src/report/pictures/picture-run.ts`,
  'run-over-sockets': `${root}src/transport/run-over-sockets.ts`,
};
/** A plugin that leaves a dynamic import of one of `entries` (name → source) to the ES entry of that name. */
const esEntries = (entries) => ({
  name: 'es-entries',
  async resolveId(id, importer, extra) {
    if (extra.kind !== 'dynamic-import' || !id.startsWith('.')) return null;
    const resolved = await this.resolve(id, importer, { skipSelf: true, kind: extra.kind });
    const name = Object.keys(entries).find((k) => entries[k] === resolved?.id);
    return name === undefined ? null : { id: `./${name}.js`, external: true };
  },
});

/**
 * import() in the CommonJS script (a user's plug-in module, the LATE entries) is passed to
 * main.js's import(), given to the script as __castsimImport (code-cache.ts): V8 drops a
 * script's own dynamic import callback with its code cache, and vm's main-context loader
 * prints an ExperimentalWarning. main.js sits beside the script, so './x.js' is the same file.
 */
const importFromMain = {
  name: 'import-from-main',
  renderChunk(code) {
    const replaced = code.replaceAll('await import(', 'await __castsimImport(');
    if (/\bimport\(/.test(replaced)) throw new Error('the CommonJS run script has an import() that is not `await import(`: pass it to __castsimImport too');
    return replaced;
  },
};

/**
 * Node modules the CommonJS script requires at its top but a plain run seldom uses: the
 * memory guard's re-run in a child node, the --trace worker thread, and the terminal check
 * of the text report's colours. Each is required on first use instead (rolldown hoists
 * every require to the top), which spares a --json run loading them. Only modules the script
 * uses as `mod.name` (or, through __toESM, `mod.default.name`) can be deferred so: anything
 * else fails the build.
 */
const LAZY_BUILTINS = ['node:child_process', 'node:worker_threads', 'node:tty'];
const lazyBuiltins = {
  name: 'lazy-builtins',
  renderChunk(code) {
    return code.replace(/^let (\w+) = require\("(node:[a-z_]+)"\);$/gm, (line, name, id) => {
      if (!LAZY_BUILTINS.includes(id)) return line;
      const uses = [...code.matchAll(new RegExp(`\\b${name}\\b(\\.default)?(\\.\\w+)?`, 'g'))];
      // Bare uses: this declaration, and `name = __toESM(name, 1)` for a default import.
      const wrapped = code.includes(`${name} = __toESM(${name}, 1);`);
      if (uses.filter((u) => u[2] === undefined).length !== (wrapped ? 3 : 1)) throw new Error(`${id} is used as a whole: it cannot be required lazily`);
      const members = new Set(uses.flatMap((u) => (u[2] === undefined ? [] : [u[2].slice(1)])));
      const getters = [...members].map((m) => `get ${m}() { return require("${id}").${m}; }`).join(', ');
      return `let ${name} = { ${getters} };`;
    });
  },
};

rmSync(out, { recursive: true, force: true });

const quick = await build({
  input: { 'quick-run': `${root}src/cli/quick-run.ts` },
  platform: 'node',
  plugins: [yamlEsm, esEntries(LATE), importFromMain, lazyBuiltins],
  tsconfig: `${root}tsconfig.json`,
  external,
  // ASCII (non-ASCII characters escaped, comments left out): code-cache.ts reads it as
  // latin1, a one-byte string with nothing to decode, where UTF-8 made a two-byte one.
  output: { dir: out, format: 'cjs', entryFileNames: '[name]-[hash].cjs', codeSplitting: false, charset: 'ascii', comments: false },
  logLevel: 'warn',
});
const quickScript = quick.output[0].fileName;
if (/[^\x00-\x7f]/.test(quick.output[0].code)) throw new Error(`${quickScript} is not ASCII: code-cache.ts would misread it`);
// The script may require() only Node's own modules: a package (yargs, ws, the chart ones)
// would load on every plain run, and an ES-only one cannot be required at all.
const required = [...quick.output[0].code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]).filter((id) => !isBuiltin(id));
if (required.length > 0) throw new Error(`${quickScript} requires ${required.join(', ')}: a plain run must load no package`);

const define = { CASTSIM_QUICK_RUN_SCRIPT: JSON.stringify(`./${quickScript}`) };
await build({
  input: {
    main: `${root}src/cli/main.ts`,
    'run-worker': `${root}src/cli/run-worker.ts`,
    'view-worker': `${root}src/cli/view-worker.ts`,
    'sweep-worker': `${root}src/sweep/sweep-worker.ts`,
    ...LATE,
  },
  platform: 'node',
  plugins: [yamlEsm],
  tsconfig: `${root}tsconfig.json`,
  transform: { define },
  external,
  output: { dir: out, format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunk-[name]-[hash].js' },
  logLevel: 'warn',
});

// The bin: CommonJS, so that a plain run starts no ES module loader (src/cli/bin.ts).
const bin = JSON.parse(readFileSync(`${root}package.json`, 'utf8')).bin.castsim;
if (bin !== 'dist/bundle/castsim.cjs') throw new Error(`package.json's bin is ${bin}; this build writes dist/bundle/castsim.cjs`);
await build({
  input: { castsim: `${root}src/cli/bin.ts` },
  platform: 'node',
  plugins: [esEntries({ main: `${root}src/cli/main.ts` })],
  tsconfig: `${root}tsconfig.json`,
  transform: { define },
  external,
  // The shebang: npm links the bin as is, and a shell runs it (`castsim …`, `npx castsim …`).
  output: { dir: out, format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false, banner: '#!/usr/bin/env node' },
  logLevel: 'warn',
});

// Executable, as npm makes an installed bin: `./dist/bundle/castsim.cjs run …` works in a checkout too.
chmodSync(`${root}${bin}`, 0o755);

// One plain run writes the code cache (code-cache.ts: only a node without flags does).
const env = { ...process.env };
delete env.NODE_OPTIONS;
const warm = spawnSync(process.execPath, [`${root}${bin}`, 'run', 'flood-grid', '--json'], { env, encoding: 'utf8' });
if (warm.status !== 0) throw new Error(`the bundled CLI failed its first run (${warm.status}): ${warm.stderr}`);
