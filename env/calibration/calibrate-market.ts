import { UserError } from '../errors/errors.js';
import type { Rng } from '../random/rng.js';
import { fitBookWalk, walkSizes, type ImpactCurvePoint } from './book-walk.js';
import { barPrices, checkInput, sumIntoSteps, type CalibrationInput } from './calibration-input.js';
import { corwinSchultzHalfSpread } from './corwin-schultz.js';
import type { Estimate } from './estimate.js';
import { timeWeightedHalfSpread } from './half-spread.js';
import { heldOutCheck, type HeldOutCheck } from './held-out.js';
import { permanentImpactPrior, sqrtLawPrior } from './impact-priors.js';
import { kyleLambda } from './kyle-lambda.js';
import { fitRegimes, type RegimeFit } from './regime-fit.js';
import { estimateSigma } from './sigma.js';
import { signaturePlot, type SignaturePlot } from './signature-plot.js';
import { fitVolumeProfile } from './volume-profile-fit.js';

/** Candidate sampling intervals of the signature plot (seconds); those that are bar multiples are used. */
const SIGNATURE_SECONDS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 300, 600, 900, 1800];

export interface CalibrateOptions {
  readonly stepSeconds: number;
  readonly regimes: 'auto' | number;
}

/** The card's estimates; `regimes` and `transition` only when more than one regime was fitted. */
export interface CardEstimates {
  readonly sigma: Estimate;
  readonly S0: Estimate;
  readonly dailyVolume: Estimate;
  readonly halfSpread: Estimate;
  readonly uDepth: Estimate;
  readonly volumeNoise: Estimate;
  readonly eta: Estimate;
  readonly beta: Estimate;
  readonly gamma: Estimate;
  readonly regimes?: readonly { readonly name: string; readonly sigma: Estimate; readonly volumeMultiplier: Estimate }[];
  readonly transition?: { readonly intervalSeconds: number; readonly perInterval: readonly (readonly Estimate[])[]; readonly perStep: readonly (readonly number[])[]; readonly method: string };
}

export interface MarketCalibration {
  readonly symbol: string;
  readonly dates: readonly string[];
  readonly barSeconds: number;
  readonly sessionSeconds: number;
  readonly stepSeconds: number;
  readonly stepsPerDay: number;
  readonly impactModel: 'power' | 'sqrt-volume';
  readonly estimates: CardEstimates;
  /** What the estimators did not use, and why. */
  readonly rejected: readonly { readonly reason: string; readonly count: number }[];
  readonly barsUsed: number;
  readonly signature: SignaturePlot;
  readonly volumeShares: { readonly fitted: readonly number[]; readonly data: readonly number[] };
  readonly impactCurve?: readonly ImpactCurvePoint[];
  readonly impactFit?: { readonly c: number; readonly beta: number };
  readonly regimeFit?: RegimeFit;
  readonly heldOut: HeldOutCheck;
}

/**
 * Calibrates the env's market model to days of one symbol (issue 8). Each parameter comes from its
 * own estimator (see each file for the method and why); where the data cannot identify one, the
 * estimate is a literature prior and says so. The regime HMM draws from `rng`.
 */
