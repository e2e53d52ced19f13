import { sampleIndex } from '../rng.js';
import { linearImpact } from './impact/linear.js';
import { powerImpact } from './impact/power.js';
import { sqrtVolumeImpact } from './impact/sqrt-volume.js';
import { nextDisplacement, transientImpact } from './impact/transient.js';
import { ImpactModel, RegimeInfoMode, type MarketParams } from './params.js';
import { hamiltonUpdate } from './regime-filter.js';
import type { MarketState } from './state.js';

/**
 * What one step did, per lane: reward, the fill, the market, and the cost ledger in $ (positive is
 * a cost): fixed + temporary + permanent + timing = shortfall = side * n * (S0 - execution price).
 */
export interface StepOutput {
  readonly reward: Float64Array;
  readonly terminated: Uint8Array;
  readonly shares: Float64Array;
  readonly price: Float64Array;
  readonly volume: Float64Array;
  readonly regime: Int32Array;
  readonly fixed: Float64Array;
  readonly temporary: Float64Array;
  /** Own impact of earlier trades still in the price: permanent P_k plus transient D_k. */
  readonly permanent: Float64Array;
  /** The exogenous price move since arrival: side * n * (S0 - F_k). */
  readonly timing: Float64Array;
  readonly shortfall: Float64Array;
  readonly riskPenalty: Float64Array;
}

export function createStepOutput(lanes: number): StepOutput {
  const f64 = () => new Float64Array(lanes);
  return {
    reward: f64(),
    terminated: new Uint8Array(lanes),
    shares: f64(),
    price: f64(),
    volume: f64(),
    regime: new Int32Array(lanes),
    fixed: f64(),
    temporary: f64(),
    permanent: f64(),
    timing: f64(),
    shortfall: f64(),
    riskPenalty: f64(),
  };
}

/** Starts a new episode in lane `i`, drawing r_0 (and the shadow chain's start) from its stream. */
export function resetLane(p: MarketParams, s: MarketState, i: number): void {
  const rng = s.rngs[i];
  s.k[i] = 0;
  s.x[i] = p.X;
  s.fundamental[i] = p.S0;
  s.permanent[i] = 0;
  s.displacement[i] = 0;
  s.regime[i] = p.K > 1 ? sampleIndex(rng, p.initial) : 0;
  s.shadow[i] = p.K > 1 ? sampleIndex(rng, p.initial) : 0;
  s.volEwma[i] = 1;
  s.volumeRatio[i] = 1;
  s.belief.set(p.initial, i * p.K);
  s.shortfall[i] = 0;
  s.riskPenalty[i] = 0;
  s.episodeReturn[i] = 0;
  s.vwapNotional[i] = 0;
  s.vwapVolume[i] = 0;
}

/** Shares traded for multiplier `a` of the even split; the last step liquidates what remains. */
export function sharesFor(p: MarketParams, k: number, x: number, a: number): number {
  const remaining = p.N - k;
  return remaining === 1 ? x : Math.min(x, (a * x) / remaining);
}

/** Temporary impact per share of trading `n` shares, beyond the fixed cost. */
function temporaryImpact(p: MarketParams, r: number, n: number, volume: number): number {
  switch (p.impactModel) {
    case ImpactModel.Linear:
      return linearImpact(p.eta[r], n, p.tau);
    case ImpactModel.Power:
      return powerImpact(p.eta[r], n, p.tau, p.beta);
    case ImpactModel.SqrtVolume:
      return sqrtVolumeImpact(p.eta[r], p.sigma[r], n, volume, p.beta);
    case ImpactModel.Transient:
      return transientImpact(p.eta[r], n, p.tau, p.kappa);
  }
}

/**
 * The market step: every lane trades its multiplier `a[i]` of the even split, the market moves one
 * step, and `out` receives what happened. The exogenous draws (volume noise, price shock, next
 * regime, shadow regime) are taken in the same order whatever the action, so every policy sees
 * the same market path for the same seed (common random numbers); a one-regime market draws no
 * regimes. Lanes must not be terminated.
 */
