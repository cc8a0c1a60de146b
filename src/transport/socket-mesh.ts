/**
 * The network of a `--transport ws` run: every node a WebSocket server on its own
 * loopback port, every topology link one WebSocket connection between its two ends
 * (opened by the lower id), usable in both directions. An overlay send to a
 * non-neighbour opens a connection on first use and queues until it is open.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import type { Topology } from '../network/topology.js';

/** Called for every frame that arrives at `to` from `from`. */
export type Arrival = (to: number, from: number, text: string) => void;

interface Endpoint { http: HttpServer; wss: WebSocketServer; port: number }

export class SocketMesh {
  private readonly endpoints: Endpoint[] = [];
  /** conns[u].get(v): u's end of the connection to v. */
  private readonly conns: Array<Map<number, WebSocket>>;
  private readonly queued = new Map<WebSocket, string[]>();
  /** Frames written to sockets, and frames read from them. */
  written = 0;
  read = 0;

  private constructor(readonly nodes: number, private readonly arrival: Arrival) {
    this.conns = Array.from({ length: nodes }, () => new Map());
  }

  /** Start a server per node and open one connection per link; resolves when all are open. */
  static async open(topology: Topology, arrival: Arrival): Promise<SocketMesh> {
    const mesh = new SocketMesh(topology.nodes, arrival);
    for (let v = 0; v < topology.nodes; v++) mesh.endpoints.push(await mesh.listen(v));
    const opened: Promise<void>[] = [];
    for (let l = 0; l < topology.links; l++) {
      const u = Math.min(topology.linkU[l]!, topology.linkV[l]!), v = Math.max(topology.linkU[l]!, topology.linkV[l]!);
      opened.push(mesh.connect(u, v));
    }
    await Promise.all(opened);
    return mesh;
  }

  /** Write one frame from `from` to `to` (a neighbour, or any node over an overlay connection). */
  send(from: number, to: number, text: string): void {
    let ws = this.conns[from]!.get(to);
    if (!ws) { void this.connect(from, to); ws = this.conns[from]!.get(to)!; }
    this.written++;
    const q = this.queued.get(ws);
    if (q) q.push(text);
    else ws.send(text);
  }

  async close(): Promise<void> {
    for (const m of this.conns) for (const ws of m.values()) ws.terminate();
    await Promise.all(this.endpoints.map((e) => new Promise<void>((resolve) => { e.wss.close(); e.http.close(() => resolve()); e.http.closeAllConnections(); })));
  }

  private listen(v: number): Promise<Endpoint> {
    const http = createServer();
    const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
    wss.on('connection', (ws, req) => {
      const from = Number(new URL(req.url ?? '/', 'ws://x').searchParams.get('from'));
      this.attach(v, from, ws);
    });
    return new Promise((resolve) => http.listen(0, '127.0.0.1', () => resolve({ http, wss, port: (http.address() as AddressInfo).port })));
  }

  /** Open the connection u → v; both ends are registered at once (the far end when it is accepted). */
  private connect(u: number, v: number): Promise<void> {
    const ws = new WebSocket(`ws://127.0.0.1:${this.endpoints[v]!.port}/?from=${u}`, { perMessageDeflate: false });
    this.conns[u]!.set(v, ws);
    this.queued.set(ws, []);
    ws.on('message', (d) => { this.read++; this.arrival(u, v, d.toString()); });
    ws.on('error', () => {});
    return new Promise((resolve) => ws.once('open', () => {
      const q = this.queued.get(ws)!;
      this.queued.delete(ws);
      for (const t of q) ws.send(t);
      resolve();
    }));
  }

  private attach(v: number, from: number, ws: WebSocket): void {
    // An overlay connection opened by `from` may race one opened by v: keep the first, use both for receiving.
    if (!this.conns[v]!.has(from)) this.conns[v]!.set(from, ws);
    ws.on('message', (d) => { this.read++; this.arrival(v, from, d.toString()); });
    ws.on('error', () => {});
  }
}
