import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { poissonRateInterval } from '../env/calibration/poisson-interval.js';
import { lobsterBookEvents } from '../env/data/lobster-day.js';
import { readLobsterDay } from '../env/data/lobster-reader.js';
import { lobsterLevel5DaySampleFile } from '../env/data/sample-files.js';
import { qrCard, qrParamsFromCard } from '../env/lob/flow/qr-card.js';
import { FlowLog } from '../env/lob/flow/flow-log.js';
import { calibrateQr, modelRates, qrParams, QR_MIN_CELL_SECONDS } from '../env/lob/flow/qr-calibrate.js';
import { cellCount, cellIndex, describeCell, QrEvent } from '../env/lob/flow/qr-layout.js';
import { QrSimulator } from '../env/lob/flow/qr-simulator.js';
import { makeRng } from '../env/random/rng.js';
import { replayWindowSpans } from '../experiments/lob/replay-window-spans.js';
import { knownQrParams, TEST_LAYOUT } from './helpers/qr-params.js';

describe('Garwood interval of a Poisson rate', () => {
  it('matches the chi-square quantiles: 10 events in 1 s give [4.795, 18.390], none give [0, 3.689]', () => {
    const [lo, hi] = poissonRateInterval(10, 1);
    expect(lo).toBeCloseTo(4.7954, 3);
    expect(hi).toBeCloseTo(18.3904, 3);
    expect(poissonRateInterval(0, 1)[0]).toBe(0);
    expect(poissonRateInterval(0, 1)[1]).toBeCloseTo(3.6889, 3);
    const [l1, h1] = poissonRateInterval(1, 2);
    expect(l1).toBeCloseTo(0.02532 / 2, 4);
    expect(h1).toBeCloseTo(5.5716 / 2, 3);
  });

  it('is close to the normal interval for a large count (10,000 events)', () => {
    const [lo, hi] = poissonRateInterval(10_000, 100);
    expect(lo).toBeCloseTo(100 - 1.96, 1);
    expect(hi).toBeCloseTo(100 + 1.96, 1);
  });

  it('refuses a fractional count and an empty exposure', () => {
    expect(() => poissonRateInterval(1.5, 1)).toThrow(/n must be an integer/);
    expect(() => poissonRateInterval(1, 0)).toThrow(/exposure must be > 0/);
  });
});

describe('queue-reactive calibration', () => {
  it('recovers the intensities it was simulated from: every well-observed rate inside its 95% interval but the expected few', () => {
    const truth = knownQrParams();
    const log = new FlowLog(truth.layout.levels);
    const sim = new QrSimulator(truth, makeRng(11, 'qr-recovery'), log);
    const start = 36_000;
    const seconds = 20_000;
    sim.reset(start);
    sim.advanceTo(start + seconds);
    const events = log.toBookEvents({ symbol: 'T', date: '2012-06-21', source: 'sim', startSeconds: start, endSeconds: start + seconds });
    const { levels: _levels, ...layout } = TEST_LAYOUT;
    const cal = calibrateQr(events, [{ from: start, to: start + seconds }], layout);
    // every message of the simulation is an event of the model, in a cell the calibration sees
    expect(cal.sample.outside).toEqual({ limit: 0, cancel: 0, market: 0 });
    let checked = 0;
    let covered = 0;
    let impossible = 0;
    const misses: string[] = [];
    for (let c = 0; c < cal.exposure.length; c++) {
      for (let e = 0; e < 3; e++) {
        const rate = truth.rates[c * 3 + e];
        const n = cal.counts[c * 3 + e];
        const cell = describeCell(cal.layout, c);
        const possible = rate > 0 && (e === QrEvent.limit || cell.queue > 0) && (e !== QrEvent.market || cell.kind === 'touch');
        if (!possible) {
          impossible += n;
          continue;
        }
        if (rate * cal.exposure[c] < 20) continue; // too few expected events to say much
        checked++;
        const [lo, hi] = poissonRateInterval(n, cal.exposure[c]);
        if (lo <= rate && rate <= hi) covered++;
        else misses.push(`${cell.kind} ${cell.key} q${cell.queue} e${e}: ${n / cal.exposure[c]} vs ${rate} [${lo}, ${hi}]`);
      }
    }
    expect(impossible).toBe(0);
    expect(checked).toBeGreaterThan(60);
    // 95% intervals: at most ~10% misses over this many cells (a binomial tail far out), logged if more
    expect(covered / checked, misses.join('\n')).toBeGreaterThanOrEqual(0.9);
    // the sizes: limit orders exactly the truth's; market orders too but where one met a thinner
    // book than its size within the levels it may walk (then it took what was there)
    const fitted = qrParams(cal);
    expect([...fitted.limitSizes.sizes]).toEqual([50, 100, 200]);
    const total = [...cal.marketSizes.values()].reduce((a, b) => a + b, 0);
    const truthMass = [30, 100, 300].reduce((s, size) => s + (cal.marketSizes.get(size) ?? 0), 0);
    expect(truthMass / total).toBeGreaterThan(0.99);
    expect(Math.max(...cal.marketSizes.keys())).toBe(300);
    console.log(`recovery: ${covered}/${checked} intervals cover the truth over ${events.count} messages, ${cal.sample.events.limit + cal.sample.events.cancel + cal.sample.events.market} model events`);
  });
});

