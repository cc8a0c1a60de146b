import { request } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_VIEWERS, ViewServer } from '../../src/cli/view-server.js';
import { traceView, type ViewMessage } from '../../src/report/viewer/view-source.js';
import { castsim } from '../support/cli.js';

const servers: ViewServer[] = [];
afterAll(async () => { for (const s of servers) await s.close(); });

function get(port: number, host: string, path = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Open a page's socket and collect `n` messages. */
function collect(port: number, n: number): Promise<ViewMessage[]> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/events`);
    const got: ViewMessage[] = [];
    ws.on('message', (d) => { got.push(JSON.parse(String(d))); if (got.length === n) { ws.close(); resolve(got); } });
    ws.on('error', reject);
  });
}

describe('the view server', () => {
  it('serves the page on loopback, refuses other Host names, replays the backlog to a late page and follows live', async () => {
    const s = await ViewServer.start('demo', 0);
    servers.push(s);
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await get(s.port, `127.0.0.1:${s.port}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>demo · castsim view</title>');
    expect(page.body).toContain("connect-src 'self'");
    expect((await get(s.port, 'evil.example:80')).status).toBe(403);
    expect((await get(s.port, `127.0.0.1:${s.port}`, '/etc/passwd')).status).toBe(404);

    s.push({ type: 'events', kinds: ['data'], events: [[0, 's', 0, 1, 0, 0, 0]] });
    const late = collect(s.port, 2);
    await new Promise((r) => setTimeout(r, 200));
    s.push({ type: 'end', time: 5, events: 1, kept: 1, truncated: false });
    expect((await late).map((m) => m.type)).toEqual(['events', 'end']);
  });

  it(`refuses more than ${MAX_VIEWERS} pages at once`, async () => {
    const s = await ViewServer.start('full', 0);
    servers.push(s);
    const open = await Promise.all(Array.from({ length: MAX_VIEWERS }, () => new Promise<WebSocket>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${s.port}/events`);
      ws.on('open', () => resolve(ws));
    })));
    const code = await new Promise<number>((resolve) => new WebSocket(`ws://127.0.0.1:${s.port}/events`).on('close', (c) => resolve(c)));
    expect(code).toBe(1013);
    for (const ws of open) ws.close();
  });
});

describe('a trace for the viewer', () => {
  it('has the trace\'s events and a drawing of the links its transmissions used', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'castsim-view-'));
    const trace = join(dir, 't.jsonl');
    expect(castsim(['run', 'flood-grid', '--trace', trace]).code).toBe(0);
    const msgs = await traceView(trace);
    const meta = msgs[0]!;
    if (meta.type !== 'meta') throw new Error('first message is not meta');
    expect(meta.nodes).toBe(25);
    expect(meta.links).toHaveLength(40); // a flood sends over every link of the 5 × 5 grid
    expect(meta.title).toBe('flood-grid: broadcast, seed 1');
    const events = msgs.flatMap((m) => (m.type === 'events' ? m.events : []));
    expect(events.filter((e) => e[1] === 's')).toHaveLength(56);
    expect(events.filter((e) => e[1] === 'd')).toHaveLength(24);
    expect(msgs.at(-1)).toMatchObject({ type: 'end', truncated: false, kept: events.length });
  });

  it('a missing or bad trace is bad input (exit 2), the bad line named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'castsim-view-'));
    const r = castsim(['view', join(dir, 'missing.jsonl')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no such trace file/);
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"type":"send","t":0,"node":0,"peer":1}\n{"type":"teleport","t":1,"node":0}\n');
    const b = castsim(['view', bad]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('bad.jsonl, line 2:');
  });
});
