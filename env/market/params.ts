import { loadMarketData, type MarketData } from '../data/load-market-data.js';
import { buildReplayTable, type ReplayTable } from '../data/replay-table.js';
import { buildBookReplay, type BookReplay } from './queue-replay/book-replay.js';
import { resolveLob, type LobParams } from './lob-fills/lob-params.js';
import { resolveQr, type QrFillParams } from './qr-fills/qr-params.js';
import type { EnvSpec, ExecutionSpec } from '../spec/schema.js';
import { propagate, stationaryDistribution } from './markov.js';
import { stepVolumeProfile } from './volume-profile.js';
import { resolveConstraints, type ExecutionConstraints } from './constraints.js';
import type { ImpactParams } from './impact/impact-model.js';
import { impactModels, type ImpactModelName } from './impact/impact-models.js';
import { priceModels, type PriceModelName } from './price/price-models.js';
import type { PriceConstants } from './price/price-model.js';

export enum RegimeInfoMode {
  Hidden = 0,
  Oracle = 1,
  Belief = 2,
  Shuffled = 3,
}

/**
 * Everything the market step, the observation and the analytics need, resolved once from a
 * validated {@link EnvSpec}: per-regime coefficients as typed arrays (a one-regime market is K = 1),
 * derived constants, and the volume forecast. Plain frozen data (numbers, enums, typed arrays and
 * strings, no reference back to the spec), shared by every lane of a vector env. The object and its
 * name list are frozen; typed arrays cannot be, so by contract nothing writes into them.
 */
export interface MarketParams extends ImpactParams {
  readonly N: number;
  readonly T: number;
  /** Step length tau = T / N (days). */
  readonly tau: number;
  readonly sqrtTau: number;
  /** +1 for a sell program, -1 for a buy: prices move by -side * impact. */
  readonly side: 1 | -1;
  /** Order size X (shares). */
  readonly X: number;
  readonly S0: number;
  /** The price model's name: look it up in `priceModels` (env/market/price/price-models.ts). */
  readonly priceModel: PriceModelName;
  /** The price model's own constants (e.g. ou-alpha's phi), empty for most models. */
  readonly priceConstants: PriceConstants;
  /** True for the geometric price model (kept for callers; the market's code looks `priceModel` up). */
  readonly gbm: boolean;
  /** The impact model's name: look it up in `impactModels` (env/market/impact/impact-models.ts). */
  readonly impactModel: ImpactModelName;
  /** Number of regimes and their names (`single` for a one-regime market). */
  readonly K: number;
  readonly regimeNames: readonly string[];
  readonly sigma: Float64Array;
  readonly epsilon: Float64Array;
  readonly eta: Float64Array;
  readonly gamma: Float64Array;
  readonly volumeMultiplier: Float64Array;
  /** Exponent of the power and square-root laws (1 for linear and transient). */
  readonly beta: number;
  /** Transient impact per share and its per-step decay factor exp(-rho * tau). */
  readonly kappa: number;
  readonly decay: number;
  /** Row-major K x K per-step transition matrix, initial and stationary distributions. */
  readonly transition: Float64Array;
  readonly initial: Float64Array;
  readonly stationary: Float64Array;
  /** Expected volume of step k before the regime multiplier, and the unconditional forecast E[V_k]. */
  readonly volumeProfile: Float64Array;
  readonly expectedVolume: Float64Array;
  /** Expected market volume per day before the regime multiplier (shares). */
  readonly dailyVolume: number;
  readonly volumeNoise: number;
  /** lambda: risk aversion (1/$). */
  readonly lambda: number;
  /** Stationary root-mean-square volatility: the unit of the price and volatility features. */
  readonly sigmaRef: number;
  /** Weight of the newest squared return in the realised-volatility EWMA. */
  readonly volAlpha: number;
  readonly regimeInfo: RegimeInfoMode;
  /** Basis points per $ of shortfall: 1e4 / (X * S0). */
  readonly bpsPerDollar: number;
  /**
   * The recorded windows of a `replay` price model (exogenous price and volume come from them,
   * nothing is drawn), or null when the price is simulated.
   */
  readonly replay: ReplayTable | null;
  /** Participation cap, round lot and minimum order (env/market/constraints.ts), or null for none. */
  readonly constraints: ExecutionConstraints | null;
  /** A passive env's limit orders and fill model, or null for a taker env (market orders only). */
  readonly execution: ExecutionParams | null;
  /**
   * A queue replay's recorded book (execution.fills.model 'queue'): limit orders rest in its queues
   * and market orders walk its levels; null otherwise.
   */
  readonly book: BookReplay | null;
  /**
   * A book replay (execution.fills.model 'book'): our orders live in each lane's own LOBSTER
   * message replay (env/market/lob-fills/), over the windows and decision rows of `book`; null otherwise.
   */
  readonly lob: LobParams | null;
  /**
   * A generated-flow book (execution.fills.model 'qr', issue 21): each lane's book is moved by a
   * queue-reactive order flow from the recorded book at its window's start (env/market/qr-fills/);
   * `book` holds the recorded day and the windows' decision rows; null otherwise.
   */
  readonly qr: QrFillParams | null;
}

/**
 * The limit-order side of a passive env (see `execution` in the spec). Fills of the intensity
 * model (env/market/fills.ts): an order resting at delta = epsilon_r + offset * tick from the mid
 * is hit H ~ Poisson(Lambda) times a step, `clip` shares a hit.
 */
export interface ExecutionParams {
  readonly tick: number;
  /** Discrete grid: offsets (ticks behind the touch) and posted fractions, ascending. */
  readonly offsets: Float64Array;
  readonly fractions: Float64Array;
  /** The Box offset's upper bound: the largest grid offset (ticks). */
  readonly maxOffset: number;
  readonly A: number;
  readonly k: number;
  readonly alpha: number;
  readonly clip: number;
  /** Unfilled limit shares join the step's market order (true) or go back to inventory (false). */
  readonly crossUnfilled: boolean;
}

