import type { Observer, TraceEvent } from '../api/trace.js';

/**
 * A one-line progress report for long runs, on a terminal only (the caller checks):
 * events processed and simulated time reached, drawn once a run has taken more
 * than a second and then at most ten times a second. The wall clock is read here
 * for display only and every 16,384 events, so it never reaches a result and
 * costs nothing per event.
 */
export class RunProgress implements Observer {
  private started = Date.now();
  private lastDraw = 0;
  private count = 0;
  private drawn = false;
  /** Shown before the counts, e.g. 'compare 3/6 gossip'. */
  label = 'run';

  /** `delayMs` defaults to 1 s; CASTSIM_PROGRESS_AFTER_MS changes it (the tests set 0 so a short run shows progress). */
  constructor(private readonly stream: NodeJS.WriteStream, private readonly delayMs = Number(process.env.CASTSIM_PROGRESS_AFTER_MS ?? 1000)) {}

  /** Start counting a new run (compare runs several). */
  restart(label: string): void { this.label = label; this.count = 0; }

  event(e: TraceEvent): void {
    if ((++this.count & 0x3fff) !== 0) return;
    const now = Date.now();
    if (now - this.started < this.delayMs || now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.stream.write(`\r${this.label}: ${this.count.toLocaleString('en-US')} events, simulated time ${Math.round(e.t).toLocaleString('en-US')} ms\x1b[K`);
    this.drawn = true;
  }

  /** Draw the label alone (between runs), if anything was drawn before or the delay has passed. */
  note(text: string): void {
    if (!this.drawn && Date.now() - this.started < this.delayMs) return;
    this.stream.write(`\r${text}\x1b[K`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}
