import { spawnSync } from 'node:child_process';

export interface CliResult { code: number; stdout: string; stderr: string }

/** Run the built CLI (the test script builds dist/ first) as a user would. */
export function castsim(args: string[], opts: { env?: Record<string, string>; cwd?: string; input?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [new URL('../../dist/cli/main.js', import.meta.url).pathname, ...args], {
    encoding: 'utf8', cwd: opts.cwd, input: opts.input, env: { ...process.env, ...opts.env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
