import { basename, join } from 'node:path';
import { corwinSchultzHalfSpread } from '../../env/calibration/corwin-schultz.js';
import { readXetra } from '../../env/data/xetra-reader.js';
import { UserError } from '../../env/errors/errors.js';
import { writeFileAtomic, writeJsonAtomic } from '../../env/io/atomic-write.js';
import { checkDirPath } from '../../env/io/ensure-dir.js';
import { alignSteps, type AlignedSteps } from '../../env/portfolio/calibration/aligned-bars.js';
import { blockBootstrapRows, percentileInterval } from '../../env/portfolio/calibration/block-bootstrap.js';
import { correlations, kyleCrossImpactShape, realizedCovariance, rmsVolume } from '../../env/portfolio/calibration/kyle-cross-impact.js';
import { compilePortfolio } from '../../env/portfolio/params.js';
import { portfolioSpecSchema, type PortfolioSpecInput } from '../../env/portfolio/spec-schema.js';
import { makeRng } from '../../env/random/rng.js';
import { STREAMS } from '../../env/random/seeds.js';
import { openResultDir } from '../io/result-dir.js';
import { portfolioCardMarkdown } from './cross-impact-card-markdown.js';

export interface CalibratePortfolioRequest {
  /** A Xetra PDS 1-minute file (the day estimated on). */
  readonly data: string;
  /** A second Xetra file of the same names on another day: the held-out check. */
  readonly heldOut?: string;
  readonly symbols: readonly string[];
  /** sell or buy per symbol (default every name sold). */
  readonly sides?: readonly ('sell' | 'buy')[];
  readonly stepSeconds: number;
  readonly seed: number;
  readonly riskAversion: number;
  readonly outDir: string;
  readonly bootstrap?: number;
}

/** One pairwise number with its 95% interval. */
export interface PairEstimate {
  readonly pair: string;
  readonly value: number;
  readonly ci95: [number, number];
  /** The held-out day's value, and whether the estimate's interval covers it. */
  readonly heldOut?: number;
  readonly covered?: boolean;
}

/** Bootstrap blocks of this many steps (30 minutes at the default 5-minute step). */
const BLOCK_SECONDS = 1800;

/** Participation of the spec's order: 10% of the day's volume per name. */
const ORDER_FRACTION = 0.1;

const WHAT_BARS_IDENTIFY =
  '1-minute bars carry no trade signs, so cross-impact cannot be regressed on signed order flow as Benzaquen et al. (2017) do with trades: a signed-flow proxy built from the bars themselves ' +
  "(tick rule, bulk volume classification) is a function of the same bar's return, so a regression of returns on it measures co-movement, not impact. What the bars identify is the price covariance " +
  'Sigma and the volume scale of each name. Under the multivariate Kyle model (Lambda Omega Lambda = Sigma, Lambda symmetric; the form Benzaquen et al. found to fit) with uncorrelated signed flows ' +
  "whose scale is proportional to each name's RMS step volume, the SHAPE of cross-impact C_ij = Lambda_ij / sqrt(Lambda_ii Lambda_jj) follows from Sigma and the volumes alone; its LEVEL needs the " +
  "unknown fraction of volume that is net signed flow and is not identified: the spec takes each name's own impact from the priors execgym's single-name calibration uses (Almgren et al. 2005) and " +
  'the off-diagonal terms from C. Two assumptions carry the cross terms: that cross-impact generates the return correlations (no common news), and that signed flows are uncorrelated across names.';

/** Estimates of one day, plus the bootstrap draws of every pairwise number. */
function estimateDay(day: AlignedSteps) {
  const m = day.symbols.length;
  const sigma = realizedCovariance(day.dP, m, day.n);
  const omega = rmsVolume(day.volume, m, day.n);
  return { sigma, corr: correlations(sigma, m), shape: kyleCrossImpactShape(sigma, omega, m), omega };
}

function readDay(file: string, symbols: readonly string[], stepSeconds: number): AlignedSteps {
  const bars = readXetra(file, { symbols });
  const order = symbols.map((s) => {
    const b = bars.filter((x) => x.symbol === s);
    if (b.length !== 1) throw new UserError(`calibrate: ${file} holds ${b.length} days of ${s}; give a file of one day`);
    return b[0];
  });
  const perStep = stepSeconds / order[0].barSeconds;
  if (!Number.isInteger(perStep)) throw new UserError(`--step must be a whole number of ${order[0].barSeconds}-s bars, got ${stepSeconds} s`);
  return alignSteps(order, perStep);
}

