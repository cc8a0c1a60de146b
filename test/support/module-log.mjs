// Preloaded with `node --import` by test/support/cli.ts's castsimLoading(): registers
// module loader hooks (module-log-hooks.mjs) that append the URL of every module this
// process loads through the ES module loader to the file named by CASTSIM_MODULE_LOG,
// and logs CommonJS loads here: the bundled CLI runs a plain run from a CommonJS script
// (tools/bundle-cli.mjs), whose require() calls the ES hooks do not see. For each require
// the log gets the requiring module's URL and the required one's ('node:fs' for Node's own).
import { appendFileSync } from 'node:fs';
import Module, { isBuiltin, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const log = process.env.CASTSIM_MODULE_LOG;
if (!log) throw new Error('CASTSIM_MODULE_LOG names the file to log loaded modules to');
register(new URL('./module-log-hooks.mjs', import.meta.url), { data: { log } });

const load = Module._load;
Module._load = function (request, parent, isMain) {
  let url = request;
  try {
    url = isBuiltin(request) ? (request.startsWith('node:') ? request : `node:${request}`) : pathToFileURL(Module._resolveFilename(request, parent, isMain)).href;
  } catch { /* unresolvable: the require below throws, and the log keeps the request as written */ }
  const from = parent?.filename ? `${pathToFileURL(parent.filename).href}\n` : '';
  appendFileSync(log, `${from}${url}\n`);
  return load.apply(this, arguments);
};
