import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CASTSIM_BIN, castsimLoading } from '../support/cli.js';

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
const NOT_FOR_A_PLAIN_RUN = ['yargs', 'ws', 'linkedom', '@observablehq/plot', 'd3-force'];

/** Our own modules by name, from dist/ (tsc's files or the bundle's, 'main.js', 'chunk-sweep-Ab12Cd34.js', 'quick-run-Ab12Cd34.cjs'). */
function ownModules(urls: string[]): string[] {
  return urls.flatMap((u) => {
    const m = /\/dist\/[a-z]+\/(?:chunk-)?([a-z-]+?)(?:-[A-Za-z0-9_-]{8})?\.c?js$/.exec(u);
    return m ? [m[1]!] : [];
  });
}

describe('start-up: castsim run loads only what it runs (issue 14)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'castsim-startup-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a plain run loads no chart, DOM, WebSocket or other command code', () => {
    const run = castsimLoading(['run', 'flood-grid', '--json']);
    expect(run.code).toBe(0);
    // The fingerprint is still computed by default, and the bundled CLI's is the pinned one.
    const pinned = JSON.parse(readFileSync(new URL('../scenarios/fingerprints.json', import.meta.url), 'utf8')) as Record<string, string>;
    expect(JSON.parse(run.stdout).fingerprint).toBe(pinned['flood-grid.yaml']);
    // The log saw the run's own code load: an empty or broken log cannot pass below.
    expect(run.loaded).toContain(pathToFileURL(CASTSIM_BIN).href);
    const own = ownModules(run.loaded);
    // The bundle runs a plain run from one CommonJS script: the log sees its require() calls.
    expect(own).toContain('quick-run');
    expect(run.loaded).toContain('node:crypto');
    const packages = packagesOf(run.loaded);
    for (const lib of NOT_FOR_A_PLAIN_RUN) expect(packages.has(lib), lib).toBe(false);
    for (const other of ['command-line', 'validate', 'list', 'compare', 'sweep', 'merge', 'check', 'view', 'serve', 'client', 'picture-run']) expect(own, other).not.toContain(other);
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
    expect(packagesOf(help.loaded).has('yargs')).toBe(true);
    expect(ownModules(help.loaded)).toContain('serve');
  });
});
