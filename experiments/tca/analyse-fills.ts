import type { Bars } from '../../env/data/bars.js';
import { dataError } from '../../env/data/data-error.js';
import { UserError } from '../../env/errors/errors.js';
import { averageFillPrice, markoutCostBps, participationWeightedPrice, slippageBps, timeWeightedPrice, volumeWeightedPrice } from '../../env/episode/execution-benchmarks.js';
import { clockText, MarketClock } from './market-clock.js';
import type { ClockTime, Fill, FillsFile } from './read-fills.js';

/** Mark-out horizons of `execgym tca`, in minutes after each fill. */
export const TCA_MARKOUT_MINUTES = [1, 5, 30] as const;

/** A fill priced outside its bar's [low, high] by more than this (bps of the bound) is refused as bad data. */
export const REFUSE_OUTSIDE_BAR_BPS = 1000;

/** A fill priced outside its bar's [low, high] (by at most {@link REFUSE_OUTSIDE_BAR_BPS}): kept and flagged. */
export interface FlaggedFill {
  readonly order: string;
  readonly line: number;
  readonly time: string;
  readonly price: number;
  readonly low: number;
  readonly high: number;
  /** Distance beyond the nearer bound, bps of that bound. */
  readonly outsideBps: number;
}

/** The IS split where quotes exist: delay + impactTiming + spread = implementationShortfallBps. */
export interface ShortfallDecomposition {
  /** The mid's move from arrival to the first fill: side * (arrival - mid at first fill) / arrival. */
  readonly delayBps: number;
  /** The mid's move over the execution: side * (mid at first fill - share-weighted mid at the fills) / arrival. */
  readonly impactTimingBps: number;
  /** Paid against the mid at each fill: side * (share-weighted mid at the fills - average price) / arrival. */
  readonly spreadBps: number;
}

/** One bar of an order's interval: the schedule against the market volume. */
export interface ScheduleBar {
  readonly start: string;
  readonly marketVolume: number;
  readonly orderShares: number;
  readonly barPrice: number;
}

/** TCA numbers of one order (bps positive a cost; null where a benchmark does not exist). */
export interface OrderTca {
  readonly order: string;
  readonly side: 'buy' | 'sell';
  readonly quantity: number;
  readonly averagePrice: number;
  readonly fillCount: number;
  readonly arrivalTime: string;
  readonly arrivalTimeSource: '--arrival-time' | 'arrival_time column' | 'first fill';
  readonly arrivalPrice: number;
  readonly arrivalPriceSource: string;
  readonly intervalStart: string;
  readonly intervalEnd: string;
  readonly benchmarks: { readonly vwap: number | null; readonly twap: number; readonly close: number; readonly pwp: number | null; readonly pwpComplete: boolean };
  readonly implementationShortfallBps: number;
  readonly decomposition: ShortfallDecomposition | null;
  readonly vwapSlippageBps: number | null;
  readonly twapSlippageBps: number;
  readonly closeSlippageBps: number;
  readonly pwpSlippageBps: number | null;
  readonly markoutsBps: Readonly<Record<string, number | null>>;
  readonly marketVolume: number;
  readonly participationRate: number | null;
  readonly schedule: readonly ScheduleBar[];
}

/** The orders together: each bps number the mean over orders weighted by arrival notional (quantity x arrival price). */
export interface OverallTca {
  readonly orders: number;
  readonly fillCount: number;
  readonly notional: number;
  readonly implementationShortfallBps: number;
  readonly vwapSlippageBps: number | null;
  readonly twapSlippageBps: number;
  readonly closeSlippageBps: number;
  readonly pwpSlippageBps: number | null;
  readonly markoutsBps: Readonly<Record<string, number | null>>;
  readonly participationRate: number | null;
}

export interface TcaResult {
  readonly symbol: string;
  readonly date: string;
  readonly barSeconds: number;
  readonly quotes: boolean;
  readonly pwpRate: number;
  readonly orders: readonly OrderTca[];
  readonly overall: OverallTca;
  readonly flagged: readonly FlaggedFill[];
}

export interface TcaOptions {
  /** `--arrival-time`: every order's arrival. */
  readonly arrival?: ClockTime;
  readonly pwpRate: number;
}

const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

/**
 * Transaction-cost analysis of a user's fills against one symbol-day of bars (conventions in
 * `MarketClock` and the `tca` command's help).
 * @throws UserError naming the fills file's line and column for a fill (or arrival) outside the
 *   session, an order with both sides, an arrival after the order's first fill, or a price more
 *   than {@link REFUSE_OUTSIDE_BAR_BPS} outside its bar's range
 */
export function analyseFills(fills: FillsFile, bars: Bars, options: TcaOptions): TcaResult {
  const market = new MarketClock(bars);
  const flagged: FlaggedFill[] = [];
  const orders = groupOrders(fills).map(([id, group]) => analyseOrder(id, group, fills, market, options, flagged));
  return { symbol: bars.symbol, date: bars.date, barSeconds: bars.barSeconds, quotes: market.quotes, pwpRate: options.pwpRate, orders, overall: overall(orders), flagged };
}

