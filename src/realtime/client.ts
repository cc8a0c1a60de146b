/**
 * `castsim client`: the seed's client.py, and a JSON-protocol client beyond it.
 *
 * Plain (the default): connect, print `Connected to server!`, send one text (the
 * seed's test message unless told otherwise), print `Received: MESSAGE` for every
 * frame. With --join, --to or --json it speaks the JSON protocol: says hello,
 * joins, sends to a client id, a group or everyone, acknowledges reliable and
 * anycast messages and passes gossip on, as a well-behaved member does.
 */
import WebSocket from 'ws';
import { encode } from './wire.js';

export const SEED_MESSAGE = 'Hello, this is a test message!';

export interface ClientOptions {
  url: string;
  /** Text to send once connected; undefined sends nothing. */
  send?: string;
  /** Exit after this many messages received. */
  exitAfter?: number;
  join?: string;
  to?: number;
  /** Speak JSON and print every frame raw. */
  json?: boolean;
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Connects and runs until the server closes, --exit-after is reached, or `stop` is called; resolves to the exit code. */
export function runClient(o: ClientOptions): { done: Promise<number>; stop: () => void } {
  const structured = o.json === true || o.join !== undefined || o.to !== undefined;
  const ws = new WebSocket(o.url, { perMessageDeflate: false });
  let received = 0;
  let finished = false;
  const seen = new Set<number>();
  const done = new Promise<number>((resolve) => {
    const finish = (code: number) => { if (!finished) { finished = true; resolve(code); } };
    ws.on('error', (e: NodeJS.ErrnoException) => {
      if (ws.readyState === WebSocket.CONNECTING || e.code === 'ECONNREFUSED') {
        o.err(`castsim: cannot connect to ${o.url}: ${e.code === 'ECONNREFUSED' ? 'connection refused (is `castsim serve` running?)' : e.message}`);
      } else o.err(`castsim: connection error: ${e.message}`);
      finish(1);
    });
    ws.on('open', () => {
      o.out('Connected to server!');
      if (structured) {
        ws.send(encode({ op: 'hello' }));
        if (o.join !== undefined) ws.send(encode({ op: 'join', group: o.join }));
        if (o.send !== undefined) {
          if (o.to !== undefined) ws.send(encode({ op: 'unicast', to: o.to, data: o.send }));
          else if (o.join !== undefined) ws.send(encode({ op: 'multicast', group: o.join, data: o.send }));
          else ws.send(encode({ op: 'broadcast', data: o.send }));
        }
      } else if (o.send !== undefined) ws.send(o.send);
    });
    ws.on('message', (data) => {
      const text = data.toString();
      const line = structured ? handleFrame(ws, text, o.json === true, seen) : { print: `Received: ${text}`, counts: true };
      if (line.print !== null) o.out(line.print);
      if (line.counts && ++received === o.exitAfter) { ws.close(1000); finish(0); }
    });
    ws.on('close', (code, reason) => {
      if (finished) return;
      const normal = code === 1000 || code === 1001 || code === 1005;
      o.err(`Disconnected by server: code ${code}${reason.length ? ` (${reason.toString()})` : ''}`);
      finish(normal ? 0 : 1);
    });
  });
  return { done, stop: () => { finished = true; ws.close(1000); } };
}

/** One JSON frame: what to print, whether it is a message (counts for --exit-after), and the member's duties (ack, pass gossip on). */
function handleFrame(ws: WebSocket, text: string, raw: boolean, seen: Set<number>): { print: string | null; counts: boolean } {
  let f: Record<string, unknown>;
  try { f = JSON.parse(text); } catch { return { print: `Received: ${text}`, counts: true }; }
  const isMessage = f.type === 'message';
  if (isMessage && f.mode === 'reliable') ws.send(encode({ op: 'ack', group: f.group, offset: f.offset }));
  if (isMessage && f.mode === 'anycast') ws.send(encode({ op: 'ack', msg: f.msg }));
  if (isMessage && f.mode === 'gossip') {
    const rumor = f.rumor as number;
    if (seen.has(rumor)) return { print: null, counts: false };
    seen.add(rumor);
    if ((f.ttl as number) > 0) ws.send(encode({ op: 'gossip', rumor, data: f.data, fanout: f.fanout, ttl: (f.ttl as number) - 1 }));
  }
  if (raw) return { print: `Received: ${text}`, counts: isMessage };
  return { print: describe(f), counts: isMessage };
}

function describe(f: Record<string, unknown>): string | null {
  const data = typeof f.data === 'string' ? f.data : JSON.stringify(f.data);
  switch (f.type) {
    case 'welcome': return `Your id: ${f.id}${f.resumed ? ' (resumed)' : ''}`;
    case 'presence': return `Presence: client ${f.id} ${f.event === 'join' ? 'joined' : 'left'} ${f.group}`;
    case 'error': return `Error: ${f.error}`;
    case 'recovery': return f.recovered ? `Recovered ${f.count} message(s) in ${f.group}` : `Error: ${f.error}`;
    case 'message':
      switch (f.mode) {
        case 'broadcast': return `Received: Broadcast: ${data}`;
        case 'unicast': return `Received: Message from ${f.from}: ${data}`;
        case 'multicast': return `Received: Multicast to ${f.group} from ${f.from}: ${data}`;
        case 'anycast': return `Received: Anycast to ${f.group} from ${f.from}: ${data}`;
        case 'reliable': return `Received: Reliable ${f.group}#${f.offset} from ${f.from}: ${data}`;
        case 'gossip': return `Received: Gossip rumor ${f.rumor} from ${f.origin}: ${data}`;
      }
  }
  return null;
}
