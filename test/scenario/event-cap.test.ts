/** The default event cap grows with the network, so a large run that ends by itself is not cut off. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_CAP_FLOOR, eventCap } from '../../src/scenario/event-cap.js';
import { parseScenario } from '../../src/scenario/load.js';
import { tmp } from './fixtures.js';

const flood = { protocol: { type: 'broadcast', mode: 'flood' } };

describe('default maxEvents', () => {
  it('keeps the fixed 50,000,000 while nodes + link ends stay under a million', () => {
    expect(parseScenario({ topology: { kind: 'random-regular', nodes: 1000, degree: 8 }, ...flood }).maxEvents).toBe(EVENT_CAP_FLOOR);
    expect(parseScenario({ topology: { kind: 'grid', width: 200, height: 200 }, ...flood }).maxEvents).toBe(EVENT_CAP_FLOOR);
    expect(EVENT_CAP_FLOOR).toBe(50_000_000);
    // 250,000 nodes and 499,000 links: 50 × 1,248,000.
    expect(parseScenario({ topology: { kind: 'grid', width: 500, height: 500 }, ...flood }).maxEvents).toBe(62_400_000);
  });

  it('grows as 50 per node and per link end beyond that', () => {
    // 10M nodes, degree 8: 40M links, 50 × (10M + 80M).
    const s = parseScenario({ topology: { kind: 'random-regular', nodes: 10_000_000, degree: 8 }, ...flood });
    expect(s.maxEvents).toBe(4_500_000_000);
    // A loss-free flood's arrivals (one per link end but the n − 1 first receipts' backward copies) fit with room.
    const arrivals = 2 * 40_000_000 - (10_000_000 - 1);
    expect(s.maxEvents).toBeGreaterThan(10 * arrivals);
    expect(eventCap(3_000_000, 1_000_000)).toBe(250_000_000);
    expect(eventCap(0, 0)).toBe(EVENT_CAP_FLOOR);
  });

  it('is what the scenario says when it says so, however large the network', () => {
    const s = parseScenario({ maxEvents: 1234, topology: { kind: 'random-regular', nodes: 10_000_000, degree: 8 }, ...flood });
    expect(s.maxEvents).toBe(1234);
    expect(parseScenario({ topology: { kind: 'ring', nodes: 10_000_000 }, ...flood }, '<t>', { overrides: ['maxEvents=77'] }).maxEvents).toBe(77);
  });

  it('takes an edge list at its largest possible size, from the file size alone', () => {
    const file = join(tmp, 'big.edges');
    // 1,000,000 bytes: at most 250,000 links of 4 bytes and 500,000 nodes → 50 × 1,000,000 = the floor exactly.
    writeFileSync(file, '0 1\n'.repeat(250_000));
    expect(parseScenario({ topology: { kind: 'edgelist', file }, ...flood }).maxEvents).toBe(EVENT_CAP_FLOOR);
    writeFileSync(file, '0 1\n'.repeat(500_000));
    expect(parseScenario({ topology: { kind: 'edgelist', file }, ...flood }).maxEvents).toBe(100_000_000);
  });
});
