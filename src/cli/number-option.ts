/**
 * A numeric option that reports a bad value as the user typed it. yargs' own
 * `type: 'number'` turns `--seed abc` into NaN before anyone can say what was wrong.
 */
/** What a numeric option must be, checked as it is parsed so the message names the option, not a file. */
export interface NumberRule { int?: boolean; min?: number; gt?: number; max?: number; what: string }

export function numberOption(flag: string, describe: string, rule?: NumberRule) {
  return {
    describe,
    requiresArg: true,
    coerce: (v: unknown): number => {
      if (Array.isArray(v)) throw new Error(`--${flag} was given ${v.length} times (${v.join(', ')}); give it once`);
      const last = v;
      const n = typeof last === 'number' ? last : typeof last === 'string' && last.trim() !== '' ? Number(last) : NaN;
      if (!Number.isFinite(n)) throw new Error(`--${flag} must be a number, got '${String(last)}'`);
      if (rule && ((rule.int && !Number.isInteger(n)) || (rule.min !== undefined && n < rule.min) || (rule.gt !== undefined && !(n > rule.gt)) || (rule.max !== undefined && n > rule.max))) {
        throw new Error(`--${flag} must be ${rule.what}, got ${String(last)}`);
      }
      return n;
    },
  };
}

const BYTE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9, t: 1e12, tb: 1e12, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4 };

/** A size in bytes: `5000000`, `500M`, `4GB`, `2GiB` (K/M/G/T are powers of 1000, KiB/MiB/GiB/TiB of 1024). */
export function parseByteSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return null;
  const unit = BYTE_UNITS[m[2]!.toLowerCase()];
  return unit === undefined ? null : Math.round(Number(m[1]) * unit);
}

/** A byte-size option, e.g. --max-trace-bytes 500M. */
export function byteSizeOption(flag: string, describe: string) {
  return {
    describe,
    requiresArg: true,
    coerce: (v: unknown): number => {
      if (Array.isArray(v)) throw new Error(`--${flag} was given ${v.length} times (${v.join(', ')}); give it once`);
      const n = parseByteSize(String(v));
      if (n === null || n < 1) throw new Error(`--${flag} must be a size in bytes such as 500M, 4G or 2GiB, got '${String(v)}'`);
      return n;
    },
  };
}

/** 12345678 → '12.3 MB'. */
export function formatBytes(n: number): string {
  for (const [unit, size] of [['TB', 1e12], ['GB', 1e9], ['MB', 1e6], ['kB', 1e3]] as const) {
    if (n >= size) return `${Number((n / size).toPrecision(3))} ${unit}`;
  }
  return `${n} bytes`;
}
