// warmEdgeListParser (run while a scenario with a large edge list is checked) parses synthetic
// lines only: it returns the same count every time and leaves the list the loader kept for
// the run where it was.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAndKeepEdgeList, readEdgeList } from '../../src/network/edgelist.js';
import { edgeListFileHint, warmEdgeListParser } from '../../src/network/warm-up.js';
import { loadScenario } from '../../src/scenario/load.js';

const dir = mkdtempSync(join(tmpdir(), 'castsim-warm-up-'));

describe('warmEdgeListParser', () => {
  it('parses its lines in both forms, the same count every time', () => {
    expect(warmEdgeListParser()).toBe(1148);
    expect(warmEdgeListParser()).toBe(1148);
  });

  it('leaves the list kept for the run where it was', () => {
    const path = join(dir, 'kept.txt');
    writeFileSync(path, '0 1 2.5\n1 2 3\n');
    const kept = readAndKeepEdgeList(path);
    warmEdgeListParser();
    expect(readEdgeList(path)).toBe(kept); // handed over, not read again
  });

  it('is only a hint when a scenario names a large edge list: the scenario and the kept list are the same', () => {
    const path = join(dir, 'large.txt'), scenario = join(dir, 'large.yaml');
    const lines: string[] = [];
    for (let v = 0; v < 70_000; v++) lines.push(`${v} ${(v + 1) % 70_000} ${(v % 9) + 1}.25`);
    writeFileSync(path, lines.join('\n') + '\n');
    writeFileSync(scenario, 'topology: { kind: edgelist, file: large.txt }\nprotocol: { type: broadcast }\nworkload: [{ at: 0, from: 69999 }]\n');
    const s = loadScenario(scenario);
    expect(s.topology).toEqual({ kind: 'edgelist', file: path });
    const list = readEdgeList(path);
    expect(list.nodes).toBe(70_000);
    expect(list.us.length).toBe(70_000);
    expect(list.latency![69_999]).toBe(7.25);
  });

  it('guesses the edge-list file from a scenario\'s text before it is parsed: YAML flow or block, JSON, quoted or not', () => {
    expect(edgeListFileHint('topology: { kind: edgelist, file: "/data/a b.txt" }\nprotocol: { type: broadcast }\n')).toBe('/data/a b.txt');
    expect(edgeListFileHint('topology:\n  kind: edgelist\n  file: data/peers.txt # the graph\n')).toBe('data/peers.txt');
    expect(edgeListFileHint("topology: {file: 'q.txt', kind: 'edgelist'}")).toBe('q.txt');
    expect(edgeListFileHint('{"topology": {"kind": "edgelist", "file": "x.txt"}}')).toBe('x.txt');
    expect(edgeListFileHint('topology: { kind: ring, nodes: 5 }\n')).toBeNull();
    expect(edgeListFileHint('topology: { kind: edgelist }\n')).toBeNull(); // no file: nothing to warm for
  });
});