const regimeInfoCodes: Record<EnvSpec['regimeInfo'], RegimeInfoMode> = {
  hidden: RegimeInfoMode.Hidden,
  oracle: RegimeInfoMode.Oracle,
  belief: RegimeInfoMode.Belief,
  shuffled: RegimeInfoMode.Shuffled,
};

/**
 * Resolves a validated spec and the data it replays into {@link MarketParams}: pure, given `data`
 * (its default reads the files, see `loadMarketData`).
 */
export function resolveMarket(spec: EnvSpec, data: MarketData = loadMarketData(spec)): MarketParams {
  const { T, N } = spec.horizon;
  const regimes = spec.regimes ?? [{ name: 'single', volumeMultiplier: 1 }];
  const K = regimes.length;
  const perRegime = (pick: (r: (typeof regimes)[number]) => number | undefined, fallback: number) =>
    Float64Array.from(regimes, (r) => pick(r) ?? fallback);
  const impact = spec.impact;
  const sigma = perRegime((r) => ('sigma' in r ? r.sigma : undefined), spec.price.sigma);
  const transition = spec.transition ? Float64Array.from(spec.transition.flat()) : Float64Array.of(1);
  const stationary = stationaryDistribution(transition, K);
  const initial = spec.initial ? Float64Array.from(spec.initial) : stationary;
  const volumeMultiplier = perRegime((r) => r.volumeMultiplier, 1);
  const replay = spec.price.model === 'replay' && data.bars ? buildReplayTable({ ...spec, price: spec.price }, data.bars) : null;
  // A replay's forecast is the training windows' mean volume: known before any test window plays.
  const volumeProfile = replay ? replay.expectedVolume : stepVolumeProfile(spec);
  const expectedVolume = replay ? replay.expectedVolume : expectedVolumes(volumeProfile, volumeMultiplier, initial, transition, K);
  const tau = T / N;
  const fills = spec.execution?.fills;
  const book = replay && data.book && (fills?.model === 'queue' || fills?.model === 'book' || fills?.model === 'qr') ? buildBookReplay(data.book, replay, spec.price.S0, N, fills.depthPenaltyTicks) : null;
  let meanVariance = 0;
  for (let r = 0; r < K; r++) meanVariance += stationary[r] * sigma[r] * sigma[r];
  return Object.freeze({
    N,
    T,
    tau,
    sqrtTau: Math.sqrt(tau),
    side: spec.order.side === 'sell' ? 1 : -1,
    X: spec.order.shares,
    S0: spec.price.S0,
    priceModel: spec.price.model,
    priceConstants: Object.freeze(priceModels[spec.price.model].resolve?.(spec.price, tau) ?? {}),
    gbm: spec.price.model === 'gbm',
    impactModel: impact.model,
    K,
    regimeNames: Object.freeze(regimes.map((r) => r.name)),
    sigma,
    epsilon: perRegime((r) => ('epsilon' in r ? r.epsilon : undefined), impact.epsilon),
    eta: perRegime((r) => ('eta' in r ? r.eta : undefined), impact.eta),
    gamma: perRegime((r) => ('gamma' in r ? r.gamma : undefined), impact.gamma),
    volumeMultiplier,
    ...impactModels[impact.model].resolve(impact, tau),
    transition,
    initial,
    stationary,
    volumeProfile,
    expectedVolume,
    dailyVolume: spec.volume.daily,
    volumeNoise: spec.volume.noise,
    lambda: spec.riskAversion,
    sigmaRef: Math.sqrt(meanVariance),
    volAlpha: 1 - Math.pow(0.5, 1 / spec.observation.volHalfLife),
    regimeInfo: regimeInfoCodes[spec.regimeInfo],
    bpsPerDollar: 1e4 / (spec.order.shares * spec.price.S0),
    replay,
    constraints: spec.constraints ? resolveConstraints(spec.constraints, expectedVolume) : null,
    execution: spec.execution ? resolveExecution(spec.execution) : null,
    book,
    lob: book && replay && fills?.model === 'book' ? resolveLob(fills, book, replay, spec.order.shares, N) : null,
    qr: book && replay && fills?.model === 'qr' ? resolveQr(fills, book, replay, spec.order.shares, N) : null,
  });
}

function resolveExecution(execution: ExecutionSpec): ExecutionParams {
  const fills = execution.fills;
  // The queue replay draws nothing: its fills come from the recorded book (MarketParams.book).
  const intensity = fills.model === 'intensity' ? fills : { A: 0, k: 0, alpha: 0, clip: Infinity };
  return Object.freeze({
    tick: execution.tick,
    offsets: Float64Array.from(execution.offsets),
    fractions: Float64Array.from(execution.fractions),
    maxOffset: Math.max(...execution.offsets),
    A: intensity.A,
    k: intensity.k,
    alpha: intensity.alpha,
    clip: intensity.clip,
    crossUnfilled: execution.unfilled === 'cross',
  });
}

/** E[V_k] = profile_k * E[multiplier of r_k], with r_k's marginal law initial * P^k. */
function expectedVolumes(profile: Float64Array, multiplier: Float64Array, initial: Float64Array, transition: Float64Array, K: number): Float64Array {
  const out = new Float64Array(profile.length);
  let marginal: Float64Array = initial;
  for (let k = 0; k < profile.length; k++) {
    let m = 0;
    for (let r = 0; r < K; r++) m += marginal[r] * multiplier[r];
    out[k] = profile[k] * m;
    marginal = propagate(marginal, transition, K);
  }
  return out;
}
