// yaml's log.js as its node build has it (dist/log.js), for the bundle's ES module build of
// yaml (tools/bundle-cli.mjs): a warning goes to process.emitWarning, as without the bundle.
import process from 'node:process';

export function debug(logLevel, ...messages) {
  if (logLevel === 'debug') console.log(...messages);
}

export function warn(logLevel, warning) {
  if (logLevel === 'debug' || logLevel === 'warn') {
    if (typeof process.emitWarning === 'function') process.emitWarning(warning);
    else console.warn(warning);
  }
}
