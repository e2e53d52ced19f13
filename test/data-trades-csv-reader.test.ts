import { afterAll, describe, expect, it } from 'vitest';
import { marketVwap, referencePrice } from '../env/data/bars.js';
import { dataFormatNames, dataFormats } from '../env/data/formats.js';
import { readTradesCsv } from '../env/data/trades-csv-reader.js';
import { ExecutionEnv } from '../env/core/execution-env.js';
import { makeRng } from '../env/random/rng.js';
import { envSpecSchema } from '../env/spec/schema.js';
import { dataDir, userErrorOf } from './helpers/data-files.js';

const files = dataDir('trades');
afterAll(files.cleanup);

describe('trades CSV reader (a new data format: one reader file and one line in env/data/formats.ts)', () => {
  it('aggregates prints into bars: OHLC, volume, trade count, exact notional, last quote, end mid and quote-rule signed volume; empty bars are filled', () => {
    const path = files.write('xyz.csv', [
      'timestamp,price,size,bid,ask',
      '2024-01-02 09:30:01.250,10.02,100,10.00,10.02',
      '2024-01-02 09:30:04,10.00,300,10.00,10.02',
      '2024-01-02 09:30:09.999,10.01,50,10.00,10.02',
      '2024-01-02 09:30:31,10.05,200,10.03,10.05',
    ]);
    const [bars] = readTradesCsv(path, { barSeconds: 10, timeZone: 'America/New_York' });
    expect(bars.symbol).toBe('xyz');
    expect(bars.timeZone).toBe('America/New_York');
    expect(Array.from(bars.start)).toEqual([34200, 34210, 34220, 34230]);
    expect([bars.open[0], bars.high[0], bars.low[0], bars.close[0]]).toEqual([10.02, 10.02, 10.0, 10.01]);
    expect(Array.from(bars.volume)).toEqual([450, 0, 0, 200]);
    expect(Array.from(bars.trades!)).toEqual([3, 0, 0, 1]);
    // Above the mid 10.01: bought; below: sold; at it: unsigned.
    expect(Array.from(bars.signedVolume!)).toEqual([100 - 300, 0, 0, 200]);
    expect(bars.notional![0]).toBeCloseTo(10.02 * 100 + 10.0 * 300 + 10.01 * 50, 10);
    expect(marketVwap(bars, 0, 1)).toBeCloseTo((10.02 * 100 + 10.0 * 300 + 10.01 * 50) / 450, 12);
    expect(Array.from(referencePrice(bars))).toEqual([10.01, 10.01, 10.01, 10.04]);
    expect(bars.source).toEqual({ format: 'trades', files: [path], rowsRead: 4 });
  });

  it('splits symbols and days, and without quotes has no quote columns (the close is the reference price)', () => {
    const path = files.write('multi.csv', ['symbol,timestamp,size,price', 'A,2024-01-02T10:00:00Z,10,5', 'B,2024-01-02T10:00:01Z,20,7', 'A,2024-01-03T10:00:00Z,30,6']);
    const bars = readTradesCsv(path, { barSeconds: 60 });
    expect(bars.map((b) => `${b.symbol} ${b.date} ${b.volume[0]}`)).toEqual(['A 2024-01-02 10', 'B 2024-01-02 20', 'A 2024-01-03 30']);
    expect(bars[0].bid).toBeUndefined();
    expect(referencePrice(bars[0])).toBe(bars[0].close);
  });

  it('rejects a missing column, a non-positive size, a crossed quote and prints out of time order, in one line naming the file, line and column', () => {
    expect(userErrorOf(() => readTradesCsv(files.write('a.csv', ['timestamp,price', '2024-01-02 10:00:00,5']), { barSeconds: 10 }))).toMatch(/a\.csv line 1: missing column size; a trades CSV needs timestamp, price, size/);
    expect(userErrorOf(() => readTradesCsv(files.write('b.csv', ['timestamp,price,size', '2024-01-02 10:00:00,5,0']), { barSeconds: 10 }))).toMatch(/b\.csv line 2 column 3 \(size\)/);
    expect(userErrorOf(() => readTradesCsv(files.write('c.csv', ['timestamp,price,size,bid,ask', '2024-01-02 10:00:00,5,1,5.1,5.0']), { barSeconds: 10 }))).toMatch(/c\.csv line 2 column 4 \(bid\): crossed quote/);
    expect(userErrorOf(() => readTradesCsv(files.write('d.csv', ['timestamp,price,size', '2024-01-02 10:00:05,5,1', '2024-01-02 10:00:01,5,1']), { barSeconds: 10 }))).toMatch(/d\.csv line 3 column 1 \(timestamp\): time is before the previous trade/);
  });

  it('is registered once: the spec schema and the calibrate flag accept every format of the table, and a replay market plays a trades file', () => {
    expect(dataFormatNames).toEqual(Object.keys(dataFormats));
    expect(dataFormatNames).toContain('trades');
    // An hour of seeded prints, one every 2 s, quoted one cent wide around a random walk.
    const rng = makeRng(7);
    const lines = ['timestamp,price,size,bid,ask'];
    let mid = 50;
    for (let t = 0; t < 3600; t += 2) {
      mid += 0.01 * Math.round(rng.normal());
      const s = 36000 + t;
      const hh = String(Math.floor(s / 3600)).padStart(2, '0');
      const mm = String(Math.floor(s / 60) % 60).padStart(2, '0');
      const ss = String(s % 60).padStart(2, '0');
      const buy = rng.uniform() < 0.5;
      lines.push(`2024-01-02 ${hh}:${mm}:${ss},${(mid + (buy ? 0.005 : -0.005)).toFixed(3)},${100 + Math.floor(rng.uniform() * 400)},${(mid - 0.005).toFixed(3)},${(mid + 0.005).toFixed(3)}`);
    }
    const path = files.write('hour.csv', lines);
    const spec = envSpecSchema.parse({
      id: 'trades-replay-test',
      horizon: { T: 60 / 3600, N: 6 },
      order: { side: 'sell', shares: 1000 },
      price: { model: 'replay', S0: 50, sigma: 1, data: { format: 'trades', files: [path], barSeconds: 10 } },
      impact: { model: 'linear', epsilon: 0.005, eta: 1e-6, gamma: 0 },
      riskAversion: 0,
    });
    const env = new ExecutionEnv(spec);
    expect(env.params.replay!.windows.length).toBe(59);
    env.reset({ seed: 0 });
    let shares = 0;
    let last;
    do {
      last = env.step(1);
      shares += last.info.fill.shares;
    } while (!last.terminated);
    expect(shares).toBeCloseTo(1000, 9);
  });
});
