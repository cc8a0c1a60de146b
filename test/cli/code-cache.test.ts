/**
 * The bundled CLI's V8 code cache (src/cli/code-cache.ts): a plain run gives the same bytes
 * with a cache, without one, with a corrupt one and where none can be written; only a plain
 * `node` writes one, only into the bundle's code-cache/ folder, never leaving a temporary file.
 * Each case runs a copy of dist/bundle/ in its own temporary folder (a plain run needs no
 * package from node_modules), so the build's own cache is never touched.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CASTSIM_BIN, castsim } from '../support/cli.js';

const bundle = join(CASTSIM_BIN, '..');
const bin = basename(CASTSIM_BIN);
const scenario = new URL('../../scenarios/flood-grid.yaml', import.meta.url).pathname;
const expected = castsim(['run', scenario, '--json']);
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

/** A copy of the bundle without its code cache; returns its folder. */
function copy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'castsim-code-cache-'));
  dirs.push(dir);
  cpSync(bundle, dir, { recursive: true, filter: (src) => !src.includes('code-cache') });
  return dir;
}

function run(dir: string, nodeArgs: string[] = []) {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const r = spawnSync(process.execPath, [...nodeArgs, join(dir, bin), 'run', scenario, '--json'], { encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const cacheFiles = (dir: string) => { try { return readdirSync(join(dir, 'code-cache')); } catch { return []; } };

describe('the bundled CLI\'s code cache', () => {
  it('the build leaves one cache file, and a run with it gives the pinned output', () => {
    expect(expected.code).toBe(0);
    expect(expected.stderr).toBe('');
    expect(readdirSync(join(bundle, 'code-cache'))).toHaveLength(1);
  });

  it('a first run writes it, a later run uses it, with the same bytes', () => {
    const dir = copy();
    expect(run(dir)).toEqual({ code: 0, stdout: expected.stdout, stderr: '' });
    const files = cacheFiles(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^quick-run-.*\.cjs\..*\.bin$/);
    const written = statSync(join(dir, 'code-cache', files[0]!)).ino;
    expect(run(dir)).toEqual({ code: 0, stdout: expected.stdout, stderr: '' });
    // Accepted by V8, so kept: a rejected cache would be replaced by a renamed new file.
    expect(statSync(join(dir, 'code-cache', files[0]!)).ino).toBe(written);
  });

  it('a corrupt cache is rejected by V8 and replaced; the run is unchanged', () => {
    const dir = copy();
    run(dir);
    const [file] = cacheFiles(dir);
    const path = join(dir, 'code-cache', file!);
    const size = readFileSync(path).length;
    writeFileSync(path, Buffer.alloc(size, 7));
    const corrupt = statSync(path).ino;
    expect(run(dir)).toEqual({ code: 0, stdout: expected.stdout, stderr: '' });
    expect(statSync(path).ino).not.toBe(corrupt);
    expect(readFileSync(path).equals(Buffer.alloc(size, 7))).toBe(false);
  });

  it('where the folder cannot be made the run goes on without a cache and leaves nothing', () => {
    const dir = copy();
    writeFileSync(join(dir, 'code-cache'), 'not a folder');
    expect(run(dir)).toEqual({ code: 0, stdout: expected.stdout, stderr: '' });
    expect(readFileSync(join(dir, 'code-cache'), 'utf8')).toBe('not a folder');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a node with flags reads a cache but writes none (V8 would reject one made under other flags)', () => {
    const dir = copy();
    expect(run(dir, ['--max-old-space-size=3000'])).toEqual({ code: 0, stdout: expected.stdout, stderr: '' });
    expect(cacheFiles(dir)).toEqual([]);
  });

  it('a run that fails writes none', () => {
    const dir = copy();
    const r = spawnSync(process.execPath, [join(dir, bin), 'run', scenario, '--set', 'link.loss=3'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('--set link.loss=3: link.loss: must be a probability in [0, 1], got 3\n');
    expect(cacheFiles(dir)).toEqual([]);
  });
});
