/**
 * An edge list must be a regular file of short lines: /dev/zero used to be read until
 * std::bad_alloc, a FIFO blocks, and a megabyte-long line is not an edge list.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EdgeListError, MAX_LINE_CHARS, readEdgeList } from '../../src/network/edgelist.js';
import { castsim } from '../support/cli.js';

function failure(path: string): EdgeListError {
  try { readEdgeList(path); } catch (error) { if (error instanceof EdgeListError) return error; throw error; }
  throw new Error('expected an EdgeListError');
}

describe('edge-list files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'castsim-edgelist-files-'));

  it('refuses a character device without reading it', () => {
    expect(failure('/dev/zero').message).toMatch(/not a regular file/);
  });

  it('refuses a FIFO without opening it (opening would block)', () => {
    const fifo = join(dir, 'edges.fifo');
    execFileSync('mkfifo', [fifo]);
    expect(failure(fifo).message).toMatch(/not a regular file.*edges\.fifo/);
  });

  it('refuses a line longer than the bound, naming the line', () => {
    const file = join(dir, 'long.txt');
    writeFileSync(file, `0 1\n${'1 '.repeat(MAX_LINE_CHARS)}\n`);
    const e = failure(file);
    expect(e.line).toBe(2);
    expect(e.detail).toMatch(new RegExp(`at most ${MAX_LINE_CHARS}`));
    // A line exactly at the bound is still read.
    writeFileSync(file, `0 1${' '.repeat(MAX_LINE_CHARS - 3)}\n`);
    expect(readEdgeList(file).nodes).toBe(2);
  });

  it('run and validate exit 2 with a message naming topology.file for /dev/zero and a FIFO', { timeout: 60_000 }, () => {
    const fifo = join(dir, 'cli.fifo');
    execFileSync('mkfifo', [fifo]);
    for (const file of ['/dev/zero', fifo]) {
      const scenario = join(dir, 'dev.yaml');
      writeFileSync(scenario, `topology: { kind: edgelist, file: ${file} }\nprotocol: { type: broadcast }\n`);
      for (const command of ['run', 'validate']) {
        const r = castsim([command, scenario]);
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toMatch(/topology\.file: .*not a regular file/);
        expect(r.stderr).not.toMatch(/\n\s+at /);
      }
    }
  });
});