/** Fills by `order_id` in order of first appearance (one order without the column). */
function groupOrders(fills: FillsFile): [string, Fill[]][] {
  const groups = new Map<string, Fill[]>();
  for (const f of fills.fills) {
    const id = f.orderId ?? (fills.columns.order_id === undefined ? 'order' : '');
    if (!groups.has(id)) groups.set(id, []);
    groups.get(id)!.push(f);
  }
  return [...groups.entries()];
}

/** Seconds of a clock time on the market's day. @throws UserError for another day or outside the session */
function sessionSeconds(t: ClockTime, market: MarketClock, where: () => UserError): number {
  if ((t.date !== undefined && t.date !== market.bars.date) || !market.contains(t.seconds)) throw where();
  return t.seconds;
}

function analyseOrder(id: string, unsorted: Fill[], file: FillsFile, market: MarketClock, options: TcaOptions, flagged: FlaggedFill[]): OrderTca {
  const { bars } = market;
  const session = `${bars.date} ${clockText(market.sessionStart)}-${clockText(market.sessionEnd)}`;
  const column = (name: keyof FillsFile['columns']) => file.columns[name] ?? 0;
  const fills = [...unsorted].sort((a, b) => a.time.seconds - b.time.seconds || a.line - b.line);
  const side = fills[0].side;
  for (const f of fills) {
    if (f.side !== side) throw dataError(file.file, f.line, column('side'), 'side', `order ${JSON.stringify(id)} has both buys and sells: one order is one side (add an order_id column to split them)`);
    const t = sessionSeconds(f.time, market, () => dataError(file.file, f.line, column('time'), 'time', `fill at ${f.time.date ?? bars.date} ${clockText(f.time.seconds)} is outside the market file's session ${session}: refused (TCA needs the market around every fill)`));
    checkRange(id, f, t, market, file, flagged);
  }
  const { arrival, arrivalTimeSource } = orderArrival(id, fills, file, market, options, session);
  const first = fills[0].time.seconds;
  const last = fills[fills.length - 1].time.seconds;
  if (arrival > first) throw dataError(file.file, fills[0].line, column('time'), 'time', `order ${JSON.stringify(id)} arrives at ${clockText(arrival)}, after its first fill at ${clockText(first)}`);

  const shares = fills.map((f) => f.quantity);
  const prices = fills.map((f) => f.price);
  const quantity = shares.reduce((a, q) => a + q, 0);
  const average = averageFillPrice(shares, prices);
  const { price: arrivalPrice, source } = market.priceAt(arrival);
  const from = market.barAt(arrival);
  const to = market.barAt(last) + 1;
  const vwap = finiteOrNull(volumeWeightedPrice(market.barPrice, bars.volume, from, to));
  const twap = timeWeightedPrice(market.barPrice, from, to);
  const pwp = participationWeightedPrice(market.barPrice, bars.volume, quantity, options.pwpRate, from);
  let marketVolume = 0;
  for (let b = from; b < to; b++) marketVolume += bars.volume[b];
  const markoutsBps = Object.fromEntries(
    TCA_MARKOUT_MINUTES.map((h) => {
      const later = fills.map((f) => (f.time.seconds + 60 * h < market.sessionEnd ? market.priceAt(f.time.seconds + 60 * h).price : Number.NaN));
      return [`+${h}m`, finiteOrNull(markoutCostBps(side, shares, prices, later))];
    }),
  );
  return {
    order: id,
    side: side === 1 ? 'sell' : 'buy',
    quantity,
    averagePrice: average,
    fillCount: fills.length,
    arrivalTime: clockText(arrival),
    arrivalTimeSource,
    arrivalPrice,
    arrivalPriceSource: source,
    intervalStart: clockText(bars.start[from]),
    intervalEnd: clockText(bars.start[to - 1] + bars.barSeconds),
    benchmarks: { vwap, twap, close: market.close, pwp: finiteOrNull(pwp.price), pwpComplete: pwp.complete },
    implementationShortfallBps: slippageBps(side, average, arrivalPrice),
    decomposition: market.quotes ? decompose(side, arrivalPrice, average, fills, shares, quantity, market) : null,
    vwapSlippageBps: vwap === null ? null : slippageBps(side, average, vwap),
    twapSlippageBps: slippageBps(side, average, twap),
    closeSlippageBps: slippageBps(side, average, market.close),
    pwpSlippageBps: Number.isFinite(pwp.price) ? slippageBps(side, average, pwp.price) : null,
    markoutsBps,
    marketVolume,
    participationRate: marketVolume > 0 ? quantity / marketVolume : null,
    schedule: schedule(fills, market, from, to),
  };
}

