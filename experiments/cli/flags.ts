import { UserError } from '../../env/errors.js';

/**
 * Numeric flags are declared as strings and parsed here, so that a bad value is reported as typed
 * (`--episodes must be an integer >= 3, got "ten"`) rather than as yargs' NaN.
 * @throws UserError naming the flag, the value and what is allowed
 */
export function integerFlag(flag: string, raw: string | number, min: number): number {
  const value = Number(raw);
  if (String(raw).trim() === '' || !Number.isSafeInteger(value) || value < min) {
    throw new UserError(`--${flag} must be an integer >= ${min}, got ${JSON.stringify(String(raw))}`);
  }
  return value;
}

/** A comma-separated list of names; empty entries are an error. */
export function listFlag(flag: string, raw: string): string[] {
  const items = raw.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new UserError(`--${flag} must be a comma-separated list without empty entries, got ${JSON.stringify(raw)}`);
  return items;
}

/** A comma-separated list of numbers, each satisfying `ok` (described by `allowed`). */
export function numberListFlag(flag: string, raw: string, ok: (v: number) => boolean, allowed: string): number[] {
  return listFlag(flag, raw).map((item) => {
    const value = Number(item);
    if (!Number.isFinite(value) || !ok(value)) throw new UserError(`--${flag} must be a comma-separated list of ${allowed}, got ${JSON.stringify(item)} in ${JSON.stringify(raw)}`);
    return value;
  });
}

/** Prefixes a user error with the flag it came from. */
export async function withFlag<T>(flag: string, body: () => Promise<T> | T): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UserError || error instanceof RangeError) throw new UserError(`--${flag}: ${error.message}`);
    throw error;
  }
}
