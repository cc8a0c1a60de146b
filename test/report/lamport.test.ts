import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import type { SpaceTimeEvent } from '../../src/observe/lamport-recorder.js';
import { lamportSvg, pairTransmissions } from '../../src/report/pictures/lamport.js';

const ev = (type: SpaceTimeEvent['type'], t: number, node: number, peer = -1, msg = 0, label = 'data'): SpaceTimeEvent => ({ type, t, node, peer, msg, label });

describe('space-time pairing', () => {
  it('pairs each receipt with its send, marks drops at send and on arrival, link and copy duplicates', () => {
    const events = [
      ev('send', 0, 0, 1), ev('send', 0, 0, 2), ev('send', 0, 0, 3),
      ev('drop', 0, 0, 3), // lost on the way out: emitted right after its send
      ev('receive', 5, 1, 0), ev('deliver', 5, 1),
      ev('receive', 6, 1, 0), // a link duplicate of the same transmission
      ev('send', 5, 1, 2),
      ev('drop', 7, 0, 2), // 0→2 dropped on arrival (receiver crashed)
      ev('receive', 9, 2, 1), ev('deliver', 9, 2),
      ev('send', 10, 2, 1, -1, 'ack'), ev('receive', 12, 1, 2, -1, 'ack'),
      ev('send', 12, 1, 3, -1, 'ack'), // still in flight at the cut
    ];
    const st = pairTransmissions(events);
    expect(st.arrows).toEqual([
      { from: 0, to: 1, t0: 0, t1: 5, kind: 'data', fate: 'received' },
      { from: 0, to: 1, t0: 0, t1: 6, kind: 'data', fate: 'duplicate' },
      { from: 0, to: 2, t0: 0, t1: 7, kind: 'data', fate: 'dropped' },
      { from: 1, to: 2, t0: 5, t1: 9, kind: 'data', fate: 'received' },
      { from: 2, to: 1, t0: 10, t1: 12, kind: 'ack', fate: 'received' },
    ]);
    expect(st.marks).toEqual([
      { node: 0, t: 0, what: 'lost at send', peer: 3 },
      { node: 1, t: 5, what: 'deliver', peer: -1 },
      { node: 2, t: 9, what: 'deliver', peer: -1 },
    ]);
    expect(st.nodes).toEqual([0, 1, 2, 3]);
    expect(st.kinds).toEqual(['data', 'ack']);
    expect(st.inFlight).toBe(1);
    expect(st.unpaired).toBe(0);
  });

  it('pairs reordered transmissions on one link first-sent, first-received', () => {
    const st = pairTransmissions([ev('send', 0, 0, 1), ev('send', 1, 0, 1), ev('receive', 3, 1, 0), ev('receive', 4, 1, 0, 0)]);
    expect(st.arrows.map((a) => [a.t0, a.t1, a.fate])).toEqual([[0, 3, 'received'], [1, 4, 'duplicate']]);
  });
});

describe('the space-time SVG', () => {
  const events = [ev('send', 0, 0, 1), ev('receive', 10, 1, 0), ev('deliver', 10, 1), ev('send', 10, 1, 2), ev('drop', 10, 1, 2)];
  const svg = lamportSvg({ events, cap: { maxEvents: 5000 }, leftOut: 7, outsideWindow: 0, title: 'demo' });
  const doc = parseHTML(`<!DOCTYPE html><html><body>${svg.replace(/^<\?xml[^>]*>/, '')}</body></html>`).document;

  it('is a standalone SVG file with the cap written on it', () => {
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('Cap: the first 5000 events · 5 events drawn · 7 more left out by the cap');
    expect(svg).not.toMatch(/(href|src)="(?!data:|#)/);
  });

  it('draws one line per node, one arrow per transmission, a × per drop and a dot per delivery', () => {
    expect(doc.querySelectorAll('[aria-label="rule"] line')).toHaveLength(3);
    expect(doc.querySelectorAll('[aria-label="arrow"] path')).toHaveLength(1);
    expect(doc.querySelectorAll('[aria-label="dot"] path').length + doc.querySelectorAll('[aria-label="dot"] circle').length).toBe(2);
    const ticks = [...doc.querySelectorAll('[aria-label="x-axis tick label"] text')].map((t) => t.textContent);
    expect(ticks).toEqual(['0', '1', '2']);
  });

  it('names the window when one is given', () => {
    const w = lamportSvg({ events, cap: { maxEvents: 5000, window: { from: 0, to: 500 } }, leftOut: 0, outsideWindow: 3, title: 'w' });
    expect(w).toContain('time window 0–500 ms');
    expect(w).toContain('3 outside the window');
  });
});
