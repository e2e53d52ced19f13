import * as tf from '@tensorflow/tfjs-core';
import { UserError } from '../env/errors/errors.js';
import type { AgentModel, AgentTopology } from './common/agent-model.js';
import { loadTensors } from './common/checkpoint.js';
import { agentEntry } from './registry.js';

/**
 * Loads a policy saved by `saveAgentModel` (a checkpoint's, best/, last/ or policy/), rebuilt by
 * the algorithm that saved it, as the registry says.
 * @throws UserError when the files are not an execgym agent model, or name no registered algorithm
 */
export async function loadAgentModel(handler: tf.io.IOHandler): Promise<AgentModel> {
  const { topology, tensors } = await loadTensors<AgentTopology>(handler);
  try {
    if (topology?.format !== 'execgym-agent/1') throw new UserError(`not an execgym agent model (format ${JSON.stringify(topology?.format)})`);
    const { rebuild } = await agentEntry(topology.agent).load();
    return rebuild(topology, tensors);
  } finally {
    tf.dispose(tensors);
  }
}
