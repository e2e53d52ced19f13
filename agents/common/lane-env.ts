import type { ActionSpec } from '../../env/action/action.js';
import type { CompiledEnv } from '../../env/core/compile-env.js';
import { ExecutionVectorEnv } from '../../env/core/execution-vector-env.js';
import { portfolioFeatureNames } from '../../env/portfolio/observation.js';
import { PortfolioVectorEnv } from '../../env/portfolio/portfolio-vector-env.js';
import type { ResolvedPortfolio } from '../../env/portfolio/registry.js';

/** What an on-policy agent reads of a vector env's step: the SoA buffers both vector envs return. */
export interface LaneStep {
  readonly observation: Float32Array;
  readonly reward: Float64Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  readonly info: { readonly finalObservations: Float32Array; readonly episode: { readonly return: Float64Array } };
}

/** A vector env as an on-policy agent drives it: seeded resets, and steps of numEnvs x actionDim numbers. */
export interface LaneVectorEnv {
  reset(options: { seed: number | readonly number[] }): { observation: Float32Array };
  step(actions: Float64Array): LaneStep;
}

/**
 * The env an agent trains on, single-asset or portfolio (issue 24), reduced to what PPO needs:
 * sizes, the observation's columns, the action's meaning and a vector env of numEnvs lanes.
 */
export interface LaneEnv {
  readonly id: string;
  readonly N: number;
  readonly features: readonly string[];
  readonly hiddenStateFeatures: readonly string[];
  /** The action spec a saved policy records (a portfolio's is the same Box for every name). */
  readonly action: ActionSpec;
  /** The number of actions of a Discrete space (levels, or a passive grid); null for a Box. */
  readonly discreteActions: number | null;
  /** Box dimensions: 1 for the single-asset envs' [a] (passive Boxes are refused before), m for a portfolio. */
  readonly boxDim: number;
  makeVector(numEnvs: number): LaneVectorEnv;
}

/** The single-asset env or the portfolio of a run as a {@link LaneEnv}. */
export function laneEnv(env: CompiledEnv | ResolvedPortfolio): LaneEnv {
  if ('kind' in env) {
    const p = env.params;
    return {
      id: env.id,
      N: p.N,
      features: portfolioFeatureNames(p),
      hiddenStateFeatures: [],
      action: p.action,
      discreteActions: null,
      boxDim: p.m,
      makeVector: (numEnvs) => new PortfolioVectorEnv(p, numEnvs),
    };
  }
  return {
    id: env.spec.id,
    N: env.params.N,
    features: env.features.map((f) => f.name),
    hiddenStateFeatures: env.features.filter((f) => f.hiddenState).map((f) => f.name),
    action: env.spec.action,
    discreteActions: env.actionSpace.kind === 'discrete' ? env.actionSpace.n : null,
    boxDim: env.actionSpace.kind === 'discrete' ? 1 : env.actionSpace.shape[0],
    makeVector: (numEnvs) => new ExecutionVectorEnv(env, numEnvs),
  };
}