describe('the shipped AMZN queue-reactive card', () => {
  it("is what lob calibrate fits to lob-replay-v0's 71 training windows of the shipped day, and no validation or test window reaches it (npm run lob-qr-card)", () => {
    const day = readLobsterDay(lobsterLevel5DaySampleFile());
    const training = replayWindowSpans('lob-replay-v0', ['training'], 'test');
    const fresh = qrCard(calibrateQr(lobsterBookEvents(day), training.spans), { symbol: day.symbol, date: day.date, files: [] });
    const shipped = JSON.parse(readFileSync('env/specs/lob-qr/amzn-2012-06-21/card.json', 'utf8'));
    expect(shipped.intensities).toEqual(JSON.parse(JSON.stringify(fresh.intensities)));
    expect(shipped.sample).toEqual(JSON.parse(JSON.stringify(fresh.sample)));
    expect(shipped.hawkes).toEqual(JSON.parse(JSON.stringify(fresh.hawkes)));
    expect(shipped.spansOf).toBe('the 71 training windows of lob-replay-v0 (180 s each)');
    expect(shipped.sample.seconds).toBe(71 * 180);
    expect(shipped.sample.events).toEqual({ limit: 42_562, cancel: 37_347, market: 3_195 });
    // the leakage check of the cross-check: every held-out window of lob-replay-v0 (and so of
    // lob-qr-v0, which starts its episodes from the same windows) lies outside every fitted span
    const held = replayWindowSpans('lob-replay-v0', ['validation', 'test'], 'test');
    expect(held.spans).toHaveLength(26 + 32);
    const fitted: { from: number; to: number }[] = shipped.spans;
    for (const w of held.spans) for (const s of fitted) expect(w.to <= s.from || w.from >= s.to, `${w.from}..${w.to} inside ${s.from}..${s.to}`).toBe(true);
    // and the spans cover the training windows exactly: 71 windows of 180 s merged where adjacent
    expect(fitted.reduce((t, s) => t + s.to - s.from, 0)).toBe(71 * 180);
    for (const w of training.spans) expect(fitted.some((s) => s.from <= w.from && w.to <= s.to)).toBe(true);
  });
});

describe('the intensities the simulator runs', () => {
  it('are the MLE in a well-seen cell and the pooled MLE of its kind and queue bucket in a cell seen for less than 120 s', () => {
    const layout = TEST_LAYOUT;
    const counts = new Float64Array(cellCount(layout) * 3);
    const exposure = new Float64Array(cellCount(layout));
    const wide = cellIndex(layout, 'behind', 2, 3);
    const thin = cellIndex(layout, 'behind', 7, 3);
    const other = cellIndex(layout, 'behind', 2, 2);
    exposure[wide] = 1000;
    counts[wide * 3 + QrEvent.limit] = 100;
    counts[wide * 3 + QrEvent.cancel] = 300;
    exposure[thin] = QR_MIN_CELL_SECONDS - 1;
    counts[thin * 3 + QrEvent.limit] = 50;
    counts[thin * 3 + QrEvent.cancel] = 10;
    exposure[other] = 500;
    counts[other * 3 + QrEvent.limit] = 400;
    const rates = modelRates(layout, counts, exposure);
    expect([rates[wide * 3], rates[wide * 3 + 1]]).toEqual([0.1, 0.3]);
    const pooledT = 1000 + QR_MIN_CELL_SECONDS - 1;
    expect(rates[thin * 3]).toBeCloseTo(150 / pooledT, 12);
    expect(rates[thin * 3 + 1]).toBeCloseTo(310 / pooledT, 12);
    expect(rates[other * 3]).toBe(0.8);
    expect(rates[cellIndex(layout, 'behind', 3, 3) * 3]).toBe(0); // never seen
  });
});

describe('the shipped AMZN flow', () => {
  it('is recovered by calibrating as many simulated hours as it was fitted on: 95% intervals cover the intensities it runs in at least 90% of the well-observed cells', () => {
    const card = JSON.parse(readFileSync('env/specs/lob-qr/amzn-2012-06-21/card.json', 'utf8'));
    const truth = qrParamsFromCard(card);
    const log = new FlowLog(truth.layout.levels);
    const sim = new QrSimulator(truth, makeRng(1, 'qr-flow'), log);
    const span = { from: card.spans[0].from, to: card.spans[0].from + card.sample.seconds };
    sim.reset(span.from);
    sim.advanceTo(span.to);
    const events = log.toBookEvents({ symbol: 'AMZN', date: '2012-06-21', source: 'sim', startSeconds: span.from, endSeconds: span.to });
    const { levels: _levels, ...layout } = truth.layout;
    const cal = calibrateQr(events, [span], layout);
    expect(cal.sample.outside).toEqual({ limit: 0, cancel: 0, market: 0 });
    let checked = 0;
    let covered = 0;
    for (let c = 0; c < cal.exposure.length; c++) {
      for (let e = 0; e < 3; e++) {
        const rate = truth.rates[c * 3 + e];
        if (!(rate > 0) || rate * cal.exposure[c] < 20) continue;
        checked++;
        const [lo, hi] = poissonRateInterval(cal.counts[c * 3 + e], cal.exposure[c]);
        if (lo <= rate && rate <= hi) covered++;
      }
    }
    console.log(`AMZN recovery: ${covered}/${checked} intervals cover; ${sim.events} model events vs ${card.sample.events.limit + card.sample.events.cancel + card.sample.events.market} in the data; time-weighted spread ${cal.sample.timeWeightedSpreadTicks.toFixed(2)} ticks vs ${card.sample.timeWeightedSpreadTicks.toFixed(2)}`);
    expect(checked).toBeGreaterThan(300);
    expect(covered / checked).toBeGreaterThanOrEqual(0.9);
  });
});
