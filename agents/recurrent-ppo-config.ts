import { z } from 'zod';
import type { AgentRegistration } from './common/agent-entry.js';
import { MODEL_FILES } from './common/model-files.js';
import { twinLanesProblem } from './common/twin-lanes.js';
import { ppoSchema } from './ppo-config.js';

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/**
 * Recurrent PPO's hyperparameters: PPO's (agents/ppo-config.ts) plus the memory core. A GRU of
 * `coreSize` units reads each normalised observation; the actor and critic MLPs read
 * [observation, hidden state] (CleanRL's ppo_atari_lstm.py shares one LSTM between both heads).
 * Minibatches are whole sequences of `seqLength` steps of one lane (truncated BPTT: 0 means the
 * lane's whole rollout), `numMinibatches` of them per epoch.
 */
export const recurrentPpoSchema = ppoSchema.extend({
  type: z.literal('rppo'),
  coreSize: int(1, 1024).default(64).describe('units of the GRU memory core'),
  seqLength: int(0, 100000).default(0).describe('steps per training sequence (truncated BPTT); 0: each lane\'s whole rollout (episodesPerRollout x N)'),
});

export type RecurrentPpoConfig = z.output<typeof recurrentPpoSchema>;

/** Recurrent PPO's child streams of the run seed: weight init, action sampling, sequence order. */
export const RPPO_STREAMS = { init: 'rppo-init', action: 'rppo-action', minibatch: 'rppo-minibatch' } as const;

/** The steps per training sequence of `config` on an env of N steps. */
export function sequenceLength(config: Pick<RecurrentPpoConfig, 'seqLength' | 'episodesPerRollout'>, N: number): number {
  return config.seqLength === 0 ? config.episodesPerRollout * N : config.seqLength;
}

/** What the harness needs of recurrent PPO before TensorFlow.js is loaded (see agents/registry.ts). */
export const recurrentPpoRegistration: AgentRegistration<typeof recurrentPpoSchema> = {
  schema: recurrentPpoSchema,
  diagnostics: ['policy_loss', 'value_loss', 'entropy', 'approx_kl', 'clip_fraction', 'explained_variance', 'grad_norm', 'log_std', 'learning_rate'],
  streams: RPPO_STREAMS,
  runnableProblem(config, env) {
    const twins = twinLanesProblem(config);
    if (twins) return twins;
    const numSteps = config.episodesPerRollout * env.params.N;
    const L = sequenceLength(config, env.params.N);
    if (numSteps % L !== 0) {
      return `config.agent.seqLength must divide the rollout length episodesPerRollout x N = ${config.episodesPerRollout} x ${env.params.N} = ${numSteps}, got ${config.seqLength}`;
    }
    const sequences = config.numEnvs * (numSteps / L);
    if (config.numMinibatches > sequences) {
      return `config.agent.numMinibatches must be <= the sequences per rollout numEnvs x (episodesPerRollout x N / seqLength) = ${sequences}, got ${config.numMinibatches}`;
    }
    return null;
  },
  policyFiles: MODEL_FILES,
};
