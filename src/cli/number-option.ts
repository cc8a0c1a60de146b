/**
 * A numeric option that reports a bad value as the user typed it. yargs' own
 * `type: 'number'` turns `--seed abc` into NaN before anyone can say what was wrong.
 */
export function numberOption(flag: string, describe: string) {
  return {
    describe,
    requiresArg: true,
    coerce: (v: unknown): number => {
      const last = Array.isArray(v) ? v[v.length - 1] : v;
      const n = typeof last === 'number' ? last : typeof last === 'string' && last.trim() !== '' ? Number(last) : NaN;
      if (!Number.isFinite(n)) throw new Error(`--${flag} must be a number, got '${String(last)}'`);
      return n;
    },
  };
}
