import { describe, expect, it } from 'vitest';
import { generateTopology } from '../../src/network/generators.js';
import { RandomStreams } from '../../src/engine/random.js';
import { forceLayout, layoutTopology } from '../../src/report/pictures/topology-layout.js';

const topo = (spec: Record<string, unknown>) => generateTopology(spec as never, new RandomStreams(1).stream('topology'));

describe('topology layouts', () => {
  it('grid: row-major, node 0 at a corner', () => {
    const l = layoutTopology(topo({ kind: 'grid', width: 4, height: 3 }), { kind: 'grid', width: 4 }, 1);
    expect([...l.x]).toEqual([0, 20, 40, 60, 0, 20, 40, 60, 0, 20, 40, 60]);
    expect([...l.y]).toEqual([0, 0, 0, 0, 20, 20, 20, 20, 40, 40, 40, 40]);
  });

  it('ring: nodes equally spaced on a circle in id order', () => {
    const l = layoutTopology(topo({ kind: 'ring', nodes: 8 }), { kind: 'ring' }, 1);
    for (let i = 0; i < 8; i++) expect(Math.hypot(l.x[i]!, l.y[i]!)).toBeCloseTo(100, 1);
    expect([l.x[0], l.y[0]]).toEqual([0, -100]);
    expect([l.x[2], l.y[2]]).toEqual([100, 0]);
  });

  it('tree: every child one layer below its parent, parents centred over their children', () => {
    const n = 15, b = 2;
    const l = layoutTopology(topo({ kind: 'tree', nodes: n, branching: b }), { kind: 'tree', branching: b }, 1);
    for (let i = 1; i < n; i++) expect(l.y[i]! - l.y[Math.floor((i - 1) / b)]!).toBe(40);
    for (let i = 0; 2 * i + 2 < n; i++) expect(l.x[i]).toBeCloseTo((l.x[2 * i + 1]! + l.x[2 * i + 2]!) / 2, 5);
  });

  it('star: the hub in the centre', () => {
    const l = layoutTopology(topo({ kind: 'star', nodes: 6 }), { kind: 'star' }, 1);
    expect([l.x[0], l.y[0]]).toEqual([0, 0]);
  });

  it('force layout: the same seed gives the same positions; linked nodes end up closer than average', () => {
    const t = topo({ kind: 'random-regular', nodes: 60, degree: 3 });
    const a = forceLayout(t, 5), b = forceLayout(t, 5);
    expect([...a.x]).toEqual([...b.x]);
    expect([...a.y]).toEqual([...b.y]);
    const d = (u: number, v: number) => Math.hypot(a.x[u]! - a.x[v]!, a.y[u]! - a.y[v]!);
    let linked = 0, all = 0, pairs = 0;
    for (let l = 0; l < t.links; l++) linked += d(t.linkU[l]!, t.linkV[l]!);
    for (let u = 0; u < t.nodes; u++) for (let v = u + 1; v < t.nodes; v++) { all += d(u, v); pairs++; }
    expect(linked / t.links).toBeLessThan(0.6 * (all / pairs));
  });
});
