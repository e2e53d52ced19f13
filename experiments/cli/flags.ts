import { UserError } from '../../env/errors/errors.js';

/**
 * The text of a flag that takes one value. Numeric flags are declared as strings so that a bad
 * value is reported as typed (`--episodes must be an integer >= 3, got "ten"`), not as yargs' NaN;
 * yargs turns a repeated flag into an array, which is an error here.
 * @throws UserError naming the flag
 */
export function stringFlag(flag: string, raw: unknown): string {
  if (Array.isArray(raw)) throw new UserError(`--${flag} was given ${raw.length} times (${raw.map((v) => JSON.stringify(String(v))).join(', ')}); give it once`);
  if (typeof raw === 'number') return String(raw);
  if (typeof raw !== 'string') throw new UserError(`--${flag} needs a value, got ${raw === undefined ? 'nothing' : JSON.stringify(raw)}`);
  return raw;
}

/** A decimal integer as typed: `12`, `1e6` and `9007199254740991` are, `1.5`, `0x10` and `1e400` are not. */
function parseInteger(text: string): number {
  const t = text.trim();
  return /^[+-]?\d+(\.\d+)?(e[+]?\d+)?$/i.test(t) ? Number(t) : NaN;
}

/**
 * An integer flag in [min, max] (max defaults to Number.MAX_SAFE_INTEGER).
 * @throws UserError naming the flag, the value as typed and the range
 */
export function integerFlag(flag: string, raw: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const text = stringFlag(flag, raw);
  const value = parseInteger(text);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new UserError(`--${flag} must be an integer ${range}, got ${JSON.stringify(text)}`);
  }
  return value;
}

/**
 * A finite number flag, satisfying `ok` (described by `allowed`).
 * @throws UserError naming the flag, the value as typed and what is allowed
 */
export function numberFlag(flag: string, raw: unknown, ok: (v: number) => boolean = () => true, allowed = 'a finite number'): number {
  const text = stringFlag(flag, raw);
  const value = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(value) || !ok(value)) throw new UserError(`--${flag} must be ${allowed}, got ${JSON.stringify(text)}`);
  return value;
}

/** A path flag: one non-empty value. */
export function pathFlag(flag: string, raw: unknown): string {
  const text = stringFlag(flag, raw);
  if (text.trim() === '') throw new UserError(`--${flag} must be a path, got ${JSON.stringify(text)}`);
  return text;
}

/** A comma-separated list of names; empty entries are an error. */
export function listFlag(flag: string, raw: unknown): string[] {
  const text = stringFlag(flag, raw);
  const items = text.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new UserError(`--${flag} must be a comma-separated list without empty entries, got ${JSON.stringify(text)}`);
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
