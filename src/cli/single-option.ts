/**
 * Options that take one value. yargs collects a repeated option into an array
 * (`--trace a --trace b`) and turns a bare `--csv` into ''; both would otherwise
 * reach a file API as nonsense. These coerce functions refuse them, naming the option.
 */

function once(flag: string, v: unknown): unknown {
  if (Array.isArray(v)) throw new Error(`--${flag} was given ${v.length} times (${v.map((x) => `'${String(x)}'`).join(', ')}); give it once`);
  return v;
}

/** A single string value. */
export function singleString(flag: string, describe: string) {
  return { type: 'string' as const, describe, coerce: (v: unknown): string => String(once(flag, v)) };
}

/** A single output or input path: not repeated, not empty. `-` means stdout for outputs. */
export function pathOption(flag: string, describe: string) {
  return {
    type: 'string' as const,
    describe,
    coerce: (v: unknown): string => {
      const path = String(once(flag, v));
      if (path === '') throw new Error(`--${flag} needs a file path (use - for stdout)`);
      return path;
    },
  };
}

/** Refuse a repeated value; for options whose own coerce is not ours (choices, booleans kept as they are). */
export function singleValue(flag: string) {
  return (v: unknown): unknown => once(flag, v);
}
