import { readBarsCsv } from './bars-csv-reader.js';
import type { DataFormat } from './data-format.js';
import { lobsterBars } from './lobster-bars.js';
import { loadLobsterDay } from './lobster-cache.js';
import { lobsterDayIn, parseLobsterFileName } from './lobster-file-name.js';
import { lobsterBookEvents } from './lobster-day.js';
import { tradesFormat } from './trades-csv-reader.js';
import { readXetra } from './xetra-reader.js';

/**
 * Every data format a replay spec (`price.data.format`) or `execgym calibrate --format` reads, one
 * line each: a new format is one reader file that exports a {@link DataFormat} and one line here.
 */
const formats = [
  { name: 'xetra', description: 'Deutsche Börse PDS 1-minute files', readBars: (file) => readXetra(file) },
  { name: 'bars', description: 'a bars CSV', readBars: (file, o) => readBarsCsv(file, { timeZone: o.timeZone, symbol: o.symbol }) },
  {
    name: 'lobster',
    description: 'LOBSTER message files (their orderbook files beside them)',
    // A folder holding the pair (beside other tickers' files: `symbol` picks) reads as its message file.
    readBars: (file, o) => [lobsterBars(loadLobsterDay(lobsterDayIn(file, o.symbol)), o.barSeconds)],
    readBook: (file, o) => lobsterBookEvents(loadLobsterDay(lobsterDayIn(file, o?.symbol))),
    companionFiles: (file) => [{ role: 'orderbook', path: parseLobsterFileName(file).orderbook }],
  },
  tradesFormat,
] as const satisfies readonly DataFormat[];

/** The name of a registered data format. */
export type DataFormatName = (typeof formats)[number]['name'];

/** The registry: each format by name. Callers look a format up here; nobody switches on its name. */
export const dataFormats: Readonly<Record<DataFormatName, DataFormat>> = Object.freeze(Object.fromEntries(formats.map((f) => [f.name, f])) as Record<DataFormatName, DataFormat>);

/** The format names, in table order (for `z.enum` and the CLI's choices). */
export const dataFormatNames = formats.map((f) => f.name) as [DataFormatName, ...DataFormatName[]];

/** The formats that record a book (a queue replay needs one). */
export const bookFormatNames: readonly DataFormatName[] = formats.filter((f) => 'readBook' in f).map((f) => f.name);
