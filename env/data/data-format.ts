import type { Bars } from './bars.js';
import type { BookEvents } from './book-events.js';

/** What a reader is told besides the file: the spec's `price.data` fields, or the calibrate flags. */
export interface ReadOptions {
  /** The clock of the file's timestamps, for formats that do not say (bars CSV). */
  readonly timeZone?: string;
  /** The symbol of a file that does not name it, or the one to keep. */
  readonly symbol?: string;
  /** Bar length to aggregate event data to (s). */
  readonly barSeconds: number;
}

/**
 * One data format: its name in specs and flags, what it holds, and its reader. Every format yields
 * bars (one {@link Bars} per symbol and day: what a replay market and calibration read); a format
 * that records the book also yields its {@link BookEvents} (what a queue replay, and the limit
 * order book after it, replay). Register a new format with one line in `formats.ts`.
 */
export interface DataFormat {
  readonly name: string;
  /** One line for the spec schema's and the CLI's help. */
  readonly description: string;
  readBars(file: string, options: ReadOptions): Bars[];
  /** The recorded book of one file, for formats that have one. */
  readonly readBook?: (file: string, options?: Pick<ReadOptions, 'symbol'>) => BookEvents;
  /**
   * The files a reader opens beside the one a spec names (LOBSTER's orderbook file beside its
   * message file), each with its role, so that whoever guards file access (a queue worker) checks
   * them too without knowing the format.
   */
  readonly companionFiles?: (file: string) => { readonly role: string; readonly path: string }[];
}