/**
 * `execgym calibrate --format xetra --symbols A,B,C`: the covariance and the cross-impact shape of
 * several names from Xetra 1-minute bars, with block-bootstrap 95% intervals and (with a second
 * day) a held-out check, and a portfolio env spec from them. Writes DIR/card.json, DIR/card.md
 * and DIR/spec.json together.
 * @throws UserError for fewer than two symbols, a symbol missing from a file, or a bad step
 */
export function runCalibratePortfolio(request: CalibratePortfolioRequest) {
  const { symbols } = request;
  if (symbols.length < 2) throw new UserError(`--symbols must name at least 2 symbols for a portfolio, got ${JSON.stringify(symbols.join(','))}`);
  if (new Set(symbols).size !== symbols.length) throw new UserError(`--symbols must not repeat a symbol, got ${symbols.join(',')}`);
  if (request.sides && request.sides.length !== symbols.length) throw new UserError(`--sides must give one side per symbol (${symbols.length}), got ${request.sides.length}`);
  checkDirPath(request.outDir, '--out');
  const m = symbols.length;
  const day = readDay(request.data, symbols, request.stepSeconds);
  const other = request.heldOut ? readDay(request.heldOut, symbols, request.stepSeconds) : undefined;
  const est = estimateDay(day);
  const held = other ? estimateDay(other) : undefined;

  // Block bootstrap: the same resampled steps for every name, so the cross-section is kept.
  const draws = request.bootstrap ?? 1000;
  const rng = makeRng(request.seed, STREAMS.crossImpactBootstrap);
  const block = Math.max(1, Math.round(BLOCK_SECONDS / request.stepSeconds));
  const boot = { sd: [] as number[][], corr: [] as number[][], shape: [] as number[][] };
  for (let b = 0; b < draws; b++) {
    const rows = blockBootstrapRows(rng, day.n, block);
    const sigma = realizedCovariance(day.dP, m, day.n, rows);
    boot.sd.push(Array.from({ length: m }, (_, i) => Math.sqrt(sigma[i * (m + 1)])));
    boot.corr.push(Array.from(correlations(sigma, m)));
    boot.shape.push(Array.from(kyleCrossImpactShape(sigma, rmsVolume(day.volume, m, day.n, rows), m)));
  }
  const pairs = (value: Float64Array, draws: number[][], heldValue?: Float64Array): PairEstimate[] => {
    const out: PairEstimate[] = [];
    for (let i = 0; i < m; i++) {
      for (let j = i + 1; j < m; j++) {
        const ci95 = percentileInterval(draws.map((d) => d[i * m + j]));
        const h = heldValue?.[i * m + j];
        out.push({ pair: `${symbols[i]}-${symbols[j]}`, value: value[i * m + j], ci95, ...(h === undefined ? {} : { heldOut: h, covered: ci95[0] <= h && h <= ci95[1] }) });
      }
    }
    return out;
  };
  const sigmaDaily = symbols.map((s, i) => {
    const ci95 = percentileInterval(boot.sd.map((d) => d[i]));
    const h = held ? Math.sqrt(held.sigma[i * (m + 1)]) : undefined;
    return { symbol: s, value: Math.sqrt(est.sigma[i * (m + 1)]), ci95, ...(h === undefined ? {} : { heldOut: h, covered: ci95[0] <= h && h <= ci95[1] }) };
  });
  const correlation = pairs(est.corr, boot.corr, held?.corr);
  const crossImpactShape = pairs(est.shape, boot.shape, held?.shape);
  const coverage = (xs: readonly { covered?: boolean }[]) => (held ? `${xs.filter((x) => x.covered).length} of ${xs.length}` : 'no held-out day given');

  const spec = portfolioSpecFrom(day, est.sigma, est.shape, request);
  const card = {
    kind: 'portfolio-cross-impact',
    symbols,
    source: { format: 'xetra', file: basename(request.data), date: day.date, steps: day.n, stepSeconds: request.stepSeconds, heldOut: other ? { file: basename(request.heldOut!), date: other.date, steps: other.n } : null },
    estimators: {
      covariance: `realised covariance of ${request.stepSeconds}-s close-to-close price changes over the session (first bar, the opening auction, dropped); intraday, per day (price units^2/share^2, EUR for Xetra; the overnight move is not in it)`,
      crossImpactShape: 'C = normalised Lambda of the multivariate Kyle model Lambda Omega Lambda = Sigma (Benzaquen, Mastromatteo, Eisler & Bouchaud 2017), Omega = diag(RMS step volume^2)',
      intervals: `moving-block bootstrap (Künsch 1989), ${draws} draws of ${block}-step blocks, the same steps for every name; 95% percentile intervals; seed ${request.seed}`,
      heldOut: 'the same estimators on the held-out day; `covered` says whether the estimation day\'s interval contains its value',
    },
    whatBarsIdentify: WHAT_BARS_IDENTIFY,
    sigmaDaily,
    correlation,
    crossImpactShape,
    heldOut: held ? { correlationCovered: coverage(correlation), crossImpactShapeCovered: coverage(crossImpactShape), sigmaCovered: coverage(sigmaDaily) } : null,
    spec: { id: spec.id, orderFraction: ORDER_FRACTION, riskAversion: request.riskAversion },
  };
  const out = openResultDir(request.outDir, 'calibrate');
  try {
    writeJsonAtomic(join(out.staging, 'spec.json'), spec);
    writeJsonAtomic(join(out.staging, 'card.json'), card);
    writeFileAtomic(join(out.staging, 'card.md'), portfolioCardMarkdown(card));
  } catch (error) {
    out.abandon();
    throw error;
  }
  out.commit();
  return card;
}

