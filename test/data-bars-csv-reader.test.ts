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

describe('bars CSV timestamps (issue 26)', () => {
  const rows = (header: string, ...times: string[]) => [header, ...times.map((t) => `${t},10,10,10,10,100`)];
  const starts = (path: string, timeZone?: string) => readBarsCsv(path, { timeZone }).map((b) => `${b.date} ${Array.from(b.start).join(' ')}`);

  it('takes the start from a column named timestamp, datetime, time or date, in any case', () => {
    for (const name of ['timestamp', 'Datetime', 'TIME', 'date']) {
      const path = files.write(`${name}.csv`, rows(`${name},open,high,low,close,volume`, '2024-01-02 09:30', '2024-01-02T09:31:00'));
      expect(starts(path), name).toEqual(['2024-01-02 34200 34260']);
    }
  });

  it('joins a date column and a time column when there is no timestamp column', () => {
    const path = files.write('pair.csv', ['Date,Time,open,high,low,close,volume', '2024-01-02,09:30,10,10,10,10,1', '2024-01-02,09:30:30.0,10,10,10,10,1', '2024-01-02,09:31:00,10,10,10,10,1']);
    expect(readBarsCsv(path, { barSeconds: 30 }).map((b) => Array.from(b.start))).toEqual([[34200, 34230, 34260]]);
    const bad = files.write('pair-bad.csv', ['date,time,open,high,low,close,volume', '2024-01-02,9h30,10,10,10,10,1']);
    expect(userErrorOf(() => readBarsCsv(bad, { barSeconds: 60 }))).toMatch(/pair-bad.csv line 2 column 2 \(time\): expected a time HH:MM\[:SS\], got "9h30"$/);
  });

  it('reads a time without a zone in the file clock and converts one with a zone (Z, +HH:MM, -HHMM) to it', () => {
    const utc = files.write('zoned.csv', rows('timestamp,open,high,low,close,volume', '2024-01-02T14:30:00Z', '2024-01-02T15:31:00+01:00', '2024-01-02T09:32:00-0500'));
    expect(starts(utc)).toEqual(['2024-01-02 52200 52260 52320']);
    expect(starts(utc, 'America/New_York')).toEqual(['2024-01-02 34200 34260 34320']);
    // Across midnight the date moves with the clock: 01:00 in Berlin is 00:00 UTC of the same day, 19:00 New York the day before.
    const late = files.write('late.csv', rows('timestamp,open,high,low,close,volume', '2024-07-01T01:00:00+02:00', '2024-07-01T01:01:00+02:00'));
    expect(starts(late)).toEqual(['2024-06-30 82800 82860']);
    expect(starts(late, 'America/New_York')).toEqual(['2024-06-30 68400 68460']);
  });

  it('refuses epoch numbers and other forms, naming the formats it accepts', () => {
    const epoch = files.write('epoch.csv', rows('timestamp,open,high,low,close,volume', '1704187800', '1704187860'));
    expect(userErrorOf(() => readBarsCsv(epoch))).toMatch(/epoch.csv line 2 column 1 \(timestamp\): expected YYYY-MM-DD HH:MM\[:SS\[\.fff\]\] .* got "1704187800" \(epoch numbers are not accepted: write the date and time\)$/);
    const us = files.write('us.csv', rows('time,open,high,low,close,volume', '01/02/2024 09:30'));
    expect(userErrorOf(() => readBarsCsv(us, { barSeconds: 60 }))).toMatch(/us.csv line 2 column 1 \(time\): expected YYYY-MM-DD/);
  });
});

describe('bars CSV reader refuses what it cannot read, in one line (issue 26)', () => {
  const ok = ['timestamp,open,high,low,close,volume', '2024-01-02 09:30,10,10,10,10,1', '2024-01-02 09:31,10,10,10,10,1'];

  it('refuses an empty file, a header without rows and a folder, naming the file', () => {
    expect(userErrorOf(() => readBarsCsv(files.write('empty.csv', [])))).toMatch(/empty.csv line 1: empty file: expected a header with timestamp, open/);
    expect(userErrorOf(() => readBarsCsv(files.write('header.csv', ok.slice(0, 1))))).toMatch(/header.csv line 1: a header and no bars: the file has no data rows$/);
    expect(userErrorOf(() => readBarsCsv(files.path('')))).toMatch(/is a folder, expected a file$/);
  });

  it('refuses a bar length that is 0, NaN, infinite or so small the series would exceed the bar cap', () => {
    const path = files.write('ok.csv', ok);
    for (const barSeconds of [0, -60, Number.NaN, Infinity]) expect(userErrorOf(() => readBarsCsv(path, { barSeconds }))).toBe(`barSeconds: must be a finite number of seconds > 0, got ${barSeconds}`);
    expect(userErrorOf(() => readBarsCsv(path, { barSeconds: 1e-6 }))).toMatch(/^barSeconds: 0.000001 s makes 6\.00e\+7 bars of .* at most 1000000 bars a series are allowed: use longer bars$/);
  });
});
