import { greedyActions, type AgentModel } from '../../agents/common/agent-model.js';
import type { CompiledEnv } from '../../env/core/compile-env.js';
import { ExecutionVectorEnv } from '../../env/core/execution-vector-env.js';
import { UserError } from '../../env/errors/errors.js';

/** How much of the Hamilton filter's belief a linear read-out of a representation recovers. */
export interface BeliefProbe {
  /** R^2 on held-out episodes of a linear probe from the recurrent policy's hidden state to the belief. */
  readonly hiddenR2: number;
  /** The same probe from the (normalised) observation alone: what needs no memory. */
  readonly observationR2: number;
  readonly fitRows: number;
  readonly testRows: number;
}

/**
 * Runs the recurrent policy `model` greedily on `env` (regime hidden) for `episodes` episodes from
 * market seed `seed` and, on the same seeds and actions, `beliefEnv` (the same market with
 * regimeInfo 'belief', whose last K columns are the filter's P(r_k | public history)); fits a
 * least-squares probe [h_k, 1] -> belief_k on the first half of the episodes and reports R^2 on the
 * second half (summed over the K columns), next to the same probe from the observation.
 * @throws UserError when the model has no recurrent core or the two envs' observations differ
 */
export function beliefProbe(model: AgentModel, env: CompiledEnv, beliefEnv: CompiledEnv, episodes: number, seed: number): BeliefProbe {
  const core = model.core;
  if (!core) throw new UserError('the belief probe needs a recurrent policy (agent rppo)');
  const { N } = env.params;
  const K = beliefEnv.params.K;
  const d = env.features.length;
  const db = beliefEnv.features.length;
  const H = core.spec.hiddenSize;
  const a = new ExecutionVectorEnv(env, episodes);
  const b = new ExecutionVectorEnv(beliefEnv, episodes);
  let obs = a.reset({ seed }).observation;
  let beliefObs = b.reset({ seed }).observation;
  const hidden = new Float32Array(episodes * H);
  const actions = new Float64Array(episodes);
  const rows = { h: [] as Float64Array[], x: [] as Float64Array[], y: [] as Float64Array[], episode: [] as number[] };
  for (let k = 0; k < N; k++) {
    greedyActions(model, obs, episodes, actions, hidden);
    const normalized = model.obsNorm ? model.obsNorm.normalize(obs, episodes, new Float32Array(episodes * d)) : obs;
    for (let i = 0; i < episodes; i++) {
      for (let j = 0; j < d; j++) if (obs[i * d + j] !== beliefObs[i * db + j]) throw new UserError(`belief probe: the belief env's column ${j} differs from the policy env's at step ${k}`);
      rows.h.push(Float64Array.from(hidden.subarray(i * H, (i + 1) * H)));
      rows.x.push(Float64Array.from(normalized.subarray(i * d, (i + 1) * d)));
      rows.y.push(Float64Array.from(beliefObs.subarray(i * db + db - K, (i + 1) * db)));
      rows.episode.push(i);
    }
    obs = a.step(actions).observation;
    beliefObs = b.step(actions).observation;
  }
  a.close();
  b.close();
  const fit = rows.episode.map((e) => e < episodes / 2);
  return { hiddenR2: heldOutR2(rows.h, rows.y, fit), observationR2: heldOutR2(rows.x, rows.y, fit), fitRows: fit.filter(Boolean).length, testRows: fit.filter((f) => !f).length };
}

/** R^2 on the rows with fit[r] false of the ridge (1e-6) least-squares fit [x, 1] -> y on the others. */
function heldOutR2(x: Float64Array[], y: Float64Array[], fit: boolean[]): number {
  const p = x[0].length + 1;
  const K = y[0].length;
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p * K);
  const row = new Float64Array(p);
  for (let r = 0; r < x.length; r++) {
    if (!fit[r]) continue;
    row.set(x[r]);
    row[p - 1] = 1;
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) xtx[i * p + j] += row[i] * row[j];
      for (let c = 0; c < K; c++) xty[i * K + c] += row[i] * y[r][c];
    }
  }
  for (let i = 0; i < p; i++) xtx[i * p + i] += 1e-6;
  const beta = solve(xtx, xty, p, K);
  const mean = new Float64Array(K);
  let n = 0;
  for (let r = 0; r < x.length; r++) if (!fit[r]) (n++, y[r].forEach((v, c) => (mean[c] += v)));
  mean.forEach((_, c) => (mean[c] /= n));
  let sse = 0;
  let sst = 0;
  for (let r = 0; r < x.length; r++) {
    if (fit[r]) continue;
    for (let c = 0; c < K; c++) {
      let pred = beta[(p - 1) * K + c];
      for (let i = 0; i < p - 1; i++) pred += x[r][i] * beta[i * K + c];
      sse += (y[r][c] - pred) ** 2;
      sst += (y[r][c] - mean[c]) ** 2;
    }
  }
  return 1 - sse / sst;
}

/** A B = C for symmetric positive definite A [p, p] and C [p, K] by Gaussian elimination with partial pivoting. */
function solve(a: Float64Array, c: Float64Array, p: number, K: number): Float64Array {
  const m = Float64Array.from(a);
  const b = Float64Array.from(c);
  for (let col = 0; col < p; col++) {
    let pivot = col;
    for (let r = col + 1; r < p; r++) if (Math.abs(m[r * p + col]) > Math.abs(m[pivot * p + col])) pivot = r;
    for (let j = 0; j < p; j++) [m[col * p + j], m[pivot * p + j]] = [m[pivot * p + j], m[col * p + j]];
    for (let j = 0; j < K; j++) [b[col * K + j], b[pivot * K + j]] = [b[pivot * K + j], b[col * K + j]];
    for (let r = col + 1; r < p; r++) {
      const f = m[r * p + col] / m[col * p + col];
      for (let j = col; j < p; j++) m[r * p + j] -= f * m[col * p + j];
      for (let j = 0; j < K; j++) b[r * K + j] -= f * b[col * K + j];
    }
  }
  for (let r = p - 1; r >= 0; r--) {
    for (let j = 0; j < K; j++) {
      let v = b[r * K + j];
      for (let i = r + 1; i < p; i++) v -= m[r * p + i] * b[i * K + j];
      b[r * K + j] = v / m[r * p + r];
    }
  }
  return b;
}
