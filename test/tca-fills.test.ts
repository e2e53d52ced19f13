import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from './helpers/cli-in-process.js';

/**
 * A 1-minute market 10:00-10:05 without quotes. Bar prices are the closes (no notional):
 *   bar  start  open high low close volume
 *   0    10:00  100  101  99  100   1000
 *   1    10:01  100  102  100 101   2000
 *   2    10:02  101  103  101 102   1000
 *   3    10:03  102  103  101 102   4000
 *   4    10:04  102  104  102 104   2000
 */
const BARS = ['timestamp,open,high,low,close,volume', '2024-03-01 10:00,100,101,99,100,1000', '2024-03-01 10:01,100,102,100,101,2000', '2024-03-01 10:02,101,103,101,102,1000', '2024-03-01 10:03,102,103,101,102,4000', '2024-03-01 10:04,102,104,102,104,2000'];

/** The same market with quotes (bid/ask around the close, the end-of-bar mid close + 0.1 but 103.9 last) and a notional (bar VWAPs 100.5, 101, 101.5, 102, 103). */
const QUOTED = [
  'timestamp,open,high,low,close,volume,bid,ask,mid_close,notional',
  '2024-03-01 10:00,100,101,99,100,1000,99.9,100.1,100.1,100500',
  '2024-03-01 10:01,100,102,100,101,2000,100.9,101.1,101.1,202000',
  '2024-03-01 10:02,101,103,101,102,1000,101.9,102.1,102.1,101500',
  '2024-03-01 10:03,102,103,101,102,4000,101.9,102.1,102.1,408000',
  '2024-03-01 10:04,102,104,102,104,2000,103.9,104.1,103.9,206000',
];

function files(fills: string[], bars = BARS): { fills: string; bars: string; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tca-'));
  writeFileSync(join(dir, 'fills.csv'), `${fills.join('\n')}\n`);
  writeFileSync(join(dir, 'bars.csv'), `${bars.join('\n')}\n`);
  return { fills: join(dir, 'fills.csv'), bars: join(dir, 'bars.csv'), out: join(dir, 'out') };
}

async function tca(fills: string[], bars = BARS, extra: string[] = []) {
  const f = files(fills, bars);
  const run = await runMain(['tca', '--fills', f.fills, '--market', f.bars, '--out', f.out, ...extra]);
  const summary = existsSync(join(f.out, 'summary.json')) ? JSON.parse(readFileSync(join(f.out, 'summary.json'), 'utf8')) : null;
  return { ...run, summary, out: f.out };
}

const TWO_ORDERS = ['order_id,time,side,quantity,price,arrival_time', 'B1,10:01:30,buy,100,101.5,10:01:00', 'B1,2024-03-01 10:02:30,buy,300,102.5,10:01:00', 'S1,10:03:10,SELL,500,101.8,'];

