import { Matrix, solve } from 'ml-matrix';

/**
 * A smooth convex programme in u in R^N:
 *   minimise F(u) = 1/2 u' Q u - c' u + sum_k w_k u_k^power   (u_k >= 0 where w_k > 0)
 *   subject to  A u = b  and  G u <= h,
 * with Q symmetric positive semi-definite, w >= 0 and power > 1 (so the separable part is convex).
 */
export interface ConvexProgramme {
  readonly Q: Matrix;
  readonly c: Float64Array;
  readonly w: Float64Array;
  readonly power: number;
  readonly A: readonly Float64Array[];
  readonly b: readonly number[];
  readonly G: readonly Float64Array[];
  readonly h: readonly number[];
}

export interface ConvexSolution {
  readonly u: Float64Array;
  /** Indices of the inequality rows active at the solution (multiplier > 0 or tight). */
  readonly active: number[];
  readonly iterations: number;
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/** F(u), as defined in {@link ConvexProgramme}. */
export function objectiveOf(prob: ConvexProgramme, u: ArrayLike<number>): number {
  const Qu = prob.Q.mmul(Matrix.columnVector(Array.from(u))).getColumn(0);
  let f = 0.5 * dot(u, Qu) - dot(prob.c, u);
  for (let k = 0; k < u.length; k++) if (prob.w[k] > 0) f += prob.w[k] * Math.pow(Math.max(0, u[k]), prob.power);
  return f;
}

function gradientAndHessian(prob: ConvexProgramme, u: Float64Array): { g: Float64Array; H: Matrix } {
  const N = u.length;
  const g = Float64Array.from(prob.Q.mmul(Matrix.columnVector(Array.from(u))).getColumn(0), (v, k) => v - prob.c[k]);
  const H = prob.Q.clone();
  for (let k = 0; k < N; k++) {
    if (!(prob.w[k] > 0)) continue;
    // At u_k = 0 the curvature of u^power (power < 2) is infinite; a floor keeps the KKT matrix
    // finite, and a coordinate held at 0 by an active bound does not move whatever its curvature.
    const uk = Math.max(u[k], 1e-12);
    g[k] += prob.w[k] * prob.power * Math.pow(uk, prob.power - 1);
    H.set(k, k, H.get(k, k) + prob.w[k] * prob.power * (prob.power - 1) * Math.pow(uk, prob.power - 2));
  }
  return { g, H };
}

/** Solves [H R'; R 0][d; mu] = [-g; 0] for the Newton step d on {R d = 0} and the multipliers mu. */
function newtonStep(H: Matrix, g: Float64Array, rows: readonly Float64Array[]): { d: Float64Array; mu: Float64Array } {
  const N = g.length;
  const m = rows.length;
  const kkt = Matrix.zeros(N + m, N + m);
  kkt.setSubMatrix(H, 0, 0);
  rows.forEach((row, i) => {
    for (let k = 0; k < N; k++) {
      kkt.set(N + i, k, row[k]);
      kkt.set(k, N + i, row[k]);
    }
  });
  const rhs = Matrix.columnVector([...Array.from(g, (v) => -v), ...new Array<number>(m).fill(0)]);
  const sol = solve(kkt, rhs).getColumn(0);
  return { d: Float64Array.from(sol.slice(0, N)), mu: Float64Array.from(sol.slice(N)) };
}

/**
 * Minimises a {@link ConvexProgramme} from a feasible `start` by a primal active-set method
 * (Nocedal & Wright 2006, Alg. 16.3) whose inner step is a damped Newton step on the working set:
 * exact in one step for a quadratic programme, quadratically convergent otherwise. A blocking
 * inequality joins the working set; at a stationary point the inequality with the most negative
 * multiplier leaves it; the first stationary point with all multipliers >= 0 satisfies the KKT
 * conditions, which for a convex programme are sufficient for the global minimum.
 * @throws RangeError when it does not converge within the iteration cap
 */
export function minimizeConvex(prob: ConvexProgramme, start: Float64Array, tolerance = 1e-13): ConvexSolution {
  const N = start.length;
  const u = Float64Array.from(start);
  const working = new Set<number>();
  for (let i = 0; i < prob.G.length; i++) if (prob.h[i] - dot(prob.G[i], u) <= 0) working.add(i);
  const maxIterations = 50 * (N + prob.G.length);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const { g, H } = gradientAndHessian(prob, u);
    const ids = [...working];
    const { d, mu } = newtonStep(H, g, [...prob.A, ...ids.map((i) => prob.G[i])]);
    const decrement = -dot(g, d);
    const scale = Math.max(1, Math.abs(objectiveOf(prob, u)));
    if (decrement <= tolerance * scale || Math.max(...Array.from(d, Math.abs)) <= tolerance) {
      let worst = -1;
      let worstMu = -1e-10 * Math.max(1, ...Array.from(g, Math.abs));
      ids.forEach((id, j) => {
        const m = mu[prob.A.length + j];
        if (m < worstMu) {
          worstMu = m;
          worst = id;
        }
      });
      if (worst < 0) return { u, active: ids.sort((a, b) => a - b), iterations: iteration };
      working.delete(worst);
      continue;
    }
    // Ratio test: the longest step along d that keeps every inequality outside the working set.
    let alpha = 1;
    let blocking = -1;
    for (let i = 0; i < prob.G.length; i++) {
      if (working.has(i)) continue;
      const rate = dot(prob.G[i], d);
      if (rate <= 0) continue;
      const slack = Math.max(0, prob.h[i] - dot(prob.G[i], u));
      if (slack / rate < alpha) {
        alpha = slack / rate;
        blocking = i;
      }
    }
    // Armijo backtracking for the non-quadratic part (a quadratic accepts the full step).
    const f0 = objectiveOf(prob, u);
    const trial = new Float64Array(N);
    let step = alpha;
    for (let halvings = 0; halvings < 60; halvings++) {
      for (let k = 0; k < N; k++) trial[k] = u[k] + step * d[k];
      if (objectiveOf(prob, trial) <= f0 - 1e-4 * step * decrement) break;
      step /= 2;
    }
    u.set(trial);
    if (blocking >= 0 && step === alpha) working.add(blocking);
  }
  throw new RangeError(`the convex programme did not converge in ${maxIterations} active-set iterations`);
}
