import type { Bars } from '../../env/data/bars.js';

/**
 * The market file's clock and prices as TCA reads them (conventions of issue 23, stated in
 * `execgym tca --help`): bar b covers [start[b], start[b] + barSeconds); a bar's price is its
 * VWAP (notional / volume) where the data has one, else its close; the price in force at time t
 * is the end-of-bar mid (quotes) or close of the last bar ending at or before t, and before the
 * first bar has ended, the first bar's mid or open.
 */
export class MarketClock {
  readonly quotes: boolean;
  readonly sessionStart: number;
  readonly sessionEnd: number;
  /** Each bar's price (VWAP where known, else close). */
  readonly barPrice: Float64Array;

  constructor(readonly bars: Bars) {
    const n = bars.start.length;
    this.quotes = bars.midClose !== undefined;
    this.sessionStart = bars.start[0];
    this.sessionEnd = bars.start[n - 1] + bars.barSeconds;
    this.barPrice = Float64Array.from({ length: n }, (_, b) => (bars.notional && bars.volume[b] > 0 ? bars.notional[b] / bars.volume[b] : bars.close[b]));
  }

  get length(): number {
    return this.bars.start.length;
  }

  /** True when t falls inside the session [first bar's start, last bar's end). */
  contains(seconds: number): boolean {
    return seconds >= this.sessionStart && seconds < this.sessionEnd;
  }

  /** The bar containing t (t inside the session). */
  barAt(seconds: number): number {
    return Math.min(this.length - 1, Math.floor((seconds - this.sessionStart) / this.bars.barSeconds));
  }

  /** The mid (quotes) or price in force at t, and which it is. */
  priceAt(seconds: number): { price: number; source: string } {
    const ended = Math.min(this.length, Math.floor((seconds - this.sessionStart) / this.bars.barSeconds)) - 1;
    const { bars } = this;
    if (ended >= 0) return this.quotes ? { price: bars.midClose![ended], source: 'end-of-bar mid' } : { price: bars.close[ended], source: 'bar close' };
    return this.quotes ? { price: bars.mid![0], source: "first bar's mid" } : { price: bars.open[0], source: "first bar's open" };
  }

  /** The close benchmark: the last bar of the file's session. */
  get close(): number {
    return this.bars.close[this.length - 1];
  }
}

/** Seconds after midnight as HH:MM:SS (fractions kept). */
export function clockText(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const two = (v: number) => String(Math.floor(v)).padStart(2, '0');
  const frac = s % 1 === 0 ? '' : (s % 1).toFixed(3).slice(1);
  return `${two(h)}:${two(m)}:${two(s)}${frac}`;
}
