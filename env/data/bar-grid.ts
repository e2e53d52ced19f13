import type { Bars } from './bars.js';
import { dataError } from './data-error.js';
import { DefectLog } from './defects.js';
import { UserError } from '../errors/errors.js';

/**
 * Most bars one series (a symbol's day) may hold: a day of 1-second bars is 86,400, a full LOBSTER
 * session at 25 ms about 940,000. At 13 columns of float64 a series at the cap is 104 MB; a tiny
 * bar length (1e-9 s) would otherwise ask for more memory than the machine has.
 */
export const MAX_BARS_PER_SERIES = 1_000_000;

/**
 * Checks a bar length a caller passed.
 * @throws UserError naming `name`, the value and what is allowed, for anything but a finite number > 0
 */
export function checkBarSeconds(barSeconds: number, name: string): void {
  if (typeof barSeconds !== 'number' || !Number.isFinite(barSeconds) || barSeconds <= 0) {
    throw new UserError(`${name}: must be a finite number of seconds > 0, got ${String(barSeconds)}`);
  }
}

/**
 * Checks that `count` bars fit in one series.
 * @throws UserError naming the bar length and the cap {@link MAX_BARS_PER_SERIES}
 */
export function checkBarCount(count: number, barSeconds: number, what: string): void {
  if (count > MAX_BARS_PER_SERIES) {
    throw new UserError(`barSeconds: ${barSeconds} s makes ${count.toExponential(2)} bars of ${what}; at most ${MAX_BARS_PER_SERIES} bars a series are allowed: use longer bars`);
  }
}

/** One printed bar as a reader parsed it. */
export interface BarRow {
  /** 1-based line of the file the bar was read from. */
  readonly line: number;
  readonly start: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly trades?: number;
  readonly bid?: number;
  readonly ask?: number;
  readonly mid?: number;
  readonly midClose?: number;
  readonly signedVolume?: number;
  readonly notional?: number;
}

/** Optional columns zeroed in a bar nothing traded in. */
const FLOWS = ['trades', 'signedVolume', 'notional'] as const;
/** Optional columns carried into a bar nothing traded in. */
const QUOTES = ['bid', 'ask', 'mid', 'midClose'] as const;
type OptionalColumn = (typeof FLOWS)[number] | (typeof QUOTES)[number];

/** A row's value of an optional column; mid defaults to (bid + ask) / 2 and midClose to mid. */
function optionalValue(row: BarRow, name: OptionalColumn): number | undefined {
  if (row[name] !== undefined) return row[name];
  if (name === 'mid' && row.bid !== undefined && row.ask !== undefined) return (row.bid + row.ask) / 2;
  if (name === 'midClose') return optionalValue(row, 'mid');
  return undefined;
}

/** What a series is, apart from its rows. */
export type BarsMeta = Pick<Bars, 'symbol' | 'isin' | 'date' | 'timeZone' | 'currency' | 'barSeconds' | 'source'>;

/** The columns of a bars file that {@link checkBarRow} and {@link barsOnGrid} name in errors. */
export interface BarColumns {
  readonly file: string;
  readonly time: number;
  readonly timeName: string;
  readonly high: number;
  readonly highName: string;
  readonly low: number;
  readonly lowName: string;
}

/**
 * Rejects a bar whose prices contradict each other (high below open, close or low; low above open
 * or close) and a bar that starts no later than the one before it (non-monotonic time).
 * @throws UserError naming file, line and the offending column
 */
export function checkBarRow(row: BarRow, previous: BarRow | undefined, columns: BarColumns): void {
  const { file } = columns;
  const { line } = row;
  if (row.high < Math.max(row.open, row.close, row.low)) {
    throw dataError(file, line, columns.high + 1, columns.highName, `high ${row.high} is below open ${row.open}, close ${row.close} or low ${row.low}`);
  }
  if (row.low > Math.min(row.open, row.close)) {
    throw dataError(file, line, columns.low + 1, columns.lowName, `low ${row.low} is above open ${row.open} or close ${row.close}`);
  }
  if (previous && row.start <= previous.start) {
    throw dataError(file, line, columns.time + 1, columns.timeName, `time is not after the previous bar of the series (line ${previous.line}): times must increase`);
  }
}

/**
 * Lays printed bars (strictly increasing starts, see {@link checkBarRow}) onto the regular grid
 * `start[0] + i * barSeconds` from the first to the last; a bar off the grid is an error. A
 * missing bar is one nothing traded in (Xetra PDS writes no row for it): volume, trades, signed
 * volume and notional 0, OHLC and quotes carried from the previous bar, counted as
 * `zero-volume-bar`, as is a printed bar of volume 0.
 */
export function barsOnGrid(rows: readonly BarRow[], meta: BarsMeta, defects: DefectLog, columns: BarColumns): Bars {
  const { barSeconds } = meta;
  const file = columns.file;
  const first = rows[0].start;
  // Checked before the grid test: with a tiny bar length every start is "on the grid" to float precision.
  checkBarCount(Math.round((rows[rows.length - 1].start - first) / barSeconds) + 1, barSeconds, `${meta.symbol} ${meta.date} in ${file}`);
  for (const row of rows) {
    const offset = (row.start - first) / barSeconds;
    if (Math.abs(offset - Math.round(offset)) > 1e-6) {
      throw dataError(file, row.line, columns.time + 1, columns.timeName, `bar start is off the ${barSeconds} s grid of the series (first bar at line ${rows[0].line})`);
    }
  }
  const n = Math.round((rows[rows.length - 1].start - first) / barSeconds) + 1;
  const col = () => new Float64Array(n);
  const [start, open, high, low, close, volume] = [col(), col(), col(), col(), col(), col()];
  // An optional column exists when every row has it.
  const optional = Object.fromEntries(
    [...FLOWS, ...QUOTES].map((name) => [name, rows.every((row) => optionalValue(row, name) !== undefined) ? col() : undefined]),
  ) as Record<OptionalColumn, Float64Array | undefined>;
  let r = 0;
  for (let i = 0; i < n; i++) {
    start[i] = first + i * barSeconds;
    const row = rows[r];
    if (Math.round((row.start - first) / barSeconds) === i) {
      [open[i], high[i], low[i], close[i], volume[i]] = [row.open, row.high, row.low, row.close, row.volume];
      for (const name of [...FLOWS, ...QUOTES]) if (optional[name]) optional[name][i] = optionalValue(row, name)!;
      if (row.volume === 0) defects.add('zero-volume-bar', file, row.line);
      r++;
      continue;
    }
    open[i] = high[i] = low[i] = close[i] = close[i - 1];
    for (const name of QUOTES) if (optional[name]) optional[name][i] = optional[name][i - 1];
    defects.add('zero-volume-bar', file, row.line); // the gap sits just before this row
  }
  return { ...meta, start, open, high, low, close, volume, ...optional, defects: defects.report() };
}
