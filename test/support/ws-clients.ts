/**
 * In-process WebSocket clients for server tests: connect, send JSON commands, and
 * wait for frames that match. Waits are bounded by the test timeout, never timed.
 */
import WebSocket from 'ws';

export type Frame = Record<string, any>;

export class TestClient {
  readonly frames: Frame[] = [];
  readonly texts: string[] = [];
  closeCode: number | null = null;
  closeReason = '';
  private waiters: Array<() => void> = [];
  readonly closed: Promise<number>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      const t = d.toString();
      this.texts.push(t);
      if (t.startsWith('{')) this.frames.push(JSON.parse(t));
      this.wake();
    });
    ws.on('error', () => {});
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => {
      this.closeCode = code; this.closeReason = reason.toString(); this.wake(); resolve(code);
    }));
  }

  static async open(url: string): Promise<TestClient> {
    const ws = new WebSocket(url);
    const c = new TestClient(ws);
    await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
    return c;
  }

  /** Connect and say hello; resolves with the client and its id and token. */
  static async hello(url: string, extra: Frame = {}): Promise<TestClient & { id: number; token: string }> {
    const c = await TestClient.open(url);
    c.cmd({ op: 'hello', ...extra });
    const w = await c.next((f) => f.type === 'welcome');
    return Object.assign(c, { id: w.id as number, token: w.token as string });
  }

  cmd(frame: Frame): void { this.ws.send(JSON.stringify({ v: 1, ...frame })); }

  /** Frames of type 'message'. */
  messages(mode?: string): Frame[] { return this.frames.filter((f) => f.type === 'message' && (mode === undefined || f.mode === mode)); }

  /** The first frame (from the start) matching `pred`. */
  async next(pred: (f: Frame) => boolean): Promise<Frame> {
    for (;;) {
      const f = this.frames.find(pred);
      if (f) return f;
      if (this.closeCode !== null) throw new Error(`closed (${this.closeCode}) before a matching frame; got ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Wait until `cond()` holds (re-checked on every frame). */
  async until(cond: () => boolean): Promise<void> {
    while (!cond()) {
      if (this.closeCode !== null) throw new Error(`closed (${this.closeCode}) before the condition held`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  close(): void { this.ws.close(); }
  private wake(): void { const w = this.waiters; this.waiters = []; for (const f of w) f(); }
}
