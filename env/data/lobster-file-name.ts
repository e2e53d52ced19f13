import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors/errors.js';

/**
 * Deepest book a file name may ask for. LOBSTER's own samples stop at 50 levels; 200 (a row of 800
 * fields) leaves room for any request while keeping a misnamed file from sizing columns in the
 * gigabytes before a row is read.
 */
export const MAX_LOBSTER_LEVELS = 200;
/** A LOBSTER window lies within one day: times are seconds after midnight. */
const DAY_MS = 86_400_000;

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
  if (!(levels >= 1 && levels <= MAX_LOBSTER_LEVELS)) {
    throw new UserError(`data: ${path}: LOBSTER file name's LEVEL must be 1..${MAX_LOBSTER_LEVELS}, got ${level}`);
  }
  if (!(Number(end) > Number(start) && Number(end) <= DAY_MS)) {
    throw new UserError(`data: ${path}: LOBSTER file name's window must satisfy startMs < endMs <= ${DAY_MS} (ms after midnight), got ${start}..${end}`);
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

/**
 * The LOBSTER day in a folder: the message file of the one pair of `symbol` (or of the only ticker,
 * when `symbol` is undefined) among the folder's files, whatever else the folder holds. A path that
 * is not a folder is returned as is, for {@link parseLobsterFileName} to judge.
 * @throws UserError naming the folder when it holds no such day, or several (naming them)
 */
export function lobsterDayIn(path: string, symbol: string | undefined): string {
  if (!isFolder(path)) return path;
  const names = readdirSync(path).map((file) => NAME.exec(file)).filter((m) => m !== null);
  const symbols = [...new Set(names.map((m) => m[1]))].sort();
  if (symbol === undefined && symbols.length > 1) throw new UserError(`--symbol: the folder ${path} holds LOBSTER files of ${symbols.length} tickers (${symbols.join(', ')}); name one`);
  const stems = [...new Set(names.filter((m) => symbol === undefined || m[1] === symbol).map((m) => `${m[1]}_${m[2]}_${m[3]}_${m[4]}_message_${m[6]}.csv${m[7] ?? ''}`))].sort();
  if (stems.length === 0) {
    const holds = symbols.length > 0 ? `LOBSTER files of ${symbols.join(', ')}` : 'no LOBSTER file (TICKER_YYYY-MM-DD_startMs_endMs_{message,orderbook}_LEVEL.csv)';
    throw new UserError(`data: the folder ${path} holds ${holds}${symbol === undefined ? '' : `, none of ${JSON.stringify(symbol)}`}`);
  }
  if (stems.length > 1) throw new UserError(`data: the folder ${path} holds ${stems.length} LOBSTER days of ${symbol ?? symbols[0]} (${stems.join(', ')}); name the message file of one`);
  return join(path, stems[0]);
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
