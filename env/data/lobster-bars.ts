import type { Bars } from './bars.js';
import { UserError } from '../errors/errors.js';
import { checkBarCount, checkBarSeconds } from './bar-grid.js';
import { DefectLog } from './defects.js';
import { isExecution, LOBSTER_PRICE_SCALE, LobsterEvent, type LobsterDay } from './lobster-day.js';

/**
 * Aggregates a LOBSTER day into bars of `barSeconds` over the file's window (09:30–16:00 for the
 * samples). Per bar: OHLC, volume, notional and trade count of the executions (types 4 and 5; a
 * cross trade, type 6, is excluded and counted), signed volume (buyer- minus seller-initiated:
 * an executed sell limit order, direction -1, is a buy trade), time-weighted best bid, ask and mid
 * over the book states in force during the bar, and the last valid mid of the bar (the one in force
 * at its end, unless the book is crossed or one-sided at that instant).
 *
 * Only valid books enter the quotes: a crossed book or one with an empty side (counted when the
 * day was read) is skipped. A bar with no valid book in force carries the last valid quote (or,
 * before the first, takes the first; counted as `carried-quote`). A bar with no execution carries
 * the last trade price (before the first trade, its own mid), counted as `zero-volume-bar`.
 * @throws UserError when `barSeconds` is not a finite number > 0, does not divide the window, or
 *   makes more than `MAX_BARS_PER_SERIES` bars
 */
export function lobsterBars(day: LobsterDay, barSeconds: number): Bars {
  checkBarSeconds(barSeconds, 'barSeconds');
  const windowSeconds = (day.endMs - day.startMs) / 1000;
  const n = Math.round(windowSeconds / barSeconds);
  checkBarCount(n, barSeconds, `the LOBSTER window of ${windowSeconds} s in ${day.files.message}`);
  if (Math.abs(n * barSeconds - windowSeconds) > 1e-9) {
    throw new UserError(`barSeconds: must divide the LOBSTER window of ${windowSeconds} s, got ${barSeconds}`);
  }
  const defects = new DefectLog();
  for (const d of day.defects) defects.add(d.kind, d.firstFile, d.firstLine, d.count);
  const col = () => new Float64Array(n);
  const bars = {
    start: col(), open: col(), high: col(), low: col(), close: col(), volume: col(), trades: col(),
    bid: col(), ask: col(), mid: col(), midClose: col(), signedVolume: col(), notional: col(),
  };
  const t0 = day.startMs / 1000;
  for (let b = 0; b < n; b++) bars.start[b] = t0 + b * barSeconds;
  accumulateExecutions(day, t0, barSeconds, bars);
  const quoted = accumulateQuotes(day, t0, barSeconds, bars);
  fillQuotes(bars, quoted, defects, day.files.orderbook);
  fillPrices(bars, defects, day.files.message);
  const halted = haltedBars(day, t0, barSeconds, n);
  return {
    symbol: day.symbol,
    isin: undefined,
    date: day.date,
    timeZone: 'America/New_York',
    currency: 'USD',
    barSeconds,
    ...bars,
    halted,
    source: { format: 'lobster', files: [day.files.message, day.files.orderbook], rowsRead: day.count },
    defects: defects.report(),
  };
}

type BarColumns = Record<'start' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'trades' | 'bid' | 'ask' | 'mid' | 'midClose' | 'signedVolume' | 'notional', Float64Array>;

/** The bar an instant falls in, or -1 outside the window. */
function barOf(time: number, t0: number, barSeconds: number, n: number): number {
  const b = Math.floor((time - t0) / barSeconds);
  return b >= 0 && b < n ? b : -1;
}

function accumulateExecutions(day: LobsterDay, t0: number, barSeconds: number, bars: BarColumns): void {
  const n = bars.start.length;
  bars.open.fill(Number.NaN);
  for (let i = 0; i < day.count; i++) {
    if (!isExecution(day.type[i])) continue;
    const b = barOf(day.time[i], t0, barSeconds, n);
    if (b < 0) continue;
    const price = day.priceE4[i] / LOBSTER_PRICE_SCALE;
    const size = day.size[i];
    if (Number.isNaN(bars.open[b])) [bars.open[b], bars.high[b], bars.low[b]] = [price, price, price];
    bars.high[b] = Math.max(bars.high[b], price);
    bars.low[b] = Math.min(bars.low[b], price);
    bars.close[b] = price;
    bars.volume[b] += size;
    bars.notional[b] += day.priceE4[i] * size; // in 1e-4 $: integer sums stay exact; scaled below
    bars.signedVolume[b] -= day.direction[i] * size;
    bars.trades[b]++;
  }
  for (let b = 0; b < n; b++) bars.notional[b] /= LOBSTER_PRICE_SCALE;
}

