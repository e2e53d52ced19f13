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
export { ppoSchema, type PpoConfig } from './ppo-config.js';
export { dqnSchema, type DqnConfig } from './dqn-config.js';
export { selectBackend, availableBackends, BACKENDS, type BackendName, type BackendRequest } from './common/backend.js';
export { agentPolicy } from './common/agent-policy.js';
export { fileHandler, loadAgentModel, saveAgentModel, weightsHash } from './common/checkpoint.js';
export { disposeModel, type AgentModel, type AgentTopology } from './common/agent-model.js';
export { type TrainContext, type TrainProgress, type AgentHandle, type Diagnostics } from './common/train-context.js';
