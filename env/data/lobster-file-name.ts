import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';

const NAME = /^([A-Za-z0-9.^-]+)_(\d{4}-\d{2}-\d{2})_(\d+)_(\d+)_(message|orderbook)_(\d+)\.csv(\.gz)?$/;

/** What LOBSTER's standard file name says: `TICKER_DATE_start_end_{message,orderbook}_LEVEL.csv`. */
export interface LobsterFileName {
  readonly symbol: string;
  readonly date: string;
  /** Window start and end, ms after midnight. */
  readonly startMs: number;
  readonly endMs: number;
  readonly levels: number;
  /** The message and orderbook files of the pair, in the folder of the file named (both gzipped, `.csv.gz`, or neither). */
  readonly message: string;
  readonly orderbook: string;
}

/**
 * Parses a LOBSTER message or orderbook file name and names its partner file.
 * @throws UserError when the name does not follow LOBSTER's convention
 */
export function parseLobsterFileName(path: string): LobsterFileName {
  const m = NAME.exec(basename(path));
  if (!m) {
    throw new UserError(`data: ${path}: a LOBSTER file must be named TICKER_YYYY-MM-DD_startMs_endMs_{message,orderbook}_LEVEL.csv (or .csv.gz)`);
  }
  const [, symbol, date, start, end, , level, gz = ''] = m;
  const stem = join(dirname(path), `${symbol}_${date}_${start}_${end}`);
  const levels = Number(level);
  if (levels < 1 || Number(end) <= Number(start)) {
    throw new UserError(`data: ${path}: LOBSTER file name needs LEVEL >= 1 and endMs > startMs`);
  }
  return {
    symbol,
    date,
    startMs: Number(start),
    endMs: Number(end),
    levels,
    message: `${stem}_message_${level}.csv${gz}`,
    orderbook: `${stem}_orderbook_${level}.csv${gz}`,
  };
}
