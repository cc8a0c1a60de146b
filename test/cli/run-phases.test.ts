/**
 * bench/run-phases.mjs marks a copy of the bundle's quick-run script at the phase boundaries
 * of a run: every mark must find its one place in the script the build makes (or the tool
 * says which it lacks), and a marked copy must run and report each phase. Counts and names
 * only: its timings are for bench/, never asserted.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CASTSIM_BIN } from '../support/cli.js';

const tool = new URL('../../bench/run-phases.mjs', import.meta.url).pathname;
const bundle = join(CASTSIM_BIN, '..');
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

function runTool(args: string[]) {
  const r = spawnSync(process.execPath, [tool, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}

/** A dist folder whose bundle is this build's, its quick-run script changed by `edit`. */
function distWith(edit: (script: string) => string): string {
  const dist = mkdtempSync(join(tmpdir(), 'castsim-run-phases-'));
  dirs.push(dist);
  cpSync(bundle, join(dist, 'bundle'), { recursive: true, filter: (src) => !src.includes('code-cache') });
  const name = readdirSync(join(dist, 'bundle')).find((f) => /^quick-run-.*\.cjs$/.test(f))!;
  const script = join(dist, 'bundle', name);
  writeFileSync(script, edit(readFileSync(script, 'latin1')), 'latin1');
  return dist;
}

describe('bench/run-phases.mjs', () => {
  it('places every mark in the quick-run script this build makes', () => {
    const r = runTool(['--check']);
    expect(r.out).toContain('every mark placed');
    expect(r.out).not.toContain('optional ones missing');
    expect(r.code).toBe(0);
  });

  it('names a mark whose place is gone, and one found twice', () => {
    const gone = distWith((s) => s.replace('async function runAction(argv) {\n', 'async function runAction(argv){\n'));
    // The check is made on the whole script: a place found twice is as wrong as none.
    const twice = distWith((s) => `${s}\n/*\tconst { result, html, lamport } = await runWithTrace(scenario, request, outputs);\n*/\n`);
    const r = runTool(['--check', gone, twice]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('every mark placed'); // this build's own
    expect(r.out).toContain('no place in the quick-run script for "async function runAction(argv) {"');
    expect(r.out).toContain('more than one place in the quick-run script for "const { result, html, lamport } = await runWithTrace(scenario, request, outputs);"');
  });

  it('refuses bad input with one clear line and exit 2, no stack trace', () => {
    const notDist = mkdtempSync(join(tmpdir(), 'castsim-run-phases-'));
    dirs.push(notDist);
    const cases: [string[], string][] = [
      [['--nope'], 'run-phases: unknown option --nope'],
      [['--rounds', '0'], 'run-phases: --rounds must be an integer ≥ 1'],
      [[notDist], `run-phases: ${notDist} is not a build's dist/ folder (it has no bundle/; run npm run build there)`],
      [['--scenario', notDist], `run-phases: ${notDist} is not a scenario file`],
    ];
    for (const [args, message] of cases) {
      const r = runTool(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.out).toContain(message);
      expect(r.out).not.toMatch(/\n\s+at /);
    }
    const help = runTool(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^usage: node bench\/run-phases\.mjs/);
  });

  it('runs a marked copy and reports every phase of a run without an edge list', () => {
    const scenario = new URL('../../scenarios/flood-grid.yaml', import.meta.url).pathname;
    const r = runTool(['--rounds', '1', '--scenario', scenario]);
    expect(r.code).toBe(0);
    const rows = r.out.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| phase')).map((line) => line.split(' | ')[0]!.slice(2).trim());
    expect(rows).toEqual(['start-up (node, modules)', 'load, in all (loadScenario)', 'to the topology', 'topology build', 'run and result', 'output and exit', 'whole process']);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith('castsim-phases-'))).toEqual([]); // its copies are removed
  });
});
