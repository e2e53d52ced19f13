import { UserError } from '../../env/errors.js';

/**
 * Numeric flags are declared as strings and parsed here, so that a bad value is reported as typed
 * (`--episodes must be an integer >= 3, got "ten"`) rather than as yargs' NaN.
 * @throws UserError naming the flag, the value and what is allowed
 */
export function integerFlag(flag: string, raw: unknown, min: number): number {
  const text = stringFlag(flag, typeof raw === 'number' ? String(raw) : raw);
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < min) {
    throw new UserError(`--${flag} must be an integer >= ${min}, got ${JSON.stringify(text)}`);
  }
  return value;
}

/** A flag that takes one string: yargs turns a repeated flag into an array, which is an error here. */
export function stringFlag(flag: string, raw: unknown): string {
  if (typeof raw !== 'string') throw new UserError(`--${flag} must be given once, got ${JSON.stringify(raw)}`);
  return raw;
}

/** A comma-separated list of names; empty entries are an error. */
export function listFlag(flag: string, raw: unknown): string[] {
  const items = stringFlag(flag, raw).split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new UserError(`--${flag} must be a comma-separated list without empty entries, got ${JSON.stringify(raw)}`);
  return items;
}

/** A comma-separated list of numbers, each satisfying `ok` (described by `allowed`). */
export function numberListFlag(flag: string, raw: unknown, ok: (v: number) => boolean, allowed: string): number[] {
  return listFlag(flag, raw).map((item) => {
    const value = Number(item);
    if (!Number.isFinite(value) || !ok(value)) throw new UserError(`--${flag} must be a comma-separated list of ${allowed}, got ${JSON.stringify(item)}`);
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
