import type { TcaDir } from '../io/tca-dir.js';
import { TCA_NOTE } from '../tca/format-tca.js';
import type { PendingSection } from './benchmark-section.js';
import { tcaScheduleChart } from './charts/tca-schedule.chart.js';

const f2 = (v: number | null | undefined) => (v === null || v === undefined ? '' : v.toFixed(2));

/** The report's TCA section: the orders' numbers and each order's schedule against the market volume. */
export function tcaSection(t: TcaDir, slug: string): PendingSection {
  const r = t.summary;
  const o = r.overall;
  const rows = [...r.orders.map((x) => [x.order, x.side, String(x.quantity), String(x.fillCount), f2(x.implementationShortfallBps), f2(x.vwapSlippageBps), f2(x.twapSlippageBps), f2(x.closeSlippageBps), f2(x.pwpSlippageBps), f2(x.markoutsBps['+1m']), f2(x.markoutsBps['+5m']), f2(x.markoutsBps['+30m']), x.participationRate === null ? '' : `${(100 * x.participationRate).toFixed(2)}%`]), ['overall', '', '', String(o.fillCount), f2(o.implementationShortfallBps), f2(o.vwapSlippageBps), f2(o.twapSlippageBps), f2(o.closeSlippageBps), f2(o.pwpSlippageBps), f2(o.markoutsBps['+1m']), f2(o.markoutsBps['+5m']), f2(o.markoutsBps['+30m']), o.participationRate === null ? '' : `${(100 * o.participationRate).toFixed(2)}%`]];
  return {
    title: `TCA: ${r.symbol} ${r.date}, ${r.orders.length} order(s)`,
    notes: [TCA_NOTE, ...(r.flagged.length > 0 ? [`${r.flagged.length} fill(s) priced outside their bar's [low, high] were kept and flagged (see summary.md).`] : [])],
    charts: r.orders.map((x, i) => ({ name: `${slug}-tca-schedule-${i + 1}`, caption: `${x.order}: ${x.side} ${x.quantity} from ${x.intervalStart} to ${x.intervalEnd}, shares per bar against the market volume`, spec: tcaScheduleChart(`${x.order}: schedule against the market volume`, x.schedule) })),
    tables: [{ caption: `Slippage in bps of each benchmark (positive a cost); PWP at ${100 * r.pwpRate}%`, header: ['order', 'side', 'quantity', 'fills', 'IS', 'VWAP', 'TWAP', 'close', 'PWP', 'mark-out +1m', '+5m', '+30m', 'participation'], rows }],
  };
}
