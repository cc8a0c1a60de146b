import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { castsim } from '../support/cli.js';
import { openBrowser, SCREENSHOTS, watchErrors, type Browser } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'castsim-browser-'));
const file = (name: string) => join(dir, name);
let browser: Browser;

beforeAll(async () => {
  for (const args of [
    ['run', 'gossip-partition-heal', '--html', file('run.html'), '--lamport', file('run.svg'), '--lamport-events', '1500'],
    ['run', 'anycast-failover', '--html', file('anycast.html')],
    ['compare', '--html', file('compare.html')],
    ['sweep', 'flood-grid', '--vary', 'link.loss=0,0.1,0.2', '--vary', 'topology.width=3,5', '--seeds', '3', '--jobs', '1', '--html', file('sweep.html')],
  ]) {
    const r = castsim(args);
    expect(r.code, r.stderr).toBe(0);
  }
  browser = await openBrowser();
}, 120_000);

afterAll(async () => { await browser?.close(); });

/** Open a report, check it is clean, check every chart drew something, save screenshots (light and dark). */
async function openReport(name: string, shot: string): Promise<{ charts: number }> {
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(pathToFileURL(file(name)).href);
  const charts = await page.$$eval('.figure .chart', (els) => els.map((el) => {
    // The chart's largest SVG (legend swatches are small ones).
    const boxes = [...el.querySelectorAll('svg')].map((x) => x.getBoundingClientRect()).sort((a, b) => b.width * b.height - a.width * a.height);
    const svg = boxes.length > 0;
    const box = boxes[0];
    const marks = el.querySelectorAll('svg path, svg rect, svg circle, svg line').length;
    return { hasSvg: Boolean(svg), width: box?.width ?? 0, height: box?.height ?? 0, marks, note: el.textContent?.slice(0, 80) ?? '' };
  }));
  for (const c of charts) {
    // A chart either drew marks or says why it has none (e.g. a drawing skipped above its limit).
    if (!c.hasSvg) { expect(c.note).toMatch(/skipped|No delivery|No run/); continue; }
    expect(c.width).toBeGreaterThan(100);
    expect(c.height).toBeGreaterThan(50);
    expect(c.marks).toBeGreaterThan(3);
  }
  await page.screenshot({ path: join(SCREENSHOTS, `${shot}.png`), fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(SCREENSHOTS, `${shot}-dark.png`), fullPage: true });
  // In the dark theme the page background is dark and the axis text light.
  // A string, not a function: the tests compile without the DOM library.
  const colours = await page.evaluate(`({ bg: getComputedStyle(document.documentElement).backgroundColor, fg: getComputedStyle(document.querySelector('.chart svg')).color })`) as { bg: string; fg: string };
  expect(colours.bg).toBe('rgb(21, 23, 26)');
  expect(colours.fg).toBe('rgb(230, 230, 230)');
  expect(errors).toEqual([]);
  await page.close();
  return { charts: charts.length };
}

describe('HTML reports in headless Chromium', () => {
  it('run: opens with no console error and no network request; every chart drawn', async () => {
    const { charts } = await openReport('run.html', 'run-report');
    expect(charts).toBe(5); // coverage, latency, hops, traffic, topology
  });

  it('run with a crash: clean, and the topology drawing marks the crashed node', async () => {
    await openReport('anycast.html', 'run-report-anycast');
    const page = await browser.context.newPage();
    await page.goto(pathToFileURL(file('anycast.html')).href);
    // Node 63 crashes and stays down: one × (a vermillion-stroked symbol) in the drawing, beside the key's.
    expect(await page.locator('#topology .chart svg [aria-label="dot"][stroke="#D55E00"] path').count()).toBe(1);
    await page.close();
  });

  it('compare and sweep', async () => {
    expect((await openReport('compare.html', 'compare-report')).charts).toBe(4);
    expect((await openReport('sweep.html', 'sweep-report')).charts).toBeGreaterThan(10);
  });

  it('the space-time SVG opens on its own and draws arrows', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(pathToFileURL(file('run.svg')).href);
    expect(await page.locator('[aria-label="arrow"] path').count()).toBeGreaterThan(100);
    await page.screenshot({ path: join(SCREENSHOTS, 'lamport.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('no page asked for anything off the machine', () => {
    expect(browser.refused).toEqual([]);
    expect(browser.websockets).toEqual([]);
    expect(browser.requests.every((u) => u.startsWith('file:') || u.startsWith('data:'))).toBe(true);
  });
});
