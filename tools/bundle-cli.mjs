// Bundles the CLI into dist/bundle/: main.js (the package's bin), the worker scripts under
// their own names, and chunks that load only when their command does. Start-up is mostly
// module loading: the ~150 small files of zod, yaml and our own that a plain run needed
// cost more CPU than a 25-node run; a few files cost little. Libraries only some commands
// use (yargs, the chart, DOM and WebSocket ones) stay outside and load from node_modules.
//
// Every file keeps the name it has in dist/cli/ or dist/sweep/, and every chunk sits in
// dist/bundle/ beside them, one level under the package root's dist/ like dist/cli/: a
// module that finds a file from import.meta.url ('./run-worker.js', './main.js' for the
// Slurm shard scripts, '../../scenarios/') finds the bundled one from the bundle.
import { build } from 'rolldown';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** A plain run loads these: bundled in. */
const INLINE = new Set(['zod', 'yaml', 'chalk', 'seedrandom']);
const { dependencies } = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const outside = Object.keys(dependencies).filter((d) => !INLINE.has(d));

rmSync(`${root}dist/bundle`, { recursive: true, force: true });
await build({
  input: {
    main: `${root}src/cli/main.ts`,
    'run-worker': `${root}src/cli/run-worker.ts`,
    'view-worker': `${root}src/cli/view-worker.ts`,
    'sweep-worker': `${root}src/sweep/sweep-worker.ts`,
  },
  platform: 'node',
  tsconfig: `${root}tsconfig.json`,
  external: (id) => id.startsWith('node:') || outside.some((d) => id === d || id.startsWith(`${d}/`)),
  output: { dir: `${root}dist/bundle`, format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunk-[name]-[hash].js' },
  logLevel: 'warn',
});
