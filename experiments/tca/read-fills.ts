import { forEachCsvRecord } from '../../env/data/csv-records.js';
import { dataError } from '../../env/data/data-error.js';
import { parseDate, parsePositive, parseTimeOfDay, type FieldAt } from '../../env/data/field-parsers.js';
import { UserError } from '../../env/errors/errors.js';

const REQUIRED = ['time', 'side', 'quantity', 'price'] as const;
const OPTIONAL = ['order_id', 'arrival_time', 'venue', 'liquidity'] as const;
type Column = (typeof REQUIRED)[number] | (typeof OPTIONAL)[number];

/** A clock reading: a date when the text had one, and seconds after midnight. */
export interface ClockTime {
  readonly date: string | undefined;
  readonly seconds: number;
}

/** One execution of a user's order, as read from FILLS.csv. */
export interface Fill {
  /** 1-based line in the file, for messages. */
  readonly line: number;
  readonly time: ClockTime;
  /** +1 sell, -1 buy (the env's `side`). */
  readonly side: 1 | -1;
  readonly quantity: number;
  readonly price: number;
  readonly orderId: string | undefined;
  readonly arrivalTime: ClockTime | undefined;
  readonly venue: string | undefined;
  readonly liquidity: 'maker' | 'taker' | undefined;
}

/** The file's fills and where each column sits (to name a column in later errors). */
export interface FillsFile {
  readonly file: string;
  readonly fills: readonly Fill[];
  /** 1-based column number of each column present. */
  readonly columns: Readonly<Partial<Record<Column, number>>>;
}

const CLOCK = /^(?:(\d{4}-\d{2}-\d{2})[T ])?(\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)Z?$/;

/**
 * A time `YYYY-MM-DD HH:MM[:SS[.fff]]` (`T` also accepted, a trailing `Z` allowed) or a time of day
 * `HH:MM[:SS[.fff]]` (on the market file's day), in the market file's clock.
 * @throws UserError naming the field
 */
export function parseClockTime(text: string, at: FieldAt): ClockTime {
  const m = CLOCK.exec(text.trim());
  if (!m) throw dataError(at.file, at.line, at.index + 1, at.name, `expected YYYY-MM-DD HH:MM[:SS] or HH:MM[:SS] (the market file's clock), got ${JSON.stringify(text)}`);
  return { date: m[1] === undefined ? undefined : parseDate(m[1], at), seconds: parseTimeOfDay(m[2], at) };
}

/**
 * Reads FILLS.csv: a header naming `time,side,quantity,price` (any order, case-insensitive) and
 * optionally `order_id`, `arrival_time`, `venue`, `liquidity` (`maker` or `taker`). `side` is
 * `buy` or `sell`; quantity and price are > 0.
 * @throws UserError naming file, line and column for a missing column, a malformed row or a bad value
 */
export function readFills(file: string): FillsFile {
  const fills: Fill[] = [];
  const index = forEachCsvRecord(file, { required: REQUIRED, optional: OPTIONAL, what: 'a fills CSV' }, (fields, line, index) => {
    const at = (name: Column): FieldAt => ({ file, line, index: index[name]!, name });
    const optional = (name: Column) => (index[name] === undefined || fields[index[name]!].trim() === '' ? undefined : fields[index[name]!].trim());
    const arrival = optional('arrival_time');
    fills.push({
      line,
      time: parseClockTime(fields[index.time!], at('time')),
      side: parseSide(fields[index.side!], at('side')),
      quantity: parsePositive(fields[index.quantity!], at('quantity')),
      price: parsePositive(fields[index.price!], at('price')),
      orderId: optional('order_id'),
      arrivalTime: arrival === undefined ? undefined : parseClockTime(arrival, at('arrival_time')),
      venue: optional('venue'),
      liquidity: parseLiquidity(optional('liquidity'), at('liquidity')),
    });
  });
  if (!index) throw dataError(file, 1, 0, '', `empty file: expected a header with ${REQUIRED.join(', ')}`);
  if (fills.length === 0) throw dataError(file, 2, 0, '', 'no fills: the file has a header and no rows');
  const columns = Object.fromEntries(Object.entries(index).map(([k, v]) => [k, v + 1]));
  return { file, fills, columns };
}

function parseSide(text: string, at: FieldAt): 1 | -1 {
  const side = text.trim().toLowerCase();
  if (side === 'sell') return 1;
  if (side === 'buy') return -1;
  throw dataError(at.file, at.line, at.index + 1, at.name, `expected buy or sell, got ${JSON.stringify(text)}`);
}

function parseLiquidity(text: string | undefined, at: FieldAt): 'maker' | 'taker' | undefined {
  if (text === undefined) return undefined;
  const value = text.toLowerCase();
  if (value === 'maker' || value === 'taker') return value;
  throw dataError(at.file, at.line, at.index + 1, at.name, `expected maker or taker, got ${JSON.stringify(text)}`);
}

/** `--arrival-time` as a clock time. @throws UserError naming the flag */
export function parseArrivalFlag(text: string): ClockTime {
  try {
    return parseClockTime(text, { file: '--arrival-time', line: 0, index: -1, name: '' });
  } catch {
    throw new UserError(`--arrival-time: expected YYYY-MM-DD HH:MM[:SS] or HH:MM[:SS] (the market file's clock), got ${JSON.stringify(text)}`);
  }
}
