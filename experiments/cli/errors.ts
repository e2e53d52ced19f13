import { UserError } from '../../env/errors.js';

/**
 * Runs a CLI command body: a {@link UserError} (or a RangeError from validated inputs) prints as one
 * line on stderr with exit code 2; anything else is a bug and keeps its stack trace.
 */
export async function runCommand(body: () => Promise<void> | void): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof UserError || error instanceof RangeError) {
      console.error(`execgym: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
}
