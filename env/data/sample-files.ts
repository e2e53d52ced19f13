import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The folder of the market data shipped with execgym (`env/data/samples/`), found from source
 * (tests) and from the built `dist/env/data/` alike, so a fresh clone needs nothing outside it.
 */
export function samplesDir(): string {
  const besideSource = fileURLToPath(new URL('./samples/', import.meta.url));
  if (existsSync(besideSource)) return besideSource;
  return fileURLToPath(new URL('../../../env/data/samples/', import.meta.url));
}

/** The days of Xetra PDS 1-minute bars shipped, of the same 10 DAX stocks. */
export type XetraSampleDay = '2018-03-21' | '2017-07-28';

/** A shipped Xetra PDS file: 1-minute bars of 10 DAX stocks on `day` (default 2018-03-21, the first shipped). */
export function xetraSampleFile(day: XetraSampleDay = '2018-03-21'): string {
  return `${samplesDir()}xetra-pds-${day}/xetra_${day}_top10_dax_1min.csv`;
}

/** The shipped LOBSTER 10-second bars of `symbol` (AAPL, AMZN or GOOG) on 2012-06-21. */
export function lobsterBarsSampleFile(symbol: 'AAPL' | 'AMZN' | 'GOOG'): string {
  return `${samplesDir()}lobster-2012-06-21/${symbol}_2012-06-21_10s_bars.csv`;
}

/** The shipped raw LOBSTER level-5 slice of AMZN, 10:00–10:05 ET (message file; the book is its pair). */
export function lobsterLevel5SampleFile(): string {
  return `${samplesDir()}lobster-2012-06-21/AMZN_2012-06-21_36000000_36300000_message_5.csv`;
}

/** The shipped raw LOBSTER level-5 extract of AMZN, 10:00–13:00 ET, gzipped (message file; the book is its pair). */
export function lobsterLevel5LongSampleFile(): string {
  return `${samplesDir()}lobster-2012-06-21/AMZN_2012-06-21_36000000_46800000_message_5.csv.gz`;
}

/** The shipped raw LOBSTER level-5 day of AMZN, 09:30–16:00 ET, gzipped (message file; the book is its pair). */
export function lobsterLevel5DaySampleFile(): string {
  return `${samplesDir()}lobster-2012-06-21/AMZN_2012-06-21_34200000_57600000_message_5.csv.gz`;
}
