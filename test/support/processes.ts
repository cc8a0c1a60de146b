/**
 * Long-running child processes for network tests: start one, wait for a line it
 * prints, collect the rest, and make sure every one is ended when the test is.
 * Waits are bounded by the test's own timeout: nothing here asserts on time.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;

export class Child {
  readonly proc: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;
  private waiters: Array<() => void> = [];

  constructor(cmd: string, args: readonly string[]) {
    this.proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc.stdout!.setEncoding('utf8').on('data', (d: string) => { this.stdout += d; this.wake(); });
    this.proc.stderr!.setEncoding('utf8').on('data', (d: string) => { this.stderr += d; this.wake(); });
    this.exited = new Promise((resolve) => this.proc.on('close', (code) => { this.wake(); resolve(code); }));
  }

  /** Resolves with the first match of `re` in stdout; rejects if the process exits first. */
  async waitFor(re: RegExp): Promise<RegExpMatchArray> {
    for (;;) {
      const m = this.stdout.match(re);
      if (m) return m;
      if (this.proc.exitCode !== null || this.proc.signalCode !== null) {
        throw new Error(`process exited (${this.proc.exitCode ?? this.proc.signalCode}) before printing ${re}\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  lines(): string[] { return this.stdout.split('\n').filter((l) => l.length > 0); }

  private wake(): void { const w = this.waiters; this.waiters = []; for (const f of w) f(); }
}

const running = new Set<Child>();

export function start(cmd: string, args: readonly string[]): Child {
  const c = new Child(cmd, args);
  running.add(c);
  void c.exited.then(() => running.delete(c));
  return c;
}

export function castsimProcess(args: readonly string[]): Child {
  return start(process.execPath, [CLI, ...args]);
}

/** End every child still running (call from afterEach). */
export function stopAll(): void {
  for (const c of running) c.proc.kill('SIGKILL');
  running.clear();
}

/** `castsim serve --port 0`, waited for until it prints its URL. */
export async function startServer(extra: readonly string[] = []): Promise<{ server: Child; url: string }> {
  const server = castsimProcess(['serve', '--port', '0', ...extra]);
  const m = await server.waitFor(/Server started on (ws:\/\/\S+)/);
  return { server, url: m[1]! };
}
