import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Where screenshots go (git-ignored; CI keeps the folder as artifacts). README names it. */
export const SCREENSHOTS = new URL('../../test-artifacts/screenshots/', import.meta.url).pathname;

/** Debian's chromium, never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';

export interface Browser {
  context: BrowserContext;
  /** Every URL the pages asked for, and those refused as off-machine. */
  requests: string[];
  refused: string[];
  websockets: string[];
  close(): Promise<void>;
}

/**
 * Headless Chromium in a new empty profile, every request routed: file: and data:
 * URLs pass, as do those `allow` accepts (the viewer's loopback server); anything
 * else is refused and recorded, so a test can fail on any network reference.
 */
export async function openBrowser(allow: (url: string) => boolean = () => false): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'castsim-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1200, height: 900 },
  });
  const b: Browser = { context, requests: [], refused: [], websockets: [], close: () => context.close() };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    b.requests.push(url);
    if (url.startsWith('file:') || url.startsWith('data:') || allow(url)) return route.continue();
    b.refused.push(url);
    return route.abort();
  });
  context.on('page', (p) => p.on('websocket', (ws) => b.websockets.push(ws.url())));
  return b;
}

/** Console errors and uncaught exceptions of a page, collected from now on. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}
