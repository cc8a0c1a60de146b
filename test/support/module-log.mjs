// Preloaded with `node --import` by test/support/cli.ts's castsimLoading(): registers
// module loader hooks (module-log-hooks.mjs) that append the URL of every module this
// process loads through the ES module loader to the file named by CASTSIM_MODULE_LOG.
import { register } from 'node:module';

const log = process.env.CASTSIM_MODULE_LOG;
if (!log) throw new Error('CASTSIM_MODULE_LOG names the file to log loaded modules to');
register(new URL('./module-log-hooks.mjs', import.meta.url), { data: { log } });
