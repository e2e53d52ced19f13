import type * as tf from '@tensorflow/tfjs-core';
import type { z } from 'zod';
import type { CompiledEnv } from '../../env/core/compile-env.js';
import type { ResolvedPortfolio } from '../../env/portfolio/registry.js';
import type { AgentModel, AgentTopology } from './agent-model.js';
import type { TrainContext } from './train-context.js';

/**
 * What an algorithm registers about itself that the harness needs before TensorFlow.js is loaded
 * (config validation, the learning curve's columns, the runnable check, the manifest's hashes).
 * It lives beside the algorithm's config schema (ppo-config.ts, dqn-config.ts); agents/registry.ts
 * adds the training code, loaded on demand.
 */
export interface AgentRegistration<S extends z.ZodObject<{ type: z.ZodLiteral<string> }>> {
  /** The `agent` section of a run config for this algorithm, discriminated by its `type`. */
  readonly schema: S;
  /** The learning curve's diagnostics columns: the keys of what the algorithm passes to `ctx.recordUpdate`. */
  readonly diagnostics: readonly string[];
  /** Names of the run seed's child streams the algorithm draws from, one per consumer (see env/random/seeds.ts). */
  readonly streams: Readonly<Record<string, string>>;
  /** Why this config cannot train on `env` (one line naming the field, the value and what is allowed), or null when it can. */
  runnableProblem(config: z.output<S>, env: CompiledEnv): string | null;
  /** The files of a saved policy's directory it is rebuilt from; a run's manifest hashes each of them. */
  readonly policyFiles: readonly string[];
  /** Whether it also trains on portfolio envs (issue 24), whose runtime then has `trainPortfolio`. */
  readonly trainsOnPortfolio?: boolean;
}

/** What an algorithm brings once TensorFlow.js is loaded: its training function and how a saved policy is rebuilt. */
export interface AgentRuntime<C> {
  /** Trains under `ctx` (budget, env, callbacks); resolves when the budget is spent or the harness stops it. */
  train(config: C, ctx: TrainContext): Promise<void>;
  /** Trains on a portfolio env (algorithms registered with `trainsOnPortfolio`). */
  trainPortfolio?(config: C, ctx: TrainContext<ResolvedPortfolio>): Promise<void>;
  /** The policy from its saved topology and named weights (a checkpoint's or policy/'s model files). */
  rebuild(topology: AgentTopology, weights: tf.NamedTensorMap): AgentModel;
}
