import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { castsim } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'castsim-check-'));
function file(name: string, lines: unknown[]): string {
  const p = join(dir, name);
  writeFileSync(p, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return p;
}

const header = { format: 'castsim-trace', version: 1, scenario: 'hand', seed: 1, protocol: 'mine', nodes: 3, links: 3 };
const req = (t: number, node: number, msg: number, expected: number[]) => ({ type: 'request', t, node, msg, expected, group: 'g' });
const del = (t: number, node: number, msg: number) => ({ type: 'deliver', t, node, msg, hops: 1 });

describe('castsim check', () => {
  it('passes a run of the reliable protocol at its own order level (exit 0)', () => {
    const trace = join(dir, 'total.jsonl');
    const r = castsim(['run', 'reliable-sequencer-crash', '--trace', trace, '--json']);
    expect(r.code).toBe(0);
    const c = castsim(['check', trace, '--order', 'total']);
    expect(c.stderr).toBe('');
    expect(c.code).toBe(0);
    // Node 0's last 5 requests came after its crash: they were never sent.
    expect(c.stdout).toMatch(/35 messages, \d+ deliveries; crashed: 0; order total/);
    expect(c.stdout).toMatch(/^total\s+0$/m);
    expect(c.stdout).toMatch(/no violation/);
  });

  it('finds FIFO violations in an order-none run with jitter (exit 1), and lists them', () => {
    const trace = join(dir, 'none.jsonl');
    expect(castsim(['run', 'reliable-causal', '--set', 'protocol.order=none', '--trace', trace, '--json']).code).toBe(0);
    const c = castsim(['check', trace, '--order', 'fifo']);
    expect(c.code).toBe(1);
    expect(c.stdout).toMatch(/^fifo\s+[1-9]\d*$/m);
    expect(c.stdout).toMatch(/^fifo: node \d+ delivered message \d+ \(#\d+ from node \d+\) before message \d+/m);
    expect(c.stdout).toMatch(/^\d+ violations?$/m);
    // At order none the same trace is fine.
    expect(castsim(['check', trace]).code).toBe(0);
  });

  it("checks a hand-written trace of someone else's protocol, header or not, and prints JSON", () => {
    const lines = [req(0, 0, 0, [1, 2]), req(1, 0, 1, [1, 2]), del(3, 1, 1), del(4, 1, 0), del(5, 2, 0), del(5, 2, 1)];
    for (const withHeader of [true, false]) {
      const p = file(`mine-${withHeader}.jsonl`, withHeader ? [header, ...lines] : lines);
      const c = castsim(['check', p, '--order', 'fifo', '--json']);
      expect(c.code).toBe(1);
      const j = JSON.parse(c.stdout);
      expect(j).toMatchObject({ order: 'fifo', uniform: false, ok: false, messages: 2, deliveries: 4, crashed: [] });
      expect(j.violations).toEqual([{ property: 'fifo', message: 'node 1 delivered message 1 (#2 from node 0) before message 0 (#1 from node 0)', nodes: [1, 0] }]);
    }
  });

  it('--uniform adds uniform agreement', () => {
    const p = file('uniform.jsonl', [header, req(0, 0, 0, [1, 2]), { type: 'crash', t: 1, node: 0 }, del(3, 1, 0), { type: 'crash', t: 4, node: 1 }]);
    expect(castsim(['check', p]).code).toBe(0);
    const c = castsim(['check', p, '--uniform']);
    expect(c.code).toBe(1);
    expect(c.stdout).toMatch(/^uniform-agreement: message 0 \(from node 0, sent at t=0\) was delivered by faulty node 1 but never by correct recipient 2$/m);
  });

  it('names the line of a malformed trace (exit 2)', () => {
    const cases: Array<[unknown[], RegExp]> = [
      [[header, req(0, 0, 0, [1]), '{"type": "deliver", "t": 3,'], /line 3: not valid JSON/],
      [[header, { type: 'teleport', t: 1, node: 0 }], /line 2: 'type' must be one of request, send/],
      [[header, { type: 'deliver', t: 1, node: 0 }], /line 2: a deliver event needs 'msg'/],
      [[header, { type: 'request', t: 0, node: 0, msg: 0 }], /line 2: a request event needs 'expected'/],
      [[{ ...header, version: 7 }], /line 1: unsupported trace version 7/],
      [[req(0, 0, 0, [1]), header], /line 2: a header line \(with format\) may only come first/],
    ];
    for (const [i, [lines, message]] of cases.entries()) {
      const p = file(`bad-${i}.jsonl`, lines);
      const c = castsim(['check', p]);
      expect(c.code, c.stderr).toBe(2);
      expect(c.stderr).toMatch(/^castsim: malformed trace: /);
      expect(c.stderr).toMatch(message);
      expect(c.stdout).toBe('');
    }
  });

  it("'-' reads the trace from stdin: the same findings as from the file, and the same refusals", () => {
    const trace = join(dir, 'stdin.jsonl');
    expect(castsim(['run', 'reliable-causal', '--set', 'protocol.order=none', '--trace', trace, '--json']).code).toBe(0);
    const fromFile = castsim(['check', trace, '--order', 'fifo', '--json']);
    const fromStdin = castsim(['check', '-', '--order', 'fifo', '--json'], { input: readFileSync(trace, 'utf8') });
    expect(fromStdin.code).toBe(fromFile.code);
    expect(JSON.parse(fromStdin.stdout)).toEqual({ ...JSON.parse(fromFile.stdout), trace: 'stdin' });
    const bad = castsim(['check', '-'], { input: `${JSON.stringify(header)}\n{"type": "deliver"\n` });
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/^castsim: malformed trace: stdin, line 2: not valid JSON/)]);
    const empty = castsim(['check', '-'], { input: '' });
    expect([empty.code, empty.stderr]).toEqual([2, expect.stringMatching(/trace stdin is empty/)]);
  });

  it('a missing file or a bad --order is bad input (exit 2)', () => {
    const missing = castsim(['check', join(dir, 'nope.jsonl')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read trace .*nope\.jsonl: file not found/);
    const order = castsim(['check', file('ok.jsonl', [header]), '--order', 'sorted']);
    expect(order.code).toBe(2);
    expect(order.stderr).toMatch(/order/);
  });
});