export function calibrateMarket(rng: Rng, input: CalibrationInput, options: CalibrateOptions): MarketCalibration {
  const { barSeconds, perStep, bars } = checkInput(input, options.stepSeconds);
  const days = input.days;
  const sessionSeconds = bars * barSeconds;
  const stepsPerDay = Math.floor(bars / perStep);
  const rejected: { reason: string; count: number }[] = [];
  const reject = (reason: string, count: number) => count > 0 && rejected.push({ reason, count });

  // Sigma at the interval the signature plot picks.
  const prices = days.map(barPrices);
  const candidates = SIGNATURE_SECONDS.filter((s) => s % barSeconds === 0).map((s) => s / barSeconds);
  if (!candidates.includes(1)) candidates.unshift(1);
  const signature = signaturePlot(prices, barSeconds, candidates);
  const sigma = estimateSigma(prices, signature.chosen.m, signature.chosen.seconds, signature.noiseVariance);
  const S0: Estimate = { value: prices[0][0], unit: '$/share', method: `opening price of ${days[0].date} (mid where quoted)`, n: 1, ci95: [prices[0][0], prices[0][0]], kind: 'estimate', note: 'observed, not estimated' };

  // Volume profile and noise over the env's steps.
  const stepVolumes = days.map((d) => sumIntoSteps(d.volume, perStep));
  reject(`bars after the last whole ${options.stepSeconds}-s step of a session (volume profile)`, (bars - stepsPerDay * perStep) * days.length);
  const emptyStep = stepVolumes.findIndex((v) => v.some((x) => x <= 0));
  if (emptyStep >= 0) throw new UserError(`--step: a ${options.stepSeconds}-s step of ${days[emptyStep].date} has no volume; use a longer step`);
  const volume = fitVolumeProfile(stepVolumes);

  const halfSpread = estimateHalfSpread(input, sessionSeconds, reject);

  // Permanent impact: Kyle's lambda over steps where executions are signed, else a prior.
  let gamma: Estimate;
  if (days.every((d) => d.signedVolume)) {
    const dMid: number[] = [];
    const flow: number[] = [];
    days.forEach((d, i) => {
      const signed = sumIntoSteps(d.signedVolume!, perStep);
      for (let s = 0; s < stepsPerDay; s++) {
        dMid.push(prices[i][(s + 1) * perStep] - prices[i][s * perStep]);
        flow.push(signed[s]);
      }
    });
    gamma = kyleLambda(dMid, flow, `${options.stepSeconds}-s step`);
    if (gamma.value < 0) gamma = { ...gamma, note: 'negative estimate (noise or a reversal): the spec uses gamma = 0, the least value it allows' };
  } else gamma = permanentImpactPrior(sigma.value, volume.dailyVolume.value);

  // Temporary impact: the recorded book where it has depth, else the square-root-law prior.
  const tauDays = options.stepSeconds / sessionSeconds;
  let eta: Estimate;
  let beta: Estimate;
  let impactModel: 'power' | 'sqrt-volume' = 'sqrt-volume';
  let impactCurve: ImpactCurvePoint[] | undefined;
  let impactFit: { c: number; beta: number } | undefined;
  ({ eta, beta } = sqrtLawPrior());
  if (input.book && input.book.levels > 1) {
    try {
      const walk = fitBookWalk(input.book, walkSizes(input.book), tauDays);
      ({ eta, beta } = walk);
      impactModel = 'power';
      impactCurve = [...walk.curve];
      impactFit = { c: walk.c, beta: walk.beta.value };
    } catch (error) {
      // A book too thin or too flat to fit: say so on the prior rather than fail the card.
      if (!(error instanceof RangeError)) throw error;
      eta = { ...eta, note: `the book walk failed (${error.message}), so the prior is used` };
    }
  }

  const estimates: CardEstimates = { sigma, S0, dailyVolume: volume.dailyVolume, halfSpread, uDepth: volume.uDepth, volumeNoise: volume.volumeNoise, eta, beta, gamma };
  const regimeFit = fitRegimes(rng, {
    prices,
    volumes: days.map((d) => d.volume),
    barSeconds,
    sessionSeconds,
    stepSeconds: options.stepSeconds,
    sigma: sigma.value,
    uDepth: volume.uDepth.value,
    dailyVolume: volume.dailyVolume.value,
  }, options.regimes, signature.chosen.seconds);
  const withRegimes: CardEstimates = regimeFit.hmm.K > 1 ? {
    ...estimates,
    regimes: regimeFit.estimates.names.map((name, k) => ({ name, sigma: regimeFit.estimates.sigma[k], volumeMultiplier: regimeFit.estimates.volumeRatio[k] })),
    transition: { intervalSeconds: regimeFit.intervalSeconds, perInterval: regimeFit.estimates.transition, perStep: regimeFit.perStep.matrix, method: regimeFit.perStep.method },
  } : estimates;

  return {
    symbol: days[0].symbol,
    dates: days.map((d) => d.date),
    barSeconds,
    sessionSeconds,
    stepSeconds: options.stepSeconds,
    stepsPerDay,
    impactModel,
    estimates: withRegimes,
    rejected,
    barsUsed: stepsPerDay * perStep * days.length,
    signature,
    volumeShares: { fitted: [...volume.fittedShares], data: [...volume.dataShares] },
    impactCurve,
    impactFit,
    regimeFit,
    heldOut: heldOutCheck(prices, signature.chosen.m, stepVolumes),
  };
}

/** Time-weighted quotes where the bars carry them, else Corwin–Schultz from the bars' ranges. */
function estimateHalfSpread(input: CalibrationInput, sessionSeconds: number, reject: (reason: string, count: number) => void): Estimate {
  const days = input.days;
  if (days.every((d) => d.bid && d.ask)) {
    const times: number[] = [];
    const bid: number[] = [];
    const ask: number[] = [];
    days.forEach((d, i) => {
      for (let j = 0; j < d.start.length; j++) {
        // Days laid end to end: each bar stands for its own length, whatever the night between.
        times.push(i * sessionSeconds + (d.start[j] - d.start[0]));
        bid.push(d.bid![j]);
        ask.push(d.ask![j]);
      }
    });
    const { estimate, crossed } = timeWeightedHalfSpread(times, bid, ask, days.length * sessionSeconds);
    reject('bars whose time-weighted quote is crossed or locked (half-spread)', crossed);
    return estimate;
  }
  reject('bars with zero volume (prices carried; left out of the Corwin–Schultz pairs)', days.reduce((a, d) => a + d.volume.filter((v) => v === 0).length, 0));
  const high: number[] = [];
  const low: number[] = [];
  const close: number[] = [];
  for (const d of days) {
    for (let j = 0; j < d.start.length; j++) {
      if (d.volume[j] <= 0) continue;
      high.push(d.high[j]);
      low.push(d.low[j]);
      close.push(d.close[j]);
    }
  }
  return corwinSchultzHalfSpread(high, low, close);
}
