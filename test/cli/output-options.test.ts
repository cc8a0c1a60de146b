import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, createReadStream, existsSync, openSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { castsim } from '../support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'castsim-outopts-'));
let n = 0;
const fresh = () => { const d = join(root, `case-${n++}`); mkdirSync(d); return d; };
const mainJs = new URL('../../dist/cli/main.js', import.meta.url).pathname;

/** A run that would go on for minutes: gossip rounds among 200 nodes, a new rumor every 10 ms. */
function endlessScenario(d: string): string {
  const p = join(d, 'endless.yaml');
  writeFileSync(p, [
    'topology: { kind: random-regular, nodes: 200, degree: 6 }',
    'link: { latency: { dist: uniform, min: 5, max: 40 } }',
    'maxEvents: 1000000000',
    'protocol: { type: gossip, mode: push-pull, fanout: 2, interval: 100, stop: none }',
    'workload: [{ every: 10, count: 100000, from: random }]',
  ].join('\n'));
  return p;
}

describe('output options', () => {
  it.each([
    [['run', 'flood-grid', '--trace', 'a.jsonl', '--trace', 'b.jsonl'], /^castsim: --trace was given 2 times/],
    [['run', 'flood-grid', '--trace', ''], /^castsim: --trace needs a file path/],
    [['run', 'flood-grid', '--trace'], /--trace/],
    [['run', 'flood-grid', '--seed', '1', '--seed', '2'], /^castsim: --seed was given 2 times/],
    [['run', 'flood-grid', '--max-trace-bytes', 'lots'], /^castsim: --max-trace-bytes must be a size/],
    [['sweep', 'flood-grid', '--vary', 'link.loss=0', '--csv', 'a.csv', '--csv', 'b.csv'], /^castsim: --csv was given 2 times/],
    [['sweep', 'flood-grid', '--vary', 'link.loss=0', '--csv', ''], /^castsim: --csv needs a file path/],
    [['sweep', 'flood-grid', '--vary', 'link.loss=0', '--csv'], /^castsim: --csv needs a file path/],
    [['sweep', 'flood-grid', '--vary', 'link.loss=0', '--shard', '1/2', '--shard', '2/2'], /^castsim: --shard was given 2 times/],
    [['merge', 'x.json', '--csv', ''], /^castsim: --csv needs a file path/],
  ])('%j exits 2 with one line naming the option', (args, message) => {
    const d = fresh();
    const r = castsim(args, { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
    expect(readdirSync(d)).toEqual([]);
  });

  it('--trace - writes the trace to stdout and the report to stderr', () => {
    const r = castsim(['run', 'flood-grid', '--trace', '-', '--json']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ format: 'castsim-trace' });
    const report = JSON.parse(r.stderr);
    expect(lines.filter((l) => l.type === 'send')).toHaveLength(report.metrics.sent);
  });

  it('--trace through a symlink replaces its target and keeps the link', () => {
    const d = fresh();
    mkdirSync(join(d, 'traces'));
    writeFileSync(join(d, 'traces', 'run.jsonl'), 'old');
    symlinkSync('traces/run.jsonl', join(d, 'latest.jsonl'));
    const r = castsim(['run', 'flood-grid', '--trace', join(d, 'latest.jsonl')]);
    expect(r.code).toBe(0);
    expect(lstatSync(join(d, 'latest.jsonl')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(d, 'traces', 'run.jsonl'), 'utf8')).toMatch(/^\{"format":"castsim-trace"/);
    expect(readdirSync(join(d, 'traces'))).toEqual(['run.jsonl']);
  });

  it('--trace into a FIFO streams through it and leaves the FIFO in place', async () => {
    const d = fresh();
    const fifo = join(d, 'trace.fifo');
    execFileSync('mkfifo', [fifo]);
    const child = spawn(process.execPath, [mainJs, 'run', 'flood-grid', '--json', '--trace', fifo], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (c) => { stdout += c; });
    child.stderr.on('data', (c) => { stderr += c; });
    const closed = new Promise<number | null>((res) => child.on('close', res));
    // If castsim ended without opening the FIFO, open it ourselves so the reader is not left waiting forever.
    void closed.then(() => { try { closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK)); } catch { /* the reader is gone */ } });
    const text = await new Promise<string>((res, rej) => { let t = ''; createReadStream(fifo, 'utf8').on('data', (c) => { t += c; }).on('end', () => res(t)).on('error', rej); });
    const code = await closed;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const events = text.trim().split('\n').slice(1).map((l) => JSON.parse(l));
    expect(events.filter((e) => e.type === 'send')).toHaveLength(JSON.parse(stdout).metrics.sent);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('an output whose parent is a regular file is refused before the run (for root too) — run --trace and sweep --csv', () => {
    const d = fresh();
    writeFileSync(join(d, 'plain'), '');
    const r = castsim(['run', 'flood-grid', '--trace', join(d, 'plain', 't.jsonl')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^castsim: --trace .*plain\/t\.jsonl: cannot write there — part of the path is a file/);
    expect(r.stdout).toBe('');
    const s = castsim(['sweep', 'flood-grid', '--vary', 'link.loss=0,0.1', '--seeds', '2', '--jobs', '1', '--csv', join(d, 'plain', 'o.csv')]);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/--csv .*cannot write there/);
    expect(s.stdout).toBe('');
  });

  it('--max-trace-bytes stops the run cleanly: a whole-line trace of exactly the run, a message, exit 1', () => {
    const d = fresh();
    const trace = join(d, 't.jsonl');
    const r = castsim(['run', 'gossip-push-pull', '--json', '--trace', trace, '--max-trace-bytes', '20k']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^castsim: the trace reached --max-trace-bytes \(20 kB\)/);
    const result = JSON.parse(r.stdout);
    expect(result.stop).toBe('trace-limit');
    const text = readFileSync(trace, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trim().split('\n').map((l) => JSON.parse(l));
    expect(statSync(trace).size).toBeGreaterThanOrEqual(20_000);
    // Every event the metrics counted is in the trace, and nothing more.
    expect(lines.filter((l) => l.type === 'send')).toHaveLength(result.metrics.sent);
    expect(lines.filter((l) => l.type === 'deliver')).toHaveLength(result.metrics.delivered);
    expect(readdirSync(d)).toEqual(['t.jsonl']);
  });

  it.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('%s during run --trace removes the unfinished trace, says so, exits %i, and leaves an older file intact', async (signal, status) => {
    const d = fresh();
    const trace = join(d, 'run.jsonl');
    writeFileSync(trace, 'the previous trace');
    const child = spawn(process.execPath, [mainJs, 'run', endlessScenario(d), '--trace', trace], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => { stderr += c; });
    const closed = new Promise<number | null>((res) => child.on('close', res));
    // Wait until the temporary holds some of the trace, then interrupt. The first .partial seen
    // may be the output check's probe (created empty and removed at once, src/io/output-file.ts):
    // one gone between the listing and the stat is not it.
    const size = (path: string): number => { try { return statSync(path).size; } catch { return 0; } };
    for (;;) {
      const temp = readdirSync(d).find((f) => f.endsWith('.partial'));
      if (temp && size(join(d, temp)) > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill(signal);
    expect(await closed).toBe(status);
    expect(stderr).toBe(`castsim: interrupted by ${signal}; removed the unfinished ${trace}\n`);
    expect(readdirSync(d).sort()).toEqual(['endless.yaml', 'run.jsonl']);
    expect(readFileSync(trace, 'utf8')).toBe('the previous trace');
    expect(existsSync(`${trace}.partial`)).toBe(false);
  });
});
