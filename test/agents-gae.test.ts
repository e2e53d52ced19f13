import { describe, expect, it } from 'vitest';
import { computeGae } from '../agents/common/gae.js';

/** GAE by the definition, A_t = sum_l (gamma lambda)^l delta_{t+l} within the episode. */
function byDefinition(rewards: number[], values: number[], nextValues: number[], gamma: number, lambda: number): number[] {
  const deltas = rewards.map((r, t) => r + gamma * nextValues[t] - values[t]);
  return deltas.map((_, t) => deltas.slice(t).reduce((acc, d, l) => acc + (gamma * lambda) ** l * d, 0));
}

describe('GAE (agents/common/gae.ts)', () => {
  const gamma = 0.9;
  const lambda = 0.8;

  it('matches the hand-computed advantages of one terminated episode (no bootstrap after the end)', () => {
    const rewards = [1, -2, 3];
    const values = [0.5, 0.25, -1];
    const adv = new Float64Array(3);
    const ret = new Float64Array(3);
    computeGae(
      { numSteps: 3, numEnvs: 1, rewards, values, terminated: [0, 0, 1], truncated: [0, 0, 0], finalValues: [0, 0, 0], lastValues: [99], gamma, lambda },
      adv,
      ret,
    );
    // delta_2 = 3 - (-1) = 4; delta_1 = -2 + 0.9 * -1 - 0.25 = -3.15; delta_0 = 1 + 0.9 * 0.25 - 0.5 = 0.725
    expect(adv[2]).toBeCloseTo(4, 12);
    expect(adv[1]).toBeCloseTo(-3.15 + 0.72 * 4, 12);
    expect(adv[0]).toBeCloseTo(0.725 + 0.72 * (-3.15 + 0.72 * 4), 12);
    expect(Array.from(adv)).toEqual(byDefinition(rewards, values, [0.25, -1, 0], gamma, lambda).map((a) => expect.closeTo(a, 12)));
    for (let t = 0; t < 3; t++) expect(ret[t]).toBeCloseTo(adv[t] + values[t], 12);
  });

  it('bootstraps from the final observation on truncation but not on termination, and stops the trace at either', () => {
    // Two lanes, two steps: lane 0 is truncated at t = 0 (final value 10), lane 1 terminated at t = 0.
    const input = {
      numSteps: 2,
      numEnvs: 2,
      rewards: [1, 1, 1, 1],
      values: [0, 0, 0, 0],
      terminated: [0, 1, 0, 0],
      truncated: [1, 0, 0, 0],
      finalValues: [10, 0, 0, 0],
      lastValues: [2, 2],
      gamma,
      lambda,
    };
    const adv = new Float64Array(4);
    computeGae(input, adv, new Float64Array(4));
    expect(adv[0]).toBeCloseTo(1 + gamma * 10, 12); // truncated: bootstrapped, no trace from t = 1
    expect(adv[1]).toBeCloseTo(1, 12); // terminated: V(next) = 0
    expect(adv[2]).toBeCloseTo(1 + gamma * 2, 12); // still running: bootstrapped from lastValues
    expect(adv[3]).toBeCloseTo(1 + gamma * 2, 12);
  });

  it('lambda = 1 gives the Monte Carlo return minus the value; lambda = 0 the one-step TD error', () => {
    const rewards = [1, 2, 3, 4];
    const values = [0.1, 0.2, 0.3, 0.4];
    const common = { numSteps: 4, numEnvs: 1, rewards, values, terminated: [0, 0, 0, 1], truncated: [0, 0, 0, 0], finalValues: [0, 0, 0, 0], lastValues: [0], gamma: 1 };
    const adv = new Float64Array(4);
    computeGae({ ...common, lambda: 1 }, adv, new Float64Array(4));
    expect(Array.from(adv)).toEqual([10 - 0.1, 9 - 0.2, 7 - 0.3, 4 - 0.4].map((a) => expect.closeTo(a, 12)));
    computeGae({ ...common, lambda: 0 }, adv, new Float64Array(4));
    expect(Array.from(adv)).toEqual([1 + 0.2 - 0.1, 2 + 0.3 - 0.2, 3 + 0.4 - 0.3, 4 - 0.4].map((a) => expect.closeTo(a, 12)));
  });
});