describe('execgym tca', () => {
  it('scores a buy and a sell order against hand-computed benchmarks on bars without quotes', async () => {
    const { code, summary, stderr } = await tca(TWO_ORDERS);
    expect(stderr).not.toMatch(/Error/);
    expect(code).toBe(0);
    const [b1, s1] = summary.orders;
    // B1 buys 100 @ 101.5 and 300 @ 102.5: average 40900 / 400 = 102.25. Arrival 10:01:00 (its
    // arrival_time column); the last bar ended by then is bar 0, close 100 (no quotes).
    expect(b1).toMatchObject({ order: 'B1', side: 'buy', quantity: 400, fillCount: 2, arrivalTime: '10:01:00', arrivalTimeSource: 'arrival_time column', arrivalPrice: 100, intervalStart: '10:01:00', intervalEnd: '10:03:00' });
    expect(b1.averagePrice).toBeCloseTo(102.25, 12);
    // IS of a buy: -1e4 (100 - 102.25) / 100 = 225 bps; no quotes, no decomposition.
    expect(b1.implementationShortfallBps).toBeCloseTo(225, 9);
    expect(b1.decomposition).toBeNull();
    // Interval: bars 1..2 (arrival's bar to the last fill's). VWAP (101*2000 + 102*1000) / 3000 = 101.3333..:
    // 1e4 (102.25 - 101.3333) / 101.3333 = 90.4605 bps.
    expect(b1.vwapSlippageBps).toBeCloseTo((1e4 * (102.25 - 304000 / 3000)) / (304000 / 3000), 9);
    expect(b1.vwapSlippageBps).toBeCloseTo(90.4605, 3);
    // TWAP (101 + 102) / 2 = 101.5: 1e4 * 0.75 / 101.5 = 73.8916 bps.
    expect(b1.twapSlippageBps).toBeCloseTo(73.8916, 3);
    // Close: the session's last bar, 104: a buy below it, -1e4 * 1.75 / 104 = -168.2692 (a gain).
    expect(b1.closeSlippageBps).toBeCloseTo(-168.2692, 3);
    // PWP 10%: 4000 shares from bar 1: 2000 @ 101, 1000 @ 102, 1000 of bar 3 @ 102 -> 101.5, as TWAP.
    expect(b1.benchmarks.pwp).toBeCloseTo(101.5, 12);
    expect(b1.pwpSlippageBps).toBeCloseTo(73.8916, 3);
    // +1m: 10:02:30 -> bar 1's close 101, 10:03:30 -> bar 2's close 102:
    // (100 * 1e4 * 0.5 / 101 + 300 * 1e4 * 0.5 / 102) / 400 = 49.1413; +5m and +30m end after the session.
    expect(b1.markoutsBps['+1m']).toBeCloseTo((100 * (5000 / 101) + 300 * (5000 / 102)) / 400, 9);
    expect(b1.markoutsBps['+5m']).toBeNull();
    expect(b1.participationRate).toBeCloseTo(400 / 3000, 12);
    expect(b1.schedule.map((b: { orderShares: number }) => b.orderShares)).toEqual([100, 300]);

    // S1 sells 500 @ 101.8 at 10:03:10, arriving at its first fill: the last bar ended is bar 2, close 102.
    // IS of a sell: 1e4 (102 - 101.8) / 102 = 19.6078; interval = bar 3 alone (VWAP = TWAP = 102).
    expect(s1).toMatchObject({ order: 'S1', side: 'sell', arrivalTimeSource: 'first fill', arrivalPrice: 102 });
    expect(s1.implementationShortfallBps).toBeCloseTo(19.6078, 3);
    expect(s1.vwapSlippageBps).toBeCloseTo(19.6078, 3);
    expect(s1.twapSlippageBps).toBeCloseTo(19.6078, 3);
    // Close 104: 1e4 * 2.2 / 104 = 211.5385. PWP: 5000 shares from bar 3: 4000 @ 102 + 1000 @ 104 = 102.4: 1e4 * 0.6 / 102.4 = 58.59375.
    expect(s1.closeSlippageBps).toBeCloseTo(211.5385, 3);
    expect(s1.pwpSlippageBps).toBeCloseTo(58.59375, 9);
    // +1m: 10:04:10 -> bar 3's close 102: 1e4 * 0.2 / 102.
    expect(s1.markoutsBps['+1m']).toBeCloseTo(19.6078, 3);
    expect(s1.participationRate).toBeCloseTo(500 / 4000, 12);

    // Overall: weighted by arrival notional, 400 * 100 = 40000 and 500 * 102 = 51000.
    expect(summary.overall.fillCount).toBe(3);
    expect(summary.overall.implementationShortfallBps).toBeCloseTo((40000 * 225 + 51000 * (2e3 / 102)) / 91000, 9);
    expect(summary.flagged).toEqual([]);
  });

  it('takes the mid at arrival where quotes exist and splits the IS into delay, impact/timing and spread', async () => {
    const fills = ['time,side,quantity,price', '10:01:40,buy,200,101.3', '10:02:20,buy,200,102.3'];
    const { code, summary } = await tca(fills, QUOTED, ['--arrival-time', '10:01:20']);
    expect(code).toBe(0);
    const [o] = summary.orders;
    // One order (no order_id). Arrival 10:01:20 (--arrival-time): bar 0's end-of-bar mid, 100.1.
    // Average (101.3 + 102.3) / 2 = 101.8; IS = 1e4 * 1.7 / 100.1 = 169.8302.
    expect(o).toMatchObject({ order: 'order', arrivalTimeSource: '--arrival-time', arrivalPrice: 100.1, arrivalPriceSource: 'end-of-bar mid' });
    expect(o.implementationShortfallBps).toBeCloseTo((1e4 * 1.7) / 100.1, 9);
    // Mid at the first fill (10:01:40): still bar 0's 100.1 -> delay 0. Mids at the fills: 100.1 and
    // bar 1's 101.1, mean 100.6 -> impact/timing 1e4 * 0.5 / 100.1 = 49.9500; spread 1e4 * 1.2 / 100.1 = 119.8801.
    expect(o.decomposition.delayBps).toBeCloseTo(0, 12);
    expect(o.decomposition.impactTimingBps).toBeCloseTo((1e4 * 0.5) / 100.1, 9);
    expect(o.decomposition.spreadBps).toBeCloseTo((1e4 * 1.2) / 100.1, 9);
    expect(o.decomposition.delayBps + o.decomposition.impactTimingBps + o.decomposition.spreadBps).toBeCloseTo(o.implementationShortfallBps, 9);
    // Bar prices are the bars' VWAPs (notional / volume): bars 1..2, (202000 + 101500) / 3000 = 101.1667.
    expect(o.benchmarks.vwap).toBeCloseTo(303500 / 3000, 12);
    expect(o.twapSlippageBps).toBeCloseTo((1e4 * (101.8 - 101.25)) / 101.25, 9);
    // Mark-outs on the mid: 10:02:40 -> bar 1's 101.1, 10:03:20 -> bar 2's 102.1.
    expect(o.markoutsBps['+1m']).toBeCloseTo(((1e4 * 0.2) / 101.1 + (1e4 * 0.2) / 102.1) / 2, 9);
  });

  it('flags a fill priced a little outside its bar and refuses one far outside it', async () => {
    const flagged = await tca(['time,side,quantity,price', '10:01:30,sell,100,102.5']);
    expect(flagged.code).toBe(0);
    // Bar 1's range is [100, 102]: 102.5 is 1e4 * 0.5 / 102 = 49.02 bps above it.
    expect(flagged.summary.flagged).toHaveLength(1);
    expect(flagged.summary.flagged[0].outsideBps).toBeCloseTo(5000 / 102, 9);
    expect(readFileSync(join(flagged.out, 'summary.md'), 'utf8')).toContain('Flagged fills');
    const refused = await tca(['time,side,quantity,price', '10:01:30,sell,100,150']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/fills\.csv line 2 column 4 \(price\): 150 is \d+ bps outside its bar's range \[100, 102\]/);
    expect(existsSync(join(refused.out, 'summary.json'))).toBe(false);
  });

  it('refuses a fill outside the market file\'s session, on another day, or an arrival after the first fill', async () => {
    const late = await tca(['time,side,quantity,price', '10:01:30,sell,100,101', '10:05:30,sell,100,101']);
    expect(late.code).not.toBe(0);
    expect(late.stderr).toMatch(/fills\.csv line 3 column 1 \(time\): fill at 2024-03-01 10:05:30 is outside the market file's session 2024-03-01 10:00:00-10:05:00/);
    const otherDay = await tca(['time,side,quantity,price', '2024-03-02 10:01:30,sell,100,101']);
    expect(otherDay.stderr).toMatch(/line 2 column 1 \(time\)/);
    const arrival = await tca(['time,side,quantity,price', '10:01:30,sell,100,101'], BARS, ['--arrival-time', '10:02']);
    expect(arrival.stderr).toMatch(/arrives at 10:02:00, after its first fill at 10:01:30/);
    const mixed = await tca(['time,side,quantity,price', '10:01:30,sell,100,101', '10:02:30,buy,100,102']);
    expect(mixed.stderr).toMatch(/line 3 column 2 \(side\): order "order" has both buys and sells/);
  });

  it('names file, line and column of a bad row', async () => {
    const cases: [string[], RegExp][] = [
      [['time,side,quantity,price', '10:01:30,hold,100,101'], /fills\.csv line 2 column 2 \(side\): expected buy or sell, got "hold"/],
      [['time,side,quantity,price', '10:01:30,buy,-5,101'], /fills\.csv line 2 column 3 \(quantity\): must be > 0, got -5/],
      [['time,side,quantity,price', '10:01:30,buy,5,abc'], /fills\.csv line 2 column 4 \(price\): expected a number, got "abc"/],
      [['time,side,quantity,price', '25:01,buy,5,101'], /fills\.csv line 2 column 1 \(time\)/],
      [['time,side,quantity,price', '10:01:30,buy,5'], /fills\.csv line 2: malformed row: 3 fields, the header has 4/],
      [['time,side,quantity', '10:01:30,buy,5'], /fills\.csv line 1: missing column price/],
      [['time,side,quantity,price,liquidity', '10:01:30,buy,5,101,agent'], /line 2 column 5 \(liquidity\): expected maker or taker/],
    ];
    for (const [fills, message] of cases) {
      const run = await tca(fills);
      expect(run.code).not.toBe(0);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(message);
    }
    const flag = await tca(['time,side,quantity,price', '10:01:30,buy,5,101'], BARS, ['--pwp-rate', '2']);
    expect(flag.stderr).toMatch(/--pwp-rate/);
  });

  it('states its conventions in --help', async () => {
    const { stdout } = await runMain(['tca', '--help']);
    for (const phrase of ['arrival_time column, else its first fill', 'mid at arrival where the bars have quotes', 'containing the arrival to the one containing the last fill', 'its VWAP (notional / volume) where the data has one, else its close', "last bar of the file's session", 'until the market has traded quantity / rate', 'positive is a cost, for buys and sells alike']) {
      expect(stdout.replace(/\s+/g, ' ')).toContain(phrase);
    }
  });
});
