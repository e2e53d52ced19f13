import { basename, extname } from 'node:path';
import { barsOnGrid, checkBarRow, type BarColumns, type BarRow } from './bar-grid.js';
import type { Bars } from './bars.js';
import { csvFields } from './csv-fields.js';
import { dataError } from './data-error.js';
import { DefectLog } from './defects.js';
import { BAR_TIMESTAMP_FORMATS, checkTimeZone, parseBarTimestamp } from './bar-timestamp.js';
import { checkBarSeconds } from './bar-grid.js';
import { parseDate, parseNonNegative, parseNumber, parsePositive, parseTimeOfDay, type FieldAt } from './field-parsers.js';
import { forEachLine } from './line-reader.js';

const REQUIRED = ['open', 'high', 'low', 'close', 'volume'] as const;
const OPTIONAL = ['symbol', 'bid', 'ask', 'trades', 'mid', 'mid_close', 'signed_volume', 'notional'] as const;
/** Header names of the bar's start, in order of preference; `date` with `time` are two columns. */
const TIME_NAMES = ['timestamp', 'datetime', 'time', 'date'] as const;
type Column = (typeof REQUIRED)[number] | (typeof OPTIONAL)[number];

/** Where the bar's start is: one timestamp column, or a `date` column and a `time` column. */
type Clock = { readonly index: number; readonly name: string; readonly timeOfDay?: number };

/** Options of {@link readBarsCsv}. */
export interface BarsCsvOptions {
  /** Symbol of a file without a `symbol` column; default: the file name without extension. */
  readonly symbol?: string;
  /** The clock the timestamps are written in (an IANA zone); default `UTC`. */
  readonly timeZone?: string;
  /** Bar length in seconds (> 0, finite); default: the smallest gap between consecutive bars of any series. */
  readonly barSeconds?: number;
}

interface Series {
  readonly symbol: string;
  readonly date: string;
  readonly rows: BarRow[];
  readonly defects: DefectLog;
}

/**
 * Reads a generic bars CSV, for users who bring their own data. A header row names the columns
 * (any order, case-insensitive): the bar's start, `open`, `high`, `low`, `close`, `volume`, and
 * optionally `symbol`, `trades`, `bid` with `ask` (the bar's quote), `mid` (default
 * (bid + ask) / 2), `mid_close` (the mid at the bar's end; default `mid`), `signed_volume`
 * (buyer- minus seller-initiated shares) and `notional` (sum of price x shares), the columns the
 * shipped LOBSTER extracts carry.
 *
 * The bar's start is one column named `timestamp`, `datetime`, `time` or `date` (the first of these
 * present) holding {@link BAR_TIMESTAMP_FORMATS}, e.g. `2024-01-02 09:30`, `2024-01-02T09:30:00.5`,
 * `2024-01-02T14:30:00Z`; or, when there is neither `timestamp` nor `datetime`, a `date` column
 * (`YYYY-MM-DD`) with a `time` column (`HH:MM[:SS[.fff]]`). A time without a zone is in the
 * `timeZone` clock; one with a zone is converted to it. Epoch numbers are not accepted.
 * Returns one {@link Bars} per symbol and day, on a regular grid with missing bars filled as
 * counted zero-volume bars.
 * @throws UserError naming file, line and column for a missing column, a malformed row, a
 *   non-positive price, a negative volume, inconsistent OHLC, a crossed quote (bid > ask),
 *   non-increasing time, a bar off the grid, a header without rows, or a bad `barSeconds` or `timeZone`
 */
