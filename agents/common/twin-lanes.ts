/**
 * Common random numbers for on-policy training (`agent.pairLanes`). The market's exogenous draws
 * (price shocks, volumes, regimes) are taken in the same order whatever the action, so two lanes
 * reset with the same seed play the same market and differ only by their own actions. On an
 * execution market most of an advantage's variance is that market noise: the future price moves
 * times the inventory still held, which no critic of the present state can predict (the critic
 * explains ~70% of the return's variance on regime-v0). Twins share it.
 *
 * The control variate: lane i's advantage minus its twin's at the same step. It leaves the policy
 * gradient unbiased: the twin's advantage depends on the shared market and the twin's own actions,
 * none of which depends on lane i's action at that step (each lane's exploration noise is its
 * own), so E[grad log pi(a_i | s_i) A_twin] = E[A_twin E[grad log pi(a_i | s_i) | s_i]] = 0.
 * The returns (the critic's targets) are left as they are.
 */

/** Why a config cannot play in twins (an odd number of lanes), or null. */
export function twinLanesProblem(config: { readonly pairLanes?: boolean; readonly numEnvs: number }): string | null {
  return config.pairLanes && config.numEnvs % 2 !== 0 ? `config.agent.numEnvs must be even with pairLanes (lanes play in twins), got ${config.numEnvs}` : null;
}

/** The lanes' seeds of one rollout: lanes 2j and 2j + 1 both take `base + j`. */
export function twinSeeds(base: number, numEnvs: number): number[] {
  return Array.from({ length: numEnvs }, (_, i) => base + (i >> 1));
}

/**
 * Replaces each advantage of a rollout (time-major, index t * numEnvs + i, numEnvs even) by itself
 * minus its twin's at the same step.
 */
export function subtractTwinAdvantages(advantages: Float64Array, numSteps: number, numEnvs: number): void {
  for (let t = 0; t < numSteps; t++) {
    for (let i = t * numEnvs; i < (t + 1) * numEnvs; i += 2) {
      const a = advantages[i];
      const b = advantages[i + 1];
      advantages[i] = a - b;
      advantages[i + 1] = b - a;
    }
  }
}
