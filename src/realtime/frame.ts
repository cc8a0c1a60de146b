/**
 * Frame once, send to many. `ws.send(text)` builds a frame header (and, for a
 * string, encodes it) once per recipient; a broadcast to n clients should encode and
 * frame its text once and hand the same bytes to every socket. `Sender.frame` is ws's
 * public framing function; `sendFrame` is its sender's write step (corked header +
 * payload). With permessage-deflate off (the server turns it off) ws never queues
 * data frames, so writing through `sendFrame` keeps each socket's frames in order.
 */
import * as wsModule from 'ws';
import WebSocket from 'ws';

/** One text message framed for server-to-client sending (unmasked). */
export type PreparedFrame = readonly Buffer[];

interface SenderInternals { sendFrame(list: readonly Buffer[], cb?: (err?: Error) => void): void }

const FRAME_OPTIONS = { fin: true, opcode: 0x01, mask: false, readOnly: true, rsv1: false } as const;

export function prepareText(text: string): PreparedFrame {
  // ws exports Sender (wrapper.mjs) but @types/ws does not declare it.
  const Sender = (wsModule as unknown as { Sender: { frame(data: Buffer, o: typeof FRAME_OPTIONS): Buffer[] } }).Sender;
  return Sender.frame(Buffer.from(text, 'utf8'), FRAME_OPTIONS);
}

/** Write a prepared frame to one open socket; falls back to `ws.send` if ws's internals ever change shape. */
export function sendPrepared(ws: WebSocket, frame: PreparedFrame, fallbackText: () => string): void {
  if (ws.readyState !== WebSocket.OPEN) return;
  const sender = (ws as unknown as { _sender?: SenderInternals })._sender;
  if (sender && typeof sender.sendFrame === 'function') sender.sendFrame(frame);
  else ws.send(fallbackText());
}
