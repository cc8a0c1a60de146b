import { describe, expect, it } from 'vitest';
import { NodeSet } from '../../src/observe/node-set.js';

describe('NodeSet', () => {
  // 70 nodes: three 32-bit words, the last partly used; 70 expected → a bit per node, 2 → a Set.
  for (const [form, expected] of [['bits', 70], ['Set', 2]] as const) {
    it(`holds exactly the nodes added (${form})`, () => {
      const s = new NodeSet(70, expected);
      const added = [0, 1, 30, 31, 32, 33, 63, 64, 69];
      for (const v of added) expect(s.addHad(v)).toBe(false);
      for (const v of added) expect(s.addHad(v)).toBe(true);
      for (let v = 0; v < 70; v++) expect(s.has(v), `node ${v}`).toBe(added.includes(v));
      s.add(5);
      s.add(5);
      expect(s.has(5)).toBe(true);
      expect(s.has(4)).toBe(false);
      expect(s.has(6)).toBe(false);
      expect(s.addHad(5)).toBe(true);
    });
  }
});
