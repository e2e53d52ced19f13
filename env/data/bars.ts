import type { Defect } from './defects.js';

/**
 * One symbol's trading day as a regular grid of bars, the form every reader produces (Xetra PDS,
 * a generic bars CSV, LOBSTER aggregated). Arrays are parallel, one entry per bar, bar i covering
 * `[start[i], start[i] + barSeconds)`. A bar in which nothing traded has volume 0, trade count 0
 * and its prices carried from the last print (counted as `zero-volume-bar` in `defects`).
 */
export interface Bars {
  readonly symbol: string;
  /** The instrument's ISIN, when the source gives it. */
  readonly isin: string | undefined;
  /** The trading day, YYYY-MM-DD. */
  readonly date: string;
  /** The clock of `start`: an IANA zone (`UTC` for Xetra PDS, `America/New_York` for LOBSTER). */
  readonly timeZone: string;
  /** Price currency (`EUR`, `USD`), when the source says. */
  readonly currency: string | undefined;
  readonly barSeconds: number;
  /** Bar start, seconds after midnight in `timeZone`. */
  readonly start: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  /** Shares traded in the bar. */
  readonly volume: Float64Array;
  /** Number of trades (LOBSTER: execution messages) in the bar, when known. */
  readonly trades: Float64Array | undefined;
  /** Time-weighted best bid over the bar (LOBSTER) or the file's bid column. */
  readonly bid: Float64Array | undefined;
  readonly ask: Float64Array | undefined;
  /** Time-weighted mid-quote over the bar. */
  readonly mid: Float64Array | undefined;
  /** The mid-quote in force at the bar's end (a point in time, not an average). */
  readonly midClose: Float64Array | undefined;
  /** Buyer-initiated minus seller-initiated shares executed in the bar (LOBSTER). */
  readonly signedVolume: Float64Array | undefined;
  /** Sum of price x shares over the bar's trades, so market VWAP over any span is exact. */
  readonly notional: Float64Array | undefined;
  /** 1 where a recorded trading halt is in force at some instant of the bar (LOBSTER type 7), else 0; absent when the format records none. */
  readonly halted?: Uint8Array;
  readonly source: BarsSource;
  readonly defects: readonly Defect[];
}

/** Where a series came from, for the market card's `source` and `sample`. */
export interface BarsSource {
  /** The data format's name in env/data/formats.ts. */
  readonly format: string;
  readonly files: readonly string[];
  /** Data rows of the files that went into this series (events for LOBSTER). */
  readonly rowsRead: number;
  /** True when the file does not name its symbol and the series took the one the reader was given. */
  readonly symbolGiven?: boolean;
}

/** The price the replay path follows: the end-of-bar mid where quotes exist, else the close. */
export function referencePrice(bars: Bars): Float64Array {
  return bars.midClose ?? bars.close;
}

/** Market VWAP of bars [from, to): exact from `notional` where known, else close-weighted. */
export function marketVwap(bars: Bars, from = 0, to = bars.start.length): number {
  let value = 0;
  let volume = 0;
  for (let i = from; i < to; i++) {
    value += bars.notional ? bars.notional[i] : bars.close[i] * bars.volume[i];
    volume += bars.volume[i];
  }
  return volume > 0 ? value / volume : Number.NaN;
}
