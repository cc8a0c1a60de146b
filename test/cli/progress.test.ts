import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { castsim } from '../support/cli.js';

const main = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const env = { ...process.env, CASTSIM_PROGRESS_AFTER_MS: '0' };

/** Run castsim under a pseudo-terminal (util-linux `script`), as a person at a terminal would. */
function onTerminal(args: string): string {
  const r = spawnSync('script', ['-qec', `${process.execPath} ${main} ${args}`, '/dev/null'], { encoding: 'utf8', env });
  expect(r.status).toBe(0);
  return r.stdout;
}

describe('progress on stderr, on a terminal only', () => {
  it('a run shows events processed and simulated time', () => {
    expect(onTerminal('run anycast-failover')).toMatch(/\rrun: [\d,]+ events, simulated time [\d,]+ ms\x1b\[K/);
  });

  it('compare names the type running and how many are done', () => {
    const out = onTerminal('compare');
    for (const [i, t] of ['unicast', 'multicast', 'broadcast', 'anycast', 'gossip', 'reliable'].entries()) expect(out).toContain(`compare ${i + 1}/6 ${t}`);
  });

  it('nothing on stderr when it is not a terminal', () => {
    for (const args of [['run', 'anycast-failover'], ['compare']]) {
      const r = castsim(args, { env: { CASTSIM_PROGRESS_AFTER_MS: '0' } });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
    }
  });
});
