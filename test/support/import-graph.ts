/**
 * The import graph of src/, folder by folder: every relative `import`, `export … from`
 * and dynamic `import('…')` of every .ts file, resolved to the top-level folder it
 * lands in. Type-only imports count too: a type cycle is still a cycle for a reader.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';

export interface ImportEdge {
  /** Importing file, relative to the source root ('protocols/gossip.ts'). */
  file: string;
  /** Imported file, relative to the source root ('observe/distribution.js'). */
  target: string;
}

/** The folders from the bottom of the stack up; a folder may import only from folders before it. */
export const LAYERS: readonly (readonly string[])[] = [
  ['io'],
  ['engine'],
  ['network'],
  ['api'],
  ['observe'],
  ['protocols'],
  ['scenario'],
  ['simulation'],
  // realtime/ (the WebSocket server and client) imports nothing else of src/.
  ['compare', 'sweep', 'realtime'],
  // transport/ runs the simulation's plug-ins over real sockets (castsim run --transport ws).
  ['transport'],
  ['report'],
  ['cli'],
];

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

/** Relative imports found in one file's text (comments are not stripped: write no import-like text in them). */
export function importsOf(file: string, text: string): ImportEdge[] {
  return [...text.matchAll(SPECIFIER)].map((m) => ({ file, target: normalize(join(dirname(file), m[1]!)).split(sep).join('/') }));
}

export function importGraph(root: string): ImportEdge[] {
  return walk(root).flatMap((path) => importsOf(relative(root, path).split(sep).join('/'), readFileSync(path, 'utf8')));
}

/** A file directly under the root (index.ts, the library's front door) sits above every folder. */
function rank(path: string): number {
  const parts = path.split('/');
  if (parts.length === 1) return LAYERS.length;
  const i = LAYERS.findIndex((layer) => layer.includes(parts[0]!));
  return i;
}

/** Imports that go against the layer order (up, sideways between folders of one layer, or outside any layer). */
export function violations(edges: readonly ImportEdge[]): string[] {
  const bad: string[] = [];
  for (const { file, target } of edges) {
    const from = rank(file);
    const to = rank(target);
    const sameFolder = file.split('/').length > 1 && file.split('/')[0] === target.split('/')[0];
    if (sameFolder) continue;
    if (from === -1 || to === -1) bad.push(`${file} → ${target}: folder is in no layer`);
    else if (to >= from) bad.push(`${file} → ${target}: ${file.split('/')[0]} may not import from ${target.split('/')[0]}`);
  }
  return bad;
}
