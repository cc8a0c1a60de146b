// Run a command with TMPDIR set to a fresh folder of its own, and remove that folder when
// the command ends (however it ends): `npm test` runs vitest through this, so every test's
// mkdtemp folder, and every child process's, lands inside it and none is left behind in the
// machine's /tmp after a run. Exits with the command's exit code (128 + signal if killed).
//   node tools/with-temp-root.mjs COMMAND [ARGS...]
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';

const [command, ...args] = process.argv.slice(2);
if (!command) { console.error('usage: node tools/with-temp-root.mjs COMMAND [ARGS...]'); process.exit(2); }

const root = mkdtempSync(join(tmpdir(), 'castsim-test-'));
// Traversable by other users like /tmp itself: one test runs a check as the user nobody in a folder of its own.
chmodSync(root, 0o755);
const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, TMPDIR: root } });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('error', (err) => { console.error(`with-temp-root: ${command}: ${err.message}`); clean(); process.exit(127); });
child.on('exit', (code, signal) => {
  clean();
  process.exit(code ?? 128 + (signal ? constants.signals[signal] ?? 0 : 0));
});

function clean() {
  try { rmSync(root, { recursive: true, force: true, maxRetries: 3 }); }
  catch (err) { console.error(`with-temp-root: could not remove ${root}: ${err.message}`); }
}
