/**
 * Never down, never stalled: bad input of every kind, a client that never reads and a
 * peer that never answers heartbeats leave the server up, serving the next client, and
 * the other clients receive everything. Nothing here is timed: each check waits for
 * deliveries to complete (bounded by the test timeout).
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { GroupServer, SLOW_READER_CODE } from '../../src/realtime/server.js';
import { TestClient } from '../support/ws-clients.js';

let server: GroupServer | null = null;
let log: string[] = [];
const open: Array<TestClient | Socket> = [];

async function boot(opts: Parameters<typeof GroupServer.start>[0] = {}): Promise<GroupServer> {
  log = [];
  server = await GroupServer.start({ port: 0, log: (l) => log.push(l), heartbeatMs: 0, ...opts });
  return server;
}
/** Re-check a server-side condition until it holds (bounded by the test timeout). */
async function poll(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 20));
}
async function client(): Promise<TestClient> { const c = await TestClient.open(server!.url); open.push(c); return c; }

afterEach(async () => {
  for (const c of open.splice(0)) c instanceof TestClient ? c.ws.terminate() : c.destroy();
  await server?.close();
  server = null;
});

/** A raw TCP connection that completes the WebSocket handshake and then does nothing at all: never reads, never answers a ping. */
async function rawWebSocket(port: number): Promise<Socket> {
  const s = connect(port, '127.0.0.1');
  open.push(s);
  await new Promise<void>((resolve) => s.once('connect', () => resolve()));
  s.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
    + 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
  await new Promise<void>((resolve) => s.once('data', (d) => { expect(d.toString()).toMatch(/^HTTP\/1\.1 101/); resolve(); }));
  s.pause();
  return s;
}

/** Every client receives one broadcast from `from`: proof the server is up and serving them. */
async function roundTrip(from: TestClient, others: TestClient[], text: string): Promise<void> {
  from.ws.send(text);
  for (const c of [from, ...others]) await c.until(() => c.texts.includes(`Broadcast: ${text}`));
}

describe('the server stays up', () => {
  it('garbage bytes on the TCP port: answered 400 and closed; the others and the next client are served', async () => {
    const s = await boot();
    const a = await client();
    for (const junk of ['\x00\xff\xfe garbage \r\n\r\n', 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', 'HELLO\r\n\r\n']) {
      const raw = connect(s.port, '127.0.0.1');
      let reply = '';
      raw.on('data', (d) => { reply += d.toString(); });
      raw.write(junk);
      await new Promise<void>((resolve) => raw.on('close', () => resolve()));
      expect(reply).toMatch(/^HTTP\/1\.1 (400|426)/);
    }
    const b = await client();
    await roundTrip(b, [a], 'after garbage');
  });

  it('a non-JSON command, an unknown one and a binary frame get error replies; the connection stays', async () => {
    await boot();
    const a = await client(), b = await client();
    a.ws.send('{this is not json');
    a.ws.send('{"v":1,"op":"explode"}');
    a.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await a.until(() => a.frames.filter((f) => f.type === 'error').length === 3);
    expect(a.frames.map((f) => f.code)).toEqual(['bad-json', 'unknown-op', 'binary-frame']);
    await roundTrip(a, [b], 'still here');
  });

  it('a frame over 1 MiB closes that connection with 1009; the others and the next client are served', async () => {
    await boot();
    const big = await client(), a = await client();
    big.ws.send('x'.repeat(1024 * 1024 + 1));
    expect(await big.closed).toBe(1009);
    const b = await client();
    await roundTrip(a, [b], 'after the big one');
    // Exactly 1 MiB is allowed.
    a.ws.send('y'.repeat(1024 * 1024 - 'Broadcast: '.length));
    await b.until(() => b.texts.some((t) => t.length === 1024 * 1024));
  });

  it('a client that never reads is disconnected with 4008 past its buffer limit; the others get every message', async () => {
    const limit = 1024 * 1024;
    const s = await boot({ maxBufferedBytes: limit });
    const a = await client(), b = await client();
    const slow = await rawWebSocket(s.port);
    await poll(() => s.clientCount === 3);
    const chunk = 'z'.repeat(16 * 1024);
    // 32 MB in all: far beyond what the kernel's socket buffers hold for the sleeper. The
    // sender waits for each batch to reach the readers, so only the sleeper falls behind.
    const batch = 50, count = 2000;
    for (let i = 0; i < count; i += batch) {
      for (let j = i; j < i + batch; j++) a.ws.send(`${j} ${chunk}`);
      for (const c of [a, b]) await c.until(() => c.texts.length === i + batch);
    }
    for (const c of [a, b]) expect(c.texts.map((t) => Number(t.split(' ')[1]))).toEqual(Array.from({ length: count }, (_, i) => i));
    expect(log.some((l) => l.startsWith('Client too slow:') && l.includes(`(${SLOW_READER_CODE})`))).toBe(true);
    await poll(() => s.clientCount === 2);
    const next = await client();
    await roundTrip(next, [a, b], 'next one');
    slow.destroy();
  });

  it('a peer that never answers heartbeats is terminated; a live client is kept', async () => {
    const s = await boot({ heartbeatMs: 200 });
    const a = await client();
    await rawWebSocket(s.port);
    await poll(() => s.clientCount === 2);
    await poll(() => log.some((l) => l.startsWith('Client not answering heartbeats')));
    await poll(() => s.clientCount === 1);
    const b = await client();
    await roundTrip(b, [a], 'alive');
    expect(a.closeCode).toBeNull();
  });
});

describe('load', () => {
  it('50 clients × 50 messages: every client receives all 2,500 broadcasts, in per-sender order', async () => {
    await boot();
    const n = 50, m = 50;
    const cs: TestClient[] = [];
    for (let i = 0; i < n; i++) cs.push(await client());
    for (let k = 0; k < m; k++) for (let i = 0; i < n; i++) cs[i]!.ws.send(`${i}:${k}`);
    for (const c of cs) await c.until(() => c.texts.length === n * m);
    for (const c of cs) {
      const next = new Array<number>(n).fill(0);
      for (const t of c.texts) {
        const [from, k] = t.slice('Broadcast: '.length).split(':').map(Number) as [number, number];
        expect(k).toBe(next[from]);
        next[from]!++;
      }
      expect(next).toEqual(new Array(n).fill(m));
    }
  });
});
