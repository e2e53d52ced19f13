import { z } from 'zod';
import type { AgentRegistration } from './common/agent-entry.js';
import { MODEL_FILES } from './common/model-files.js';
import { networkFields } from './ppo-config.js';

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/**
 * DQN hyperparameters (names as in CleanRL's dqn.py, camelCased), with the double-DQN target,
 * optional dueling head and n-step returns. Needs a Discrete action space.
 */
export const dqnSchema = z
  .strictObject({
    type: z.literal('dqn'),
    numEnvs: int(1, 65536).default(16).describe('parallel lanes of the vector env'),
    learningRate: z.number().gt(0).max(1).default(2.5e-4).describe('Adam learning rate'),
    adamEpsilon: z.number().gt(0).max(1).default(1e-8).describe('Adam epsilon'),
    annealLr: z.boolean().default(false).describe('anneal the learning rate linearly to 0 over the budget (steadies the greedy policy late in training)'),
    bufferSize: int(1, 1e8).default(100000).describe('replay buffer capacity (transitions)'),
    gamma: z.number().min(0).max(1).default(1).describe('discount; 1 is the undiscounted execution objective'),
    tau: z.number().gt(0).max(1).default(1).describe('target update: 1 copies the online network every targetNetworkFrequency env steps; < 1 is a Polyak average after every gradient step'),
    targetNetworkFrequency: int(1, 1e9).default(2000).describe('env steps between hard target-network copies (tau = 1)'),
    batchSize: int(1, 1e6).default(128).describe('transitions per gradient step'),
    startE: z.number().min(0).max(1).default(1).describe('initial exploration epsilon'),
    endE: z.number().min(0).max(1).default(0.05).describe('final exploration epsilon'),
    explorationFraction: z.number().min(0).max(1).default(0.5).describe('fraction of the budget over which epsilon falls linearly'),
    learningStarts: int(0, 1e12).default(10000).describe('env steps of pure collection before the first gradient step'),
    trainFrequency: int(1, 1e6).default(1).describe('vector-env steps between training points'),
    gradientSteps: int(1, 1e4).default(1).describe('gradient steps at each training point'),
    maxGradNorm: z.number().gt(0).max(1e6).default(10).describe('global gradient-norm clip'),
    dueling: z.boolean().default(false).describe('dueling head: Q = V + A - mean(A) (Wang et al. 2016)'),
    nSteps: int(1, 100).default(1).describe('n-step returns (1: the one-step target)'),
    ...networkFields,
    activation: networkFields.activation.default('relu'),
  })
  .superRefine((c, ctx) => {
    if (c.endE > c.startE) ctx.addIssue({ code: 'custom', path: ['endE'], message: `must be <= startE (${c.startE}), got ${c.endE}` });
    if (c.bufferSize < c.batchSize) ctx.addIssue({ code: 'custom', path: ['bufferSize'], message: `must hold at least one batch (batchSize ${c.batchSize}), got ${c.bufferSize}` });
  });

export type DqnConfig = z.output<typeof dqnSchema>;

/** DQN's child streams of the run seed: weight init, epsilon-greedy exploration, replay sampling. */
export const DQN_STREAMS = { init: 'dqn-init', explore: 'dqn-explore', replay: 'dqn-replay' } as const;

/** What the harness needs of DQN before TensorFlow.js is loaded (see agents/registry.ts). */
export const dqnRegistration: AgentRegistration<typeof dqnSchema> = {
  schema: dqnSchema,
  diagnostics: ['q_loss', 'q_mean', 'grad_norm', 'epsilon', 'learning_rate'],
  streams: DQN_STREAMS,
  runnableProblem(_config, env) {
    if (env.spec.action.type === 'discrete') return null;
    return `config.agent: dqn needs a Discrete action space; env ${env.spec.id} has a ${env.spec.action.type} one (set env.overrides.action to {"type": "discrete", "levels": [...]})`;
  },
  policyFiles: MODEL_FILES,
};
