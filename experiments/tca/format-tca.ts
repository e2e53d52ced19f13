import type { OrderTca, TcaResult } from './analyse-fills.js';

const f2 = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '' : v.toFixed(2));
const pct = (v: number | null) => (v === null ? '' : `${(100 * v).toFixed(2)}%`);
const row = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
const rule = (n: number) => row(Array.from({ length: n }, (_, i) => (i === 0 ? '---' : '---:')));

/** What every number means, under the tables (the conventions of `execgym tca --help`). */
export const TCA_NOTE =
  'All in bps of the benchmark price, side * (benchmark - average price) / benchmark: positive is a cost, for buys and sells alike. IS: against the arrival price (the mid at arrival where the bars have quotes, else the close of the last bar ending at or before arrival); delay + impact/timing + spread = IS, where quotes exist. VWAP and TWAP: over the bars from the one containing the arrival to the one containing the last fill, a bar\'s price its VWAP where the data has one, else its close. Close: the last bar of the file\'s session. PWP: the market VWAP from the arrival\'s bar until the market has traded quantity / rate. Mark-out +h: each fill against the price in force h minutes later (the end-of-bar mid, or close, of the last bar ended by then), share-weighted. Overall: means over orders weighted by arrival notional.';

function ordersTable(r: TcaResult): string {
  const header = ['order', 'side', 'quantity', 'fills', 'avg price', 'arrival', 'arrival price', 'IS', 'delay', 'impact/timing', 'spread', 'VWAP', 'TWAP', 'close', `PWP ${100 * r.pwpRate}%`, 'mark-out +1m', '+5m', '+30m', 'participation'];
  const line = (o: OrderTca) => [o.order, o.side, o.quantity, o.fillCount, o.averagePrice.toFixed(4), o.arrivalTime, o.arrivalPrice.toFixed(4), f2(o.implementationShortfallBps), f2(o.decomposition?.delayBps), f2(o.decomposition?.impactTimingBps), f2(o.decomposition?.spreadBps), f2(o.vwapSlippageBps), f2(o.twapSlippageBps), f2(o.closeSlippageBps), f2(o.pwpSlippageBps), f2(o.markoutsBps['+1m']), f2(o.markoutsBps['+5m']), f2(o.markoutsBps['+30m']), pct(o.participationRate)];
  const o = r.overall;
  const total = ['**overall**', '', '', o.fillCount, '', '', '', f2(o.implementationShortfallBps), '', '', '', f2(o.vwapSlippageBps), f2(o.twapSlippageBps), f2(o.closeSlippageBps), f2(o.pwpSlippageBps), f2(o.markoutsBps['+1m']), f2(o.markoutsBps['+5m']), f2(o.markoutsBps['+30m']), pct(o.participationRate)];
  return [row(header), rule(header.length), ...r.orders.map((x) => row(line(x))), row(total)].join('\n');
}

/** An order's schedule against the market volume, bar by bar over its interval. */
export function scheduleTable(o: OrderTca): string {
  const lines = o.schedule.map((b) => row([b.start, b.marketVolume, b.orderShares, b.marketVolume > 0 ? pct(b.orderShares / b.marketVolume) : '', b.barPrice.toFixed(4)]));
  return [row(['bar', 'market volume', 'order shares', 'participation', 'bar price']), rule(5), ...lines].join('\n');
}

/** summary.md of `execgym tca`. */
export function formatTcaMarkdown(r: TcaResult): string {
  const parts = [`# TCA: ${r.symbol} ${r.date}, ${r.orders.length} order(s), ${r.overall.fillCount} fills`, `Bars of ${r.barSeconds} s, ${r.quotes ? 'with quotes (arrival and mark-outs on the mid)' : 'without quotes (arrival and mark-outs on bar closes; no IS decomposition)'}.`, ordersTable(r), TCA_NOTE];
  if (r.flagged.length > 0) {
    parts.push('## Flagged fills (priced outside their bar\'s [low, high]; kept)', [row(['order', 'line', 'time', 'price', 'low', 'high', 'outside (bps)']), rule(7), ...r.flagged.map((f) => row([f.order, f.line, f.time, f.price, f.low, f.high, f2(f.outsideBps)]))].join('\n'));
  }
  for (const o of r.orders) parts.push(`## Schedule of ${o.order} (${o.side} ${o.quantity}, ${o.intervalStart}-${o.intervalEnd}) against the market volume`, scheduleTable(o));
  return `${parts.join('\n\n')}\n`;
}
