/**
 * `castsim serve`: the seed's WebSocket broadcast server, and the group
 * communication server built on it.
 *
 * Plain text frames behave exactly as the seed's server.py: logged as
 * `Received from client: TEXT` and sent to every connected client, the sender
 * included, as `Broadcast: TEXT`. A text frame whose first non-blank character is
 * `{` is a JSON command of the versioned protocol (docs/websocket-protocol.md),
 * handled by `Commands`.
 *
 * Never down, never stalled: frames over `maxPayload` are closed by ws with 1009;
 * a bad command gets an error reply and the connection stays; a heartbeat ping
 * every `heartbeatMs` terminates a peer that did not answer the previous one; a
 * client whose unsent bytes pass `maxBufferedBytes` is disconnected with
 * 4008 (slow reader) and nothing more is written to it.
 */
import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { Commands } from './commands.js';
import { prepareText } from './frame.js';
import { formatAddress, Peer } from './peer.js';
import { plainBroadcastEvent } from './wire.js';

export interface ServerOptions {
  host?: string;
  /** 0 picks a free port; `port` then reports it. */
  port?: number;
  /** Where log lines go (one line per call, no newline). */
  log?: (line: string) => void;
  /** Largest frame accepted, bytes; a larger one closes the connection with 1009. */
  maxPayload?: number;
  /** Heartbeat period, ms; 0 turns heartbeats off. */
  heartbeatMs?: number;
  /** Unsent bytes a client may have queued before it is disconnected as a slow reader. */
  maxBufferedBytes?: number;
  /** Reliable messages kept per group for redelivery after a reconnect. */
  historySize?: number;
  /** How long a disconnected client's session (id, groups, position) waits for a resume, ms. */
  sessionTtlMs?: number;
}

export const DEFAULT_PORT = 8765;
export const MAX_PAYLOAD = 1024 * 1024;
export const SLOW_READER_CODE = 4008;
export const SHUTDOWN_CODE = 1001;

export class GroupServer {
  private readonly peers = new Map<number, Peer>();
  private nextId = 1;
  private heartbeat: NodeJS.Timeout | null = null;
  private readonly log: (line: string) => void;
  private readonly maxBuffered: number;
  readonly commands: Commands;

  private constructor(private readonly http: HttpServer, private readonly wss: WebSocketServer, readonly host: string, opts: ServerOptions) {
    this.log = opts.log ?? ((line) => process.stdout.write(`${line}\n`));
    this.maxBuffered = opts.maxBufferedBytes ?? 4 * 1024 * 1024;
    this.commands = new Commands(this.peers, {
      historySize: opts.historySize ?? 100,
      sessionTtlMs: opts.sessionTtlMs ?? 60_000,
    });
    wss.on('connection', (ws, req) => this.connected(ws, req));
    const beat = opts.heartbeatMs ?? 30_000;
    if (beat > 0) {
      this.heartbeat = setInterval(() => this.beat(), beat);
      this.heartbeat.unref();
    }
  }

