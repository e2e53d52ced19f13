import type { EnvSpec } from '../spec/schema.js';
import type { Bars } from './bars.js';
import type { BookEvents } from './book-events.js';
import { dataFormats } from './formats.js';
import { loadReplayBars, resolveDataPath } from './replay-source.js';

/**
 * The recorded data a market replays, read from disk: everything `compileEnv` needs besides the
 * spec, so that resolving the market is pure and its params are frozen data (issue 18).
 */
export interface MarketData {
  /** The bar series of a `replay` price model (one per symbol and day), or null for a simulated price. */
  readonly bars: readonly Bars[] | null;
  /** The recorded book of a queue or book replay, or of a generated flow's start books (execution.fills.model 'queue', 'book' or 'qr'), or null. */
  readonly book: BookEvents | null;
}

const NO_DATA: MarketData = Object.freeze({ bars: null, book: null });

/**
 * Reads what `spec` replays (the only I/O of making an env): the bar series of a replay price
 * model and, for a queue or book replay, the book of its one file. Files are read once per process.
 * @throws UserError for an unreadable or malformed file, or a requested symbol with no data
 */
export function loadMarketData(spec: EnvSpec): MarketData {
  if (spec.price.model !== 'replay') return NO_DATA;
  const data = spec.price.data;
  const bars = loadReplayBars(data);
  // The schema lets a queue replay name only a format with a book, and one file.
  const readBook = dataFormats[data.format].readBook;
  const fills = spec.execution?.fills.model;
  const book = (fills === 'queue' || fills === 'book' || fills === 'qr') && readBook ? readBook(resolveDataPath(data.files[0])) : null;
  return Object.freeze({ bars, book });
}
