/**
 * One connected client as the server sees it: its id, address, whether it speaks
 * the JSON protocol, and a bounded send path. Every write goes through `send` or
 * `sendFrame`, which stop writing to a client whose unsent bytes pass the limit and
 * hand it to the server to be disconnected, so one slow reader never makes the
 * server buffer without bound (and never delays the others: writes do not wait).
 */
import WebSocket from 'ws';
import { sendPrepared, type PreparedFrame } from './frame.js';

export class Peer {
  /** Speaks the JSON protocol (sent at least one JSON command): receives JSON events, not plain text. */
  json = false;
  /** Answered the last heartbeat ping. */
  alive = true;
  /** Being disconnected: nothing more is written to it. */
  closing = false;
  readonly groups = new Set<string>();
  /** Anycast messages handed to it and not yet acknowledged (its load). */
  outstanding = 0;
  private corked = false;

  constructor(
    public id: number,
    readonly ws: WebSocket,
    readonly address: string,
    private readonly maxBuffered: number,
    private readonly overflow: (peer: Peer) => void,
  ) {}

  send(text: string): void {
    if (this.closing || this.ws.readyState !== WebSocket.OPEN) return;
    this.cork();
    this.ws.send(text);
    this.checkBuffer();
  }

  sendFrame(frame: PreparedFrame, text: () => string): void {
    if (this.closing) return;
    this.cork();
    sendPrepared(this.ws, frame, text);
    this.checkBuffer();
  }

  /**
   * Hold this client's writes until the current burst of work is done (the next tick):
   * the frames of many messages handled in one go leave in one write, not one system
   * call and one TCP segment each, which is what a reader with a thousand peers pays for.
   */
  private cork(): void {
    if (this.corked) return;
    const socket = (this.ws as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
    if (!socket) return;
    socket.cork();
    this.corked = true;
    process.nextTick(() => { this.corked = false; socket.uncork(); });
  }

  private checkBuffer(): void {
    if (this.ws.bufferedAmount > this.maxBuffered) this.overflow(this);
  }
}

/** `host:port`, IPv6 in brackets. */
export function formatAddress(host: string | undefined, port: number | undefined): string {
  const h = host ?? '?';
  return `${h.includes(':') ? `[${h}]` : h}:${port ?? '?'}`;
}
