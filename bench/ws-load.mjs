// npm run bench:ws — the WebSocket load benchmark (not a test).
//
// 1,000 clients on loopback against three servers, each in its own process:
// castsim serve (src/realtime), a bare `ws` broadcast loop, and a Socket.IO server,
// doing the same two workloads:
//   broadcast  10 senders × 20 messages, each to all clients (200 × 1,000 deliveries);
//              castsim gets the seed's plain text, framed once per broadcast;
//   groups     10 groups of 100; each group's first member sends 100 messages to its
//              group (1,000 × 100 deliveries); castsim uses its JSON multicast.
// Each message carries its send time; every client records the delivery latency.
// Throughput: deliveries ÷ (last delivery − first send). The three servers run in
// alternating order for ROUNDS rounds; the table shows each round and the median.
//   node bench/ws-load.mjs [clients] [rounds]   (--help; CLIENTS and ROUNDS in the environment
//   are the defaults, else 1000 and 3)
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';
import WebSocket from 'ws';
import { io as ioClient } from 'socket.io-client';
import { commandLine } from './cli-args.mjs';

const USAGE = `usage: node bench/ws-load.mjs [clients] [rounds]
  clients: WebSocket clients on loopback, a multiple of 10 (the groups) from 10 up (1000, or
  CLIENTS); rounds: each server once a round, alternating, ≥ 1 (3, or ROUNDS).
  Runs the built dist/ (npm run bench:ws builds first).
  example: node bench/ws-load.mjs 200 1`;
const cli = commandLine('bench/ws-load.mjs', USAGE);
const { positionals: [clientsArg = process.env.CLIENTS ?? '1000', roundsArg = process.env.ROUNDS ?? '3'] } = cli.parse({ most: 2 });
const CLIENTS = cli.integer('clients', clientsArg, 10);
// Client i joins group i mod 10 and each group's expected deliveries are counted from
// ceil(clients / 10): with another count a phase would wait for deliveries that never come.
if (CLIENTS % 10 !== 0) cli.usageError(`clients must be a multiple of 10 (the groups), got ${clientsArg}`);
const ROUNDS = cli.integer('rounds', roundsArg, 1);
const here = fileURLToPath(new URL('.', import.meta.url));
const GROUPS = 10;
const B_SENDERS = 10, B_MESSAGES = 20, G_MESSAGES = 100;
const KINDS = ['castsim', 'bare', 'socketio'];
const LIMIT_MS = 120_000;

function startServer(kind) {
  const child = spawn(process.execPath, [here + 'ws-load/server.mjs', kind], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => resolve({ child, port: Number(String(d).trim()) }));
    child.once('exit', (code) => reject(new Error(`${kind} server exited (${code})`)));
  });
}

/** A client of one kind: send(text) for broadcast, group(room, text), join(room) → Promise, onPayload(cb). */
async function connect(kind, port) {
  if (kind === 'socketio') {
    const s = ioClient(`http://127.0.0.1:${port}`, { transports: ['websocket'], forceNew: true, reconnection: false });
    await new Promise((resolve, reject) => { s.once('connect', resolve); s.once('connect_error', reject); });
    let cb = () => {};
    s.on('m', (text) => cb(text));
    return {
      onText: (f) => { cb = f; },
      broadcast: (t) => s.emit('b', t),
      group: (room, t) => s.emit('g', room, t),
      join: (room) => new Promise((resolve) => s.emit('j', room, resolve)),
      close: () => s.close(),
    };
  }
  const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  let cb = () => {}, joined = null;
  ws.on('message', (d) => {
    const text = d.toString();
    if (joined && (text === 'ok' || text.includes('"type":"ok"'))) { const j = joined; joined = null; j(); return; }
    cb(text);
  });
  const castsim = kind === 'castsim';
  return {
    onText: (f) => { cb = f; },
    broadcast: (t) => ws.send(t),
    group: (room, t) => ws.send(castsim ? JSON.stringify({ v: 1, op: 'multicast', group: room, data: t }) : `g:${room}:${t}`),
    join: (room) => new Promise((resolve) => { joined = resolve; ws.send(castsim ? JSON.stringify({ v: 1, op: 'join', group: room }) : `j:${room}`); }),
    close: () => ws.terminate(),
  };
}

