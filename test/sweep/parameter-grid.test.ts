import { describe, expect, it } from 'vitest';
import { expandRange, gridPoints, parseVaries, parseVary } from '../../src/sweep/parameter-grid.js';
import { SweepInputError } from '../../src/sweep/sweep-input-error.js';

describe('--vary values', () => {
  it('a list keeps its order and parses each value like --set', () => {
    const a = parseVary('protocol.mode=flood,tree');
    expect(a).toEqual({ path: 'protocol.mode', texts: ['flood', 'tree'], values: ['flood', 'tree'] });
    expect(parseVary('link.loss=0, 0.05 ,0.1').values).toEqual([0, 0.05, 0.1]);
  });

  it('commas inside flow values do not split them', () => {
    const a = parseVary('link.latency={dist: uniform, min: 1, max: 5},[1, 2],3');
    expect(a.values).toEqual([{ dist: 'uniform', min: 1, max: 5 }, [1, 2], 3]);
  });

  it('ranges are start + i·step without floating drift, end included', () => {
    expect(expandRange('x', '0:0.5:0.1')).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
    const tenths = expandRange('x', '0:1:0.1')!;
    expect(tenths).toHaveLength(11);
    tenths.forEach((v, i) => expect(v).toBe(i / 10));
    expect(expandRange('x', '1:0:-0.25')).toEqual([1, 0.75, 0.5, 0.25, 0]);
    expect(expandRange('x', '10:100:25')).toEqual([10, 35, 60, 85]);
    expect(expandRange('x', '0.001:0.003:0.001')).toEqual([0.001, 0.002, 0.003]);
    expect(expandRange('x', 'flood')).toBeNull();
  });

  it('ranges and single values mix in one list', () => {
    expect(parseVary('topology.nodes=10,100:300:100').values).toEqual([10, 100, 200, 300]);
  });

  it('rejects empty lists, empty values, zero steps, empty ranges and repeats with a message', () => {
    const bad: Array<[string, RegExp]> = [
      ['link.loss=', /empty value list/],
      ['link.loss=0.1,,0.2', /value 2 is empty/],
      ['link.loss=0.1,', /value 2 is empty/],
      ['link.loss', /expected path=v1,v2/],
      ['=1,2', /path before '=' is empty/],
      ['link.loss=0:1:0', /step .* must not be 0/],
      ['link.loss=1:0:0.1', /empty range/],
      ['link.loss=0.1,0.1', /listed twice/],
      ['seed=1,2', /--seeds/],
      ['link..loss=1', /bad path/],
    ];
    for (const [arg, message] of bad) {
      expect(() => parseVary(arg), arg).toThrow(SweepInputError);
      expect(() => parseVary(arg), arg).toThrow(message);
    }
    expect(() => parseVaries(['a=1', 'a=2'])).toThrow(/given twice/);
    expect(() => parseVaries([])).toThrow(/at least one --vary/);
  });
});

describe('grid', () => {
  it('is the cartesian product, first --vary outermost', () => {
    const points = gridPoints(parseVaries(['a=1,2', 'b=x,y,z']));
    expect(points.map((p) => p.overrides.join(' '))).toEqual([
      'a=1 b=x', 'a=1 b=y', 'a=1 b=z', 'a=2 b=x', 'a=2 b=y', 'a=2 b=z',
    ]);
    expect(points[4]).toEqual({ index: 4, values: { a: 2, b: 'y' }, overrides: ['a=2', 'b=y'] });
  });
});
