/**
 * Every bundled scenario's fingerprint is pinned: a one-event change in behaviour
 * fails here. After an intended change, review the diff of the behaviour, then
 * re-pin with `CASTSIM_UPDATE_FINGERPRINTS=1 npx vitest run test/scenarios`.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/simulation/simulate.js';

const dir = new URL('../../scenarios/', import.meta.url).pathname;
const pinsFile = new URL('./fingerprints.json', import.meta.url).pathname;
const pins: Record<string, string> = JSON.parse(readFileSync(pinsFile, 'utf8'));
const update = process.env.CASTSIM_UPDATE_FINGERPRINTS === '1';
const names = readdirSync(dir).filter((f) => /\.ya?ml$|\.json$/.test(f)).sort();

describe('bundled scenario fingerprints', () => {
  for (const name of names) {
    it(name, () => {
      const r = simulate(loadScenario(dir + name));
      if (update) pins[name] = r.fingerprint;
      else expect(r.fingerprint, `${name} is not pinned or changed behaviour`).toBe(pins[name]);
    });
  }
  it('pins no scenario that no longer exists', () => {
    if (update) writeFileSync(pinsFile, JSON.stringify(Object.fromEntries(names.map((n) => [n, pins[n]])), null, 2) + '\n');
    else expect(Object.keys(pins).sort()).toEqual(names);
  });
});
