import { afterAll, describe, expect, it } from 'vitest';
import { defectCount } from '../env/data/defects.js';
import { xetraSampleFile } from '../env/data/sample-files.js';
import { readXetra } from '../env/data/xetra-reader.js';
import { dataDir, userErrorOf } from './helpers/data-files.js';

const files = dataDir('xetra');
afterAll(files.cleanup);

const HEADER = 'ISIN,Mnemonic,SecurityDesc,SecurityType,Currency,SecurityID,Date,Time,StartPrice,MaxPrice,MinPrice,EndPrice,TradedVolume,NumberOfTrades';
const row = (time: string, o: string, h: string, l: string, c: string, v: string, n = '3', symbol = 'SAP') =>
  `"DE0007164600","${symbol}","SAP SE O.N., ""X""","Common stock","EUR",2504,2018-03-21,${time},${o},${h},${l},${c},${v},${n}`;
const write = files.write;
const errorOf = userErrorOf;

describe('Xetra PDS reader on the shipped 2018-03-21 file', () => {
  const bars = readXetra(xetraSampleFile());

  it('reads the ten DAX stocks with the volumes and closes stated in PROVENANCE.md', () => {
    expect(bars.map((b) => b.symbol)).toEqual(['DBK', 'BAYN', 'SIE', 'ADS', 'ALV', 'EOAN', 'SAP', 'BMW', 'BAS', 'DTE']);
    const dbk = bars[0];
    expect(dbk.isin).toBe('DE0005140008');
    expect(dbk.volume.reduce((a, b) => a + b, 0)).toBe(30_102_585);
    expect([dbk.close[0], dbk.close[dbk.close.length - 1]]).toEqual([12.726, 12.044]);
    expect(bars[9].volume.reduce((a, b) => a + b, 0)).toBe(8_514_294);
    expect(bars.reduce((n, b) => n + b.source.rowsRead, 0)).toBe(5056);
  });

  it('lays each stock on a 1-minute UTC grid from its first to its last print, missing minutes as counted zero-volume bars', () => {
    for (const b of bars) {
      const n = b.start.length;
      expect(b.start[n - 1]).toBe(16 * 3600 + 29 * 60);
      for (let i = 1; i < n; i++) expect(b.start[i] - b.start[i - 1]).toBe(60);
      const empty = b.volume.filter((v) => v === 0).length;
      expect(empty).toBe(n - b.source.rowsRead);
      expect(defectCount(b.defects, 'zero-volume-bar')).toBe(empty);
    }
    const dte = bars[9];
    expect(dte.start.length - dte.source.rowsRead).toBe(20);
    const i = dte.volume.indexOf(0);
    expect([dte.open[i], dte.high[i], dte.low[i], dte.close[i], dte.trades![i]]).toEqual([dte.close[i - 1], dte.close[i - 1], dte.close[i - 1], dte.close[i - 1], 0]);
    expect(bars[5].start[0]).toBe(8 * 3600 + 2 * 60); // EOAN's first print is 08:02
  });

  it('keeps only the requested symbols', () => {
    expect(readXetra(xetraSampleFile(), { symbols: ['SAP', 'DTE'] }).map((b) => b.symbol)).toEqual(['SAP', 'DTE']);
  });
});

describe('Xetra PDS reader on malformed files', () => {
  const good = [row('08:00', '85.7', '85.8', '85.6', '85.75', '1000'), row('08:01', '85.75', '85.9', '85.7', '85.8', '900')];

  it('parses quoted fields with commas and quotes, and fills a missing minute', () => {
    const b = readXetra(write('ok.csv', [HEADER, good[0], row('08:03', '85.8', '85.8', '85.8', '85.8', '5')]))[0];
    expect(Array.from(b.volume)).toEqual([1000, 0, 0, 5]);
    expect(defectCount(b.defects, 'zero-volume-bar')).toBe(2);
    expect(b.defects[0].firstLine).toBe(3);
  });

  it('names file, line and column of a non-numeric price', () => {
    const path = write('nan.csv', [HEADER, good[0], row('08:01', '85.7', 'abc', '85.6', '85.75', '1000')]);
    expect(errorOf(() => readXetra(path))).toBe(`data: ${path} line 3 column 10 (MaxPrice): expected a number, got "abc"`);
  });

  it('rejects a negative volume', () => {
    const path = write('neg.csv', [HEADER, row('08:00', '85.7', '85.8', '85.6', '85.75', '-5')]);
    expect(errorOf(() => readXetra(path))).toBe(`data: ${path} line 2 column 13 (TradedVolume): must be >= 0, got -5`);
  });

  it('rejects time that does not increase within a stock', () => {
    const path = write('time.csv', [HEADER, good[1], good[0]]);
    expect(errorOf(() => readXetra(path))).toMatch(/line 3 column 8 \(Time\): time is not after the previous bar of the series \(line 2\)/);
  });

  it('rejects a row with the wrong number of fields, an unterminated quote, inconsistent OHLC and a missing column', () => {
    expect(errorOf(() => readXetra(write('short.csv', [HEADER, good[0].slice(0, -4)])))).toMatch(/line 2: malformed row: 13 fields, the header has 14$/);
    expect(errorOf(() => readXetra(write('quote.csv', [HEADER, '"DE0007164600,SAP']))))
      .toMatch(/line 2: unterminated quote$/);
    expect(errorOf(() => readXetra(write('ohlc.csv', [HEADER, row('08:00', '85.7', '85.6', '85.5', '85.75', '10')]))))
      .toMatch(/line 2 column 10 \(MaxPrice\): high 85.6 is below open 85.7/);
    expect(errorOf(() => readXetra(write('col.csv', [HEADER.replace('EndPrice', 'ClosePrice'), good[0]]))))
      .toMatch(/line 1: missing column EndPrice/);
    expect(errorOf(() => readXetra(write('time2.csv', [HEADER, row('8h00', '1', '1', '1', '1', '1')]))))
      .toMatch(/line 2 column 8 \(Time\): expected a time HH:MM\[:SS\], got "8h00"/);
  });

  it('names a missing file and a requested symbol that is absent', () => {
    expect(errorOf(() => readXetra(files.path('nope.csv')))).toMatch(/cannot read .*nope.csv \(ENOENT\)/);
    expect(errorOf(() => readXetra(write('one.csv', [HEADER, good[0]]), { symbols: ['DBK'] }))).toMatch(/no rows for symbol "DBK"/);
  });
});
