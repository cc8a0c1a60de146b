/**
 * `--set path=value` overrides, applied to the raw scenario before validation so
 * an override is checked exactly like a field written in the file.
 * Paths are dotted names with optional [index] steps (`faults[0].at`); values are
 * YAML scalars or flow collections (`3`, `true`, `[1, 2]`, `{dist: uniform, min: 1, max: 5}`).
 */
import { parseDocument } from 'yaml';
import { formatPath, ScenarioError, type PathSegment, type ScenarioIssue } from './errors.js';

const EXAMPLE = 'e.g. link.loss=0.1 or faults[0].at=200';

/** Parsed `path=value`, or a message saying what is wrong with it. */
export function parseOverride(text: string): { path: PathSegment[]; value: unknown } | string {
  const eq = text.indexOf('=');
  if (eq < 0) return `malformed override '${text}' — expected path=value, ${EXAMPLE}`;
  const pathText = text.slice(0, eq).trim();
  if (!pathText) return `malformed override '${text}' — the path before '=' is empty; expected path=value, ${EXAMPLE}`;

  const path: PathSegment[] = [];
  const step = /\.?([^.[\]=\s]+)|\[(\d+)\]/y;
  for (let at = 0; at < pathText.length;) {
    step.lastIndex = at;
    const m = step.exec(pathText);
    const dotted = m?.[0].startsWith('.') ?? false;
    if (!m || (path.length === 0 && (dotted || m[2] !== undefined)) || (path.length > 0 && m[1] !== undefined && !dotted)) {
      return `malformed override '${text}' — bad path '${pathText}': use dotted field names and [index], ${EXAMPLE}`;
    }
    path.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
    at = step.lastIndex;
  }

  const doc = parseDocument(text.slice(eq + 1), { prettyErrors: false });
  if (doc.errors.length > 0) return `cannot parse the value in '${text}': ${doc.errors[0]!.message}`;
  return { path, value: doc.toJS() as unknown };
}

function isContainer(v: unknown): v is Record<string | number, unknown> {
  return typeof v === 'object' && v !== null;
}

function define<T>(node: Record<string | number, unknown>, key: string | number, value: T): T {
  Object.defineProperty(node, key, { value, writable: true, enumerable: true, configurable: true });
  return value;
}

/** Set `value` at `path` inside `root`, creating missing objects and lists on the way; a message if impossible. */
function setAt(root: Record<string, unknown>, path: readonly PathSegment[], value: unknown): string | undefined {
  let node: Record<string | number, unknown> = root;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const here = formatPath(path.slice(0, i));
    if (typeof key === 'number') {
      if (!Array.isArray(node)) return `'${here}' is a mapping, not a list: use '.field', not [${key}]`;
      if (key > node.length) return `index ${key} is past the end of '${here}' (${node.length} item${node.length === 1 ? '' : 's'}; use [${node.length}] to append)`;
    } else if (Array.isArray(node)) {
      return `'${here}' is a list: use [index], not '.${key}'`;
    }
    // Own properties only, defined rather than assigned: a user's name ('constructor',
    // '__proto__', a group called 'toString') is a key like any other, never the prototype's.
    const own = Object.hasOwn(node, key) ? node[key] : undefined;
    if (i === path.length - 1) {
      define(node, key, value);
    } else {
      const wantList = typeof path[i + 1] === 'number';
      // Replace anything that is not a container (a number latency made into a distribution, say).
      const next = isContainer(own) ? own : define(node, key, wantList ? [] : {});
      node = next as Record<string | number, unknown>;
    }
  }
  return undefined;
}

/**
 * Apply overrides in order to a copy of `raw` (later ones win). Every malformed
 * override is reported, each as an issue with path '--set'.
 */
export function applyOverrides(raw: object, overrides: readonly string[], file: string): object {
  const out = structuredClone(raw) as Record<string, unknown>;
  const issues: ScenarioIssue[] = [];
  for (const text of overrides) {
    const parsed = parseOverride(text);
    const problem = typeof parsed === 'string' ? parsed : setAt(out, parsed.path, parsed.value);
    if (problem !== undefined) {
      issues.push({ file, path: '--set', message: typeof parsed === 'string' ? problem : `cannot apply '${text}': ${problem}` });
    }
  }
  if (issues.length > 0) throw new ScenarioError(issues);
  return out;
}
