import { Box } from '../spaces/box.js';
import { RegimeInfoMode, type MarketParams } from './params.js';
import { priceModels } from './price/price-models.js';
import type { MarketState } from './state.js';
import { bookFeatureCount, bookFeatures } from './lob-fills/book-features.js';

/** One column of the observation vector, for documentation and for the run manifest. */
export interface ObservationFeature {
  readonly name: string;
  readonly meaning: string;
  readonly low: number;
  readonly high: number;
  /** True when the feature reveals state the agent could not observe in a real market. */
  readonly hiddenState: boolean;
}

const BASE_FEATURES: readonly ObservationFeature[] = [
  { name: 'time_left', meaning: '(N - k) / N', low: 0, high: 1, hiddenState: false },
  { name: 'inventory_left', meaning: 'x_k / X', low: 0, high: 1, hiddenState: false },
  { name: 'price_move', meaning: '(S_k - S_0) / (sigma_ref * sqrt(T)), sigma_ref the stationary RMS volatility', low: -Infinity, high: Infinity, hiddenState: false },
  { name: 'realised_vol', meaning: 'sqrt(EWMA of (S_{j+1} - S_j)^2 / (sigma_ref^2 tau)); 1 at the start', low: 0, high: Infinity, hiddenState: false },
  { name: 'volume_ratio', meaning: 'last printed market volume / its forecast E[V]; 1 at the start', low: 0, high: Infinity, hiddenState: false },
];

/** A market with trading halts (constraints.halts) shows whether the current step is halted: an announced halt is public. */
const HALTED_FEATURE: ObservationFeature = { name: 'halted', meaning: '1 when trading is halted in the current step (its trade is refused), else 0', low: 0, high: 1, hiddenState: false };

/** The observation's columns for a market: the base features, what `regimeInfo` allows, the price model's latent (ou-alpha's alpha), `halted` where halts are, then a book env's book features (recorded or generated flow). */
export function observationFeatures(p: MarketParams): ObservationFeature[] {
  const lob = p.lob ?? p.qr?.lob;
  const latent = priceModels[p.priceModel].latent;
  const latentColumns = latent ? [{ name: latent.feature.name, meaning: latent.feature.meaning, low: -Infinity, high: Infinity, hiddenState: false }] : [];
  return [...regimeFeatures(p), ...latentColumns, ...(p.constraints?.halts ? [HALTED_FEATURE] : []), ...(lob ? bookFeatures(lob) : [])];
}

function regimeFeatures(p: MarketParams): ObservationFeature[] {
  const names = p.regimeNames;
  const regimeColumns = (prefix: string, meaning: string, hiddenState: boolean) =>
    names.map((name) => ({ name: `${prefix}_${name}`, meaning, low: 0, high: 1, hiddenState }));
  switch (p.regimeInfo) {
    case RegimeInfoMode.Hidden:
      return [...BASE_FEATURES];
    case RegimeInfoMode.Oracle:
      return [...BASE_FEATURES, ...regimeColumns('regime', 'one-hot of the true current regime (hidden state: an oracle)', true)];
    case RegimeInfoMode.Belief:
      return [...BASE_FEATURES, ...regimeColumns('belief', 'Hamilton-filter probability of the current regime from public prices and volumes', false)];
    case RegimeInfoMode.Shuffled:
      return [...BASE_FEATURES, ...regimeColumns('shuffled', 'one-hot of an independent chain with the same transitions (a control)', false)];
  }
}

/** The observation space: a float32 box with each feature's range. */
export function observationSpace(features: readonly ObservationFeature[]): Box<'float32'> {
  return new Box(
    features.map((f) => f.low),
    features.map((f) => f.high),
    'float32',
  );
}

/**
 * Writes the observations of lanes [from, to), lane i's at `out[i * dim ..]`, dim the number of
 * features: the base features of every lane in one loop, then the regime columns `regimeInfo`
 * allows. The vector env writes all lanes after each step, a single env its one lane.
 */
export function writeObservations(p: MarketParams, s: MarketState, out: Float32Array, from = 0, to = s.lanes): void {
  const { N, X, S0, side, K } = p;
  const latent = priceModels[p.priceModel].latent;
  const regimeDim = BASE_FEATURES.length + (p.regimeInfo === RegimeInfoMode.Hidden ? 0 : K);
  const halts = p.constraints?.halts ? 1 : 0;
  const haltedAt = regimeDim + (latent ? 1 : 0);
  const bookAt = haltedAt + halts;
  const lob = p.lob ?? p.qr?.lob;
  const dim = bookAt + (lob ? bookFeatureCount(lob) : 0);
  if (latent) for (let i = from; i < to; i++) out[i * dim + regimeDim] = latent.feature.observe(p, s.latent[i]);
  if (halts) for (let i = from; i < to; i++) out[i * dim + haltedAt] = s.halted[i];
  const lanes = s.lob ?? s.qr;
  if (lanes) {
    const { features, dim: bookDim } = lanes;
    for (let i = from; i < to; i++) for (let j = 0; j < bookDim; j++) out[i * dim + bookAt + j] = features[i * bookDim + j];
  }
  const priceUnit = p.sigmaRef * Math.sqrt(p.T);
  const { k, x, fundamental, permanent, volEwma, volumeRatio } = s;
  for (let i = from; i < to; i++) {
    const at = i * dim;
    out[at] = (N - k[i]) / N;
    out[at + 1] = x[i] / X;
    out[at + 2] = (fundamental[i] - side * permanent[i] - S0) / priceUnit;
    out[at + 3] = Math.sqrt(volEwma[i]);
    out[at + 4] = volumeRatio[i];
  }
  const columns = BASE_FEATURES.length;
  switch (p.regimeInfo) {
    case RegimeInfoMode.Hidden:
      return;
    case RegimeInfoMode.Oracle:
      for (let i = from; i < to; i++) oneHot(out, i * dim + columns, K, s.regime[i]);
      return;
    case RegimeInfoMode.Shuffled:
      for (let i = from; i < to; i++) oneHot(out, i * dim + columns, K, s.shadow[i]);
      return;
    case RegimeInfoMode.Belief:
      for (let i = from; i < to; i++) for (let r = 0; r < K; r++) out[i * dim + columns + r] = s.belief[i * K + r];
      return;
  }
}

function oneHot(out: Float32Array, at: number, K: number, hot: number): void {
  for (let r = 0; r < K; r++) out[at + r] = r === hot ? 1 : 0;
}
