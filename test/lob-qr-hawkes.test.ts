import { describe, expect, it } from 'vitest';
import { FlowLog } from '../env/lob/flow/flow-log.js';
import { fitMarketHawkes, MARKET_HAWKES_KEYS } from '../env/lob/flow/market-hawkes-fit.js';
import { nextExcitedArrival } from '../env/lob/flow/market-hawkes.js';
import { calibrateQr, marketArrivals } from '../env/lob/flow/qr-calibrate.js';
import { QrSimulator } from '../env/lob/flow/qr-simulator.js';
import { stylisedFacts } from '../env/lob/flow/stylised-facts.js';
import { makeRng } from '../env/random/rng.js';
import { knownQrParams } from './helpers/qr-params.js';

const START = 36_000;

describe('the first arrival of a decaying excitation', () => {
  it('never comes with probability exp(-h/beta) and otherwise has the inhomogeneous Poisson law', () => {
    const rng = makeRng(1, 'hawkes-arrival');
    const [h, beta, n] = [2, 1, 200_000];
    let never = 0;
    let byHalf = 0;
    for (let i = 0; i < n; i++) {
      const t = nextExcitedArrival(h, beta, rng.uniform());
      if (t === Infinity) never++;
      else if (t <= 0.5) byHalf++;
    }
    const check = (count: number, p: number) => expect(Math.abs(count / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    check(never, Math.exp(-h / beta));
    check(byHalf, 1 - Math.exp((-h / beta) * (1 - Math.exp(-beta * 0.5))));
    expect(nextExcitedArrival(0, beta, 0.3)).toBe(Infinity);
  });
});

describe('self-excited market orders', () => {
  const truth = { ...knownQrParams(), hawkes: { baseScale: 0.5, alphaSame: 1.2, alphaCross: 0.2, beta: 2 } };
  const seconds = 12_000;
  const log = new FlowLog(5);
  const sim = new QrSimulator(truth, makeRng(31, 'qr-hawkes'), log);
  sim.reset(START);
  sim.advanceTo(START + seconds);
  const events = log.toBookEvents({ symbol: 'T', date: '2012-06-21', source: 'sim', startSeconds: START, endSeconds: START + seconds });
  const { levels: _levels, ...layout } = truth.layout;
  const cal = calibrateQr(events, [{ from: START, to: START + seconds }], layout);

  it('are recovered by maximum likelihood: every 95% interval covers the kernel the flow was simulated from', () => {
    const fit = fitMarketHawkes(marketArrivals(cal, truth.rates));
    for (const key of MARKET_HAWKES_KEYS) {
      const [lo, hi] = fit.ci95[key];
      console.log(`${key}: truth ${truth.hawkes[key]}, fit ${fit[key].toFixed(3)} [${lo.toFixed(3)}, ${hi.toFixed(3)}]`);
      expect(lo).toBeLessThanOrEqual(truth.hawkes[key]);
      expect(hi).toBeGreaterThanOrEqual(truth.hawkes[key]);
    }
    expect(fit.orders).toBeGreaterThan(5000);
    expect(fit.logLikelihood).toBeGreaterThan(fit.poissonLogLikelihood);
  });

  it('give market-order signs a memory the plain model does not have', () => {
    const plain = new FlowLog(5);
    const p = new QrSimulator(knownQrParams(), makeRng(31, 'qr-hawkes'), plain);
    p.reset(START);
    p.advanceTo(START + seconds);
    const plainEvents = plain.toBookEvents({ symbol: 'T', date: '2012-06-21', source: 'sim', startSeconds: START, endSeconds: START + seconds });
    const excited = stylisedFacts(events, [{ from: START, to: START + seconds }], 100).signAutocorrelation[0].value;
    const without = stylisedFacts(plainEvents, [{ from: START, to: START + seconds }], 100).signAutocorrelation[0].value;
    expect(excited).toBeGreaterThan(0.3);
    expect(Math.abs(without)).toBeLessThan(0.1);
  });
});
