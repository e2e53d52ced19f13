/**
 * Almgren & Chriss (2000), "Optimal execution of portfolio transactions": the exact discrete-time
 * optimal trajectory and its expected cost and variance. Symbols as in the paper.
 */
export interface AcInputs {
  /** Order size (shares). */
  readonly X: number;
  /** Horizon (days) and number of steps. */
  readonly T: number;
  readonly N: number;
  /** Volatility ($/share/day^0.5). */
  readonly sigma: number;
  /** Fixed cost ($/share): half the spread plus fees. */
  readonly epsilon: number;
  /** Temporary impact ($/share per share/day). */
  readonly eta: number;
  /** Permanent impact ($/share per share). */
  readonly gamma: number;
  /** Risk aversion (1/$). */
  readonly lambda: number;
}

export interface AcSchedule {
  readonly tau: number;
  /** eta~ = eta - gamma * tau / 2. */
  readonly etaTilde: number;
  /** Urgency kappa (1/day); 0 for lambda = 0 (the straight line). */
  readonly kappa: number;
  /** Holdings x_0 = X .. x_N = 0 and trades n_k = x_k - x_{k+1}, k = 0..N-1. */
  readonly x: Float64Array;
  readonly n: Float64Array;
  /** E[cost] ($), Var[cost] ($^2) and E + lambda * Var ($). */
  readonly expectedCost: number;
  readonly variance: number;
  readonly objective: number;
}

/** @throws RangeError naming the input, for a non-positive size, horizon or step count, negative coefficients, or eta~ <= 0. */
export function validateAcInputs(p: AcInputs): void {
  const positive: (keyof AcInputs)[] = ['X', 'T', 'eta'];
  for (const key of positive) if (!(p[key] > 0)) throw new RangeError(`${key} must be > 0, got ${p[key]}`);
  const nonNegative: (keyof AcInputs)[] = ['sigma', 'epsilon', 'gamma', 'lambda'];
  for (const key of nonNegative) if (!(p[key] >= 0)) throw new RangeError(`${key} must be >= 0, got ${p[key]}`);
  if (!Number.isInteger(p.N) || p.N < 1) throw new RangeError(`N must be a positive integer, got ${p.N}`);
  const tau = p.T / p.N;
  const etaTilde = p.eta - (p.gamma * tau) / 2;
  if (!(etaTilde > 0)) {
    throw new RangeError(`eta - gamma * tau / 2 must be > 0 (eta~, Almgren–Chriss), got ${p.eta} - ${p.gamma} * ${tau} / 2 = ${etaTilde}`);
  }
}

/**
 * The urgency kappa of the discrete problem: (2 / tau^2)(cosh(kappa tau) - 1) = lambda sigma^2 / eta~,
 * solved in closed form with acosh.
 */
export function acKappa(p: AcInputs): number {
  const tau = p.T / p.N;
  const etaTilde = p.eta - (p.gamma * tau) / 2;
  const kappaTildeSq = (p.lambda * p.sigma * p.sigma) / etaTilde;
  return Math.acosh(1 + (kappaTildeSq * tau * tau) / 2) / tau;
}

/**
 * The optimal static trajectory x_j = sinh(kappa (T - t_j)) / sinh(kappa T) * X (the straight line
 * when kappa = 0) with E = gamma X^2 / 2 + epsilon X + (eta~ / tau) sum n_k^2 and
 * V = sigma^2 tau sum_{j=1..N} x_j^2.
 * @example acSchedule({ X: 1e6, T: 5, N: 5, sigma: 0.95, epsilon: 0.0625, eta: 2.5e-6, gamma: 2.5e-7, lambda: 1e-6 }).kappa // 0.6070761632
 * @throws RangeError for impossible inputs (see {@link validateAcInputs})
 */
export function acSchedule(p: AcInputs): AcSchedule {
  validateAcInputs(p);
  const tau = p.T / p.N;
  const kappa = acKappa(p);
  const x = new Float64Array(p.N + 1);
  for (let j = 0; j <= p.N; j++) {
    const t = j * tau;
    // kappa * T below ~1e-8 loses the sinh ratio to rounding; the limit is the straight line.
    x[j] = kappa * p.T < 1e-8 ? (p.X * (p.N - j)) / p.N : p.X * sinhRatio(kappa * (p.T - t), kappa * p.T);
  }
  x[p.N] = 0;
  const n = new Float64Array(p.N);
  for (let k = 0; k < p.N; k++) n[k] = x[k] - x[k + 1];
  const { expectedCost, variance } = scheduleCost(p, x);
  return { tau, etaTilde: p.eta - (p.gamma * tau) / 2, kappa, x, n, expectedCost, variance, objective: expectedCost + p.lambda * variance };
}

