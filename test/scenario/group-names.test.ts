import { describe, expect, it } from 'vitest';
import { parseScenario, parseText } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { simulate } from '../../src/simulation/simulate.js';

/** Names an object inherits from Object.prototype: a lookup by user name must never find them. */
const NAMES = ['toString', 'constructor', 'valueOf', 'hasOwnProperty', '__proto__'];
const TYPES = [['multicast', 3], ['anycast', 1], ['reliable', 3]] as const;

const yaml = (groups: string, group: string, type: string) =>
  `topology: { kind: ring, nodes: 6 }\ngroups:\n  ${groups}: [1, 2, 3]\nprotocol: { type: ${type} }\nworkload: [{ at: 0, from: 0, group: ${group} }]\n`;

describe('groups named like JavaScript properties', () => {
  for (const name of NAMES) {
    for (const [type, delivered] of TYPES) {
      it(`a group '${name}' works for ${type}, in YAML and JSON`, () => {
        const s = parseScenario(parseText(yaml(name, name, type), 'g.yaml'), 'g.yaml');
        expect(Object.keys(s.groups)).toEqual([name]);
        expect(s.groups[name]!.members).toEqual([1, 2, 3]);
        expect(simulate(s).metrics.delivered).toBe(delivered);
        const json = JSON.stringify({ topology: { kind: 'ring', nodes: 6 }, groups: { [name]: [1, 2, 3] }, protocol: { type }, workload: [{ at: 0, from: 0, group: name }] });
        expect(simulate(parseScenario(parseText(json, 'g.json'), 'g.json')).metrics.delivered).toBe(delivered);
      });

      it(`an undefined group '${name}' is bad input naming the field, for ${type}`, () => {
        let err: unknown;
        try { parseScenario(parseText(yaml('g', name, type), 'u.yaml'), 'u.yaml'); } catch (e) { err = e; }
        expect(err).toBeInstanceOf(ScenarioError);
        expect((err as ScenarioError).issues).toContainEqual(expect.objectContaining({ path: 'workload[0].group', message: expect.stringContaining(`unknown group '${name}'`) }));
      });
    }

    it(`--set groups.${name}=[...] defines the group (own property, not the prototype)`, () => {
      const raw = parseText('topology: { kind: ring, nodes: 6 }\nprotocol: { type: multicast }\n', 's.yaml');
      const s = parseScenario(raw, 's.yaml', { overrides: [`groups.${name}=[2, 4]`, `workload[0]={at: 0, from: 0, group: ${name}}`] });
      expect(Object.getPrototypeOf(s.groups)).toBe(Object.prototype);
      expect(Object.keys(s.groups)).toEqual([name]);
      expect(simulate(s).metrics.delivered).toBe(2);
    });
  }
});
