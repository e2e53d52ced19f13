import { describe, expect, it } from 'vitest';
import { BookEventType, type BookEvents } from '../env/data/book-events.js';
import { FlowLog } from '../env/lob/flow/flow-log.js';
import { poissonRateInterval } from '../env/calibration/poisson-interval.js';
import { calibrateQr } from '../env/lob/flow/qr-calibrate.js';
import { readFileSync } from 'node:fs';
import { qrParamsFromCard } from '../env/lob/flow/qr-card.js';
import { cellCount, describeCell, QrEvent, SideCells, sideCells } from '../env/lob/flow/qr-layout.js';
import { QrSimulator } from '../env/lob/flow/qr-simulator.js';
import type { QrParams } from '../env/lob/flow/queue-reactive.js';
import { makeRng } from '../env/random/rng.js';
import { knownQrParams } from './helpers/qr-params.js';

const START = 36_000;

function simulate(seed: number, seconds: number, params: QrParams = knownQrParams()): { sim: QrSimulator; events: BookEvents } {
  const log = new FlowLog(params.layout.levels);
  const sim = new QrSimulator(params, makeRng(seed, 'qr-test'), log);
  sim.reset(START);
  sim.advanceTo(START + seconds);
  return { sim, events: log.toBookEvents({ symbol: 'TEST', date: '2012-06-21', source: 'sim', startSeconds: START, endSeconds: START + seconds }) };
}

/** Shares the flow added at `price` on `side` after message `from`. */
function addsAt(events: BookEvents, side: number, price: number, from = 0): number {
  let n = 0;
  for (let i = from; i < events.count; i++) if (events.type[i] === BookEventType.add && events.side[i] === side && events.priceE4[i] === price) n++;
  return n;
}

