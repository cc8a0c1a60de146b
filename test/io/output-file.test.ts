import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, createReadStream, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutput, OutputFile, OutputFileError, resolveOutput, writeOutputFile } from '../../src/io/output-file.js';
import { checkOutputs } from '../../src/cli/output-file.js';
import { UsageError } from '../../src/cli/errors.js';

const root = mkdtempSync(join(tmpdir(), 'castsim-output-'));
let n = 0;
const fresh = () => { const d = join(root, `case-${n++}`); mkdirSync(d); return d; };
const isRoot = process.getuid?.() === 0;

describe('output files', () => {
  it('a new file appears whole, with no temporary left beside it', () => {
    const d = fresh();
    const out = OutputFile.open(join(d, 'out.txt'));
    out.write('one\n');
    expect(readdirSync(d)).toHaveLength(1); // only the temporary so far
    expect(readdirSync(d)[0]).toMatch(/^\.out\.txt\.\d+\.\d+\.partial$/);
    out.write('two\n');
    out.commit();
    expect(readdirSync(d)).toEqual(['out.txt']);
    expect(readFileSync(join(d, 'out.txt'), 'utf8')).toBe('one\ntwo\n');
    expect(out.bytes).toBe(8);
  });

  it('discard leaves an existing file exactly as it was', () => {
    const d = fresh();
    const path = join(d, 'keep.txt');
    writeFileSync(path, 'precious');
    const out = OutputFile.open(path);
    out.write('half');
    out.discard();
    expect(readdirSync(d)).toEqual(['keep.txt']);
    expect(readFileSync(path, 'utf8')).toBe('precious');
  });

  it('a symlink is followed: its target is replaced and the link stays a link', () => {
    const d = fresh();
    mkdirSync(join(d, 'real'));
    writeFileSync(join(d, 'real', 'target.csv'), 'old');
    symlinkSync('real/target.csv', join(d, 'link.csv'));
    writeOutputFile(join(d, 'link.csv'), 'new');
    expect(lstatSync(join(d, 'link.csv')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(d, 'link.csv'))).toBe('real/target.csv');
    expect(readFileSync(join(d, 'real', 'target.csv'), 'utf8')).toBe('new');
    // The temporary was made in the target's folder, and is gone.
    expect(readdirSync(join(d, 'real'))).toEqual(['target.csv']);
    expect(readdirSync(d).sort()).toEqual(['link.csv', 'real']);
  });

  it('a dangling symlink creates the file it points to', () => {
    const d = fresh();
    symlinkSync('made.txt', join(d, 'dangling'));
    writeOutputFile(join(d, 'dangling'), 'x');
    expect(readFileSync(join(d, 'made.txt'), 'utf8')).toBe('x');
    expect(lstatSync(join(d, 'dangling')).isSymbolicLink()).toBe(true);
  });

  it('replacing a file keeps its permissions', () => {
    const d = fresh();
    const path = join(d, 'private.txt');
    writeFileSync(path, 'a');
    chmodSync(path, 0o600);
    writeOutputFile(path, 'b');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('a FIFO is written straight through and stays a FIFO', async () => {
    const d = fresh();
    const fifo = join(d, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const read = new Promise<string>((resolveRead, reject) => {
      let text = '';
      createReadStream(fifo, 'utf8').on('data', (c) => { text += c; }).on('end', () => resolveRead(text)).on('error', reject);
    });
    // Opening a FIFO for writing waits for its reader, as a shell redirect does.
    await new Promise((r) => setTimeout(r, 50));
    expect(resolveOutput(fifo).kind).toBe('stream');
    writeOutputFile(fifo, 'through the pipe\n');
    expect(await read).toBe('through the pipe\n');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(d)).toEqual(['pipe']);
  });

  it('stdout and character devices are written through, never replaced (classified only: tests write in their own folder)', () => {
    expect(resolveOutput('-')).toEqual({ kind: 'fd', given: '-', fd: 1 });
    expect(resolveOutput('/dev/stdout')).toEqual({ kind: 'fd', given: '/dev/stdout', fd: 1 });
    expect(resolveOutput('/dev/null').kind).toBe('stream');
  });

  it('refuses, before anything is written: a missing folder, a folder, an empty path, and a parent that is a regular file', () => {
    const d = fresh();
    writeFileSync(join(d, 'plain'), '');
    const reason = (p: string) => { try { checkOutput(p); return 'accepted'; } catch (e) { return (e as OutputFileError).reason; } };
    expect(reason(join(d, 'missing', 'x.txt'))).toMatch(/the folder .*missing does not exist/);
    expect(reason(d)).toMatch(/is a folder/);
    expect(reason('')).toMatch(/empty/);
    // Refused for root too: no permission bit lets anyone create a file inside a regular file.
    expect(reason(join(d, 'plain', 'x.txt'))).toMatch(/part of the path is a file/);
    expect(readdirSync(d)).toEqual(['plain']);
  });

  it('refuses a read-only folder (as root, checked by a child running as nobody: root writes there anyway)', () => {
    const d = fresh();
    chmodSync(d, 0o555);
    try {
      if (!isRoot) {
        expect(() => checkOutput(join(d, 'x.txt'))).toThrow(/permission denied/);
        return;
      }
      // The built module (it imports node builtins only), copied into a folder the user nobody can read, run as nobody.
      chmodSync(root, 0o755);
      const lib = fresh();
      copyFileSync(new URL('../../dist/io/output-file.js', import.meta.url), join(lib, 'output-file.mjs'));
      const probe = `import { checkOutput } from ${JSON.stringify(join(lib, 'output-file.mjs'))};
        try { checkOutput(${JSON.stringify(join(d, 'x.txt'))}); console.log('accepted'); } catch (e) { console.log(e.reason); }`;
      const said = execFileSync(process.execPath, ['--input-type=module', '-e', probe], { uid: 65534, gid: 65534, cwd: lib, encoding: 'utf8' });
      expect(said.trim()).toMatch(/permission denied/);
      expect(readdirSync(d)).toEqual([]);
    } finally {
      chmodSync(d, 0o755);
    }
  });

  it('checkOutputs names the flag, and refuses two outputs onto one file or both onto stdout', () => {
    const d = fresh();
    expect(() => checkOutputs({ '--csv': join(d, 'no', 'x') })).toThrow(UsageError);
    expect(() => checkOutputs({ '--csv': join(d, 'no', 'x') })).toThrow(/^--csv .*does not exist/);
    expect(() => checkOutputs({ '--trace': '-', '--csv': '/dev/stdout' })).toThrow(/--csv \/dev\/stdout: --trace writes there too/);
    writeFileSync(join(d, 'same'), '');
    symlinkSync('same', join(d, 'alias'));
    expect(() => checkOutputs({ '--html': join(d, 'same'), '--lamport': join(d, 'alias') })).toThrow(/--html writes there too/);
    expect([...checkOutputs({ '--trace': join(d, 'a'), '--csv': undefined }).keys()]).toEqual(['--trace']);
  });
});