export function readBarsCsv(file: string, options: BarsCsvOptions = {}): Bars[] {
  const timeZone = options.timeZone ?? 'UTC';
  checkTimeZone(timeZone);
  if (options.barSeconds !== undefined) checkBarSeconds(options.barSeconds, 'barSeconds');
  const series = new Map<string, Series>();
  let index: Partial<Record<Column, number>> | undefined;
  let clock: Clock | undefined;
  let width = 0;
  let headerLine = 0;
  forEachLine(file, (text, line) => {
    if (text.trim() === '') return;
    const fields = csvFields(text);
    if (!fields) throw dataError(file, line, 0, '', 'unterminated quote');
    if (!index) {
      [index, clock] = headerIndex(fields, file, line);
      width = fields.length;
      headerLine = line;
      return;
    }
    if (fields.length !== width) throw dataError(file, line, 0, '', `malformed row: ${fields.length} fields, the header has ${width}`);
    const at = (name: Column): FieldAt => ({ file, line, index: index![name]!, name });
    const field = (name: Column) => fields[index![name]!];
    const { date, seconds } = parseStart(fields, clock!, file, line, timeZone);
    const symbol = index.symbol !== undefined ? field('symbol') : (options.symbol ?? basename(file, extname(file)));
    const row: BarRow = {
      line,
      start: seconds,
      open: parsePositive(field('open'), at('open')),
      high: parsePositive(field('high'), at('high')),
      low: parsePositive(field('low'), at('low')),
      close: parsePositive(field('close'), at('close')),
      volume: parseNonNegative(field('volume'), at('volume')),
      trades: index.trades !== undefined ? parseNonNegative(field('trades'), at('trades')) : undefined,
      bid: index.bid !== undefined ? parsePositive(field('bid'), at('bid')) : undefined,
      ask: index.ask !== undefined ? parsePositive(field('ask'), at('ask')) : undefined,
      mid: index.mid !== undefined ? parsePositive(field('mid'), at('mid')) : undefined,
      midClose: index.mid_close !== undefined ? parsePositive(field('mid_close'), at('mid_close')) : undefined,
      signedVolume: index.signed_volume !== undefined ? parseNumber(field('signed_volume'), at('signed_volume')) : undefined,
      notional: index.notional !== undefined ? parseNonNegative(field('notional'), at('notional')) : undefined,
    };
    // A bar's quote is one snapshot the vendor chose; crossed means swapped or broken columns.
    if (row.bid! > row.ask!) throw dataError(file, line, index.bid! + 1, 'bid', `crossed quote: bid ${row.bid} > ask ${row.ask}`);
    const key = `${symbol}\u0000${date}`;
    let s = series.get(key);
    if (!s) series.set(key, (s = { symbol, date, rows: [], defects: new DefectLog() }));
    checkBarRow(row, s.rows[s.rows.length - 1], barColumns(file, clock!, index));
    s.rows.push(row);
  });
  if (!index) throw dataError(file, 1, 0, '', `empty file: expected a header with timestamp, ${REQUIRED.join(', ')}`);
  if (series.size === 0) throw dataError(file, headerLine, 0, '', 'a header and no bars: the file has no data rows');
  const columns = barColumns(file, clock!, index);
  const symbolGiven = index.symbol === undefined && options.symbol !== undefined;
  const barSeconds = options.barSeconds ?? smallestGap([...series.values()], file, columns);
  return [...series.values()].map((s) =>
    barsOnGrid(
      s.rows,
      {
        symbol: s.symbol,
        isin: undefined,
        date: s.date,
        timeZone,
        currency: undefined,
        barSeconds,
        source: { format: 'bars', files: [file], rowsRead: s.rows.length, ...(symbolGiven ? { symbolGiven } : {}) },
      },
      s.defects,
      columns,
    ),
  );
}

function headerIndex(header: readonly string[], file: string, line: number): [Partial<Record<Column, number>>, Clock] {
  const names = header.map((h) => h.trim().toLowerCase());
  const index: Partial<Record<Column, number>> = {};
  const needs = `a bars CSV needs timestamp (or time, or date), ${REQUIRED.join(', ')} (optional: ${OPTIONAL.join(', ')})`;
  for (const name of [...REQUIRED, ...OPTIONAL]) {
    const i = names.indexOf(name);
    if (i >= 0) index[name] = i;
    else if ((REQUIRED as readonly string[]).includes(name)) throw dataError(file, line, 0, '', `missing column ${name}; ${needs}`);
  }
  if ((index.bid === undefined) !== (index.ask === undefined)) throw dataError(file, line, 0, '', 'bid and ask columns come together: found only one');
  return [index, clockColumns(names, file, line, needs)];
}

/** The column(s) of the bar's start: see {@link readBarsCsv}. */
function clockColumns(names: readonly string[], file: string, line: number, needs: string): Clock {
  const [date, time] = [names.indexOf('date'), names.indexOf('time')];
  const single = ['timestamp', 'datetime'].map((n) => names.indexOf(n)).find((i) => i >= 0);
  if (single === undefined && date >= 0 && time >= 0) return { index: date, name: 'date', timeOfDay: time };
  const i = single ?? TIME_NAMES.map((n) => names.indexOf(n)).find((j) => j >= 0);
  if (i === undefined) throw dataError(file, line, 0, '', `missing column timestamp; ${needs}`);
  return { index: i, name: names[i] };
}

/** The bar's start as (date, seconds after midnight) in the `timeZone` clock. */
function parseStart(fields: readonly string[], clock: Clock, file: string, line: number, timeZone: string): { date: string; seconds: number } {
  const at: FieldAt = { file, line, index: clock.index, name: clock.name };
  if (clock.timeOfDay === undefined) return parseBarTimestamp(fields[clock.index], at, timeZone);
  const date = parseDate(fields[clock.index], at);
  return { date, seconds: parseTimeOfDay(fields[clock.timeOfDay], { file, line, index: clock.timeOfDay, name: 'time' }) };
}

/** The file's bar length: the smallest gap between consecutive bars of any series. */
function smallestGap(series: readonly Series[], file: string, columns: BarColumns): number {
  let gap = Infinity;
  for (const { rows } of series) for (let i = 1; i < rows.length; i++) gap = Math.min(gap, rows[i].start - rows[i - 1].start);
  if (!Number.isFinite(gap)) {
    throw dataError(file, series[0].rows[0].line, columns.time + 1, columns.timeName, 'no series has two bars to tell the bar length from: pass barSeconds');
  }
  return gap;
}

function barColumns(file: string, clock: Clock, index: Partial<Record<Column, number>>): BarColumns {
  const time = clock.timeOfDay ?? clock.index;
  return { file, time, timeName: clock.timeOfDay === undefined ? clock.name : 'time', high: index.high!, highName: 'high', low: index.low!, lowName: 'low' };
}
