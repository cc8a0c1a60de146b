/**
 * bench/ab.sh and bench/sitting.sh (the whole-process A/B and one sitting of issue 14's
 * targets, as bench/RESULTS.md reports them) refuse arguments they cannot use with one line,
 * the usage and exit 2, before running anything; --help prints the usage.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const bench = new URL('../../bench/', import.meta.url).pathname;

function run(script: string, args: string[]) {
  const r = spawnSync('bash', [`${bench}${script}`, ...args], { encoding: 'utf8', timeout: 10_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('bench shell tools', () => {
  it.each(['ab.sh', 'sitting.sh'])('%s --help prints its usage and runs nothing', (script) => {
    const r = run(script, ['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^usage: bash bench/${script.replace('.', '\\.')}`));
    expect(r.err).toBe('');
  });

  it.each([
    ['ab.sh', ['a', 'b'], 'bench/ab.sh: takes 3 or 4 arguments, got 2'],
    ['ab.sh', ['/nonexistent/a.cjs', '/nonexistent/b.cjs', 'scenarios/flood-grid.yaml'], 'bench/ab.sh: /nonexistent/a.cjs: no such file'],
    ['ab.sh', [`${bench}ab.sh`, `${bench}ab.sh`, `${bench}ab.sh`, '0'], 'bench/ab.sh: PAIRS must be an integer >= 1, got 0'],
    ['sitting.sh', ['now'], 'bench/sitting.sh: takes no arguments, got now'],
  ])('%s %j is refused with exit 2', (script, args, message) => {
    const r = run(script, args as string[]);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toBe(message);
    expect(r.out).toBe('');
  });
});
