import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../dist/experiments/cli/main.js', import.meta.url));

/** Runs the built CLI (npm test builds dist first) and returns its exit code and output. */
export function runCli(args: readonly string[], options: { cwd?: string; timeoutMs?: number } = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: options.cwd, timeout: options.timeoutMs ?? 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
