import { barsOnGrid, checkBarRow, type BarColumns, type BarRow } from './bar-grid.js';
import type { Bars } from './bars.js';
import { csvFields } from './csv-fields.js';
import { dataError } from './data-error.js';
import { DefectLog } from './defects.js';
import { parseDate, parseNonNegative, parsePositive, parseTimeOfDay, type FieldAt } from './field-parsers.js';
import { forEachLine } from './line-reader.js';

const COLUMNS = ['ISIN', 'Mnemonic', 'Date', 'Time', 'StartPrice', 'MaxPrice', 'MinPrice', 'EndPrice', 'TradedVolume', 'NumberOfTrades'] as const;
type Column = (typeof COLUMNS)[number];

/** Options of {@link readXetra}. */
export interface XetraOptions {
  /** Keep only these mnemonics (e.g. `['SAP', 'DBK']`); default: every symbol in the file. */
  readonly symbols?: readonly string[];
}

interface Series {
  readonly isin: string;
  readonly date: string;
  readonly currency: string | undefined;
  readonly rows: BarRow[];
  readonly defects: DefectLog;
  rowsRead: number;
}

/**
 * Reads a Deutsche Börse Xetra PDS 1-minute file (the hourly `YYYY-MM-DD_BINS_XETRhh.csv` files,
 * or several concatenated with one header) into one {@link Bars} per mnemonic and day, in order
 * of first appearance. `Time` is the start of the minute in UTC. A minute without trades has no
 * row in PDS; it becomes a zero-volume bar with the last close carried (counted in `defects`).
 * The first bar of the day contains the opening auction, which PDS does not separate.
 * @throws UserError naming file, line and column for a missing column, a malformed row, a
 *   non-positive price, a negative volume, inconsistent OHLC, non-increasing time, or no rows
 */
export function readXetra(file: string, options: XetraOptions = {}): Bars[] {
  const keep = options.symbols ? new Set(options.symbols) : undefined;
  const series = new Map<string, Series>();
  let header: string[] | undefined;
  let index: Record<Column, number> | undefined;
  let currencyIndex = -1;
  let headerLine = 0;
  forEachLine(file, (text, line) => {
    if (text.trim() === '') return;
    const fields = csvFields(text);
    if (!fields) throw dataError(file, line, 0, '', 'unterminated quote');
    if (!header || !index) {
      header = fields;
      index = columnIndex(fields, file, line);
      currencyIndex = fields.indexOf('Currency');
      headerLine = line;
      return;
    }
    if (fields.length !== header.length) {
      throw dataError(file, line, 0, '', `malformed row: ${fields.length} fields, the header has ${header.length}`);
    }
    const symbol = fields[index.Mnemonic];
    if (keep && !keep.has(symbol)) return;
    const at = (name: Column): FieldAt => ({ file, line, index: index![name], name });
    const date = parseDate(fields[index.Date], at('Date'));
    const key = `${symbol} ${date}`;
    let s = series.get(key);
    if (!s) {
      s = { isin: fields[index.ISIN], date, currency: currencyIndex >= 0 ? fields[currencyIndex] : undefined, rows: [], defects: new DefectLog(), rowsRead: 0 };
      series.set(key, s);
    }
    const row: BarRow = {
      line,
      start: parseTimeOfDay(fields[index.Time], at('Time')),
      open: parsePositive(fields[index.StartPrice], at('StartPrice')),
      high: parsePositive(fields[index.MaxPrice], at('MaxPrice')),
      low: parsePositive(fields[index.MinPrice], at('MinPrice')),
      close: parsePositive(fields[index.EndPrice], at('EndPrice')),
      volume: parseNonNegative(fields[index.TradedVolume], at('TradedVolume')),
      trades: parseNonNegative(fields[index.NumberOfTrades], at('NumberOfTrades')),
    };
    checkBarRow(row, s.rows[s.rows.length - 1], barColumns(file, index));
    s.rows.push(row);
    s.rowsRead++;
  });
  if (!index) throw dataError(file, 1, 0, '', 'empty file: expected a Xetra PDS header row');
  if (series.size === 0 && !keep) throw dataError(file, headerLine, 0, '', 'a header and no rows: the file has no bars');
  if (keep) for (const symbol of keep) if (![...series.keys()].some((k) => k.startsWith(`${symbol} `))) throw dataError(file, 1, 0, '', `no rows for symbol ${JSON.stringify(symbol)}`);
  const columns = barColumns(file, index);
  return [...series].map(([key, s]) =>
    barsOnGrid(
      s.rows,
      {
        symbol: key.split(' ')[0],
        isin: s.isin,
        date: s.date,
        timeZone: 'UTC',
        currency: s.currency,
        barSeconds: 60,
        source: { format: 'xetra', files: [file], rowsRead: s.rowsRead },
      },
      s.defects,
      columns,
    ),
  );
}

function columnIndex(header: readonly string[], file: string, line: number): Record<Column, number> {
  const index = {} as Record<Column, number>;
  for (const name of COLUMNS) {
    const i = header.indexOf(name);
    if (i < 0) throw dataError(file, line, 0, '', `missing column ${name}; a Xetra PDS header has ${COLUMNS.join(', ')}`);
    index[name] = i;
  }
  return index;
}

function barColumns(file: string, index: Record<Column, number>): BarColumns {
  return { file, time: index.Time, timeName: 'Time', high: index.MaxPrice, highName: 'MaxPrice', low: index.MinPrice, lowName: 'MinPrice' };
}
