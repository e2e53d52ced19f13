/** One rollout of `numSteps` steps of `numEnvs` lanes, time-major: index t * numEnvs + i. */
export interface GaeInput {
  readonly numSteps: number;
  readonly numEnvs: number;
  readonly rewards: ArrayLike<number>;
  /** V(s_t) of each stored observation. */
  readonly values: ArrayLike<number>;
  /** 1 where the episode ended at step t because the MDP ended (no bootstrap), ... */
  readonly terminated: ArrayLike<number>;
  /** ... or because of a time limit (bootstrap from the final observation's value). */
  readonly truncated: ArrayLike<number>;
  /** V(final observation) where `truncated` is 1 (read nowhere else). */
  readonly finalValues: ArrayLike<number>;
  /** V(s_T) of the observation after the rollout, for lanes still running. */
  readonly lastValues: ArrayLike<number>;
  readonly gamma: number;
  readonly lambda: number;
}

/**
 * Generalised advantage estimation (Schulman et al. 2016), backwards over the rollout:
 *   delta_t = r_t + gamma * V(next) - V(s_t),  A_t = delta_t + gamma * lambda * (1 - ended_t) * A_{t+1}
 * where V(next) is 0 after a termination, V(final observation) after a truncation (a time limit
 * is not the end of the MDP, so its value is bootstrapped) and V(s_{t+1}) otherwise.
 * Writes the advantages and the value targets A_t + V(s_t).
 */
export function computeGae(input: GaeInput, advantages: Float64Array, returns: Float64Array): void {
  const { numSteps, numEnvs, rewards, values, terminated, truncated, finalValues, lastValues, gamma, lambda } = input;
  for (let i = 0; i < numEnvs; i++) {
    let lastGaeLam = 0;
    for (let t = numSteps - 1; t >= 0; t--) {
      const at = t * numEnvs + i;
      const ended = terminated[at] === 1 || truncated[at] === 1;
      let nextValue: number;
      if (terminated[at] === 1) nextValue = 0;
      else if (truncated[at] === 1) nextValue = finalValues[at];
      else nextValue = t === numSteps - 1 ? lastValues[i] : values[at + numEnvs];
      const delta = rewards[at] + gamma * nextValue - values[at];
      const nextNonTerminal = ended ? 0 : 1;
      lastGaeLam = delta + gamma * lambda * nextNonTerminal * lastGaeLam;
      advantages[at] = lastGaeLam;
      returns[at] = lastGaeLam + values[at];
    }
  }
}
