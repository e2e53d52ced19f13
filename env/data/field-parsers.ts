import { dataError } from './data-error.js';

/** Where a field sits, for the error that names it. */
export interface FieldAt {
  readonly file: string;
  readonly line: number;
  /** 0-based index into the row's fields. */
  readonly index: number;
  readonly name: string;
}

/** A finite number, or a one-line error naming file, line and column. */
export function parseNumber(text: string, at: FieldAt): number {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) throw dataError(at.file, at.line, at.index + 1, at.name, `expected a number, got ${JSON.stringify(text)}`);
  return value;
}

/** A number > 0 (a price). */
export function parsePositive(text: string, at: FieldAt): number {
  const value = parseNumber(text, at);
  if (!(value > 0)) throw dataError(at.file, at.line, at.index + 1, at.name, `must be > 0, got ${text}`);
  return value;
}

/** A number >= 0 (a volume or a count). */
export function parseNonNegative(text: string, at: FieldAt): number {
  const value = parseNumber(text, at);
  if (value < 0) throw dataError(at.file, at.line, at.index + 1, at.name, `must be >= 0, got ${text}`);
  return value;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?$/;

/** A calendar date written YYYY-MM-DD, returned as written. */
export function parseDate(text: string, at: FieldAt): string {
  const m = DATE.exec(text.trim());
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12 || Number(m[3]) < 1 || Number(m[3]) > 31) {
    throw dataError(at.file, at.line, at.index + 1, at.name, `expected a date YYYY-MM-DD, got ${JSON.stringify(text)}`);
  }
  return m[0];
}

/** A time of day HH:MM[:SS[.fff]] as seconds after midnight. */
export function parseTimeOfDay(text: string, at: FieldAt): number {
  const m = TIME.exec(text.trim());
  const seconds = m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0) : Number.NaN;
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? 0) >= 60) {
    throw dataError(at.file, at.line, at.index + 1, at.name, `expected a time HH:MM[:SS], got ${JSON.stringify(text)}`);
  }
  return seconds;
}
