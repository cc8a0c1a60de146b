import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { viewerPage } from '../report/viewer/viewer-page.js';
import type { ViewMessage } from '../report/viewer/view-source.js';

/** Viewer pages open at once; more are refused (the server is for one person's browser). */
export const MAX_VIEWERS = 8;

/**
 * The `castsim view` server: loopback only, the page at /, the run's events on a
 * WebSocket at /events. Every message is kept (the events are capped upstream) so
 * a page opened late, or reloaded, replays from the start and then follows live.
 * Requests whose Host is not this loopback address are refused (DNS rebinding).
 */
export class ViewServer {
  private readonly backlog: string[] = [];
  private readonly clients = new Set<WebSocket>();

  private constructor(private readonly http: Server, private readonly wss: WebSocketServer, private readonly title: string) {
    wss.on('connection', (ws) => {
      if (this.clients.size >= MAX_VIEWERS) { ws.close(1013, `at most ${MAX_VIEWERS} viewers at once`); return; }
      this.clients.add(ws);
      ws.on('close', () => this.clients.delete(ws));
      ws.on('error', () => this.clients.delete(ws));
      for (const m of this.backlog) ws.send(m);
    });
  }

  static async start(title: string, port = 0): Promise<ViewServer> {
    const host = '127.0.0.1';
    let server: ViewServer | null = null;
    const http = createServer((req, res) => {
      if (!server || !server.allowedHost(req.headers.host)) { res.writeHead(403, { 'content-type': 'text/plain' }).end('castsim view answers on its loopback address only\n'); return; }
      if (req.method !== 'GET' || (req.url !== '/' && req.url !== '/index.html')) { res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n'); return; }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(viewerPage(title));
    });
    http.on('clientError', (_err, socket) => { if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'); else socket.destroy(); });
    const wss = new WebSocketServer({
      server: http, path: '/events', maxPayload: 1024, perMessageDeflate: false,
      verifyClient: (info: { req: { headers: { host?: string } } }) => server !== null && server.allowedHost(info.req.headers.host),
    });
    await new Promise<void>((resolve, reject) => { http.once('error', reject); http.listen(port, host, () => { http.off('error', reject); resolve(); }); });
    server = new ViewServer(http, wss, title);
    return server;
  }

  get port(): number { return (this.http.address() as AddressInfo).port; }
  get url(): string { return `http://127.0.0.1:${this.port}/`; }

  private allowedHost(host: string | undefined): boolean {
    return host === `127.0.0.1:${this.port}` || host === `localhost:${this.port}`;
  }

  /** Send a message to every open page and keep it for pages that open later. */
  push(m: ViewMessage): void {
    const text = JSON.stringify(m);
    this.backlog.push(text);
    for (const ws of this.clients) ws.send(text);
  }

  async close(): Promise<void> {
    for (const ws of this.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}
