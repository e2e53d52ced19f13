import { vi } from 'vitest';
import { main } from '../../experiments/cli/main.js';

/**
 * Runs the CLI's main function in this process (no node start-up, no build needed) and returns
 * its exit code and what it printed on stdout and stderr.
 */
export async function runMain(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const text = (args: unknown[]) => args.map(String).join(' ');
  const log = vi.spyOn(console, 'log').mockImplementation((...args) => void out.push(text(args)));
  const error = vi.spyOn(console, 'error').mockImplementation((...args) => void err.push(text(args)));
  const warn = vi.spyOn(console, 'warn').mockImplementation((...args) => void err.push(text(args)));
  try {
    const code = await main(argv);
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } catch (e) {
    // A bug: report it as the process would (a stack trace, exit 1), so the test shows it.
    return { code: 1, stdout: out.join('\n'), stderr: `${err.join('\n')}\n${(e as Error).stack ?? String(e)}` };
  } finally {
    log.mockRestore();
    error.mockRestore();
    warn.mockRestore();
  }
}