describe('queue-reactive simulator', () => {
  it('gives the same flow, message for message, for the same seed, and another flow for another seed', () => {
    const a = simulate(3, 600).events;
    const b = simulate(3, 600).events;
    const c = simulate(4, 600).events;
    expect(a.count).toBeGreaterThan(1000);
    expect(b.count).toBe(a.count);
    expect(Buffer.from(b.time.buffer).equals(Buffer.from(a.time.buffer))).toBe(true);
    expect(Buffer.from(b.askSize.buffer).equals(Buffer.from(a.askSize.buffer))).toBe(true);
    expect(Buffer.from(c.time.buffer.slice(0, 8 * 200)).equals(Buffer.from(a.time.buffer.slice(0, 8 * 200)))).toBe(false);
  });

  it('never crosses the book, and what rests is what was added less what was deleted and executed', () => {
    const { sim, events } = simulate(5, 3600);
    let resting = 0;
    const L = events.levels;
    for (let i = 0; i < events.count; i++) {
      const t = events.type[i];
      resting += t === BookEventType.add ? events.size[i] : -events.size[i];
      if (events.bidSize[i * L] > 0 && events.askSize[i * L] > 0) expect(events.bidPriceE4[i * L]).toBeLessThan(events.askPriceE4[i * L]);
    }
    const { book } = sim;
    let inBook = 0;
    for (let k = 0; k < book.bidDepth; k++) inBook += book.levelSize[book.bidLevels[k]];
    for (let k = 0; k < book.askDepth; k++) inBook += book.levelSize[book.askLevels[k]];
    expect(inBook).toBe(resting);
    expect(sim.events).toBe(events.count - 10 - countExecutionsBeyondFirst(events));
  });

  it('answers a large posted order with the intensities of the larger queue: no adds where that cell has none', () => {
    // the touch takes limit orders at 5/s until its queue holds 601 shares or more; no market
    // orders and no orders inside the spread, so the bid touch stays where it is
    const base = knownQrParams();
    const rates = base.rates.slice();
    for (let c = 0; c < cellCount(base.layout); c++) {
      const { kind, queue } = describeCell(base.layout, c);
      rates[c * 3 + QrEvent.market] = 0;
      if (kind === 'inside') rates[c * 3 + QrEvent.limit] = 0;
      if (kind === 'touch') rates[c * 3 + QrEvent.limit] = queue >= 4 ? 0 : 5;
    }
    const params = { ...base, rates };
    const run = (ourShares: number) => {
      const log = new FlowLog(5);
      const sim = new QrSimulator(params, makeRng(1, 'qr-test'), log);
      sim.reset(START);
      const bid = sim.book.bestPrice(1);
      if (ourShares > 0) sim.submit(1, bid, ourShares);
      const from = log.count;
      sim.advanceTo(START + 100);
      return { adds: addsAt(log.toBookEvents({ symbol: 'T', date: '2012-06-21', source: '', startSeconds: 0, endSeconds: 1 }), 1, bid, from), sim };
    };
    const without = run(0);
    const withOurs = run(1000);
    expect(without.adds).toBeGreaterThan(20);
    expect(withOurs.adds).toBe(0);
    // the flow cancelled the others' orders there but never ours
    expect(withOurs.sim.ours[0].remaining).toBe(1000);
    expect(withOurs.sim.book.levelSize[withOurs.sim.book.bidLevels[0]]).toBe(1000);
  });

  it('moves the price when our market order empties the touch, and the flow refills inside the widened spread', () => {
    const log = new FlowLog(5);
    const sim = new QrSimulator(knownQrParams(), makeRng(2, 'qr-test'), log);
    sim.reset(START);
    const ask0 = sim.book.bestPrice(-1);
    const touch = sim.book.levelSize[sim.book.askLevels[0]];
    const order = sim.submit(1, NaN, touch);
    expect(sim.fills.map((f) => [f.priceE4, f.size, f.passive])).toEqual([[ask0, touch, false]]);
    expect(order.remaining).toBe(0);
    const ask1 = sim.book.bestPrice(-1);
    expect(ask1).toBe(ask0 + 100);
    const from = log.count;
    sim.advanceTo(START + 200);
    const events = log.toBookEvents({ symbol: 'T', date: '2012-06-21', source: '', startSeconds: 0, endSeconds: 1 });
    let refills = 0;
    for (let i = from; i < events.count; i++) if (events.type[i] === BookEventType.add && events.side[i] === -1 && events.priceE4[i] < ask1) refills++;
    expect(refills).toBeGreaterThan(0);
  });

  it('fills our resting order after the orders ahead of it, and names it in the execution messages', () => {
    const log = new FlowLog(5);
    const sim = new QrSimulator(knownQrParams(), makeRng(7, 'qr-test'), log);
    sim.reset(START);
    const bid = sim.book.bestPrice(1);
    const order = sim.submit(1, bid, 100);
    expect(sim.ahead(order)).toBe(200);
    sim.advanceTo(START + 3600);
    const events = log.toBookEvents({ symbol: 'T', date: '2012-06-21', source: '', startSeconds: 0, endSeconds: 1 });
    let named = 0;
    for (let i = 0; i < events.count; i++) if (events.type[i] === BookEventType.executeVisible && events.orderId[i] === order.id) named += events.size[i];
    const filled = sim.fills.filter((f) => f.passive).reduce((s, f) => s + f.size, 0);
    expect(filled).toBeGreaterThan(0);
    expect(named).toBe(filled);
    expect(order.remaining).toBe(100 - filled);
  });

  it('puts an order sent with an entry latency into the book at its arrival, not before', () => {
    const log = new FlowLog(5);
    const sim = new QrSimulator(knownQrParams(), makeRng(9, 'qr-test'), log);
    sim.reset(START);
    sim.advanceTo(START + 10);
    const bid = sim.book.bestPrice(1);
    let arrived: number | undefined;
    sim.send(1, bid - 500, 300, 0.25, (o) => (arrived = o.time));
    sim.advanceTo(START + 10.2);
    expect(sim.ours).toHaveLength(0);
    sim.advanceTo(START + 11);
    expect(arrived).toBe(START + 10.25);
    const events = log.toBookEvents({ symbol: 'T', date: '2012-06-21', source: '', startSeconds: 0, endSeconds: 1 });
    const i = events.orderId.indexOf(sim.ours[0].id);
    expect([events.time[i], events.type[i], events.size[i], events.priceE4[i]]).toEqual([START + 10.25, BookEventType.add, 300, bid - 500]);
    expect(events.time[i - 1]).toBeLessThanOrEqual(START + 10.25);
    expect(events.time[i + 1]).toBeGreaterThan(START + 10.25);
  });
});

