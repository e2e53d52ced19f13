import { describe, expect, it } from 'vitest';
import { FlowLog } from '../env/lob/flow/flow-log.js';
import { marketHawkesLogLikelihood } from '../env/lob/flow/market-hawkes-fit.js';
import { calibrateQr, marketArrivals } from '../env/lob/flow/qr-calibrate.js';
import { QrSimulator } from '../env/lob/flow/qr-simulator.js';
import { stylisedFacts } from '../env/lob/flow/stylised-facts.js';
import { normaliseSpans, SpanCursor } from '../env/lob/flow/time-spans.js';
import { makeRng } from '../env/random/rng.js';
import { knownQrParams } from './helpers/qr-params.js';

const START = 36_000;

describe('spans of a recorded day', () => {
  it('are sorted and merged where they touch; an empty or overlapping span is refused', () => {
    expect(normaliseSpans([{ from: 50, to: 60 }, { from: 10, to: 20 }, { from: 20, to: 30 }])).toEqual([{ from: 10, to: 30 }, { from: 50, to: 60 }]);
    expect(() => normaliseSpans([])).toThrow(/no span/);
    expect(() => normaliseSpans([{ from: 5, to: 5 }])).toThrow(/the span 5..5 s after midnight is empty/);
    expect(() => normaliseSpans([{ from: 0, to: 10 }, { from: 9, to: 20 }])).toThrow(/the spans 0..10 and 9..20 s after midnight overlap/);
  });

  it('give the seconds of an interval inside them and the span of an event time, walking forward', () => {
    const cursor = new SpanCursor([{ from: 10, to: 20 }, { from: 30, to: 40 }]);
    expect([cursor.overlap(0, 5), cursor.overlap(5, 15), cursor.overlap(15, 35), cursor.overlap(35, 50), cursor.overlap(50, 60)]).toEqual([0, 5, 10, 5, 0]);
    const times = new SpanCursor([{ from: 10, to: 20 }, { from: 30, to: 40 }]);
    expect([10, 10.5, 20, 25, 30, 40, 41].map((t) => times.spanOf(t))).toEqual([-1, 0, 0, -1, -1, 1, -1]);
  });
});

describe('fitting the queue-reactive model on several spans', () => {
  const truth = { ...knownQrParams(), hawkes: { baseScale: 0.5, alphaSame: 1.2, alphaCross: 0.2, beta: 2 } };
  const log = new FlowLog(5);
  const sim = new QrSimulator(truth, makeRng(5, 'spans'), log);
  sim.reset(START);
  sim.advanceTo(START + 3000);
  const events = log.toBookEvents({ symbol: 'T', date: '2012-06-21', source: 'sim', startSeconds: START, endSeconds: START + 3000 });
  const { levels: _levels, ...layout } = truth.layout;
  const a = { from: START + 100, to: START + 900 };
  const b = { from: START + 1700, to: START + 2900 };
  const both = calibrateQr(events, [b, a], layout);
  const onlyA = calibrateQr(events, [a], layout);
  const onlyB = calibrateQr(events, [b], layout);

  it('pools the sufficient statistics of each span, and nothing from the gap between them', () => {
    expect(both.spans).toEqual([a, b]);
    expect(both.sample.seconds).toBe(2000);
    expect(Array.from(both.counts)).toEqual(Array.from(onlyA.counts, (n, i) => n + onlyB.counts[i]));
    both.exposure.forEach((t, c) => expect(t).toBeCloseTo(onlyA.exposure[c] + onlyB.exposure[c], 9));
    expect(both.sample.events.market).toBe(onlyA.sample.events.market + onlyB.sample.events.market);
    expect(both.sample.events.market).toBeGreaterThan(100);
    // the simulation starts from the book at the first span's start
    expect(both.initialBook).toEqual(onlyA.initialBook);
  });

  it("gives the Hawkes likelihood of the spans as the sum of each span's (each starts unexcited)", () => {
    const total = marketHawkesLogLikelihood(marketArrivals(both, truth.rates), truth.hawkes);
    const sum = marketHawkesLogLikelihood(marketArrivals(onlyA, truth.rates), truth.hawkes) + marketHawkesLogLikelihood(marketArrivals(onlyB, truth.rates), truth.hawkes);
    expect(Math.abs(total - sum)).toBeLessThan(1e-9 * Math.abs(sum));
  });

  it('reads stylised facts inside each span only: rates over the seconds covered, touching spans as one', () => {
    const fa = stylisedFacts(events, [a], 100);
    const fb = stylisedFacts(events, [b], 100);
    const fab = stylisedFacts(events, [a, b], 100);
    expect([fab.spans, fab.seconds]).toEqual([2, 2000]);
    expect(fab.ratesPerHour.limit).toBeCloseTo((fa.ratesPerHour.limit * 800 + fb.ratesPerHour.limit * 1200) / 2000, 9);
    const split = stylisedFacts(events, [{ from: a.from, to: a.from + 400 }, { from: a.from + 400, to: a.to }], 100);
    expect(split).toEqual(fa);
  });
});
