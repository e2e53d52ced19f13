/**
 * `execgym/agents`: PPO and DQN on TensorFlow.js, their configs, backends, checkpoints and the
 * contract between an algorithm and the harness that drives it (TrainContext). Importing this
 * loads TensorFlow.js.
 * @example
 * import { selectBackend, trainPpo, ppoSchema } from 'execgym/agents';
 * await selectBackend('auto');
 */
export { trainPpo } from './ppo.js';
export { trainDqn } from './dqn.js';
export { ppoSchema, PPO_STREAMS, type PpoConfig } from './ppo-config.js';
export { dqnSchema, DQN_STREAMS, type DqnConfig } from './dqn-config.js';
export { selectBackend, availableBackends, BACKENDS, type BackendName, type BackendRequest } from './common/backend.js';
export { agentPolicy } from './common/agent-policy.js';
export { fileHandler, saveAgentModel, weightsHash } from './common/checkpoint.js';
export { loadAgentModel } from './load-agent-model.js';
export { AGENT_TYPES, agentConfigSchema, agentEntry, trainAgent, type AgentConfig, type AgentEntry, type AgentType } from './registry.js';
export { disposeModel, type AgentModel, type AgentTopology } from './common/agent-model.js';
export { type TrainContext, type TrainProgress, type AgentHandle, type Diagnostics } from './common/train-context.js';