/** sinh(a) / sinh(b) for 0 <= a <= b, without overflow when b is beyond sinh's range (~710). */
function sinhRatio(a: number, b: number): number {
  if (b < 20) return Math.sinh(a) / Math.sinh(b);
  return (Math.exp(a - b) * -Math.expm1(-2 * a)) / -Math.expm1(-2 * b);
}

/** E and Var of any static trajectory `x` (length N + 1, x_0 = X, x_N = 0) under the AC model. */
export function scheduleCost(p: AcInputs, x: ArrayLike<number>): { expectedCost: number; variance: number } {
  const tau = p.T / p.N;
  const etaTilde = p.eta - (p.gamma * tau) / 2;
  let sumN2 = 0;
  let sumX2 = 0;
  for (let k = 0; k < p.N; k++) {
    const n = x[k] - x[k + 1];
    sumN2 += n * n;
    sumX2 += x[k + 1] * x[k + 1];
  }
  return {
    expectedCost: 0.5 * p.gamma * p.X * p.X + p.epsilon * p.X + (etaTilde / tau) * sumN2,
    variance: p.sigma * p.sigma * tau * sumX2,
  };
}

/**
 * The paper's closed-form E and V (Almgren & Chriss 2000, eq. 20), independent of the sums in
 * {@link scheduleCost}: each checks the other. Needs kappa > 0.
 */
export function acClosedFormCost(p: AcInputs): { expectedCost: number; variance: number } {
  validateAcInputs(p);
  const tau = p.T / p.N;
  const etaTilde = p.eta - (p.gamma * tau) / 2;
  const k = acKappa(p);
  if (!(k > 0)) throw new RangeError(`the closed form needs kappa > 0 (lambda * sigma > 0), got kappa = ${k}`);
  const { X, T, sigma } = p;
  const sinhKT = Math.sinh(k * T);
  const expectedCost =
    0.5 * p.gamma * X * X +
    p.epsilon * X +
    (etaTilde * X * X * Math.tanh(0.5 * k * tau) * (tau * Math.sinh(2 * k * T) + 2 * T * Math.sinh(k * tau))) / (2 * tau * tau * sinhKT * sinhKT);
  const variance =
    (0.5 * sigma * sigma * X * X * (tau * sinhKT * Math.cosh(k * (T - tau)) - T * Math.sinh(k * tau))) / (sinhKT * sinhKT * Math.sinh(k * tau));
  return { expectedCost, variance };
}

export interface FrontierPoint {
  readonly lambda: number;
  readonly kappa: number;
  readonly expectedCost: number;
  readonly stdDev: number;
}

/** The efficient frontier: (E, sqrt(Var)) of the optimal trajectory for each lambda in `lambdas`. */
export function efficientFrontier(p: Omit<AcInputs, 'lambda'>, lambdas: readonly number[]): FrontierPoint[] {
  return lambdas.map((lambda) => {
    const s = acSchedule({ ...p, lambda });
    return { lambda, kappa: s.kappa, expectedCost: s.expectedCost, stdDev: Math.sqrt(s.variance) };
  });
}

/** kappa * T below this makes the AC schedule within about 1% of the straight line (TWAP). */
export const TWAP_LIKE_KAPPA_T = 0.25;

/**
 * The one-line diagnostic printed before an experiment: kappa, the half-life 1 / kappa and
 * kappa * T, with a warning when kappa * T is so small that AC cannot be told from TWAP.
 */
export function describeUrgency(schedule: AcSchedule, T: number): string {
  const kT = schedule.kappa * T;
  const halfLife = schedule.kappa > 0 ? (1 / schedule.kappa).toPrecision(4) : 'inf';
  const line = `AC urgency: kappa = ${schedule.kappa.toPrecision(6)}/day, half-life 1/kappa = ${halfLife} days, kappa*T = ${kT.toPrecision(4)}`;
  return kT < TWAP_LIKE_KAPPA_T
    ? `${line}\nwarning: kappa*T = ${kT.toPrecision(3)} < ${TWAP_LIKE_KAPPA_T}: the AC schedule is nearly TWAP, so AC-vs-TWAP comparisons on this market cannot separate them`
    : line;
}
