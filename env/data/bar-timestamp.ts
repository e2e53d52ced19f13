import { UserError } from '../errors/errors.js';
import { dataError } from './data-error.js';
import { parseDate, parseTimeOfDay, type FieldAt } from './field-parsers.js';

/**
 * The timestamp forms a bars CSV may use, as `--help` and the reader's TSDoc quote them: ISO 8601
 * date and time of day, with or without a zone. Without a zone the time is read in the file's clock
 * (the reader's `timeZone`); with one (`Z`, `+02:00`, `-0500`) it is converted to that clock.
 * Epoch numbers are refused: seconds and milliseconds cannot be told apart, and neither says its zone.
 */
export const BAR_TIMESTAMP_FORMATS = 'YYYY-MM-DD HH:MM[:SS[.fff]] (T also accepted between date and time), optionally followed by a zone Z, +HH:MM or -HHMM';

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})?$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Checks that `timeZone` is an IANA zone this runtime knows (e.g. `UTC`, `America/New_York`).
 * @throws UserError naming the zone
 */
export function checkTimeZone(timeZone: string): void {
  if (formatters.has(timeZone)) return;
  try {
    formatters.set(timeZone, new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }));
  } catch {
    throw new UserError(`timeZone: must be an IANA time zone such as UTC or America/New_York, got ${JSON.stringify(timeZone)}`);
  }
}

/**
 * A bar's start as (date, seconds after midnight) in the `timeZone` clock, from one of
 * {@link BAR_TIMESTAMP_FORMATS}.
 * @throws UserError naming file, line and column for any other text
 */
export function parseBarTimestamp(text: string, at: FieldAt, timeZone: string): { date: string; seconds: number } {
  const m = TIMESTAMP.exec(text.trim());
  if (!m) {
    const epoch = /^\d+(\.\d+)?$/.test(text.trim()) ? ' (epoch numbers are not accepted: write the date and time)' : '';
    throw dataError(at.file, at.line, at.index + 1, at.name, `expected ${BAR_TIMESTAMP_FORMATS}, got ${JSON.stringify(text)}${epoch}`);
  }
  const date = parseDate(m[1], at);
  const seconds = parseTimeOfDay(m[2], at);
  return m[3] === undefined ? { date, seconds } : inClock(date, seconds, m[3], timeZone);
}

/** The UTC instant `date seconds zone` as (date, seconds after midnight) in `timeZone`. */
function inClock(date: string, seconds: number, zone: string, timeZone: string): { date: string; seconds: number } {
  const offsetMinutes = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  const utcSeconds = Date.parse(`${date}T00:00:00Z`) / 1000 + seconds - offsetMinutes * 60;
  const whole = Math.floor(utcSeconds);
  checkTimeZone(timeZone);
  const parts = Object.fromEntries(formatters.get(timeZone)!.formatToParts(new Date(whole * 1000)).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    seconds: Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second) + (utcSeconds - whole),
  };
}
