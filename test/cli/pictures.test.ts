import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCompareScenario } from '../../src/compare/compare.js';
import { compareWithPictures } from '../../src/report/pictures/compare-html.js';
import { simulateWithPictures } from '../../src/report/pictures/picture-run.js';
import { loadScenario } from '../../src/scenario/load.js';
import { castsim } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'castsim-pictures-'));
const out = (name: string) => join(dir, name);

/** Any reference a browser would fetch: src/href/url() not to a data: URL or a fragment. */
const EXTERNAL = /(?:\b(?:src|href|xlink:href)\s*=\s*["'](?!data:|#))|url\((?!["']?(?:data:|#))|@import|<script|<link\b/i;

describe('castsim run --html', () => {
  it('writes one self-contained page with every chart, the same bytes for the same seed', () => {
    const a = castsim(['run', 'gossip-partition-heal', '--html', out('a.html'), '--json']);
    expect(a.code).toBe(0);
    expect(a.stderr).toBe('');
    const html = readFileSync(out('a.html'), 'utf8');
    for (const id of ['coverage', 'latency', 'hops', 'traffic', 'topology', 'summary']) expect(html).toContain(`id="${id}"`);
    expect(html).not.toMatch(EXTERNAL);
    expect(html).toContain('cut off from the source by a partition');
    expect(html).toContain(JSON.parse(a.stdout).fingerprint);
    // Again in this process (no second start-up): the same bytes; another seed, other bytes.
    const path = new URL('../../scenarios/gossip-partition-heal.yaml', import.meta.url).pathname;
    expect(simulateWithPictures(loadScenario(path), { html: true }).html).toBe(html);
    expect(simulateWithPictures(loadScenario(path, { overrides: ['seed=2'] }), { html: true }).html).not.toBe(html);
  });

  it('keeps a 100,000-node report under 5 MB and says the drawing was skipped', () => {
    const r = castsim(['run', 'flood-random-1k', '--set', 'topology.nodes=100000', '--html', out('big.html')]);
    expect(r.code).toBe(0);
    expect(statSync(out('big.html')).size).toBeLessThan(5 * 1024 * 1024);
    const html = readFileSync(out('big.html'), 'utf8');
    expect(html).toContain('Not drawn: the graph has 100000 nodes, above the drawing limit of 2000');
    expect(html).toContain('id="coverage"');
  });

  it('refuses a folder that does not exist before running', () => {
    const r = castsim(['run', 'flood-grid', '--html', join(dir, 'nope', 'r.html')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--html .*the folder .* does not exist/);
  });
});

describe('castsim run --lamport', () => {
  it('writes a space-time SVG with the cap written on it', () => {
    const r = castsim(['run', 'reliable-total-lossy', '--lamport', out('l.svg'), '--lamport-events', '300']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const svg = readFileSync(out('l.svg'), 'utf8');
    expect(svg).toMatch(/^<\?xml[^>]*>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toMatch(/Cap: the first 300 events · 300 events drawn · \d+ more left out by the cap/);
    expect(svg).toContain('dropped');
  });

  it('--window keeps only that time span', () => {
    const r = castsim(['run', 'flood-grid', '--lamport', out('w.svg'), '--window', '0:250']);
    expect(r.code).toBe(0);
    expect(readFileSync(out('w.svg'), 'utf8')).toContain('time window 0–250 ms');
  });

  it('bad --window: exit 2, a message naming the form, no file', () => {
    const r = castsim(['run', 'flood-grid', '--lamport', out('bad.svg'), '--window', '500:0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--window must be FROM:TO in ms');
    expect(existsSync(out('bad.svg'))).toBe(false);
    const s = castsim(['run', 'flood-grid', '--window', '0:5']);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('give --lamport FILE.svg too');
  });
});

describe('compare --html and sweep --html', () => {
  it('compare: six coverage curves and the bars, reproducibly', () => {
    const a = castsim(['compare', '--html', out('cmp.html')]);
    expect(a.code).toBe(0);
    expect(a.stderr).toBe('');
    const html = readFileSync(out('cmp.html'), 'utf8');
    expect(html.match(/aria-label="line"/g)).toHaveLength(1);
    for (const t of ['unicast', 'multicast', 'broadcast', 'anycast', 'gossip', 'reliable']) expect(html).toContain(`>${t}</span>`);
    for (const id of ['coverage', 'transmissions', 't100', 'latency', 'table']) expect(html).toContain(`id="${id}"`);
    expect(html).not.toMatch(EXTERNAL);
    // Again in this process: the same bytes.
    const base = loadCompareScenario(new URL('../../scenarios/default.yaml', import.meta.url).pathname);
    expect(compareWithPictures(base).html).toBe(html);
  });

  it('sweep: a chart per metric with 95% CI bars, a line per value of the second field', () => {
    const r = castsim(['sweep', 'flood-grid', '--vary', 'link.loss=0,0.2', '--vary', 'topology.width=3,5', '--seeds', '3', '--jobs', '1', '--html', out('sw.html')]);
    expect(r.code).toBe(0);
    const html = readFileSync(out('sw.html'), 'utf8');
    expect(html).toContain('<h2>metrics.deliveryRatio</h2>');
    expect(html).toContain('topology.width=3');
    expect(html).toContain('topology.width=5');
    expect(html).toContain('bars: 95% confidence interval of the mean');
    expect(html).not.toMatch(EXTERNAL);
    const s = castsim(['sweep', 'flood-grid', '--vary', 'link.loss=0,0.2', '--shard', '1/2', '--html', out('x.html')]);
    expect(s.code).toBe(2);
  });
});
