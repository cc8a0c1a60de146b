/**
 * The README's and docs/' examples run as written: the library example is executed,
 * every `castsim` line in a ```sh block must exit 0, a ```text block right after a
 * one-line ```sh block must be exactly what that command prints, and every link and
 * every docs/ page a source comment cites must exist. Docs that cannot rot.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { castsim } from './support/cli.js';

const root = new URL('..', import.meta.url).pathname;
const pages = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const text = (page: string) => readFileSync(join(root, page), 'utf8');
/** Commands write their files here instead of the /tmp/ the docs show. */
const scratch = mkdtempSync(join(tmpdir(), 'castsim-docs-'));

interface Block { lang: string; body: string; start: number; end: number }

function fencedBlocks(md: string): Block[] {
  return [...md.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, body: m[2]!, start: m.index!, end: m.index! + m[0].length }));
}

/** A castsim line's arguments, single quotes as the shell reads them. */
function args(line: string): string[] {
  return line.slice('castsim '.length).match(/'[^']*'|\S+/g)!.map((a) => a.replace(/^'(.*)'$/, '$1').replaceAll('/tmp/', `${scratch}/`));
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

function anchors(md: string): Set<string> {
  const outside = md.replace(/^```[\s\S]*?^```$/gm, '');
  return new Set([...outside.matchAll(/^#{1,6}\s+(.*)$/gm)].map((m) => slug(m[1]!)));
}

describe('README and docs/', () => {
  it('the README is a page a newcomer reads in a few minutes', () => {
    expect(text('README.md').split('\n').length).toBeLessThan(200);
  });

  it('the library example in docs/writing-a-protocol.md runs and reports a plausible result', () => {
    const [example] = text('docs/writing-a-protocol.md').split('<!-- DOCS-EXAMPLE:library -->')[1]!.match(/```js\n([\s\S]*?)```/)!.slice(1);
    const r = spawnSync(process.execPath, ['--input-type=module'], { input: example, cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const [ratio, sent, fp] = r.stdout.trim().split(' ');
    expect(Number(ratio)).toBeGreaterThan(0.5);
    expect(Number(ratio)).toBeLessThanOrEqual(1);
    expect(Number(sent)).toBeGreaterThan(499);
    expect(fp).toMatch(/^[0-9a-f]{12}$/);
  });

  it("the quick start's table is what npm start prints", () => {
    const shown = text('README.md').split('## Quick start')[1]!.match(/```text\n([\s\S]*?)```/)![1]!;
    expect(castsim(['compare'], { cwd: root }).stdout).toBe(shown);
  });

  it('the Chord plug-in shown in docs/writing-a-protocol.md is the tested file in examples/', () => {
    const md = text('docs/writing-a-protocol.md');
    const shown = fencedBlocks(md);
    expect(shown.find((b) => b.lang === 'js' && b.body.includes("type: 'chord'"))?.body).toBe(text('examples/chord.mjs'));
    expect(shown.find((b) => b.lang === 'yaml' && b.body.includes('module: ./chord.mjs'))?.body).toBe(text('examples/chord.yaml'));
  });

  it('the scenario-format example is itself a valid scenario', () => {
    const example = text('docs/scenario-format.md').match(/```yaml\n([\s\S]*?)```/)![1]!;
    const file = join(scratch, 'format.yaml');
    writeFileSync(file, example);
    const r = castsim(['validate', file, '--json']);
    expect(r.stderr).toBe('');
    const s = JSON.parse(r.stdout);
    expect(s.topology).toMatchObject({ kind: 'random-regular', nodes: 1000, degree: 6 });
    expect(s.link.latency).toEqual({ dist: 'uniform', min: 1, max: 10 });
    expect(s.faults).toHaveLength(4);
  });

  it('every relative link points to a file (and heading) in the repository', () => {
    const broken: string[] = [];
    for (const page of pages) {
      const md = text(page).replace(/^```[\s\S]*?^```$/gm, '');
      for (const [, target] of md.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        const [path, anchor] = target!.split('#') as [string, string | undefined];
        const file = path === '' ? page : normalize(join(dirname(page), path));
        if (!existsSync(join(root, file))) broken.push(`${page}: ${target} (no file ${file})`);
        else if (anchor && file.endsWith('.md') && !anchors(text(file)).has(anchor)) broken.push(`${page}: ${target} (no heading #${anchor} in ${file})`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('every docs/ page a source comment cites exists', () => {
    const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
    const cited = walk(join(root, 'src')).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\b(docs\/[\w-]+\.md|DESIGN\.md)/g)].map((m) => m[1]!));
    expect(cited.length).toBeGreaterThan(3);
    expect(cited.filter((c) => !existsSync(join(root, c)))).toEqual([]);
  });

  for (const page of pages) {
    const md = text(page);
    const blocks = fencedBlocks(md);
    blocks.forEach((b, i) => {
      if (b.lang !== 'sh') return;
      const lines = b.body.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('castsim '));
      const next = blocks[i + 1];
      const sample = lines.length === 1 && next?.lang === 'text' && md.slice(b.end, next.start).trim() === '' ? next.body : undefined;
      for (const line of lines) {
        it(`${page}: ${line}${sample === undefined ? '' : ' (prints the sample shown)'}`, () => {
          const r = castsim(args(line), { cwd: root });
          expect(r.stderr, r.stderr).not.toMatch(/run failed|Error/);
          expect(r.code).toBe(0);
          if (sample !== undefined) expect(r.stdout).toBe(sample);
        });
      }
    });
  }
});