/** The order's arrival: --arrival-time, else its arrival_time column (one value per order), else its first fill. */
function orderArrival(id: string, fills: readonly Fill[], file: FillsFile, market: MarketClock, options: TcaOptions, session: string): { arrival: number; arrivalTimeSource: OrderTca['arrivalTimeSource'] } {
  const outside = (what: string) => new UserError(`${what} is outside the market file's session ${session}`);
  if (options.arrival) return { arrival: sessionSeconds(options.arrival, market, () => outside(`--arrival-time ${clockText(options.arrival!.seconds)}`)), arrivalTimeSource: '--arrival-time' };
  const stated = fills.filter((f) => f.arrivalTime !== undefined);
  if (stated.length === 0) return { arrival: fills[0].time.seconds, arrivalTimeSource: 'first fill' };
  const col = file.columns.arrival_time ?? 0;
  for (const f of stated) {
    if (f.arrivalTime!.seconds !== stated[0].arrivalTime!.seconds) throw dataError(file.file, f.line, col, 'arrival_time', `order ${JSON.stringify(id)} has two arrival times (${clockText(stated[0].arrivalTime!.seconds)} on line ${stated[0].line}); an order arrives once`);
  }
  const f = stated[0];
  return { arrival: sessionSeconds(f.arrivalTime!, market, () => dataError(file.file, f.line, col, 'arrival_time', `${clockText(f.arrivalTime!.seconds)} is outside the market file's session ${session}`)), arrivalTimeSource: 'arrival_time column' };
}

/** Flags a fill priced outside its bar's [low, high]; refuses one far outside (wrong symbol, units or day). */
function checkRange(id: string, f: Fill, t: number, market: MarketClock, file: FillsFile, flagged: FlaggedFill[]): void {
  const b = market.barAt(t);
  const low = market.bars.low[b];
  const high = market.bars.high[b];
  const outsideBps = f.price < low ? (1e4 * (low - f.price)) / low : f.price > high ? (1e4 * (f.price - high)) / high : 0;
  if (outsideBps === 0) return;
  if (outsideBps > REFUSE_OUTSIDE_BAR_BPS) {
    throw dataError(file.file, f.line, file.columns.price ?? 0, 'price', `${f.price} is ${outsideBps.toFixed(0)} bps outside its bar's range [${low}, ${high}] at ${clockText(market.bars.start[b])}: refused (more than ${REFUSE_OUTSIDE_BAR_BPS} bps: another symbol, unit or day?)`);
  }
  flagged.push({ order: id, line: f.line, time: clockText(t), price: f.price, low, high, outsideBps });
}

function decompose(side: number, arrival: number, average: number, fills: readonly Fill[], shares: readonly number[], quantity: number, market: MarketClock): ShortfallDecomposition {
  const midFirst = market.priceAt(fills[0].time.seconds).price;
  const midAtFills = fills.reduce((a, f, j) => a + shares[j] * market.priceAt(f.time.seconds).price, 0) / quantity;
  const bps = (a: number, b: number) => (1e4 * side * (a - b)) / arrival;
  return { delayBps: bps(arrival, midFirst), impactTimingBps: bps(midFirst, midAtFills), spreadBps: bps(midAtFills, average) };
}

function schedule(fills: readonly Fill[], market: MarketClock, from: number, to: number): ScheduleBar[] {
  const shares = new Float64Array(to - from);
  for (const f of fills) shares[market.barAt(f.time.seconds) - from] += f.quantity;
  return Array.from({ length: to - from }, (_, j) => ({ start: clockText(market.bars.start[from + j]), marketVolume: market.bars.volume[from + j], orderShares: shares[j], barPrice: market.barPrice[from + j] }));
}

/** Arrival-notional-weighted means over the orders (a number missing for an order leaves it out). */
function overall(orders: readonly OrderTca[]): OverallTca {
  const weight = orders.map((o) => o.quantity * o.arrivalPrice);
  const mean = (pick: (o: OrderTca) => number | null) => {
    let total = 0;
    let w = 0;
    orders.forEach((o, i) => {
      const v = pick(o);
      if (v === null) return;
      total += weight[i] * v;
      w += weight[i];
    });
    return w > 0 ? total / w : null;
  };
  return {
    orders: orders.length,
    fillCount: orders.reduce((a, o) => a + o.fillCount, 0),
    notional: weight.reduce((a, w) => a + w, 0),
    implementationShortfallBps: mean((o) => o.implementationShortfallBps)!,
    vwapSlippageBps: mean((o) => o.vwapSlippageBps),
    twapSlippageBps: mean((o) => o.twapSlippageBps)!,
    closeSlippageBps: mean((o) => o.closeSlippageBps)!,
    pwpSlippageBps: mean((o) => o.pwpSlippageBps),
    markoutsBps: Object.fromEntries(TCA_MARKOUT_MINUTES.map((h) => [`+${h}m`, mean((o) => o.markoutsBps[`+${h}m`])])),
    participationRate: mean((o) => o.participationRate),
  };
}