/**
 * The bars in which a recorded trading halt is in force at some instant. LOBSTER's type-7 message
 * carries the state in its price field: -1 halt, 0 quoting (quotes resume, trading does not), 1
 * trading resumes; so trading is halted from a -1 until the next 1, and every bar that period
 * touches is halted.
 */
function haltedBars(day: LobsterDay, t0: number, barSeconds: number, n: number): Uint8Array {
  const halted = new Uint8Array(n);
  let since = Number.NaN;
  const mark = (from: number, to: number) => {
    const first = Math.max(0, Math.floor((from - t0) / barSeconds));
    const last = Math.min(n - 1, Math.floor((to - t0) / barSeconds));
    for (let b = first; b <= last; b++) halted[b] = 1;
  };
  for (let i = 0; i < day.count; i++) {
    if (day.type[i] !== LobsterEvent.halt) continue;
    if (day.priceE4[i] === 1) {
      if (!Number.isNaN(since)) mark(since, day.time[i]);
      since = Number.NaN;
    } else if (Number.isNaN(since)) since = day.time[i];
  }
  if (!Number.isNaN(since)) mark(since, t0 + n * barSeconds);
  return halted;
}

/** Time-weighted best quotes per bar; returns the seconds of valid book in force in each bar. */
function accumulateQuotes(day: LobsterDay, t0: number, barSeconds: number, bars: BarColumns): Float64Array {
  const n = bars.start.length;
  const quotedSeconds = new Float64Array(n);
  bars.midClose.fill(Number.NaN);
  const tEnd = t0 + n * barSeconds;
  for (let i = 0; i < day.count; i++) {
    const ask = day.askPriceE4[i * day.levels] / LOBSTER_PRICE_SCALE;
    const bid = day.bidPriceE4[i * day.levels] / LOBSTER_PRICE_SCALE;
    if (!(bid <= ask)) continue; // NaN (empty side) or crossed: counted when read, never averaged
    const mid = (bid + ask) / 2;
    let from = Math.max(day.time[i], t0);
    const until = Math.min(i + 1 < day.count ? day.time[i + 1] : tEnd, tEnd);
    // Walk the bars this book state spans by index, so rounding at bar edges cannot stall.
    for (let b = barOf(from, t0, barSeconds, n); b >= 0 && b < n && from < until; b++) {
      const to = Math.min(until, t0 + (b + 1) * barSeconds);
      if (to > from) {
        bars.bid[b] += bid * (to - from);
        bars.ask[b] += ask * (to - from);
        quotedSeconds[b] += to - from;
        bars.midClose[b] = mid; // states come in time order: the last written is the latest valid
      }
      from = to;
    }
  }
  return quotedSeconds;
}

function fillQuotes(bars: BarColumns, quotedSeconds: Float64Array, defects: DefectLog, file: string): void {
  const n = bars.start.length;
  const firstQuoted = quotedSeconds.findIndex((s) => s > 0);
  if (firstQuoted < 0) throw new UserError(`data: ${file}: no valid (uncrossed, two-sided) book anywhere in the window`);
  for (let b = 0; b < n; b++) {
    if (quotedSeconds[b] > 0) {
      bars.bid[b] /= quotedSeconds[b];
      bars.ask[b] /= quotedSeconds[b];
      bars.mid[b] = (bars.bid[b] + bars.ask[b]) / 2;
      continue;
    }
    const from = b < firstQuoted ? firstQuoted : b - 1; // before the first valid book, take the first
    defects.add('carried-quote', file, 0);
    if (b < firstQuoted) continue;
    [bars.bid[b], bars.ask[b], bars.mid[b], bars.midClose[b]] = [bars.bid[from], bars.ask[from], bars.mid[from], bars.midClose[from]];
  }
  for (let b = 0; b < firstQuoted; b++) {
    [bars.bid[b], bars.ask[b], bars.mid[b], bars.midClose[b]] = [bars.bid[firstQuoted], bars.ask[firstQuoted], bars.mid[firstQuoted], bars.mid[firstQuoted]];
  }
}

function fillPrices(bars: BarColumns, defects: DefectLog, file: string): void {
  let traded = false;
  for (let b = 0; b < bars.start.length; b++) {
    if (bars.trades[b] > 0) {
      traded = true;
      continue;
    }
    const last = traded ? bars.close[b - 1] : bars.mid[b];
    bars.open[b] = bars.high[b] = bars.low[b] = bars.close[b] = last;
    defects.add('zero-volume-bar', file, 0);
  }
}