/** The send time a delivered frame carries, however the server wrapped it. */
function sentAt(text) {
  if (text.startsWith('{')) {
    const f = JSON.parse(text);
    return f.type === 'message' ? Number(f.data) : NaN;
  }
  return Number(text.startsWith('Broadcast: ') ? text.slice(11) : text);
}

function percentile(sorted, p) { return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]; }

async function phase(clients, expected, sendAll) {
  const lat = new Float64Array(expected);
  let n = 0, last = 0;
  let done;
  const finished = new Promise((resolve) => { done = resolve; });
  for (const c of clients) {
    c.onText((text) => {
      const t = sentAt(text);
      if (Number.isNaN(t)) return;
      const now = performance.now();
      if (n < expected) lat[n] = now - t;
      if (++n === expected) { last = now; done(); }
    });
  }
  const first = performance.now();
  sendAll();
  const timeout = new Promise((resolve) => setTimeout(resolve, LIMIT_MS).unref());
  await Promise.race([finished, timeout]);
  if (n < expected) return { deliveries: n, expected, complete: false };
  const seconds = (last - first) / 1000;
  lat.sort();
  return { deliveries: n, expected, complete: true, seconds: +seconds.toFixed(3), perSecond: Math.round(n / seconds), p50: +percentile(lat, 0.5).toFixed(2), p99: +percentile(lat, 0.99).toFixed(2) };
}

async function runOne(kind) {
  const { child, port } = await startServer(kind);
  try {
    const clients = [];
    for (let i = 0; i < CLIENTS; i += 100) {
      clients.push(...await Promise.all(Array.from({ length: Math.min(100, CLIENTS - i) }, () => connect(kind, port))));
    }
    const broadcast = await phase(clients, B_SENDERS * B_MESSAGES * CLIENTS, () => {
      for (let m = 0; m < B_MESSAGES; m++) for (let s = 0; s < B_SENDERS; s++) clients[s].broadcast(String(performance.now()));
    });
    await Promise.all(clients.map((c, i) => c.join(`g${i % GROUPS}`)));
    const perGroup = Math.ceil(CLIENTS / GROUPS);
    const groups = await phase(clients, GROUPS * G_MESSAGES * perGroup, () => {
      for (let m = 0; m < G_MESSAGES; m++) for (let g = 0; g < GROUPS; g++) clients[g].group(`g${g}`, String(performance.now()));
    });
    for (const c of clients) c.close();
    return { kind, broadcast, groups };
  } finally {
    child.kill();
  }
}

const rows = [];
for (let r = 0; r < ROUNDS; r++) {
  const order = KINDS.map((_, i) => KINDS[(i + r) % KINDS.length]);
  for (const kind of order) {
    process.stderr.write(`round ${r + 1}/${ROUNDS}: ${kind} ...\n`);
    const res = await runOne(kind);
    rows.push({ round: r + 1, ...res });
    console.log(JSON.stringify({ bench: 'ws-load', clients: CLIENTS, round: r + 1, ...res }));
  }
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
console.log(`\nws-load: ${CLIENTS} clients on loopback, ${ROUNDS} rounds (alternating order), ${cpus().length} cores, node ${process.version}`);
for (const ph of ['broadcast', 'groups']) {
  console.log(`\n${ph.padEnd(10)} server     msgs/s (median)  p50 ms  p99 ms   per round msgs/s`);
  const med = {};
  for (const kind of KINDS) {
    const mine = rows.filter((x) => x.kind === kind).map((x) => x[ph]);
    const ok = mine.filter((x) => x.complete);
    med[kind] = ok.length ? median(ok.map((x) => x.perSecond)) : 0;
    const p50 = ok.length ? median(ok.map((x) => x.p50)) : NaN, p99 = ok.length ? median(ok.map((x) => x.p99)) : NaN;
    console.log(`${''.padEnd(10)} ${kind.padEnd(10)} ${String(med[kind]).padStart(15)} ${String(p50).padStart(7)} ${String(p99).padStart(7)}   ${mine.map((x) => (x.complete ? x.perSecond : `incomplete ${x.deliveries}/${x.expected}`)).join(', ')}`);
  }
  console.log(`${''.padEnd(10)} castsim / socketio = ${(med.castsim / med.socketio).toFixed(2)}   bare ws / castsim = ${(med.bare / med.castsim).toFixed(2)}   (goal: ≥ 1 and ≤ 1.5)`);
}
