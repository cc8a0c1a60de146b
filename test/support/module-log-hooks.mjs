// Module loader hooks (they run on the loader's own thread): each module is written to
// the log, synchronously, before it is handed to the process, so none is missed at exit.
import { appendFileSync } from 'node:fs';

let log;
export function initialize(data) { log = data.log; }
export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  appendFileSync(log, `${url}\n`);
  return result;
}
