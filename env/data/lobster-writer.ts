import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { BookEvents } from './book-events.js';

/** LOBSTER's price for an empty book level (ask +, bid -), as its reader expects. */
const EMPTY_LEVEL_PRICE = 9999999999;
const ROWS_PER_CHUNK = 4096;

/** The names of a LOBSTER pair: `SYMBOL_DATE_startMs_endMs_{message,orderbook}_LEVELS.csv`. */
export function lobsterFileNames(symbol: string, date: string, startMs: number, endMs: number, levels: number): { message: string; orderbook: string } {
  const stem = `${symbol}_${date}_${startMs}_${endMs}`;
  return { message: `${stem}_message_${levels}.csv`, orderbook: `${stem}_orderbook_${levels}.csv` };
}

/**
 * Writes `events` as a LOBSTER message file and orderbook file in `dir` (LOBSTER's layout: no
 * header; message `time,type,order_id,size,price,direction` with time in seconds after midnight to
 * the nanosecond; orderbook `ask_price_k,ask_size_k,bid_price_k,bid_size_k` per level, an empty
 * level as ±9999999999 with size 0), so that env/data/lobster-reader.ts and every LOBSTER tool
 * read it back.
 * @returns the two file paths
 */
export function writeLobsterFiles(events: BookEvents, dir: string, startMs: number, endMs: number): { message: string; orderbook: string } {
  const names = lobsterFileNames(events.symbol, events.date, startMs, endMs, events.levels);
  const paths = { message: join(dir, names.message), orderbook: join(dir, names.orderbook) };
  writeRows(paths.message, events.count, (i) => `${events.time[i].toFixed(9)},${events.type[i]},${events.orderId[i]},${events.size[i]},${events.priceE4[i]},${events.side[i]}`);
  const L = events.levels;
  writeRows(paths.orderbook, events.count, (i) => {
    const cells: string[] = [];
    for (let k = 0; k < L; k++) {
      const r = i * L + k;
      cells.push(
        String(events.askSize[r] > 0 ? events.askPriceE4[r] : EMPTY_LEVEL_PRICE),
        String(events.askSize[r]),
        String(events.bidSize[r] > 0 ? events.bidPriceE4[r] : -EMPTY_LEVEL_PRICE),
        String(events.bidSize[r]),
      );
    }
    return cells.join(',');
  });
  return paths;
}

function writeRows(path: string, count: number, row: (i: number) => string): void {
  const fd = openSync(path, 'w');
  try {
    for (let start = 0; start < count; start += ROWS_PER_CHUNK) {
      const lines: string[] = [];
      for (let i = start; i < Math.min(count, start + ROWS_PER_CHUNK); i++) lines.push(row(i));
      writeSync(fd, `${lines.join('\n')}\n`);
    }
  } finally {
    closeSync(fd);
  }
}