  static start(opts: ServerOptions = {}): Promise<GroupServer> {
    const host = opts.host ?? '127.0.0.1';
    const http = createServer((_req, res) => {
      res.writeHead(426, { 'content-type': 'text/plain' }).end('castsim serve speaks WebSocket: connect with ws://\n');
    });
    // Garbage on the port is answered 400 and closed by Node's HTTP parser; never an exception.
    http.on('clientError', (_err, socket) => { if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'); else socket.destroy(); });
    const wss = new WebSocketServer({ server: http, maxPayload: opts.maxPayload ?? MAX_PAYLOAD, perMessageDeflate: false, clientTracking: false });
    return new Promise((resolve, reject) => {
      http.once('error', reject);
      http.listen(opts.port ?? DEFAULT_PORT, host, () => {
        http.off('error', reject);
        const server = new GroupServer(http, wss, host, opts);
        server.log(`Server started on ${server.url}`);
        resolve(server);
      });
    });
  }

  get port(): number { return (this.http.address() as AddressInfo).port; }
  get url(): string { return `ws://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}`; }
  get clientCount(): number { return this.peers.size; }

  /** Close every client with `code` (1001: going away), stop listening. */
  async close(code = SHUTDOWN_CODE, reason = 'server shutting down'): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.commands.stop();
    const closed = [...this.peers.values()].map((p) => new Promise<void>((resolve) => {
      if (p.ws.readyState === WebSocket.CLOSED) return resolve();
      p.ws.once('close', () => resolve());
      p.closing = true;
      p.ws.close(code, reason);
      // A peer that never answers the close handshake is cut off.
      setTimeout(() => p.ws.terminate(), 1000).unref();
    }));
    await Promise.all(closed);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private connected(ws: WebSocket, req: IncomingMessage): void {
    const address = formatAddress(req.socket.remoteAddress, req.socket.remotePort);
    const peer = new Peer(this.nextId++, ws, address, this.maxBuffered, (p) => this.slowReader(p));
    this.peers.set(peer.id, peer);
    this.log(`Client connected: ${address}`);
    ws.on('pong', () => { peer.alive = true; });
    // ws closes the connection itself on a protocol error (1002) or an oversized frame (1009).
    ws.on('error', (err) => this.log(`Client error: ${address}: ${err.message}`));
    ws.on('message', (data, isBinary) => {
      if (peer.closing) return;
      if (isBinary) return this.commands.reject(peer, 'binary-frame', 'binary frames are not supported: send text (plain text is broadcast, JSON is a command)');
      const text = data.toString();
      try {
        if (isCommand(text)) this.commands.handle(peer, text);
        else this.broadcastPlain(peer, text);
      } catch (err) {
        // A bug in one command must not take the server down for everyone.
        this.log(`Internal error handling a frame from ${address}: ${(err as Error).stack ?? err}`);
        this.commands.reject(peer, 'internal', 'the server failed to handle this frame (logged); the connection stays open');
      }
    });
    ws.on('close', (code) => {
      this.peers.delete(peer.id);
      this.commands.disconnected(peer);
      this.log(`Client disconnected: ${address}${code === 1000 || code === 1005 ? '' : ` (code ${code})`}`);
    });
  }

  /** The seed's behaviour: log, then one frame to every client, the sender included. */
  private broadcastPlain(from: Peer, text: string): void {
    this.log(`Received from client: ${text}`);
    const plain = `Broadcast: ${text}`;
    const plainFrame = prepareText(plain);
    let json: string | null = null, jsonFrame = null;
    for (const p of this.peers.values()) {
      if (!p.json) { p.sendFrame(plainFrame, () => plain); continue; }
      json ??= plainBroadcastEvent(from.id, text);
      jsonFrame ??= prepareText(json);
      p.sendFrame(jsonFrame, () => json!);
    }
  }

  private slowReader(peer: Peer): void {
    if (peer.closing) return;
    peer.closing = true;
    this.log(`Client too slow: ${peer.address}: more than ${this.maxBuffered} bytes unsent, disconnecting (${SLOW_READER_CODE})`);
    peer.ws.close(SLOW_READER_CODE, `slow reader: more than ${this.maxBuffered} bytes unsent`);
    // Its close frame waits behind the unread bytes; do not wait for it.
    setTimeout(() => peer.ws.terminate(), 500).unref();
  }

  private beat(): void {
    for (const p of this.peers.values()) {
      if (!p.alive) {
        this.log(`Client not answering heartbeats: ${p.address}, terminating`);
        p.closing = true;
        p.ws.terminate();
        continue;
      }
      p.alive = false;
      if (p.ws.readyState === WebSocket.OPEN) p.ws.ping();
    }
  }
}

function isCommand(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b) return true; // '{'
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  return false;
}
