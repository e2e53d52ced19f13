import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readBarsCsv } from '../env/data/bars-csv-reader.js';
import { defectCount } from '../env/data/defects.js';
import { lobsterBars } from '../env/data/lobster-bars.js';
import { isExecution } from '../env/data/lobster-day.js';
import { readLobsterDay } from '../env/data/lobster-reader.js';
import { lobsterBarsSampleFile, lobsterLevel5LongSampleFile, lobsterLevel5SampleFile } from '../env/data/sample-files.js';
import { dataDir, userErrorOf } from './helpers/data-files.js';

const files = dataDir('lobster');
afterAll(files.cleanup);

const EMPTY = '9999999999';

/** A hand-built level-2 day over 09:30:00–09:30:20 whose bars are known by hand. */
const TINY = {
  messages: [
    '34200.0,1,1,100,1000000,1', // bid 100.00 only: one-sided
    '34202.0,1,2,50,1001000,-1', // ask 100.10: book valid from here
    '34205.0,4,2,20,1001000,-1', // buyer-initiated execution of 20 at 100.10
    '34212.0,1,3,10,1002000,1', // bid 100.20 > ask 100.10: crossed for 1 s
    '34213.0,3,3,10,1002000,1',
    '34214.0,1,4,5,1000500,1', // bid 100.05
    '34215.0,5,0,10,1000000,1', // seller-initiated hidden execution of 10 at 100.00
    '34216.0,6,0,100,1000500,1', // a cross (auction) print: counted, not in bar volume
    '34217.0,7,0,0,-1,-1', // a halt message
  ],
  book: [
    `${EMPTY},0,1000000,100,${EMPTY},0,-${EMPTY},0`,
    `1001000,50,1000000,100,${EMPTY},0,-${EMPTY},0`,
    `1001000,30,1000000,100,${EMPTY},0,-${EMPTY},0`,
    `1001000,30,1002000,10,${EMPTY},0,1000000,100`,
    `1001000,30,1000000,100,${EMPTY},0,-${EMPTY},0`,
    `1001000,30,1000500,5,${EMPTY},0,1000000,100`,
    `1001000,30,1000500,5,${EMPTY},0,1000000,100`,
    `1001000,30,1000500,5,${EMPTY},0,1000000,100`,
    `1001000,30,1000500,5,${EMPTY},0,1000000,100`,
  ],
};

function writeDay(messages: readonly string[], book: readonly string[], stem = 'TINY_2012-06-21_34200000_34220000'): string {
  files.write(`${stem}_orderbook_2.csv`, book);
  return files.write(`${stem}_message_2.csv`, messages);
}

describe('LOBSTER reader on a hand-built day', () => {
  const day = readLobsterDay(writeDay(TINY.messages, TINY.book));

  it('keeps every event and the whole book, empty levels as NaN with size 0', () => {
    expect(day.count).toBe(9);
    expect([day.symbol, day.date, day.startMs, day.endMs, day.levels]).toEqual(['TINY', '2012-06-21', 34200000, 34220000, 2]);
    expect(Array.from(day.type)).toEqual([1, 1, 4, 1, 3, 1, 5, 6, 7]);
    expect(Array.from(day.direction)).toEqual([1, -1, -1, 1, 1, 1, 1, 1, -1]);
    expect(Array.from(day.askPriceE4.slice(0, 4))).toEqual([Number.NaN, Number.NaN, 1001000, Number.NaN]);
    expect(Array.from(day.bidPriceE4.slice(6, 8))).toEqual([1002000, 1000000]);
    expect(day.bidSize[1]).toBe(0);
  });

  it('counts the one-sided book, the crossed book, the cross print and the halt where they first occur', () => {
    const byKind = Object.fromEntries(day.defects.map((d) => [d.kind, [d.count, d.firstLine]]));
    expect(byKind).toEqual({ 'one-sided-quote': [1, 1], 'crossed-quote': [1, 4], 'auction-print': [1, 8], 'trading-halt': [1, 9] });
  });

  it('aggregates to bars with executions, signed volume and time-weighted quotes computed by hand', () => {
    const bars = lobsterBars(day, 10);
    expect(Array.from(bars.start)).toEqual([34200, 34210]);
    expect(Array.from(bars.volume)).toEqual([20, 10]);
    expect(Array.from(bars.signedVolume!)).toEqual([20, -10]);
    expect(Array.from(bars.trades!)).toEqual([1, 1]);
    expect(Array.from(bars.notional!)).toEqual([2002, 1000]);
    expect([bars.open[0], bars.close[0], bars.open[1], bars.close[1]]).toEqual([100.1, 100.1, 100, 100]);
    // bar 0: valid book 34202–34210 only (the first 2 s are one-sided); bar 1: 2 s + 1 s at bid
    // 100.00 and 6 s at 100.05; the crossed second 34212–34213 is left out.
    expect([bars.bid![0], bars.ask![0]]).toEqual([100, 100.1]);
    expect(bars.bid![1]).toBeCloseTo((100 * 3 + 100.05 * 6) / 9, 12);
    expect(bars.ask![1]).toBeCloseTo(100.1, 12);
    expect(bars.midClose![0]).toBeCloseTo(100.05, 12);
    expect(bars.midClose![1]).toBeCloseTo(100.075, 12);
  });

  it('carries the last trade price into a bar without executions and counts it', () => {
    const bars = lobsterBars(day, 5);
    expect(Array.from(bars.volume)).toEqual([0, 20, 0, 10]);
    expect(bars.close[2]).toBe(100.1);
    expect(bars.open[0]).toBeCloseTo(bars.mid![0], 12); // before the first trade: the bar's own mid
    expect(defectCount(bars.defects, 'zero-volume-bar')).toBe(2);
  });
});

