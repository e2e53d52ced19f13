import { dataError } from './data-error.js';
import { DefectLog } from './defects.js';
import { GrowableColumn } from './growable-column.js';
import { LobsterEvent, type LobsterDay } from './lobster-day.js';
import { parseLobsterFileName } from './lobster-file-name.js';
import { LineReader } from './line-reader.js';
import { existsSync } from 'node:fs';
import { UserError } from '../errors/errors.js';

const MESSAGE_COLUMNS = ['time', 'type', 'order_id', 'size', 'price', 'direction'] as const;
/** LOBSTER's price for an empty book level (ask +, bid -). */
const EMPTY_LEVEL_PRICE = 9999999999;

/**
 * Reads a LOBSTER day of any level from its message and orderbook files, streaming both in step
 * (row i of the book is the state after event i). Either file of the pair may be named; the other
 * is found by LOBSTER's naming convention. Tolerable defects are counted, not dropped: a crossed
 * book (best bid > best ask), a book with an empty side, cross trades (type 6) and halts (type 7).
 * @throws UserError naming file, line and column for a malformed row, an unknown event type, a
 *   negative size, a time earlier than the row before, or files of different lengths
 */
export function readLobsterDay(path: string): LobsterDay {
  const name = parseLobsterFileName(path);
  const { levels } = name;
  for (const [file, twin, kind] of [[name.message, name.orderbook, 'orderbook'], [name.orderbook, name.message, 'message']] as const) {
    if (existsSync(file) && !existsSync(twin)) throw new UserError(`data: ${file}: its ${kind} file ${twin} is missing (a LOBSTER day is a message file and an orderbook file)`);
  }
  const messages = new LineReader(name.message);
  let book: LineReader | undefined;
  try {
    book = new LineReader(name.orderbook);
    const columns = {
      time: new GrowableColumn(Float64Array),
      type: new GrowableColumn(Uint8Array),
      orderId: new GrowableColumn(Float64Array),
      size: new GrowableColumn(Float64Array),
      priceE4: new GrowableColumn(Float64Array),
      direction: new GrowableColumn(Int8Array),
    };
    const depth = {
      askPriceE4: new GrowableColumn(Float64Array, 1024 * levels),
      askSize: new GrowableColumn(Float64Array, 1024 * levels),
      bidPriceE4: new GrowableColumn(Float64Array, 1024 * levels),
      bidSize: new GrowableColumn(Float64Array, 1024 * levels),
    };
    const defects = new DefectLog();
    let previousTime = -Infinity;
    for (let text = messages.next(); text !== undefined; text = messages.next()) {
      const line = messages.lineNumber;
      const bookText = book.next();
      if (bookText === undefined) throw dataError(name.orderbook, line, 0, '', `the orderbook file ends at line ${line - 1} but ${name.message} goes on`);
      const m = parseMessage(text, name.message, line);
      if (m.time < previousTime) throw dataError(name.message, line, 1, 'time', `time ${m.time} is before the previous event's ${previousTime}`);
      previousTime = m.time;
      columns.time.push(m.time);
      columns.type.push(m.type);
      columns.orderId.push(m.orderId);
      columns.size.push(m.size);
      columns.priceE4.push(m.priceE4);
      columns.direction.push(m.direction);
      if (m.type === LobsterEvent.cross) defects.add('auction-print', name.message, line);
      if (m.type === LobsterEvent.halt) defects.add('trading-halt', name.message, line);
      parseBookRow(bookText, name.orderbook, line, levels, depth, defects);
    }
    if (columns.time.length === 0) throw dataError(name.message, 1, 0, '', 'empty file: a LOBSTER message file has one event a row');
    if (book.next() !== undefined) throw dataError(name.orderbook, book.lineNumber, 0, '', `the orderbook file has more rows than ${name.message} (${messages.lineNumber})`);
    return {
      symbol: name.symbol,
      date: name.date,
      startMs: name.startMs,
      endMs: name.endMs,
      levels,
      files: { message: name.message, orderbook: name.orderbook },
      count: columns.time.length,
      time: columns.time.toArray(),
      type: columns.type.toArray(),
      orderId: columns.orderId.toArray(),
      size: columns.size.toArray(),
      priceE4: columns.priceE4.toArray(),
      direction: columns.direction.toArray(),
      askPriceE4: depth.askPriceE4.toArray(),
      askSize: depth.askSize.toArray(),
      bidPriceE4: depth.bidPriceE4.toArray(),
      bidSize: depth.bidSize.toArray(),
      defects: defects.report(),
    };
  } finally {
    messages.close();
    book?.close();
  }
}