describe("queue-reactive simulator's clocks", () => {
  it('equal, after every event and every order of ours, the cells and intensities recomputed from the book (the incremental update loses nothing)', () => {
    const card = JSON.parse(readFileSync('env/specs/lob-qr/amzn-2012-06-21/card.json', 'utf8'));
    for (const params of [knownQrParams(), qrParamsFromCard(card)]) {
      const { layout, rates } = params;
      const sim = new QrSimulator(params, makeRng(21, 'qr-test'));
      sim.reset(START);
      const out = new SideCells(layout);
      const price = new Float64Array(layout.levels);
      const size = new Float64Array(layout.levels);
      let last = { 1: NaN, [-1]: NaN } as Record<number, number>;
      let compared = 0;
      const mismatches: string[] = [];
      for (let n = 0; n < 30_000; n++) {
        if (n % 997 === 0) sim.submit(n % 2 === 0 ? 1 : -1, NaN, 300);
        if (n % 1499 === 0 && sim.book.bidDepth > 0) sim.submit(1, sim.book.bestPrice(1), 2000);
        if (n % 2003 === 0 && sim.ours.length > 0) sim.cancelOurs(sim.ours[sim.ours.length - 1]);
        if (!sim.step()) break;
        const { book } = sim;
        for (const side of [1, -1]) if ((side === 1 ? book.bidDepth : book.askDepth) > 0) last = { ...last, [side]: book.bestPrice(side) };
        let reference = 0;
        for (const side of [1, -1]) {
          const levels = side === 1 ? book.bidLevels : book.askLevels;
          const depth = side === 1 ? book.bidDepth : book.askDepth;
          const k = Math.min(depth, layout.levels);
          for (let i = 0; i < k; i++) [price[i], size[i]] = [book.levelPrice[levels[i]], book.levelSize[levels[i]]];
          sideCells(layout, side, price, size, 0, k, depth >= layout.levels, last[-side], out);
          const clocks = sim.clocks(side);
          const behind = out.touch < 0 ? 0 : out.count - out.touch - 1;
          let same = clocks.inside === (out.touch < 0 ? Math.min(out.count, layout.maxInside) : out.touch) && clocks.hasTouch === out.touch >= 0;
          if (out.touch >= 0) {
            same &&= clocks.touchCell === out.cell[out.touch] && clocks.touchQueue === out.queue[out.touch] && clocks.behind === behind;
            for (let j = 0; j < behind; j++) same &&= clocks.behindCell[j] === out.cell[out.touch + 1 + j] && clocks.behindQueue[j] === out.queue[out.touch + 1 + j] && clocks.behindPrice[j] === out.price[out.touch + 1 + j];
          }
          if (!same) mismatches.push(`event ${n}, side ${side}`);
          for (let i = 0; i < out.count; i++) {
            const c = out.cell[i] * 3;
            reference += rates[c] + (out.queue[i] > 0 ? rates[c + 1] : 0) + (i === out.touch ? rates[c + 2] : 0);
          }
        }
        if (Math.abs(sim.intensity() - reference) > 1e-9 * reference) mismatches.push(`event ${n}: total ${sim.intensity()} vs ${reference}`);
        compared++;
      }
      expect(mismatches.slice(0, 5)).toEqual([]);
      expect(compared).toBe(30_000);
    }
  });
});

describe('queue-reactive simulator stepped by time horizons', () => {
  it('has the law of one long run: calibrating 20,000 s run in 1-second steps recovers the intensities', () => {
    const truth = knownQrParams();
    const log = new FlowLog(5);
    const sim = new QrSimulator(truth, makeRng(12, 'qr-test'), log);
    sim.reset(START);
    for (let t = 1; t <= 20_000; t++) sim.advanceTo(START + t);
    const events = log.toBookEvents({ symbol: 'T', date: '2012-06-21', source: '', startSeconds: START, endSeconds: START + 20_000 });
    const { levels: _levels, ...layout } = truth.layout;
    const cal = calibrateQr(events, [{ from: START, to: START + 20_000 }], layout);
    let checked = 0;
    let covered = 0;
    for (let c = 0; c < cal.exposure.length; c++) {
      for (let e = 0; e < 3; e++) {
        const rate = truth.rates[c * 3 + e];
        const cell = describeCell(truth.layout, c);
        const possible = rate > 0 && (e === QrEvent.limit || cell.queue > 0) && (e !== QrEvent.market || cell.kind === 'touch');
        if (!possible || rate * cal.exposure[c] < 20) continue;
        checked++;
        const [lo, hi] = poissonRateInterval(cal.counts[c * 3 + e], cal.exposure[c]);
        if (lo <= rate && rate <= hi) covered++;
      }
    }
    console.log(`stepped recovery: ${covered}/${checked}`);
    expect(checked).toBeGreaterThan(60);
    expect(covered / checked).toBeGreaterThanOrEqual(0.9);
  });
});

/** Execution messages after the first of each market order (one model event, several messages). */
function countExecutionsBeyondFirst(events: BookEvents): number {
  let n = 0;
  for (let i = 1; i < events.count; i++) if (events.type[i] === BookEventType.executeVisible && events.type[i - 1] === BookEventType.executeVisible && events.time[i] === events.time[i - 1] && events.side[i] === events.side[i - 1]) n++;
  return n;
}