export function marketStep(p: MarketParams, s: MarketState, a: ArrayLike<number>, out: StepOutput, scratch: Float64Array): void {
  // Locals, not property loads, in the hot loop.
  const { side, K, N, tau, sqrtTau, S0, lambda, gbm, bpsPerDollar, volumeNoise: noise, sigma, epsilon, gamma } = p;
  const transient = p.impactModel === ImpactModel.Transient;
  const noiseDrift = 0.5 * noise * noise;
  const volAlpha = p.volAlpha;
  const returnScale = 1 / (p.sigmaRef * p.sigmaRef * tau);
  for (let i = 0; i < s.lanes; i++) {
    const rng = s.rngs[i];
    const k = s.k[i];
    const r = s.regime[i];
    const x = s.x[i];
    const n = sharesFor(p, k, x, a[i]);

    // Market volume of this step: profile * regime multiplier * mean-one lognormal noise.
    const volume = p.volumeProfile[k] * p.volumeMultiplier[r] * Math.exp(noise * rng.normal() - noiseDrift);

    // Execution at S_k - side * (fixed + temporary + displacement); the ledger splits the shortfall.
    const F = s.fundamental[i];
    const P = s.permanent[i];
    const D = s.displacement[i];
    const fixedPerShare = n > 0 ? epsilon[r] : 0;
    const tempPerShare = n > 0 ? temporaryImpact(p, r, n, volume) : 0;
    const priceBefore = F - side * P;
    const fixed = n * fixedPerShare;
    const temporary = n * tempPerShare;
    const permanent = n * (P + D);
    const timing = side * n * (S0 - F);
    const shortfall = fixed + temporary + permanent + timing;
    const xNext = x - n;
    const sigmaR = sigma[r];
    const riskPenalty = lambda * sigmaR * sigmaR * tau * xNext * xNext;
    const reward = -bpsPerDollar * (shortfall + riskPenalty);

    // The market moves: exogenous shock under regime r_k, then own permanent and transient impact.
    const shock = sigmaR * sqrtTau * rng.normal();
    const Fnext = gbm ? F * Math.exp((shock - (0.5 * sigmaR * sigmaR * tau) / S0) / S0) : F + shock;
    const Pnext = P + gamma[r] * n;
    const priceAfter = Fnext - side * Pnext;
    s.fundamental[i] = Fnext;
    s.permanent[i] = Pnext;
    s.displacement[i] = transient ? nextDisplacement(D, n, p.kappa, p.decay) : 0;
    if (K > 1) {
      s.regime[i] = sampleIndex(rng, p.transition, r * K, K);
      s.shadow[i] = sampleIndex(rng, p.transition, s.shadow[i] * K, K);
    }
    s.x[i] = xNext;
    s.k[i] = k + 1;

    // Public features for the next observation.
    const priceChange = priceAfter - priceBefore;
    s.volEwma[i] += volAlpha * ((priceChange * priceChange) * returnScale - s.volEwma[i]);
    s.volumeRatio[i] = volume / p.expectedVolume[k];
    if (p.regimeInfo === RegimeInfoMode.Belief) {
      hamiltonUpdate(p, s.belief, i * K, k, priceChange, n, volume, gbm ? F / S0 : 1, scratch);
    }

    s.shortfall[i] += shortfall;
    s.riskPenalty[i] += riskPenalty;
    s.episodeReturn[i] += reward;
    s.vwapNotional[i] += volume * priceBefore;
    s.vwapVolume[i] += volume;

    out.reward[i] = reward;
    out.terminated[i] = k + 1 === p.N ? 1 : 0;
    out.shares[i] = n;
    out.price[i] = priceBefore - side * (fixedPerShare + tempPerShare + D);
    out.volume[i] = volume;
    out.regime[i] = r;
    out.fixed[i] = fixed;
    out.temporary[i] = temporary;
    out.permanent[i] = permanent;
    out.timing[i] = timing;
    out.shortfall[i] = shortfall;
    out.riskPenalty[i] = riskPenalty;
  }
}
