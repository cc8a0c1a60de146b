/**
 * Everything wrong with a scenario, reported at once. Each issue names the file,
 * the dotted field path as the user wrote it ('link.loss', 'faults[2].crash[0]')
 * and what is allowed there.
 */

export interface ScenarioIssue {
  /** The file to open: the scenario file (or '<inline>'). */
  file: string;
  /** Dotted field path, e.g. 'link.loss' or 'faults[2].crash[0]'; '' for the whole file, '--set' for a bad override. */
  path: string;
  /** What is wrong and what is allowed. */
  message: string;
  /** 1-based position in the file, when known (syntax errors). */
  line?: number;
  column?: number;
}

export class ScenarioError extends Error {
  readonly issues: readonly ScenarioIssue[];

  constructor(issues: readonly ScenarioIssue[]) {
    super(formatIssues(issues));
    this.name = 'ScenarioError';
    this.issues = issues;
  }

  /** One line per issue: `FILE: path: message` (`FILE: message` when the issue concerns the whole file). */
  format(): string {
    return formatIssues(this.issues);
  }
}

function formatIssues(issues: readonly ScenarioIssue[]): string {
  return issues.map((i) => (i.path ? `${i.file}: ${i.path}: ${i.message}` : `${i.file}: ${i.message}`)).join('\n');
}

export type PathSegment = string | number;

/** ['faults', 2, 'crash', 0] → 'faults[2].crash[0]'; keys that are not plain names are quoted: groups["a.b"]. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** A value as it should appear after "got": numbers bare, strings quoted, structures as short JSON. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  // A whole file can arrive as one string (a passwd file, an edge list read as YAML): quote the start only.
  if (typeof value === 'string') return `'${excerpt(value)}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** At most `max` characters of a user's text, on one line, with a note of how much was left out. */
export function excerpt(text: string, max = 60): string {
  const flat = text.replace(/\s*\n\s*/g, ' ⏎ ');
  if (flat.length <= max) return flat;
  return `${flat.slice(0, max - 1)}… (${text.length.toLocaleString('en-US')} characters in all)`;
}

/** A comma-separated list: complete, ring, line. */
export function listOf(words: readonly string[]): string {
  return words.join(', ');
}

/**
 * The closest candidate to a misspelt word, or undefined when nothing is close.
 * Distance is Levenshtein with adjacent transpositions counted as one edit
 * ('laetncy' → 'latency'), ignoring case; ties go to the earlier candidate.
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const limit = word.length <= 3 ? 1 : word.length <= 6 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) { best = c; bestDistance = d; }
  }
  return bestDistance <= limit && bestDistance < word.length ? best : undefined;
}

function editDistance(a: string, b: string): number {
  // Optimal string alignment distance, three rolling rows.
  let prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[b.length]!;
}

/** "unknown X 'v' — allowed: a, b, c (did you mean 'b'?)" */
export function unknownChoice(what: string, value: unknown, allowed: readonly string[]): string {
  const guess = typeof value === 'string' ? didYouMean(value, allowed) : undefined;
  return `unknown ${what} ${show(value)} — allowed: ${listOf(allowed)}${guess ? ` (did you mean '${guess}'?)` : ''}`;
}

/** "unknown field 'laetncy' — did you mean 'latency'?" or "unknown field 'foo' — allowed: a, b". */
export function unknownField(key: string, allowed: readonly string[]): string {
  const guess = didYouMean(key, allowed);
  return guess
    ? `unknown field '${key}' — did you mean '${guess}'?`
    : `unknown field '${key}' — allowed: ${allowed.length ? listOf(allowed) : '(none)'}`;
}
