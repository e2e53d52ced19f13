import { expect } from 'vitest';
import { resolvePolicy } from '../../baselines/registry.js';
import { compileEnv } from '../../env/core/compile-env.js';
import type { ExecutionEnv, PassiveCostLedger, StepInfo } from '../../env/core/execution-env.js';
import { ExecutionVectorEnv } from '../../env/core/execution-vector-env.js';
import { evaluatePolicy } from '../../env/policy/evaluate-policy.js';
import { make, resolveSpec } from '../../env/registry.js';

/**
 * Passive-env actions [a, fraction, offset] that exercise market orders, limit orders at and
 * behind the touch, and (on the book envs, where orders rest across steps) orders kept, re-sized
 * and re-priced; the last one repeats the second so a kept order is met again.
 */
export const PASSIVE_ACTIONS: readonly number[][] = [
  [1, 0, 0],
  [1, 1, 0],
  [2, 0.5, 1],
  [0.5, 1, 5],
  [1.5, 0.25, 2],
  [0, 0, 0],
  [1, 1, 0],
];

/** One episode of `env` from `reset(options)`, the action of step k from `pick(k)`: every step's info, reward and observation. */
export function playEpisodeOf(env: ExecutionEnv, options: { seed?: number }, pick: (k: number) => number[]) {
  const { info: start, observation } = env.reset(options);
  const steps: StepInfo[] = [];
  const rewards: number[] = [];
  const observations: Float32Array[] = [observation];
  for (let k = 0, done = false; !done; k++) {
    const r = env.step(pick(k));
    steps.push(r.info);
    rewards.push(r.reward);
    observations.push(r.observation);
    done = r.terminated;
  }
  return { start, steps, rewards, observations };
}

/**
 * Env `id` is the same whichever lane runs it: a vector env of M lanes reset to `seed` plays as M
 * single envs on seeds seed, seed + 1, ... (lane i's action at step k `PASSIVE_ACTIONS[k + i]`),
 * rewards and observations bit for bit; and every passive baseline scores the same batched or alone.
 */
export async function expectLanesAreSingleEnvs(id: string, M = 3, seed = 20): Promise<void> {
  const compiled = compileEnv(resolveSpec(id));
  const vec = new ExecutionVectorEnv(compiled, M);
  const first = vec.reset({ seed });
  const singles = Array.from({ length: M }, (_, i) => playEpisodeOf(make(id), { seed: seed + i }, (k) => PASSIVE_ACTIONS[(k + i) % PASSIVE_ACTIONS.length]));
  const dim = compiled.features.length;
  for (let i = 0; i < M; i++) expect(Array.from(first.observation.subarray(i * dim, (i + 1) * dim))).toEqual(Array.from(singles[i].observations[0]));
  for (let k = 0; k < compiled.params.N; k++) {
    const actions = Float64Array.from({ length: 3 * M }, (_, j) => PASSIVE_ACTIONS[(k + Math.floor(j / 3)) % PASSIVE_ACTIONS.length][j % 3]);
    const r = vec.step(actions);
    for (let i = 0; i < M; i++) {
      expect(r.reward[i]).toBe(singles[i].rewards[k]);
      const obs = k + 1 < compiled.params.N ? r.observation : r.info.finalObservations;
      expect(Array.from(obs.subarray(i * dim, (i + 1) * dim))).toEqual(Array.from(singles[i].observations[k + 1]));
    }
  }
  for (const name of ['twap', 'passive-twap', 'passive-pov:0.1', 'ac-passive']) {
    const policy = await resolvePolicy(name, compiled);
    const alone = evaluatePolicy(policy, compiled, { episodes: 5, seed: 0 });
    const batched = evaluatePolicy(policy, compiled, { episodes: 5, seed: 0, batch: 3 });
    expect(batched.episodes).toEqual(alone.episodes);
  }
}

/**
 * A passive episode's ledger is exact: on every step fixed + temporary + permanent + timing −
 * spread earned = shortfall, the steps sum to the episode's shortfall and to side × (X·S0 − value
 * received), and nothing is left at the end. @returns the per-step ledgers
 */
export function expectPassiveLedgerExact(env: ExecutionEnv, steps: readonly StepInfo[], side: 'sell' | 'buy'): PassiveCostLedger[] {
  const { S0, X } = env.params;
  const sign = side === 'sell' ? 1 : -1;
  const ledgers = steps.map((info) => info.ledger as PassiveCostLedger);
  let total = 0;
  let value = 0;
  for (const [k, l] of ledgers.entries()) {
    expect(Math.abs(l.fixed + l.temporary + l.permanent + l.timing - l.spreadEarned - l.shortfall)).toBeLessThan(1e-9 * S0 * X);
    total += l.shortfall;
    value += steps[k].fill.shares * steps[k].fill.price;
  }
  const end = steps.at(-1)!;
  expect(end.inventory).toBe(0);
  expect(Math.abs(end.episode!.shortfall - total)).toBeLessThan(1e-9 * S0 * X);
  expect(Math.abs(sign * (X * S0 - value) - total)).toBeLessThan(1e-9 * S0 * X);
  return ledgers;
}
