import type { BookEvents } from '../../env/data/book-events.js';

/** One hand-written LOBSTER message: [time, type, orderId, size, priceE4, side]. */
export type HandMessage = readonly [number, number, number, number, number, number];

/**
 * BookEvents from a hand-written start book and messages, with the recorded book after each event
 * computed by an independent reference (sizes aggregated per price, no queues): row 0 is a
 * halt-code-0 event at `startTime` carrying the start book (ids unknown).
 */
export function handBook(start: { bids: [number, number][]; asks: [number, number][] }, messages: HandMessage[], levels = 5, startTime = 0): BookEvents {
  const n = messages.length + 1;
  const bids = new Map(start.bids);
  const asks = new Map(start.asks);
  const sizeOf = new Map<number, number>();
  const out = {
    time: new Float64Array(n), type: new Uint8Array(n), orderId: new Float64Array(n), size: new Float64Array(n), priceE4: new Float64Array(n), side: new Int8Array(n),
    askPriceE4: new Float64Array(n * levels).fill(NaN), askSize: new Float64Array(n * levels), bidPriceE4: new Float64Array(n * levels).fill(NaN), bidSize: new Float64Array(n * levels),
  };
  const record = (i: number) => {
    const b = [...bids].filter(([, s]) => s > 0).sort((x, y) => y[0] - x[0]);
    const a = [...asks].filter(([, s]) => s > 0).sort((x, y) => x[0] - y[0]);
    for (let k = 0; k < levels; k++) {
      if (k < b.length) [out.bidPriceE4[i * levels + k], out.bidSize[i * levels + k]] = b[k];
      if (k < a.length) [out.askPriceE4[i * levels + k], out.askSize[i * levels + k]] = a[k];
    }
  };
  out.time[0] = startTime;
  out.type[0] = 7;
  record(0);
  messages.forEach(([time, type, id, size, price, side], j) => {
    const i = j + 1;
    out.time[i] = time; out.type[i] = type; out.orderId[i] = id; out.size[i] = size; out.priceE4[i] = price; out.side[i] = side;
    const book = side === 1 ? bids : asks;
    if (type === 1) { book.set(price, (book.get(price) ?? 0) + size); sizeOf.set(id, size); }
    if (type === 2 || type === 3 || type === 4) book.set(price, (book.get(price) ?? 0) - size);
    record(i);
  });
  return { symbol: 'TEST', date: '2012-06-21', timeZone: 'America/New_York', source: 'hand-built', startSeconds: startTime, endSeconds: out.time[n - 1], count: n, levels, ...out };
}
