import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { castsim, CASTSIM_BIN } from '../support/cli.js';

// npm links an installed package's bin into node_modules/.bin as a symlink and a shell runs
// it: it needs its shebang and the executable bit (the other CLI tests start it with `node`).
describe('the package bin as npm links it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'castsim-bin-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts with a node shebang and is executable', () => {
    expect(readFileSync(CASTSIM_BIN, 'utf8').split('\n', 1)[0]).toBe('#!/usr/bin/env node');
    expect(statSync(CASTSIM_BIN).mode & 0o111).toBe(0o111);
  });

  it('runs through a symlink, as `castsim` on the PATH does, with the same result as `node BIN`', () => {
    const link = join(dir, 'castsim');
    symlinkSync(CASTSIM_BIN, link);
    const r = spawnSync(link, ['run', 'flood-grid', '--json'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const viaNode = castsim(['run', 'flood-grid', '--json']);
    expect(viaNode.code).toBe(0);
    expect(r.stdout).toBe(viaNode.stdout);
    expect((JSON.parse(r.stdout) as { fingerprint: string }).fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });
});
