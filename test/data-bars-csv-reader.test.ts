import { afterAll, describe, expect, it } from 'vitest';
import { readBarsCsv } from '../env/data/bars-csv-reader.js';
import { barsToCsv } from '../env/data/bars-to-csv.js';
import { marketVwap, referencePrice } from '../env/data/bars.js';
import { defectCount } from '../env/data/defects.js';
import { lobsterBars } from '../env/data/lobster-bars.js';
import { readLobsterDay } from '../env/data/lobster-reader.js';
import { lobsterBarsSampleFile, lobsterLevel5SampleFile } from '../env/data/sample-files.js';
import { dataDir, userErrorOf } from './helpers/data-files.js';

const files = dataDir('bars');
afterAll(files.cleanup);

describe('bars CSV reader', () => {
  it('reads several symbols and days, any column order, and fills a missing bar', () => {
    const path = files.write('mixed.csv', [
      'Volume,Symbol,Timestamp,Open,High,Low,Close',
      '100,XYZ,2024-01-02 09:30,10,10.5,9.5,10.2',
      '50,ABC,2024-01-02T09:30:00Z,20,20,20,20',
      '70,XYZ,2024-01-02 09:35,10.2,10.3,10.1,10.1',
      '80,XYZ,2024-01-02 09:40,10.1,10.1,10.0,10.0',
      '90,XYZ,2024-01-03 09:30:00,11,11,11,11',
      '10,ABC,2024-01-02T09:31:00Z,20,21,20,21',
    ]);
    const bars = readBarsCsv(path, { timeZone: 'America/New_York' });
    expect(bars.map((b) => `${b.symbol} ${b.date} ${b.barSeconds}`)).toEqual(['XYZ 2024-01-02 60', 'ABC 2024-01-02 60', 'XYZ 2024-01-03 60']);
    expect(bars[0].timeZone).toBe('America/New_York');
    expect(Array.from(bars[0].volume)).toEqual([100, 0, 0, 0, 0, 70, 0, 0, 0, 0, 80]);
    expect(bars[0].bid).toBeUndefined();
    expect(referencePrice(bars[0])).toBe(bars[0].close);
    expect(defectCount(bars[0].defects, 'zero-volume-bar')).toBe(8);
    expect([bars[0].close[4], bars[0].open[4]]).toEqual([10.2, 10.2]);
    expect(marketVwap(bars[0])).toBeCloseTo((100 * 10.2 + 70 * 10.1 + 80 * 10) / 250, 12);
    expect(userErrorOf(() => readBarsCsv(path, { barSeconds: 300 }))).toMatch(/mixed.csv line 7 column 3 \(timestamp\): bar start is off the 300 s grid of the series \(first bar at line 3\)$/);
    const single = files.write('single.csv', ['timestamp,open,high,low,close,volume', '2024-01-02 09:30,1,1,1,1,1']);
    expect(userErrorOf(() => readBarsCsv(single))).toMatch(/single.csv line 2 column 1 \(timestamp\): no series has two bars .*: pass barSeconds$/);
  });

  it('round-trips every column of LOBSTER-derived bars bit for bit', () => {
    const bars = lobsterBars(readLobsterDay(lobsterLevel5SampleFile()), 10);
    const back = readBarsCsv(files.write('AMZN.csv', [barsToCsv(bars).trimEnd()]), { timeZone: 'America/New_York' })[0];
    for (const key of ['start', 'open', 'high', 'low', 'close', 'volume', 'trades', 'bid', 'ask', 'mid', 'midClose', 'signedVolume', 'notional'] as const) {
      expect(Array.from(back[key]!), key).toEqual(Array.from(bars[key]!));
    }
    expect(back.symbol).toBe('AMZN');
  });

  it('reads the shipped LOBSTER 10-second bars with the day totals of the LOBSTER provenance', () => {
    const totals = { AAPL: [2_850_140, 34_990], AMZN: [810_755, 11_419], GOOG: [706_125, 11_678] } as const;
    for (const symbol of ['AAPL', 'AMZN', 'GOOG'] as const) {
      const [bars] = readBarsCsv(lobsterBarsSampleFile(symbol), { symbol, timeZone: 'America/New_York' });
      expect(bars.start.length).toBe(2340);
      expect([bars.start[0], bars.barSeconds]).toEqual([34200, 10]);
      expect([bars.volume.reduce((a, b) => a + b, 0), bars.trades!.reduce((a, b) => a + b, 0)]).toEqual(totals[symbol]);
      for (let i = 0; i < 2340; i++) expect(bars.bid![i]).toBeLessThanOrEqual(bars.ask![i]);
      expect(referencePrice(bars)).toBe(bars.midClose);
      expect(marketVwap(bars)).toBeCloseTo(bars.notional!.reduce((a, b) => a + b, 0) / totals[symbol][0], 9);
    }
  });
});

describe('bars CSV reader on malformed files', () => {
  const header = 'timestamp,open,high,low,close,volume,bid,ask';
  const bad = (...rows: string[]) => userErrorOf(() => readBarsCsv(files.write('bad.csv', [header, ...rows]), { barSeconds: 60 }));
  const ok = '2024-01-02 09:30,10,10.5,9.5,10.2,100,10.1,10.2';

  it('rejects a crossed quote, naming the bid column', () => {
    expect(bad(ok, '2024-01-02 09:31,10,10.5,9.5,10.2,100,10.3,10.2')).toMatch(/bad.csv line 3 column 7 \(bid\): crossed quote: bid 10.3 > ask 10.2$/);
  });

  it('rejects a negative volume, a non-positive price, a bad timestamp, a short row and inconsistent OHLC', () => {
    expect(bad('2024-01-02 09:30,10,10.5,9.5,10.2,-1,10.1,10.2')).toMatch(/line 2 column 6 \(volume\): must be >= 0, got -1$/);
    expect(bad('2024-01-02 09:30,0,10.5,9.5,10.2,1,10.1,10.2')).toMatch(/line 2 column 2 \(open\): must be > 0, got 0$/);
    expect(bad('2024-01-02 9h30,10,10.5,9.5,10.2,1,10.1,10.2')).toMatch(/line 2 column 1 \(timestamp\): expected YYYY-MM-DD HH:MM/);
    expect(bad('2024-01-02 09:30,10,10.5,9.5,10.2,1,10.1')).toMatch(/line 2: malformed row: 7 fields, the header has 8$/);
    expect(bad('2024-01-02 09:30,10,10.5,10.4,10.2,1,10.1,10.2')).toMatch(/line 2 column 4 \(low\): low 10.4 is above open 10 or close 10.2$/);
  });

  it('rejects non-increasing time and a bar off the grid', () => {
    expect(bad(ok, ok)).toMatch(/line 3 column 1 \(timestamp\): time is not after the previous bar of the series \(line 2\)/);
    expect(bad(ok, '2024-01-02 09:31:30,10,10.5,9.5,10.2,100,10.1,10.2')).toMatch(/line 3 column 1 \(timestamp\): bar start is off the 60 s grid/);
  });

  it('rejects a header without a required column or with bid but no ask', () => {
    expect(userErrorOf(() => readBarsCsv(files.write('h.csv', ['timestamp,open,high,low,close', ok])))).toMatch(/h.csv line 1: missing column volume/);
    expect(userErrorOf(() => readBarsCsv(files.write('h2.csv', ['timestamp,open,high,low,close,volume,bid', ok.slice(0, -5)])))).toMatch(/bid and ask columns come together/);
  });
});
