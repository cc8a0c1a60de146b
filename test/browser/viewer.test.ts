import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { castsim } from '../support/cli.js';
import { openBrowser, SCREENSHOTS, watchErrors, type Browser } from './support.js';

const main = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'castsim-viewer-'));
const started: ChildProcess[] = [];
let browser: Browser;
let origin = '';

/** Start `castsim view ARGS` and resolve with the URL it prints. */
function view(args: string[]): Promise<string> {
  const child = spawn(process.execPath, [main, 'view', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  return new Promise((resolve, reject) => {
    let out = '', err = '';
    child.stdout!.on('data', (d) => { out += d; const m = /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out); if (m) resolve(m[1]!); });
    child.stderr!.on('data', (d) => { err += d; });
    child.on('exit', (code) => reject(new Error(`castsim view exited ${code}: ${err}`)));
  });
}

beforeAll(async () => {
  browser = await openBrowser((url) => origin !== '' && url.startsWith(origin));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  for (const c of started) c.kill('SIGTERM');
});

describe('castsim view in headless Chromium', () => {
  it('streams a scenario run, plays, scrubs and shows a node\'s events', async () => {
    const url = await view(['flood-grid', '--port', '0']);
    origin = url;
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(url);
    await page.waitForSelector('body[data-finished="true"]', { timeout: 30_000 });
    expect(await page.locator('#topology circle[data-node]').count()).toBe(25);
    expect(await page.textContent('#status')).toMatch(/run finished at t=900 ms/);

    // Play at 8×: time moves forward, then pause.
    await page.selectOption('#speed', '8');
    await page.click('#play');
    // (Polled from here: the page's CSP forbids evaluating strings in it.)
    const now = async () => Number(/t = ([\d.]+) ms/.exec((await page.textContent('#time')) ?? '')?.[1]);
    await expect.poll(now, { timeout: 10_000, interval: 100 }).toBeGreaterThan(100);
    await page.click('#play');
    expect(await page.getAttribute('#play', 'aria-pressed')).toBe('false');

    // Scrub to 450 ms: flood-grid delivers a node per 100 ms of Manhattan distance; by 450 ms those within 4 hops (14 of 24).
    await page.locator('#scrub').fill('450');
    expect(await page.textContent('#time')).toBe('t = 450.0 ms');
    expect(await page.textContent('#delivered')).toBe('14 of 24');
    expect(Number(await page.textContent('#in-flight'))).toBeGreaterThan(0);
    // The coverage curve drawn so far stops at the scrubber.
    expect(Number(await page.getAttribute('#coverage-clip-rect', 'width'))).toBeGreaterThan(100);

    // Click node 12 (the grid's centre): its events, receipt and delivery at 400 ms among them.
    await page.click('#topology circle[data-node="12"]');
    expect(await page.textContent('#node-title')).toMatch(/^node 12: \d+ events/);
    const rows = await page.locator('#node-events tr').allTextContents();
    expect(rows.some((r) => /^400\.00deliver/.test(r))).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'viewer.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('replays a trace file', async () => {
    const trace = join(dir, 'run.jsonl');
    expect(castsim(['run', 'gossip-partition-heal', '--trace', trace]).code).toBe(0);
    const url = await view([trace]);
    origin = url;
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(url);
    await page.waitForSelector('body[data-finished="true"]', { timeout: 30_000 });
    expect(await page.locator('#topology circle[data-node]').count()).toBe(100);
    expect(await page.textContent('#title')).toBe('gossip-partition-heal: gossip, seed 1');
    await page.locator('#scrub').fill('3000');
    expect(await page.textContent('#delivered')).toBe('99 of 99');
    await page.screenshot({ path: join(SCREENSHOTS, 'viewer-trace.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('asked for nothing but its own loopback server', () => {
    expect(browser.refused).toEqual([]);
    expect(browser.websockets.every((u) => /^ws:\/\/127\.0\.0\.1:\d+\/events$/.test(u))).toBe(true);
    expect(browser.websockets.length).toBe(2);
  });
});
