/**
 * The README's examples run as written: its library example is executed, and every
 * `castsim` line in a ```sh block must exit 0. Docs that cannot rot.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { castsim } from './support/cli.js';

const root = new URL('..', import.meta.url).pathname;
const readme = readFileSync(`${root}README.md`, 'utf8');

function blocks(lang: string): string[] {
  const re = new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g');
  return [...readme.matchAll(re)].map((m) => m[1]!);
}

describe('README', () => {
  it('the library example runs and reports a plausible result', () => {
    const [example] = readme.split('<!-- README-EXAMPLE:library -->')[1]!.match(/```js\n([\s\S]*?)```/)!.slice(1);
    const r = spawnSync(process.execPath, ['--input-type=module'], { input: example, cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const [ratio, sent, fp] = r.stdout.trim().split(' ');
    expect(Number(ratio)).toBeGreaterThan(0.5);
    expect(Number(ratio)).toBeLessThanOrEqual(1);
    expect(Number(sent)).toBeGreaterThan(499);
    expect(fp).toMatch(/^[0-9a-f]{12}$/);
  });

  it('sample outputs shown in the README are what the commands print', () => {
    const after = (marker: string) => readme.split(marker)[1]!.match(/```text\n([\s\S]*?)```/)![1]!;
    expect(castsim(['run', 'flood-grid'], { cwd: root }).stdout).toBe(after('castsim run flood-grid\n```\n'));
    expect(castsim(['compare'], { cwd: root }).stdout).toBe(after('## Quick start'));
  });

  it('the scenario-format example is itself a valid scenario', () => {
    const example = readme.split('## Scenario format')[1]!.match(/```yaml\n([\s\S]*?)```/)![1]!;
    const file = join(mkdtempSync(join(tmpdir(), 'castsim-readme-')), 'format.yaml');
    writeFileSync(file, example);
    const r = castsim(['validate', file, '--json']);
    expect(r.stderr).toBe('');
    const s = JSON.parse(r.stdout);
    expect(s.topology).toMatchObject({ kind: 'random-regular', nodes: 1000, degree: 6 });
    expect(s.link.latency).toEqual({ dist: 'uniform', min: 1, max: 10 });
    expect(s.faults).toHaveLength(4);
  });

  const commands = blocks('sh').flatMap((b) => b.split('\n')).map((l) => l.trim()).filter((l) => l.startsWith('castsim '));
  it('has command examples to run', () => expect(commands.length).toBeGreaterThan(2));
  for (const line of commands) {
    it(line, () => {
      const args = line.slice('castsim '.length).match(/'[^']*'|\S+/g)!.map((a) => a.replace(/^'(.*)'$/, '$1'));
      const r = castsim(args, { cwd: root });
      expect(r.stderr, r.stderr).not.toMatch(/run failed|Error/);
      expect(r.code).toBe(0);
    });
  }
});
