import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './errors.js';

/**
 * Refuse an output path that cannot be written before any work is done, so a long run
 * or sweep is not lost to a typo: its folder must exist and it must not be a folder.
 */
export function checkOutputFile(path: string, flag: string): void {
  const folder = dirname(resolve(path));
  const kind = (p: string) => { try { return statSync(p).isDirectory() ? 'folder' : 'file'; } catch { return 'none'; } };
  if (kind(folder) !== 'folder') throw new UsageError(`${flag} ${path}: cannot write there — the folder ${folder} does not exist`);
  if (kind(path) === 'folder') throw new UsageError(`${flag} ${path}: is a folder — give a file name, e.g. ${flag} ${path.replace(/\/+$/, '')}/out`);
}

/** Write under a temporary name and rename, so a failure never leaves a half-written file. */
export function writeFileAtomic(path: string, text: string): void {
  const partial = `${path}.partial`;
  try {
    writeFileSync(partial, text);
    renameSync(partial, path);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}
