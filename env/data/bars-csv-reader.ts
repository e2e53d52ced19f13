import { basename, extname } from 'node:path';
import { barsOnGrid, checkBarRow, type BarColumns, type BarRow } from './bar-grid.js';
import type { Bars } from './bars.js';
import { csvFields } from './csv-fields.js';
import { dataError } from './data-error.js';
import { DefectLog } from './defects.js';
import { parseDate, parseNonNegative, parseNumber, parsePositive, parseTimeOfDay, type FieldAt } from './field-parsers.js';
import { forEachLine } from './line-reader.js';

const REQUIRED = ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const;
const OPTIONAL = ['symbol', 'bid', 'ask', 'trades', 'mid', 'mid_close', 'signed_volume', 'notional'] as const;
type Column = (typeof REQUIRED)[number] | (typeof OPTIONAL)[number];

/** Options of {@link readBarsCsv}. */
export interface BarsCsvOptions {
  /** Symbol of a file without a `symbol` column; default: the file name without extension. */
  readonly symbol?: string;
  /** The clock the timestamps are written in (an IANA zone); default `UTC`. */
  readonly timeZone?: string;
  /** Bar length in seconds; default: the smallest gap between consecutive bars of any series. */
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
 * (any order, case-insensitive): `timestamp` (`YYYY-MM-DD HH:MM[:SS]`, `T` also accepted, a
 * trailing `Z` allowed; the bar's start in the `timeZone` clock), `open`, `high`, `low`, `close`,
 * `volume`, and optionally `symbol`, `trades`, `bid` with `ask` (the bar's quote), `mid` (default
 * (bid + ask) / 2), `mid_close` (the mid at the bar's end; default `mid`), `signed_volume`
 * (buyer- minus seller-initiated shares) and `notional` (sum of price x shares), the columns the
 * shipped LOBSTER extracts carry.
 * Returns one {@link Bars} per symbol and day, on a regular grid with missing bars filled as
 * counted zero-volume bars.
 * @throws UserError naming file, line and column for a missing column, a malformed row, a
 *   non-positive price, a negative volume, inconsistent OHLC, a crossed quote (bid > ask),
 *   non-increasing time or a bar off the grid
 */
export function readBarsCsv(file: string, options: BarsCsvOptions = {}): Bars[] {
  const series = new Map<string, Series>();
  let index: Partial<Record<Column, number>> | undefined;
  let width = 0;
  forEachLine(file, (text, line) => {
    if (text.trim() === '') return;
    const fields = csvFields(text);
    if (!fields) throw dataError(file, line, 0, '', 'unterminated quote');
    if (!index) {
      index = headerIndex(fields, file);
      width = fields.length;
      return;
    }
    if (fields.length !== width) throw dataError(file, line, 0, '', `malformed row: ${fields.length} fields, the header has ${width}`);
    const at = (name: Column): FieldAt => ({ file, line, index: index![name]!, name });
    const field = (name: Column) => fields[index![name]!];
    const { date, seconds } = parseTimestamp(field('timestamp'), at('timestamp'));
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
    checkBarRow(row, s.rows[s.rows.length - 1], barColumns(file, index));
    s.rows.push(row);
  });
  if (!index) throw dataError(file, 1, 0, '', `empty file: expected a header with ${REQUIRED.join(', ')}`);
  const columns = barColumns(file, index);
  const barSeconds = options.barSeconds ?? smallestGap([...series.values()], file, columns);
  return [...series.values()].map((s) =>
    barsOnGrid(
      s.rows,
      {
        symbol: s.symbol,
        isin: undefined,
        date: s.date,
        timeZone: options.timeZone ?? 'UTC',
        currency: undefined,
        barSeconds,
        source: { format: 'bars', files: [file], rowsRead: s.rows.length },
      },
      s.defects,
      columns,
    ),
  );
}

function headerIndex(header: readonly string[], file: string): Partial<Record<Column, number>> {
  const names = header.map((h) => h.trim().toLowerCase());
  const index: Partial<Record<Column, number>> = {};
  for (const name of [...REQUIRED, ...OPTIONAL]) {
    const i = names.indexOf(name);
    if (i >= 0) index[name] = i;
    else if ((REQUIRED as readonly string[]).includes(name)) {
      throw dataError(file, 1, 0, '', `missing column ${name}; a bars CSV needs ${REQUIRED.join(', ')} (optional: ${OPTIONAL.join(', ')})`);
    }
  }
  if ((index.bid === undefined) !== (index.ask === undefined)) throw dataError(file, 1, 0, '', 'bid and ask columns come together: found only one');
  return index;
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)Z?$/;

function parseTimestamp(text: string, at: FieldAt): { date: string; seconds: number } {
  const m = TIMESTAMP.exec(text.trim());
  if (!m) throw dataError(at.file, at.line, at.index + 1, at.name, `expected YYYY-MM-DD HH:MM[:SS] (local to the file's clock), got ${JSON.stringify(text)}`);
  return { date: parseDate(m[1], at), seconds: parseTimeOfDay(m[2], at) };
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

function barColumns(file: string, index: Partial<Record<Column, number>>): BarColumns {
  return { file, time: index.timestamp!, timeName: 'timestamp', high: index.high!, highName: 'high', low: index.low!, lowName: 'low' };
}
