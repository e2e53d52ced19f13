import { describe, expect, it } from 'vitest';
import { pov, povShares, povVolumeEstimate, remainingForecast } from '../baselines/pov.js';
import { vwap } from '../baselines/vwap.js';
import { compileEnv } from '../env/core/compile-env.js';
import { evaluatePolicy, type TrajectoryRow } from '../env/policy/evaluate-policy.js';
import { resolveSpec } from '../env/registry.js';

// aMax = N lets one step sell everything, so the action space never caps the participation here;
// on the shipped aMax = 4 a step sells at most 4 x / (N - k), which can bind before rho does.
const env = compileEnv(resolveSpec('ac-linear-v0', { action: { type: 'box', aMax: 20, mode: 'strict' } }));
const p = env.params;

/** rows[episode][step] of a policy's recorded trajectories. */
function byEpisode(rows: readonly TrajectoryRow[], episodes: number): TrajectoryRow[][] {
  const out = Array.from({ length: episodes }, () => new Array<TrajectoryRow>(p.N));
  for (const row of rows) out[row.episode][row.step] = row;
  return out;
}

describe('pov: a target participation rate from volume known at decision time', () => {
  it('estimates step k from the published forecast at k = 0 and from the last printed volume after', () => {
    expect(povVolumeEstimate(p, 0, NaN)).toBe(p.expectedVolume[0]);
    const last = 1.3 * p.expectedVolume[4];
    expect(povVolumeEstimate(p, 5, last)).toBeCloseTo((1.3 * p.expectedVolume[5]), 6);
  });

  it('participates at rho within 3 standard errors whenever it is not catching up (2,000 episodes)', () => {
    const rho = 0.1;
    const episodes = 2000;
    const { trajectories } = evaluatePolicy(pov(env, rho), env, { episodes, seed: 100, trajectories: episodes });
    const remaining = remainingForecast(p);
    // The steps tested are chosen from x_k alone (decided before V_{k-1} printed), so the choice
    // cannot favour low or high volumes: x_k >= 3 rho E[V_k] (rho * estimate < x unless V_{k-1} >
    // 3 E[V_{k-1}], a 4-sigma event at noise 0.25) and x_k / remaining forecast <= rho / 3 (no
    // catch-up unless V_{k-1} < E / 3). On them n_k = rho * V_{k-1} E[V_k] / E[V_{k-1}], whose mean
    // is rho E[V_k]: the pooled participation sum n / sum V is then rho up to sampling error, with
    // a delta-method standard error over independent episodes.
    let sumA = 0;
    let sumB = 0;
    const perEpisode: [number, number][] = [];
    for (const rows of byEpisode(trajectories, episodes)) {
      let a = 0;
      let b = 0;
      for (let k = 0; k < p.N - 1; k++) {
        const x = rows[k].inventory;
        if (x < 3 * rho * p.expectedVolume[k] || x / remaining[k] > rho / 3) continue;
        const lastVolume = k > 0 ? rows[k - 1].marketVolume : NaN;
        const decision = povShares(p, rho, remaining, k, x, lastVolume);
        expect(decision.catchingUp).toBe(false);
        expect(rows[k].trade / (rho * povVolumeEstimate(p, k, lastVolume))).toBeCloseTo(1, 9);
        a += rows[k].trade;
        b += rows[k].marketVolume;
      }
      perEpisode.push([a, b]);
      sumA += a;
      sumB += b;
    }
    const ratio = sumA / sumB;
    const residual = perEpisode.reduce((acc, [a, b]) => acc + (a - ratio * b) ** 2, 0);
    const se = Math.sqrt((residual * episodes) / (episodes - 1)) / sumB;
    expect(Math.abs(ratio - rho)).toBeLessThan(3 * se);
    // And the interval is tight enough to mean something: under 2% of rho.
    expect(se).toBeLessThan(0.02 * rho / 3);
  });

  it('below X / total volume it catches up along the volume profile: it trades exactly VWAP and completes', () => {
    // X is 4% of the horizon's expected volume; at rho = 1% POV alone would leave most of the order.
    const slow = evaluatePolicy(pov(env, 0.01), env, { episodes: 3, seed: 5, trajectories: 3 });
    const reference = evaluatePolicy(vwap(env), env, { episodes: 3, seed: 5, trajectories: 3 });
    slow.trajectories.forEach((row, i) => expect(row.trade).toBeCloseTo(reference.trajectories[i].trade, 4));
    for (const record of slow.episodes) expect(record.completion).toBe(1);
  });

  it('rejects a participation rate outside (0, 1], naming the value', () => {
    expect(() => pov(env, 0)).toThrow(/rho must be a participation rate in \(0, 1\], got 0/);
    expect(() => pov(env, 1.5)).toThrow(/got 1.5/);
  });
});
