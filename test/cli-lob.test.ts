import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BookEvents } from '../env/data/book-events.js';
import { handBook } from './helpers/hand-book.js';
import { runCli } from './helpers/run-cli.js';
import { tempDir } from './helpers/tiny-runs.js';

const dir = tempDir('execgym-cli-lob-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `events` as a LOBSTER level-L pair; returns the message file's path. */
function writeLobster(events: BookEvents, name: string): string {
  mkdirSync(dir, { recursive: true });
  const L = events.levels;
  const messages: string[] = [];
  const rows: string[] = [];
  for (let i = 0; i < events.count; i++) {
    messages.push([events.time[i], events.type[i], events.orderId[i], events.size[i], events.type[i] === 7 ? 0 : events.priceE4[i], events.type[i] === 7 ? 1 : events.side[i]].join(','));
    const cells: number[] = [];
    for (let k = 0; k < L; k++) {
      const r = i * L + k;
      cells.push(events.askSize[r] > 0 ? events.askPriceE4[r] : 9999999999, events.askSize[r], events.bidSize[r] > 0 ? events.bidPriceE4[r] : -9999999999, events.bidSize[r]);
    }
    rows.push(cells.join(','));
  }
  const message = join(dir, `${name}_2012-06-21_34200000_57600000_message_${L}.csv`);
  writeFileSync(message, `${messages.join('\n')}\n`);
  writeFileSync(join(dir, `${name}_2012-06-21_34200000_57600000_orderbook_${L}.csv`), `${rows.join('\n')}\n`);
  return message;
}

describe('execgym lob replay', () => {
  const events = handBook(
    { bids: [[2230000, 100]], asks: [[2231000, 100]] },
    [
      [34201, 1, 11, 50, 2230000, 1],
      [34203, 4, 99, 100, 2230000, 1],
      [34204, 1, 12, 40, 2231000, -1],
      [34206, 4, 12, 40, 2231000, -1],
    ],
    5,
    34200,
  );
  const file = writeLobster(events, 'HAND');

  it('prints the book at --at with our limit order in its FIFO place and our market order filled, as JSON', () => {
    const { code, stdout, stderr } = runCli(['lob', 'replay', '--data', file, '--format', 'lobster', '--at', '34205', '--order', '34202,buy,2230000,30', '--order', '34205,buy,market,120', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      time: 34205,
      asks: [{ price: 2231000, size: 20, orders: 1 }],
      bids: [{ price: 2230000, size: 80, orders: 2 }],
      ours: [
        { time: 34202, side: 'buy', price: 2230000, size: 30, remaining: 30, ahead: 50 },
        { time: 34205, side: 'buy', price: 'market', size: 120, remaining: 0, ahead: 0 },
      ],
      fills: [
        { time: 34205, price: 2231000, size: 100, passive: false },
        { time: 34205, price: 2231000, size: 20, passive: false },
      ],
    });
  });

  it('applies the reconciliation rule: a recorded execution naming an order our market order emptied in part executes what is left', () => {
    const { code, stdout } = runCli(['lob', 'replay', '--data', file, '--at', '34206', '--order', '34205,buy,market,120', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).asks).toEqual([]);
  });

  it('refuses a malformed --order, an unknown format and a negative --at in one line', () => {
    for (const [args, message] of [
      [['--order', '34202,buy,2230000'], 'execgym: --order must be TIME,SIDE,PRICE,SIZE, got "34202,buy,2230000"'],
      [['--order', '34202,buy,22300.5,10'], 'execgym: --order PRICE must be a positive integer in the file\'s units (1e-4 $) or market, got "22300.5" in "34202,buy,22300.5,10"'],
      [['--format', 'itch'], 'execgym: --format must be lobster, got "itch"'],
    ] as const) {
      const { code, stderr } = runCli(['lob', 'replay', '--data', file, '--at', '34205', ...args]);
      expect(code).not.toBe(0);
      expect(stderr.trim()).toBe(message);
    }
    const { code, stderr } = runCli(['lob', 'replay', '--data', file, '--at', '-1']);
    expect(code).not.toBe(0);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
