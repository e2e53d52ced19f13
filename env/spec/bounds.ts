import type { AcInputs } from '../analytics/almgren-chriss.js';
import { linear } from '../market/impact/linear.js';
import { abm } from '../market/price/abm.js';

/** The spec's cap on decision steps (horizon.N). */
export const MAX_STEPS = 100_000;

/**
 * Largest worst-case dollar amount a market may produce. Costs are summed over steps and
 * episodes and squared in variances, so 1e150 keeps every intermediate (a square is 1e300) below
 * the float64 limit of 1.8e308; nothing a real order costs is within a hundred decades of it.
 */
export const COST_LIMIT = 1e150;
/** Smallest scale of a price move or notional: below it the observation's normalisers underflow to 0. */
export const SCALE_FLOOR = 1e-150;
/** Standard deviations of the worst Gaussian draw allowed for (the samplers never reach 40). */
export const Z_MAX = 40;

/** The numbers of a market that bound its worst case (per regime, the largest). */
export interface MarketScale {
  readonly X: number;
  readonly S0: number;
  readonly T: number;
  readonly N: number;
  /** The price model's largest move over the horizon ($/share; its `worstMove`). */
  readonly worstMove: number;
  readonly sigma: number;
  readonly epsilon: number;
  readonly eta: number;
  readonly gamma: number;
  readonly lambda: number;
  /** Per-share temporary impact of the whole order in one step (the impact model's `worstPerShare`). */
  readonly worstTemporaryPerShare: number;
  readonly aMax: number;
}

/** One term of the worst-case cost, with the field it mostly comes from. */
interface Term {
  readonly path: (string | number)[];
  readonly what: string;
  readonly dollars: number;
}

function worstTerms(m: MarketScale, paths: Record<string, (string | number)[]>): Term[] {
  const move = m.worstMove;
  // In the order they are blamed: the first term over the limit names the field.
  return [
    { path: paths.shares, what: 'notional X·S0', dollars: m.X * m.S0 },
    { path: paths.sigma, what: `${Z_MAX}-sigma price move times X`, dollars: m.X * move },
    { path: paths.epsilon, what: 'fixed cost X·epsilon', dollars: m.X * m.epsilon },
    { path: paths.eta, what: 'temporary impact of the whole order in one step', dollars: m.X * m.worstTemporaryPerShare },
    { path: paths.gamma, what: 'permanent impact gamma·X²', dollars: m.gamma * m.X * m.X },
    { path: paths.lambda, what: 'risk penalty lambda·sigma²·T·X²', dollars: m.lambda * m.sigma * m.sigma * m.T * m.X * m.X },
  ];
}

/**
 * Why the market would overflow to a non-finite cost (or underflow its normalisers), as
 * (field path, message) pairs; empty when its worst case stays within {@link COST_LIMIT}. The
 * worst case is X·(S0 + epsilon + impact of the whole order in one step + a 40-sigma move) plus
 * gamma·X² and the risk penalty lambda·sigma²·T·X², with the largest coefficient of any regime.
 */
export function scaleIssues(m: MarketScale, paths: Record<string, (string | number)[]>): { path: (string | number)[]; message: string }[] {
  const terms = worstTerms(m, paths);
  const total = terms.reduce((acc, t) => acc + t.dollars, 0);
  if (!(total <= COST_LIMIT)) {
    const worst = terms.find((t) => !(t.dollars <= COST_LIMIT)) ?? terms.reduce((a, b) => (a.dollars >= b.dollars ? a : b));
    const shown = (v: number) => (Number.isFinite(v) ? v.toExponential(2) : String(v));
    return [{ path: worst.path, message: `too large: the worst-case ${worst.what} is ${shown(worst.dollars)} $, above the limit of ${COST_LIMIT.toExponential(0)} $ that keeps costs and variances finite` }];
  }
  if (m.X * m.S0 < SCALE_FLOOR) return [{ path: paths.shares, message: `too small: the notional X·S0 = ${(m.X * m.S0).toExponential(2)} $ is below ${SCALE_FLOOR.toExponential(0)} (costs in bps would overflow)` }];
  if (m.sigma * Math.sqrt(m.T / m.N) < SCALE_FLOOR) return [{ path: paths.sigma, message: `too small: sigma·sqrt(tau) = ${(m.sigma * Math.sqrt(m.T / m.N)).toExponential(2)} is below ${SCALE_FLOOR.toExponential(0)} (the observation's volatility normaliser would be 0)` }];
  return [];
}

/**
 * Checks the inputs of the Almgren–Chriss closed forms against the same worst case as a spec.
 * @throws RangeError naming the input whose worst case would not be finite
 */
export function checkAcInputs(p: AcInputs): void {
  const paths = { shares: ['X'], epsilon: ['epsilon'], eta: ['eta'], gamma: ['gamma'], sigma: ['sigma'], lambda: ['lambda'] };
  // No price in the AC inputs: S0 = 1 makes the first term the order size itself.
  const scale: MarketScale = { ...p, S0: 1, worstMove: abm.worstMove({ S0: 1, sigma: p.sigma, T: p.T, zMax: Z_MAX }), worstTemporaryPerShare: linear.worstPerShare({ model: 'linear', epsilon: p.epsilon, eta: p.eta, gamma: p.gamma }, { eta: p.eta, sigma: p.sigma, X: p.X, tau: p.T / p.N, minStepVolume: 1, dailyVolume: 1 }), aMax: 1 };
  const [issue] = scaleIssues(scale, paths).filter((i) => i.message.startsWith('too large'));
  if (issue) throw new RangeError(`--${issue.path[0]} ${issue.message}, got ${p[issue.path[0] as keyof AcInputs]}`);
}
