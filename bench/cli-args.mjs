// The benchmarks' command lines, read the same way in every script of bench/ and before any
// heavy work (building, spawning, allocating, importing the build): --help (or -h) anywhere
// prints the usage on stdout and exits 0; bad input prints one line naming the argument and
// what it takes, then the usage, on stderr and exits 2, with no stack trace. A benchmark that
// took `--help` for a size used to run for minutes or print NaN.
// (bench/peers.mjs and bench/run-phases.mjs read theirs on their own, to the same rules.)

/**
 * The command line of one script: `script` is its path as the messages name it
 * (bench/hold.mjs), `usage` the text --help prints (starting "usage: ", with an example).
 * Returns the checks, each of which exits 2 on bad input.
 */
export function commandLine(script, usage, argv = process.argv.slice(2)) {
  if (argv.includes('--help') || argv.includes('-h')) { process.stdout.write(`${usage}\n`); process.exit(0); }
  const usageError = (message) => { process.stderr.write(`${script}: ${message}\n${usage}\n`); process.exit(2); };

  /** An integer ≥ least (and ≤ most), from its text; `name` as the message calls it. */
  const integer = (name, text, least, most = Infinity) => {
    const v = Number(text);
    if (!(text.trim() !== '' && Number.isInteger(v) && v >= least && v <= most)) {
      usageError(`${name} must be an integer ≥ ${least}${most < Infinity ? ` and ≤ ${most}` : ''}, got ${text}`);
    }
    return v;
  };
  /** Integers ≥ least separated by commas. */
  const integers = (name, text, least) => text.split(',').map((piece) => {
    const v = Number(piece);
    if (!(piece.trim() !== '' && Number.isInteger(v) && v >= least)) usageError(`${name} takes integers ≥ ${least} separated by commas, got ${piece === '' ? "''" : piece}`);
    return v;
  });
  /** A finite number > 0. */
  const positive = (name, text) => {
    const v = Number(text);
    if (!(text.trim() !== '' && Number.isFinite(v) && v > 0)) usageError(`${name} must be a number > 0, got ${text}`);
    return v;
  };

  /**
   * Splits argv into options and positionals: `valued` options take the next argument
   * (--name VALUE), `flags` take none; any other argument starting with - is refused, as is
   * a valued option without its value or more positionals than `most`.
   */
  const parse = ({ valued = [], flags = [], most = Infinity } = {}) => {
    const options = {}, positionals = [];
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      if (a.startsWith('-') && a !== '-' && !/^-[\d.]/.test(a)) { // -5: a number, refused by its own check
        const name = a.replace(/^--?/, '');
        if (flags.includes(name) && a.startsWith('--')) { options[name] = true; continue; }
        if (!valued.includes(name) || !a.startsWith('--')) usageError(`unknown option ${a}`);
        if (argv[i + 1] === undefined) usageError(`${a} needs a value`);
        options[name] = argv[++i];
      } else positionals.push(a);
    }
    if (positionals.length > most) usageError(`unexpected argument ${positionals[most]}`);
    return { options, positionals };
  };

  return { usageError, integer, integers, positive, parse };
}
