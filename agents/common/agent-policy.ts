import { toMultiplier } from '../../env/action/action.js';
import type { CompiledEnv } from '../../env/core/compile-env.js';
import { UserError } from '../../env/errors/errors.js';
import { actionForMultiplier, type Policy } from '../../env/policy/policy.js';
import { greedyActions, type AgentModel } from './agent-model.js';

/**
 * A trained agent as a {@link Policy}: greedy (DQN, categorical PPO) or the Gaussian mean (Box
 * PPO), so evaluation is deterministic. On an env whose action space differs from the training
 * env's, each action is translated through its multiplier of the even split (the nearest level on
 * a Discrete env), the same conversion the baselines use. A recurrent agent keeps one hidden state
 * per lane, reset by `episodeStart` for the lanes whose episode starts.
 * @throws UserError when the env's observation columns differ from the ones the agent was trained on
 */
export function agentPolicy(model: AgentModel, name: string, env: CompiledEnv): Policy {
  const trained = model.topology.features;
  const here = env.features.map((f) => f.name);
  if (trained.join(',') !== here.join(',')) {
    throw new UserError(`${name} was trained on observation [${trained.join(', ')}] but env ${env.spec.id} observes [${here.join(', ')}]`);
  }
  const sameAction = JSON.stringify(model.topology.action) === JSON.stringify(env.spec.action);
  // A discrete head's size is the training env's number of actions: the levels, or a passive env's
  // levels x fractions x offsets grid, which the action spec alone does not record.
  const { head, nets, action } = model.topology;
  const outputs = head.kind === 'gaussian' ? null : (nets.q ?? nets.advantage ?? nets.actor).sizes.at(-1)!;
  const actionsHere = env.actionSpace.kind === 'discrete' ? env.actionSpace.n : null;
  // Acts in the env's own actions when they are the training env's; else as market orders.
  const direct = sameAction && (outputs === null || actionsHere === outputs);
  if (!direct && outputs !== null && action.type === 'discrete' && outputs !== action.levels.length) {
    throw new UserError(`${name} was trained on ${outputs} discrete actions (a passive grid); evaluate it on an env with the same grid (env ${env.spec.id} has ${actionsHere === null ? 'a Box action' : `${actionsHere} actions`})`);
  }
  let raw = new Float64Array(0);
  // A recurrent policy's memory: one hidden state per lane, zeroed where a lane's episode starts.
  const H = model.core?.spec.hiddenSize ?? 0;
  let hidden = new Float32Array(0);
  const ensureLanes = (lanes: number) => {
    if (hidden.length >= lanes * H) return;
    const grown = new Float32Array(lanes * H);
    grown.set(hidden);
    hidden = grown;
  };
  return {
    name,
    usesHiddenState: model.topology.hiddenStateFeatures.length > 0,
    ...(model.core
      ? {
          episodeStart(starting: Uint8Array, lanes: number) {
            ensureLanes(lanes);
            for (let i = 0; i < lanes; i++) if (starting[i]) hidden.fill(0, i * H, (i + 1) * H);
          },
        }
      : {}),
    act(input, actions) {
      if (raw.length < input.lanes) raw = new Float64Array(input.lanes);
      if (model.core) ensureLanes(input.lanes);
      greedyActions(model, input.observations, input.lanes, raw, model.core ? hidden : undefined);
      for (let i = 0; i < input.lanes; i++) {
        actions[i] = direct
          ? raw[i]
          : actionForMultiplier(env.params, env.spec.action, input.step[i], input.inventory[i], toMultiplier(model.topology.action, raw[i]));
      }
    },
  };
}
