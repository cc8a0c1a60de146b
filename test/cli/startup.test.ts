import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { castsimLoading } from '../support/cli.js';

/** The packages a loaded URL belongs to ('yargs', '@observablehq/plot'), from its node_modules path. */
function packagesOf(urls: string[]): Set<string> {
  const names = new Set<string>();
  for (const url of urls) {
    const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (m) names.add(m[1]!);
  }
  return names;
}

/** Libraries that only some commands need: a plain run must not pay for loading them. */
const NOT_FOR_A_PLAIN_RUN = ['ws', 'linkedom', '@observablehq/plot', 'd3-force'];

describe('start-up: castsim run loads only what it runs (issue 14)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'castsim-startup-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a plain run loads no chart, DOM, WebSocket or other command code', () => {
    const run = castsimLoading(['run', 'flood-grid', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).fingerprint).toMatch(/^[0-9a-f]{64}$/);
    // The log saw the run's own code load: an empty or broken log cannot pass below.
    expect(run.loaded.some((u) => u.endsWith('/dist/cli/main.js'))).toBe(true);
    expect(run.loaded.some((u) => /\/node_modules\/zod\//.test(u))).toBe(true);
    const packages = packagesOf(run.loaded);
    for (const lib of NOT_FOR_A_PLAIN_RUN) expect(packages.has(lib), lib).toBe(false);
    const commandFiles = run.loaded.map((u) => /\/dist\/cli\/([a-z-]+)\.js$/.exec(u)?.[1]).filter((n) => n !== undefined);
    for (const other of ['validate', 'list', 'compare', 'sweep', 'merge', 'check', 'view', 'serve', 'client']) expect(commandFiles, other).not.toContain(other);
  });

  it('the same log sees those libraries when a command does need them', () => {
    const pictures = castsimLoading(['run', 'flood-grid', '--json', '--html', join(dir, 'report.html')]);
    expect(pictures.code).toBe(0);
    const packages = packagesOf(pictures.loaded);
    expect(packages.has('@observablehq/plot')).toBe(true);
    expect(packages.has('linkedom')).toBe(true);
    const help = castsimLoading(['serve', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--heartbeat');
    expect(packagesOf(help.loaded).has('ws')).toBe(true);
  });
});
