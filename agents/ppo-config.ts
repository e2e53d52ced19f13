import { z } from 'zod';
import type { AgentRegistration } from './common/agent-entry.js';
import { MODEL_FILES } from './common/model-files.js';
import { twinLanesProblem } from './common/twin-lanes.js';

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const unit = z.number().min(0).max(1);

/** Network layout shared by PPO and DQN. */
export const networkFields = {
  hidden: z.array(int(1, 4096)).min(1).max(8).default([64, 64]).describe('hidden layer widths of each MLP'),
  activation: z.enum(['tanh', 'relu']).default('tanh').describe('hidden-layer activation'),
  rewardScale: z.number().positive().max(1e6).default(0.01).describe('rewards (bps) are multiplied by this inside the agent, e.g. 0.01 turns a -316 bps return into -3.16'),
};

/**
 * PPO hyperparameters (names as in CleanRL's ppo.py, camelCased). A rollout is `numEnvs` lanes x
 * `episodesPerRollout` whole episodes, so every rollout, update and checkpoint falls on an episode
 * boundary.
 */
export const ppoSchema = z.strictObject({
  type: z.literal('ppo'),
  numEnvs: int(1, 65536).default(64).describe('parallel lanes of the vector env'),
  episodesPerRollout: int(1, 100000).default(1).describe('episodes each lane plays per rollout: numSteps = episodesPerRollout x N'),
  learningRate: z.number().gt(0).max(1).default(3e-4).describe('Adam learning rate'),
  annealLr: z.boolean().default(true).describe('anneal the learning rate linearly to 0 over the budget'),
  adamEpsilon: z.number().gt(0).max(1).default(1e-5).describe('Adam epsilon'),
  gamma: unit.default(1).describe('discount; 1 is the undiscounted execution objective'),
  gaeLambda: unit.default(0.95).describe('GAE lambda'),
  numMinibatches: int(1, 1 << 20).default(4).describe('minibatches per epoch'),
  updateEpochs: int(1, 1000).default(10).describe('passes over each rollout'),
  normAdv: z.boolean().default(true).describe('standardise advantages within each minibatch'),
  clipCoef: z.number().gt(0).max(1).default(0.2).describe('surrogate clipping epsilon'),
  clipVloss: z.boolean().default(true).describe('clip the value loss around the old values (PPO2 style)'),
  entCoef: z.number().min(0).max(10).default(0).describe('entropy bonus coefficient'),
  vfCoef: z.number().min(0).max(100).default(0.5).describe('value loss coefficient'),
  maxGradNorm: z.number().gt(0).max(1e6).default(0.5).describe('global gradient-norm clip'),
  targetKl: z.number().gt(0).max(10).nullable().default(null).describe('stop the epochs early when approx KL exceeds this (null: never)'),
  normObs: z.boolean().default(true).describe('standardise observations with running statistics (saved with the model)'),
  initLogStd: z.number().min(-10).max(5).default(0).describe('Box: initial log standard deviation of the Gaussian policy'),
  boxMapping: z
    .enum(['squash', 'clip'])
    .default('squash')
    .describe('Box: a Gaussian sample u becomes the action aMax * sigmoid(u) (squash) or u clipped into [0, aMax] (clip)'),
  // Optional, not defaulted: a config without it resolves (and hashes) as before the field existed.
  pairLanes: z
    .boolean()
    .optional()
    .describe("common random numbers: lanes 2j and 2j+1 play the same market seed and each one's advantage is reduced by its twin's at the same step, a control variate for the market noise both carry (agents/common/twin-lanes.ts); numEnvs must be even"),
  ...networkFields,
});

export type PpoConfig = z.output<typeof ppoSchema>;

/** PPO's child streams of the run seed: weight init, action sampling, minibatch order. */
export const PPO_STREAMS = { init: 'ppo-init', action: 'ppo-action', minibatch: 'ppo-minibatch' } as const;

/** What the harness needs of PPO before TensorFlow.js is loaded (see agents/registry.ts). */
export const ppoRegistration: AgentRegistration<typeof ppoSchema> = {
  schema: ppoSchema,
  diagnostics: ['policy_loss', 'value_loss', 'entropy', 'approx_kl', 'clip_fraction', 'explained_variance', 'grad_norm', 'log_std', 'learning_rate'],
  streams: PPO_STREAMS,
  runnableProblem(config, env) {
    const twins = twinLanesProblem(config);
    if (twins) return twins;
    const batchSize = config.numEnvs * config.episodesPerRollout * env.params.N;
    if (config.numMinibatches > batchSize) {
      return `config.agent.numMinibatches must be <= the batch numEnvs x episodesPerRollout x N = ${config.numEnvs} x ${config.episodesPerRollout} x ${env.params.N} = ${batchSize}, got ${config.numMinibatches}`;
    }
    return null;
  },
  policyFiles: MODEL_FILES,
  trainsOnPortfolio: true,
};
