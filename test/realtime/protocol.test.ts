/**
 * The JSON protocol v1 (docs/websocket-protocol.md), command by command, against an
 * in-process server on an ephemeral port.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupServer } from '../../src/realtime/server.js';
import { TestClient } from '../support/ws-clients.js';

let server: GroupServer;
let log: string[];
const clients: TestClient[] = [];

async function boot(opts: { historySize?: number } = {}): Promise<void> {
  log = [];
  server = await GroupServer.start({ port: 0, log: (l) => log.push(l), heartbeatMs: 0, ...opts });
}
type Hello = Awaited<ReturnType<typeof TestClient.hello>>;
async function hello(extra = {}): Promise<Hello> { const c = await TestClient.hello(server.url, extra); clients.push(c); return c; }
async function plain() { const c = await TestClient.open(server.url); clients.push(c); return c; }

beforeEach(() => boot());
afterEach(async () => { for (const c of clients.splice(0)) c.ws.terminate(); await server.close(); });

describe('ids, groups and presence', () => {
  it('assigns each client its own id and a resume token', async () => {
    const [a, b] = [await hello(), await hello()];
    expect(a.id).not.toBe(b.id);
    expect(a.token).toMatch(/^[0-9a-f]{32}$/);
    expect(a.token).not.toBe(b.token);
  });

  it('join and leave are announced to the other members; members lists the group', async () => {
    const [a, b, c] = [await hello(), await hello(), await hello()];
    a.cmd({ op: 'join', group: 'lab', ref: 1 });
    expect(await a.next((f) => f.ref === 1)).toMatchObject({ type: 'ok', op: 'join', group: 'lab', members: [a.id] });
    b.cmd({ op: 'join', group: 'lab', ref: 2 });
    await b.next((f) => f.ref === 2);
    expect(await a.next((f) => f.type === 'presence')).toEqual({ v: 1, type: 'presence', group: 'lab', event: 'join', id: b.id });
    c.cmd({ op: 'members', group: 'lab', ref: 3 });
    expect(await c.next((f) => f.ref === 3)).toMatchObject({ type: 'members', members: [a.id, b.id].sort((x, y) => x - y) });
    b.cmd({ op: 'leave', group: 'lab' });
    expect(await a.next((f) => f.type === 'presence' && f.event === 'leave')).toMatchObject({ id: b.id });
    b.cmd({ op: 'leave', group: 'lab', ref: 4 });
    expect(await b.next((f) => f.ref === 4)).toMatchObject({ type: 'error', code: 'not-member' });
    b.ws.terminate();
    a.cmd({ op: 'join', group: 'other' });
    c.cmd({ op: 'join', group: 'lab' });
    await a.next((f) => f.type === 'presence' && f.id === c.id);
    // A member that disconnects leaves: presence says so.
    c.ws.terminate();
    expect(await a.next((f) => f.type === 'presence' && f.event === 'leave' && f.id === c.id)).toMatchObject({ group: 'lab' });
  });
});

describe('the six ways to send', () => {
  it('unicast reaches exactly the named client; an unknown id is an error', async () => {
    const [a, b, c] = [await hello(), await hello(), await hello()];
    a.cmd({ op: 'unicast', to: b.id, data: 'psst', ref: 'u' });
    expect(await a.next((f) => f.ref === 'u')).toMatchObject({ type: 'ok', to: b.id });
    expect(await b.next((f) => f.type === 'message')).toEqual({ v: 1, type: 'message', mode: 'unicast', from: a.id, data: 'psst' });
    a.cmd({ op: 'unicast', to: 999, data: 'x', ref: 'bad' });
    expect(await a.next((f) => f.ref === 'bad')).toMatchObject({ type: 'error', code: 'no-such-client' });
    c.cmd({ op: 'members', group: 'none', ref: 'sync' });
    await c.next((f) => f.ref === 'sync');
    expect(c.messages()).toEqual([]);
  });

  it('multicast reaches the members (the sender too, if one) and no one else', async () => {
    const [a, b, c] = [await hello(), await hello(), await hello()];
    for (const x of [a, b]) { x.cmd({ op: 'join', group: 'g', ref: 'j' }); await x.next((f) => f.ref === 'j'); }
    c.cmd({ op: 'multicast', group: 'g', data: { n: 1 }, ref: 'm' });
    expect(await c.next((f) => f.ref === 'm')).toMatchObject({ recipients: 2 });
    for (const x of [a, b]) expect(await x.next((f) => f.type === 'message')).toEqual({ v: 1, type: 'message', mode: 'multicast', group: 'g', from: c.id, data: { n: 1 } });
    a.cmd({ op: 'multicast', group: 'g', data: 'own', ref: 'm2' });
    await a.next((f) => f.ref === 'm2');
    expect(a.messages().map((m) => m.data)).toEqual([{ n: 1 }, 'own']);
    expect(c.messages()).toEqual([]);
  });

  it('broadcast reaches everyone, the sender included; a seed client gets the seed text', async () => {
    const [a, b, p] = [await hello(), await hello(), await plain()];
    a.cmd({ op: 'broadcast', data: 'all', ref: 'b' });
    expect(await a.next((f) => f.ref === 'b')).toMatchObject({ recipients: 3 });
    for (const x of [a, b]) expect(await x.next((f) => f.type === 'message')).toMatchObject({ mode: 'broadcast', from: a.id, data: 'all' });
    await p.until(() => p.texts.length === 1);
    expect(p.texts).toEqual(['Broadcast: all']);
    // And a seed client's plain text reaches JSON clients as a broadcast message.
    p.ws.send('plain hi');
    expect(await b.next((f) => f.type === 'message' && f.data === 'plain hi')).toMatchObject({ mode: 'broadcast' });
    expect(log).toContain('Received from client: plain hi');
  });

  it('anycast picks the least-loaded member (unacknowledged messages), ties to the lowest id', async () => {
    const s = await hello();
    const m = [await hello(), await hello(), await hello()];
    for (const x of m) { x.cmd({ op: 'join', group: 'svc', ref: 'j' }); await x.next((f) => f.ref === 'j'); }
    const picks: number[] = [];
    for (let i = 0; i < 6; i++) {
      s.cmd({ op: 'anycast', group: 'svc', data: i, ref: `a${i}` });
      picks.push((await s.next((f) => f.ref === `a${i}`)).to);
    }
    const ids = m.map((x) => x.id);
    expect(picks).toEqual([...ids, ...ids]);
    // The second member acknowledges both of its messages: it is now the least loaded, twice over.
    const second = m[1]!;
    await second.until(() => second.messages('anycast').length === 2);
    for (const msg of second.messages('anycast')) second.cmd({ op: 'ack', msg: msg.msg });
    await s.until(() => s.frames.filter((f) => f.type === 'ack' && f.by === second.id).length === 2);
    for (let i = 6; i < 8; i++) {
      s.cmd({ op: 'anycast', group: 'svc', data: i, ref: `a${i}` });
      picks.push((await s.next((f) => f.ref === `a${i}`)).to);
    }
    expect(picks.slice(6)).toEqual([second.id, second.id]);
    // Exactly one member got each message.
    expect(m.map((x) => x.messages('anycast').length).reduce((a, b) => a + b)).toBe(8);
  });

  it('anycast round robin takes the members in turn, acks or not', async () => {
    const s = await hello();
    const m = [await hello(), await hello(), await hello()];
    for (const x of m) { x.cmd({ op: 'join', group: 'rr', ref: 'j' }); await x.next((f) => f.ref === 'j'); }
    const picks: number[] = [];
    for (let i = 0; i < 7; i++) {
      s.cmd({ op: 'anycast', group: 'rr', select: 'round-robin', data: i, ref: i });
      picks.push((await s.next((f) => f.ref === i)).to);
    }
    const ids = m.map((x) => x.id);
    expect(picks).toEqual([...ids, ...ids, ids[0]]);
    s.cmd({ op: 'anycast', group: 'empty', data: 0, ref: 'e' });
    expect(await s.next((f) => f.ref === 'e')).toMatchObject({ type: 'error', code: 'no-members' });
  });

  it('reliable: offsets per group, FIFO numbers per sender, an ack from each recipient, optional total order', async () => {
    const [a, b, c] = [await hello(), await hello(), await hello()];
    for (const x of [a, b, c]) { x.cmd({ op: 'join', group: 'r', ref: 'j' }); await x.next((f) => f.ref === 'j'); }
    for (let i = 0; i < 3; i++) a.cmd({ op: 'publish', group: 'r', data: `a${i}` });
    b.cmd({ op: 'publish', group: 'r', data: 'b0', order: 'total', ref: 'bt' });
    expect(await b.next((f) => f.ref === 'bt')).toMatchObject({ type: 'ok', offset: 4, seq: 1, total: 1, recipients: 3 });
    for (const x of [a, b, c]) {
      await x.until(() => x.messages('reliable').length === 4);
      const got = x.messages('reliable');
      expect(got.map((m) => [m.offset, m.from, m.seq, m.data])).toEqual([[1, a.id, 1, 'a0'], [2, a.id, 2, 'a1'], [3, a.id, 3, 'a2'], [4, b.id, 1, 'b0']]);
      expect(got[3]!.total).toBe(1);
      expect(got[0]!.total).toBeUndefined();
      for (const m of got) x.cmd({ op: 'ack', group: 'r', offset: m.offset });
    }
    // a's three messages are acknowledged by every recipient (itself included): 9 acks, each (offset, by) once.
    await a.until(() => a.frames.filter((f) => f.type === 'ack').length === 9);
    const acks = a.frames.filter((f) => f.type === 'ack').map((f) => `${f.offset}:${f.by}`).sort();
    expect(new Set(acks).size).toBe(9);
    expect(acks.every((k) => ['1', '2', '3'].includes(k.split(':')[0]!))).toBe(true);
  });

  it('gossip relays a rumor to fanout random peers, who pass it on while the TTL lasts', async () => {
    const n = 8;
    const cs: Hello[] = [];
    for (let i = 0; i < n; i++) cs.push(await hello());
    const origin = cs[0]!;
    origin.cmd({ op: 'gossip', data: 'rumor', fanout: 3, ttl: 0, ref: 'g' });
    const ok = await origin.next((f) => f.ref === 'g');
    expect(ok.to).toHaveLength(3);
    expect(new Set(ok.to).size).toBe(3);
    expect(ok.to).not.toContain(origin.id);
    for (const c of cs.filter((x) => ok.to.includes((x as any).id))) {
      expect(await c.next((f) => f.mode === 'gossip')).toMatchObject({ rumor: ok.rumor, origin: origin.id, from: origin.id, ttl: 0, fanout: 3, data: 'rumor' });
    }
    // With fanout n−1 one push reaches everyone.
    origin.cmd({ op: 'gossip', data: 'all', fanout: n - 1, ttl: 0, ref: 'g2' });
    expect((await origin.next((f) => f.ref === 'g2')).to).toHaveLength(n - 1);
    for (const c of cs.slice(1)) await c.next((f) => f.mode === 'gossip' && f.data === 'all');
    // A peer passes a known rumor on; an invented one is refused.
    cs[1]!.cmd({ op: 'gossip', rumor: ok.rumor, data: 'rumor', fanout: 1, ttl: 0, ref: 'fw' });
    expect(await cs[1]!.next((f) => f.ref === 'fw')).toMatchObject({ type: 'ok', rumor: ok.rumor });
    cs[1]!.cmd({ op: 'gossip', rumor: 999, data: 'x', ref: 'no' });
    expect(await cs[1]!.next((f) => f.ref === 'no')).toMatchObject({ type: 'error', code: 'unknown-rumor' });
  });
});

describe('bad commands get an error reply and the connection stays', () => {
  it.each([
    ['{not json', 'bad-json'],
    ['{"v":1,"op":"teleport"}', 'unknown-op'],
    ['{"v":2,"op":"hello"}', 'bad-version'],
    ['{"v":1,"op":"unicast","to":"x","data":1}', 'bad-field'],
    ['{"v":1,"op":"join"}', 'bad-field'],
    ['[1,2]', null],
  ])('%s → %s', async (text, code) => {
    const a = await hello();
    a.ws.send(text);
    if (code === null) {
      // Not a command (does not start with '{'): the seed's plain broadcast.
      await a.until(() => a.frames.some((f) => f.type === 'message' && f.data === text));
    } else {
      const e = await a.next((f) => f.type === 'error');
      expect(e.code).toBe(code);
      expect(e.error.length).toBeGreaterThan(10);
    }
    a.cmd({ op: 'members', group: 'g', ref: 'still' });
    expect(await a.next((f) => f.ref === 'still')).toMatchObject({ type: 'members' });
  });
});

describe('reliable recovery with resume tokens', () => {
  it('a client killed mid-stream reconnects with its token and ends with every message exactly once, in order', async () => {
    const pub = await hello();
    let sub: Hello = await hello();
    sub.cmd({ op: 'join', group: 'feed', ref: 'j' });
    await sub.next((f) => f.ref === 'j');
    const token = sub.token, id = sub.id;
    const got: number[] = [];
    let last = 0;
    const take = (c: Hello) => {
      // The application: process each offset once, in order; acknowledge it.
      for (const m of c.messages('reliable')) {
        if (m.offset <= last) continue;
        expect(m.offset).toBe(last + 1);
        last = m.offset; got.push(m.data);
        c.cmd({ op: 'ack', group: 'feed', offset: m.offset });
      }
    };
    for (let i = 1; i <= 20; i++) pub.cmd({ op: 'publish', group: 'feed', data: i });
    await sub.until(() => sub.messages('reliable').length >= 7);
    take(sub);
    sub.ws.terminate(); // killed: no close handshake, unread frames lost
    await sub.closed;
    for (let i = 21; i <= 40; i++) pub.cmd({ op: 'publish', group: 'feed', data: i });
    pub.cmd({ op: 'members', group: 'feed', ref: 'sync' });
    await pub.next((f) => f.ref === 'sync');
    sub = await hello({ resume: token, since: { feed: last } });
    expect(sub.frames[0]).toMatchObject({ type: 'welcome', id, resumed: true, groups: ['feed'] });
    expect(await sub.next((f) => f.type === 'recovery')).toMatchObject({ group: 'feed', recovered: true, since: last });
    await sub.until(() => sub.messages('reliable').length > 0 && sub.messages('reliable').at(-1)!.offset === 40);
    take(sub);
    expect(got).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('without `since`, the server resumes after the last offset the client acknowledged in order', async () => {
    const pub = await hello();
    let sub: Hello = await hello();
    sub.cmd({ op: 'join', group: 'q', ref: 'j' });
    await sub.next((f) => f.ref === 'j');
    for (let i = 1; i <= 5; i++) pub.cmd({ op: 'publish', group: 'q', data: i });
    await sub.until(() => sub.messages('reliable').length === 5);
    for (const o of [1, 2, 4]) sub.cmd({ op: 'ack', group: 'q', offset: o }); // 3 never acked
    sub.cmd({ op: 'members', group: 'q', ref: 's' });
    await sub.next((f) => f.ref === 's');
    sub.ws.terminate();
    await sub.closed;
    sub = await hello({ resume: sub.token });
    await sub.until(() => sub.messages('reliable').length === 3);
    expect(sub.messages('reliable').map((m) => m.offset)).toEqual([3, 4, 5]);
  });

  it('past the history bound the client is told it cannot recover', async () => {
    await server.close();
    await boot({ historySize: 5 });
    const pub = await hello();
    let sub: Hello = await hello();
    sub.cmd({ op: 'join', group: 'h', ref: 'j' });
    await sub.next((f) => f.ref === 'j');
    const token = sub.token;
    sub.ws.terminate();
    await sub.closed;
    for (let i = 1; i <= 12; i++) pub.cmd({ op: 'publish', group: 'h', data: i });
    pub.cmd({ op: 'members', group: 'h', ref: 'sync' });
    await pub.next((f) => f.ref === 'sync');
    sub = await hello({ resume: token, since: { h: 0 } });
    const r = await sub.next((f) => f.type === 'recovery');
    expect(r).toMatchObject({ group: 'h', recovered: false, since: 0, oldest: 8, latest: 12 });
    expect(r.error).toMatch(/^cannot recover: .*offsets 1\.\.7 are gone/);
    // It continues live from there.
    pub.cmd({ op: 'publish', group: 'h', data: 13 });
    expect(await sub.next((f) => f.type === 'message')).toMatchObject({ offset: 13, data: 13 });
    // An unknown token is a new session, said plainly.
    const stranger = await hello({ resume: 'f'.repeat(32) });
    expect(stranger.frames[0]).toMatchObject({ type: 'welcome', resumed: false });
    expect(stranger.frames[0]!.error).toMatch(/unknown or expired/);
  });
});