interface Message {
  time: number;
  type: number;
  orderId: number;
  size: number;
  priceE4: number;
  direction: number;
}

function parseMessage(text: string, file: string, line: number): Message {
  const f = text.split(',');
  if (f.length !== MESSAGE_COLUMNS.length) throw dataError(file, line, 0, '', `malformed row: ${f.length} fields, a LOBSTER message has 6 (${MESSAGE_COLUMNS.join(', ')})`);
  const num = (i: number) => {
    const value = f[i].trim() === '' ? Number.NaN : Number(f[i]);
    if (!Number.isFinite(value)) throw dataError(file, line, i + 1, MESSAGE_COLUMNS[i], `expected a number, got ${JSON.stringify(f[i])}`);
    return value;
  };
  const [time, type, orderId, size, priceE4, direction] = [num(0), num(1), num(2), num(3), num(4), num(5)];
  if (time < 0) throw dataError(file, line, 1, 'time', `must be >= 0 seconds after midnight, got ${f[0]}`);
  if (!Number.isInteger(type) || type < 1 || type > 7) throw dataError(file, line, 2, 'type', `must be an event type 1-7, got ${f[1]}`);
  if (!Number.isInteger(orderId) || orderId < 0) throw dataError(file, line, 3, 'order_id', `must be an integer >= 0, got ${f[2]}`);
  if (size < 0) throw dataError(file, line, 4, 'size', `must be >= 0, got ${f[3]}`);
  if (!Number.isInteger(priceE4)) throw dataError(file, line, 5, 'price', `must be an integer (US$ x 10000), got ${f[4]}`);
  if (direction !== 1 && direction !== -1) throw dataError(file, line, 6, 'direction', `must be 1 (buy) or -1 (sell), got ${f[5]}`);
  if (type !== LobsterEvent.halt && priceE4 <= 0) throw dataError(file, line, 5, 'price', `must be > 0, got ${f[4]}`);
  return { time, type, orderId, size, priceE4, direction };
}

type Depth = Record<'askPriceE4' | 'askSize' | 'bidPriceE4' | 'bidSize', GrowableColumn<Float64Array>>;
const BOOK_NAMES = ['ask_price', 'ask_size', 'bid_price', 'bid_size'] as const;

function parseBookRow(text: string, file: string, line: number, levels: number, depth: Depth, defects: DefectLog): void {
  const f = text.split(',');
  if (f.length !== 4 * levels) throw dataError(file, line, 0, '', `malformed row: ${f.length} fields, a level-${levels} LOBSTER book has ${4 * levels}`);
  const values = new Array<number>(f.length);
  for (let j = 0; j < f.length; j++) {
    const value = f[j].trim() === '' ? Number.NaN : Number(f[j]);
    const column = `${BOOK_NAMES[j % 4]}_${Math.floor(j / 4) + 1}`;
    if (!Number.isInteger(value)) throw dataError(file, line, j + 1, column, `expected an integer, got ${JSON.stringify(f[j])}`);
    if (j % 2 === 1 && value < 0) throw dataError(file, line, j + 1, column, `must be >= 0, got ${f[j]}`);
    values[j] = value;
  }
  for (let k = 0; k < levels; k++) {
    const [ask, askSize, bid, bidSize] = values.slice(4 * k, 4 * k + 4);
    depth.askPriceE4.push(ask === EMPTY_LEVEL_PRICE ? Number.NaN : ask);
    depth.askSize.push(askSize);
    depth.bidPriceE4.push(bid === -EMPTY_LEVEL_PRICE ? Number.NaN : bid);
    depth.bidSize.push(bidSize);
  }
  const [bestAsk, , bestBid] = values;
  if (bestAsk === EMPTY_LEVEL_PRICE || bestBid === -EMPTY_LEVEL_PRICE) defects.add('one-sided-quote', file, line);
  else if (bestBid > bestAsk) defects.add('crossed-quote', file, line);
}