export type CrossImpactCard = ReturnType<typeof runCalibratePortfolio>;

/**
 * The calibrated portfolio spec: Sigma as estimated; each name's own temporary impact the
 * square-root law of Almgren et al. (2005) (Y = 0.142, beta = 0.6) linearised at the order's
 * average rate over one day, its permanent impact 0.314 sigma / V (the priors of execgym's
 * single-name calibration); cross terms H_ij = C_ij sqrt(H_ii H_jj), Gamma_ij = C_ij sqrt(Gamma_ii Gamma_jj);
 * the half-spread by Corwin–Schultz from the bars' ranges.
 */
function portfolioSpecFrom(day: AlignedSteps, sigma: Float64Array, shape: Float64Array, request: CalibratePortfolioRequest): PortfolioSpecInput {
  const m = day.symbols.length;
  const sd = Array.from({ length: m }, (_, i) => Math.sqrt(sigma[i * (m + 1)]));
  const X = Array.from(day.dayVolume, (v) => Math.round(ORDER_FRACTION * v));
  const eta = sd.map((s, i) => (0.142 * s * Math.pow(ORDER_FRACTION, 0.6)) / X[i]);
  const gamma = sd.map((s, i) => (0.314 * s) / day.dayVolume[i]);
  const cross = (d: number[]) => Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, j) => (i === j ? d[i] : shape[i * m + j] * Math.sqrt(d[i] * d[j]))));
  const spec: PortfolioSpecInput = {
    id: `portfolio-xetra-${day.symbols.join('-').toLowerCase()}`,
    kind: 'portfolio',
    description: `Calibrated to Xetra 1-minute bars of ${day.symbols.join(', ')} on ${day.date} (execgym calibrate --symbols): Sigma estimated, cross-impact shape from the multivariate Kyle model, own impact from literature priors; ${Math.round(ORDER_FRACTION * 100)}% of the day's volume per name over one session.`,
    horizon: { T: 1, N: day.n },
    assets: day.symbols.map((symbol, i) => ({
      symbol,
      side: request.sides?.[i] ?? 'sell',
      shares: X[i],
      S0: day.lastClose[i],
      epsilon: corwinSchultzHalfSpread(day.bars[i].high, day.bars[i].low, day.bars[i].close).value,
      dailyVolume: day.dayVolume[i],
    })),
    covariance: Array.from({ length: m }, (_, i) => Array.from(sigma.slice(i * m, (i + 1) * m))),
    permanentImpact: cross(gamma),
    temporaryImpact: cross(eta),
    riskAversion: request.riskAversion,
    source: `card.json (${basename(request.data)})`,
  };
  compilePortfolio(portfolioSpecSchema.parse(spec));
  return spec;
}
