/**
 * The algorithms, in one table (after rl-baselines3-zoo's ALGOS and Gymnasium's registration):
 * each maps its `type` to everything the harness needs, its config schema, diagnostics columns,
 * seed streams, runnable check and policy files (registered beside its schema, no TensorFlow.js),
 * and its training function and policy rebuild (loaded on demand). Callers look an algorithm up;
 * nothing outside agents/ switches on its name. Adding an algorithm: its config file with a
 * registration, its training file, and one line here.
 */
import { z } from 'zod';
import { UserError } from '../env/errors/errors.js';
import type { CompiledEnv } from '../env/core/compile-env.js';
import type { ResolvedPortfolio } from '../env/portfolio/registry.js';
import type { AgentRegistration, AgentRuntime } from './common/agent-entry.js';
import type { TrainContext } from './common/train-context.js';
import { dqnRegistration, type DqnConfig } from './dqn-config.js';
import { ppoRegistration, type PpoConfig } from './ppo-config.js';
import { recurrentPpoRegistration, type RecurrentPpoConfig } from './recurrent-ppo-config.js';

/** The algorithms: a registration and a loader of its training code, one line each. */
const AGENT_LIST = [
  { ...ppoRegistration, load: async (): Promise<AgentRuntime<PpoConfig>> => ({ train: (await import('./ppo.js')).trainPpo, trainPortfolio: (await import('./ppo.js')).trainPpo, rebuild: (await import('./common/agent-model.js')).mlpModelFromWeights }) },
  { ...dqnRegistration, load: async (): Promise<AgentRuntime<DqnConfig>> => ({ train: (await import('./dqn.js')).trainDqn, rebuild: (await import('./common/agent-model.js')).mlpModelFromWeights }) },
  { ...recurrentPpoRegistration, load: async (): Promise<AgentRuntime<RecurrentPpoConfig>> => ({ train: (await import('./recurrent-ppo.js')).trainRecurrentPpo, rebuild: (await import('./common/agent-model.js')).mlpModelFromWeights }) },
] as const;

/** The `agent` section of a run config: one of the registered algorithms' schemas, by `type` (the same order as AGENT_LIST). */
export const agentConfigSchema = z.discriminatedUnion('type', [ppoRegistration.schema, dqnRegistration.schema, recurrentPpoRegistration.schema]);

/** A validated `agent` section of any registered algorithm. */
export type AgentConfig = z.output<typeof agentConfigSchema>;
/** The name of a registered algorithm. */
export type AgentType = AgentConfig['type'];

/** A registered algorithm, typed for the configs of any of them (the registry pairs each config with its own algorithm). */
export interface AgentEntry extends Omit<AgentRegistration<z.ZodObject<{ type: z.ZodLiteral<string> }>>, 'runnableProblem'> {
  readonly type: AgentType;
  runnableProblem(config: AgentConfig, env: CompiledEnv): string | null;
  load(): Promise<AgentRuntime<AgentConfig>>;
}

const BY_TYPE: ReadonlyMap<string, AgentEntry> = new Map(AGENT_LIST.map((a) => [a.schema.shape.type.value, { ...a, type: a.schema.shape.type.value } as unknown as AgentEntry]));

/** The names of the registered algorithms, in registration order. */
export const AGENT_TYPES: readonly AgentType[] = [...BY_TYPE.keys()] as AgentType[];

/**
 * The registered algorithm called `type`.
 * @throws UserError naming the registered ones when there is none (e.g. a saved model of an unknown algorithm)
 */
export function agentEntry(type: string): AgentEntry {
  const entry = BY_TYPE.get(type);
  if (!entry) throw new UserError(`agent must be one of ${AGENT_TYPES.join(', ')}, got ${JSON.stringify(type)}`);
  return entry;
}

/** Why `config` cannot train on `env` (one line), or null when it can. */
export function agentRunnableProblem(config: AgentConfig, env: CompiledEnv): string | null {
  return agentEntry(config.type).runnableProblem(config, env);
}

/** Trains the agent of `config` under `ctx`, loading its training code (and TensorFlow.js) on demand. */
export async function trainAgent(config: AgentConfig, ctx: TrainContext): Promise<void> {
  const runtime = await agentEntry(config.type).load();
  await runtime.train(config, ctx);
}

/** Why `config` cannot train on the portfolio env `env` (one line), or null when it can. */
export function agentPortfolioProblem(config: AgentConfig, env: ResolvedPortfolio): string | null {
  if (agentEntry(config.type).trainsOnPortfolio) return null;
  const able = AGENT_TYPES.filter((t) => agentEntry(t).trainsOnPortfolio);
  return `config.agent.type: ${config.type} cannot train on the portfolio env ${env.id} (one Box multiplier per name); agents that can: ${able.join(', ')}`;
}

/** Trains the agent of `config` on a portfolio env under `ctx` (check {@link agentPortfolioProblem} first). */
export async function trainAgentOnPortfolio(config: AgentConfig, ctx: TrainContext<ResolvedPortfolio>): Promise<void> {
  const runtime = await agentEntry(config.type).load();
  if (!runtime.trainPortfolio) throw new UserError(agentPortfolioProblem(config, ctx.env) ?? `agent ${config.type} cannot train on portfolio envs`);
  await runtime.trainPortfolio(config, ctx);
}
