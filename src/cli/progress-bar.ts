/**
 * A one-line progress bar with an ETA for long commands, drawn on a TTY only
 * (the caller checks). Redraws at most ten times a second. The clock is read
 * here for display only; it never reaches a result.
 */
export class ProgressBar {
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream, private readonly label: string) {}

  update(done: number, total: number): void {
    const now = Date.now();
    if (done < total && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const width = 28;
    const filled = total > 0 ? Math.round((done / total) * width) : width;
    const eta = done > 0 && done < total ? ((now - this.started) / done) * (total - done) : null;
    const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
    this.stream.write(`\r${this.label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total} ${pct}%${eta === null ? '' : `  ETA ${duration(eta)}`}\x1b[K`);
    this.drawn = true;
  }

  /** Remove the bar so the next output starts on a clean line. */
  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}

function duration(ms: number): string {
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor(s / 60) % 60).padStart(2, '0')}m`;
}