describe('LOBSTER reader on malformed files', () => {
  const bad = (messages: string[], book: string[] = TINY.book) => userErrorOf(() => readLobsterDay(writeDay(messages, book)));
  const m = TINY.messages;

  it('names file, line and column of a malformed message', () => {
    expect(bad([m[0], '34202.0,1,2,50,1001000'])).toMatch(/TINY_2012-06-21_34200000_34220000_message_2.csv line 2: malformed row: 5 fields/);
    expect(bad([m[0], '34202.0,9,2,50,1001000,-1'])).toMatch(/line 2 column 2 \(type\): must be an event type 1-7, got 9$/);
    expect(bad([m[0], '34202.0,1,2,-50,1001000,-1'])).toMatch(/line 2 column 4 \(size\): must be >= 0, got -50$/);
    expect(bad([m[0], '34202.0,1,2,50,1001000,0'])).toMatch(/line 2 column 6 \(direction\): must be 1 \(buy\) or -1 \(sell\), got 0$/);
    expect(bad([m[0], '34202.0,1,2,50,10010.5,1'])).toMatch(/line 2 column 5 \(price\): must be an integer/);
    expect(bad([m[0], 'x,1,2,50,1001000,1'])).toMatch(/line 2 column 1 \(time\): expected a number, got "x"$/);
  });

  it('rejects time running backwards', () => {
    expect(bad([m[0], '34199.5,1,2,50,1001000,-1'])).toMatch(/line 2 column 1 \(time\): time 34199.5 is before the previous event's 34200$/);
  });

  it('rejects an orderbook row of the wrong width, a negative book size and files of different lengths', () => {
    expect(bad(m, [TINY.book[0], '1001000,50,1000000'])).toMatch(/orderbook_2.csv line 2: malformed row: 3 fields, a level-2 LOBSTER book has 8$/);
    expect(bad(m, [TINY.book[0], `1001000,-50,1000000,100,${EMPTY},0,-${EMPTY},0`])).toMatch(/orderbook_2.csv line 2 column 2 \(ask_size_1\): must be >= 0/);
    expect(bad(m, TINY.book.slice(0, 5))).toMatch(/orderbook_2.csv line 6: the orderbook file ends at line 5/);
    expect(bad(m.slice(0, 3))).toMatch(/orderbook_2.csv line 4: the orderbook file has more rows than/);
  });

  it('rejects a file not named by LOBSTER convention, a missing partner file and a bar length that does not divide the window', () => {
    expect(userErrorOf(() => readLobsterDay(files.write('tiny.csv', m)))).toMatch(/must be named TICKER_YYYY-MM-DD_startMs_endMs/);
    const lonely = files.write('LONE_2012-06-21_34200000_34220000_message_2.csv', m);
    expect(userErrorOf(() => readLobsterDay(lonely))).toMatch(/LONE_2012-06-21_34200000_34220000_message_2.csv: its orderbook file .*LONE_2012-06-21_34200000_34220000_orderbook_2.csv is missing/);
    const day = readLobsterDay(writeDay(m, TINY.book));
    expect(userErrorOf(() => lobsterBars(day, 7))).toBe('barSeconds: must divide the LOBSTER window of 20 s, got 7');
  });
});

describe('LOBSTER reader on the shipped AMZN level-5 slice (10:00–10:05)', () => {
  const day = readLobsterDay(lobsterLevel5SampleFile());
  const lines = readFileSync(day.files.message, 'utf8').trim().split('\n').map((l) => l.split(',').map(Number));
  const bookLines = readFileSync(day.files.orderbook, 'utf8').trim().split('\n').map((l) => l.split(',').map(Number));

  it('holds every message and book field exactly as written', () => {
    expect(day.count).toBe(lines.length);
    expect(day.levels).toBe(5);
    lines.forEach(([time, type, id, size, price, direction], i) => {
      expect([day.time[i], day.type[i], day.orderId[i], day.size[i], day.priceE4[i], day.direction[i]]).toEqual([time, type, id, size, price, direction]);
    });
    bookLines.forEach((row, i) => {
      for (let k = 0; k < 5; k++) {
        const j = i * 5 + k;
        expect([day.askPriceE4[j], day.askSize[j], day.bidPriceE4[j], day.bidSize[j]]).toEqual(row.slice(4 * k, 4 * k + 4).map((v) => (Math.abs(v) === 9999999999 ? Number.NaN : v)));
      }
    });
  });

  it('agrees with the shipped level-1 10-second bars on every execution of the window', () => {
    const fromLevel5 = lobsterBars(day, 10);
    const level1 = readBarsCsv(lobsterBarsSampleFile('AMZN'))[0];
    const offset = (36000 - 34200) / 10;
    expect(fromLevel5.start.length).toBe(30);
    for (const key of ['volume', 'trades', 'signedVolume', 'notional'] as const) {
      expect(Array.from(fromLevel5[key]!)).toEqual(Array.from(level1[key]!.slice(offset, offset + 30)));
    }
    const executed = lines.filter(([, type]) => isExecution(type)).reduce((sum, [, , , size]) => sum + size, 0);
    expect(fromLevel5.volume.reduce((a, b) => a + b, 0)).toBe(executed);
    // Best quotes agree too (level 5 splits the same states into more events); bar 0 differs
    // because the slice has no book before its first event.
    for (let b = 1; b < 30; b++) expect(fromLevel5.mid![b]).toBeCloseTo(level1.mid![offset + b], 9);
  });
});

describe('LOBSTER reader on the gzipped AMZN level-5 extract (10:00–13:00)', () => {
  it('reads a .csv.gz pair as the same events and book as its unpacked lines: the 5-minute slice is its start', () => {
    const long = readLobsterDay(lobsterLevel5LongSampleFile());
    const short = readLobsterDay(lobsterLevel5SampleFile());
    expect([long.startMs, long.endMs, long.levels]).toEqual([36000000, 46800000, 5]);
    expect(long.count).toBe(75323);
    expect(long.time[long.count - 1]).toBeLessThan(46800);
    const n = short.count;
    for (const key of ['time', 'type', 'orderId', 'size', 'priceE4', 'direction'] as const) expect(long[key].subarray(0, n)).toEqual(short[key]);
    for (const key of ['askPriceE4', 'askSize', 'bidPriceE4', 'bidSize'] as const) expect(long[key].subarray(0, 5 * n)).toEqual(short[key]);
  });

  it('names a corrupt .gz file in a one-line error', () => {
    const bad = files.write('BAD_2012-06-21_34200000_34220000_message_2.csv.gz', ['not gzip']);
    writeFileSync(bad.replace('message', 'orderbook'), gzipSync('x\n'));
    expect(userErrorOf(() => readLobsterDay(bad))).toMatch(/cannot unpack .*BAD_2012-06-21_34200000_34220000_message_2.csv.gz: /);
  });
});
