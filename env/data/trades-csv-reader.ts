import { basename, extname } from 'node:path';
import { barsOnGrid, type BarColumns, type BarRow } from './bar-grid.js';
import type { Bars } from './bars.js';
import { forEachCsvRecord } from './csv-records.js';
import type { DataFormat } from './data-format.js';
import { dataError } from './data-error.js';
import { DefectLog } from './defects.js';
import { parseDate, parsePositive, parseTimeOfDay, type FieldAt } from './field-parsers.js';

const REQUIRED = ['timestamp', 'price', 'size'] as const;
const OPTIONAL = ['symbol', 'bid', 'ask'] as const;
type Column = (typeof REQUIRED)[number] | (typeof OPTIONAL)[number];
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)Z?$/;

/** One bar being built from the trades that fall in it. */
interface OpenBar {
  line: number;
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  trades: number;
  notional: number;
  signedVolume: number;
  bid: number;
  ask: number;
}

/**
 * Reads a trades CSV, one row per trade print (e.g. TAQ or a vendor's tick file), and aggregates it
 * into bars of `barSeconds`. A header names the columns (any order, case-insensitive):
 * `timestamp` (`YYYY-MM-DD HH:MM:SS[.fff]`, `T` also accepted, a trailing `Z` allowed; in the
 * `timeZone` clock), `price` and `size` (shares), optionally `symbol` (default: the file name) and
 * `bid` with `ask`, the quote prevailing at the trade. Each bar gets OHLC, volume, the trade count
 * and the exact notional (so market VWAP is exact); with quotes also its last quote, the mid at
 * its end (the replay's reference price) and the signed volume by the quote rule (Lee and Ready
 * 1991: a trade above the mid is buyer-initiated, below it seller-initiated, at it unsigned).
 * @throws UserError naming file, line and column for a missing column, a malformed row, a
 *   non-positive price or size, a crossed quote or a time earlier than the row before
 */
export function readTradesCsv(file: string, options: { readonly barSeconds: number; readonly timeZone?: string; readonly symbol?: string }): Bars[] {
  const series = new Map<string, { symbol: string; date: string; rows: BarRow[]; open: OpenBar | undefined; lastTime: number; count: number }>();
  const index = forEachCsvRecord(file, { required: REQUIRED, optional: OPTIONAL, what: 'a trades CSV', checkHeader: quotesTogether }, (fields, line, index) => {
    const at = (name: Column): FieldAt => ({ file, line, index: index[name]!, name });
    const field = (name: Column) => fields[index[name]!];
    const m = TIMESTAMP.exec(field('timestamp').trim());
    if (!m) throw dataError(file, line, index.timestamp! + 1, 'timestamp', `expected YYYY-MM-DD HH:MM:SS[.fff] (local to the file's clock), got ${JSON.stringify(field('timestamp'))}`);
    const date = parseDate(m[1], at('timestamp'));
    const seconds = parseTimeOfDay(m[2], at('timestamp'));
    const price = parsePositive(field('price'), at('price'));
    const size = parsePositive(field('size'), at('size'));
    const bid = index.bid !== undefined ? parsePositive(field('bid'), at('bid')) : Number.NaN;
    const ask = index.ask !== undefined ? parsePositive(field('ask'), at('ask')) : Number.NaN;
    if (bid > ask) throw dataError(file, line, index.bid! + 1, 'bid', `crossed quote: bid ${bid} > ask ${ask}`);
    const symbol = index.symbol !== undefined ? field('symbol') : (options.symbol ?? basename(file, extname(file)));
    const key = `${symbol}\u0000${date}`;
    let s = series.get(key);
    if (!s) series.set(key, (s = { symbol, date, rows: [], open: undefined, lastTime: -Infinity, count: 0 }));
    if (seconds < s.lastTime) throw dataError(file, line, index.timestamp! + 1, 'timestamp', `time is before the previous trade of ${symbol} on ${date}: trades must be in time order`);
    s.lastTime = seconds;
    s.count++;
    const start = Math.floor(seconds / options.barSeconds) * options.barSeconds;
    if (s.open && s.open.start !== start) s.rows.push(closeBar(s.open, index.bid !== undefined));
    if (!s.open || s.open.start !== start) s.open = { line, start, open: price, high: price, low: price, close: price, volume: 0, trades: 0, notional: 0, signedVolume: 0, bid, ask };
    addTrade(s.open, price, size, bid, ask);
  });
  if (!index) throw dataError(file, 1, 0, '', `empty file: expected a header with ${REQUIRED.join(', ')}`);
  const columns: BarColumns = { file, time: index.timestamp!, timeName: 'timestamp', high: index.price!, highName: 'price', low: index.price!, lowName: 'price' };
  const quoted = index.bid !== undefined;
  return [...series.values()].map((s) => {
    s.rows.push(closeBar(s.open!, quoted));
    const meta = { symbol: s.symbol, isin: undefined, date: s.date, timeZone: options.timeZone ?? 'UTC', currency: undefined, barSeconds: options.barSeconds, source: { format: 'trades', files: [file], rowsRead: s.count } };
    return barsOnGrid(s.rows, meta, new DefectLog(), columns);
  });
}

function addTrade(bar: OpenBar, price: number, size: number, bid: number, ask: number): void {
  bar.high = Math.max(bar.high, price);
  bar.low = Math.min(bar.low, price);
  bar.close = price;
  bar.volume += size;
  bar.trades += 1;
  bar.notional += price * size;
  const mid = 0.5 * (bid + ask);
  bar.signedVolume += price > mid ? size : price < mid ? -size : 0;
  bar.bid = bid;
  bar.ask = ask;
}

function closeBar(bar: OpenBar, quoted: boolean): BarRow {
  const { line, start, open, high, low, close, volume, trades, notional } = bar;
  const quotes = quoted ? { bid: bar.bid, ask: bar.ask, midClose: 0.5 * (bar.bid + bar.ask), signedVolume: bar.signedVolume } : {};
  return { line, start, open, high, low, close, volume, trades, notional, ...quotes };
}

/** A quoted trades file has both sides of the quote. */
function quotesTogether(index: Partial<Record<Column, number>>, file: string): void {
  if ((index.bid === undefined) !== (index.ask === undefined)) throw dataError(file, 1, 0, '', 'bid and ask columns come together: found only one');
}

/** The `trades` data format: trade prints (with the prevailing quote) aggregated to bars. */
export const tradesFormat = {
  name: 'trades' as const,
  description: 'a trades CSV (timestamp, price, size; optional symbol, bid, ask), one row per print, aggregated to bars of barSeconds',
  readBars: (file, o) => readTradesCsv(file, o),
} satisfies DataFormat;
