import { Chalk, type ChalkInstance } from 'chalk';

/** Colour only on a TTY and never with NO_COLOR set (https://no-color.org). */
export function colourFor(stream: NodeJS.WriteStream): ChalkInstance {
  const enabled = stream.isTTY === true && !('NO_COLOR' in process.env);
  return new Chalk({ level: enabled ? 1 : 0 });
}
