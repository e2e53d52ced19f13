import * as tf from '@tensorflow/tfjs-core';
import type { ActionSpec } from '../../env/action/action.js';
import { gruFromWeights, type Gru, type GruSpec } from './gru.js';
import { mlpFromWeights, type Mlp, type MlpSpec } from './mlp.js';
import { RunningNorm, type RunningNormState } from '../../env/wrappers/running-norm.js';

/** How a Gaussian sample u becomes a Box action: aMax * sigmoid(u), or u clipped into [0, aMax]. */
export type BoxMapping = 'squash' | 'clip';

/** The policy head: what the networks' outputs mean. */
export type AgentHead =
  | { readonly kind: 'categorical' }
  | { readonly kind: 'gaussian'; readonly mapping: BoxMapping }
  | { readonly kind: 'q'; readonly dueling: boolean };

/**
 * Everything but the weights that a trained policy needs to act: saved as the model topology of a
 * checkpoint, so a loaded policy rebuilds itself without the run's config.
 */
export interface AgentTopology {
  readonly format: 'execgym-agent/1';
  /** The registered algorithm that saved it (agents/registry.ts), which rebuilds it. */
  readonly agent: string;
  readonly head: AgentHead;
  /** Network name -> layer sizes; PPO: actor, critic; DQN: q, or torso + value + advantage. */
  readonly nets: Readonly<Record<string, MlpSpec>>;
  /** Recurrent PPO: the memory core; the heads read [observation, hidden state]. */
  readonly core?: GruSpec;
  /** The training env's action space and observation columns. */
  readonly action: ActionSpec;
  readonly features: readonly string[];
  /** Observation columns that reveal hidden state (regimeInfo oracle). */
  readonly hiddenStateFeatures: readonly string[];
  readonly obsNorm: RunningNormState | null;
}

/** A policy's networks (tf.Variables), its Gaussian log-std and observation statistics. */
export interface AgentModel {
  readonly topology: Omit<AgentTopology, 'obsNorm'>;
  readonly nets: Readonly<Record<string, Mlp>>;
  /** Recurrent PPO's GRU (agents/recurrent-ppo.ts); absent for feed-forward policies. */
  readonly core?: Gru;
  readonly logStd: tf.Variable | null;
  readonly obsNorm: RunningNorm | null;
}

/** The env action for a Gaussian sample `u` (`u` itself when the env squashes). */
export function boxEnvAction(action: ActionSpec, mapping: BoxMapping, u: number): number {
  if (action.type !== 'box') throw new RangeError('boxEnvAction needs a Box action space');
  if (action.mode === 'squash') return u;
  return mapping === 'squash' ? action.aMax / (1 + Math.exp(-u)) : Math.min(action.aMax, Math.max(0, u));
}

/** Q(s, .) [B, levels]; with a dueling head Q = V + A - mean(A) (Wang et al. 2016). Call in tf.tidy. */
export function qValues(nets: Readonly<Record<string, Mlp>>, x: tf.Tensor2D): tf.Tensor2D {
  if (nets.q) return nets.q.apply(x);
  const h = nets.torso.apply(x);
  const advantage = nets.advantage.apply(h);
  return tf.add(nets.value.apply(h), tf.sub(advantage, tf.mean(advantage, 1, true)));
}

/** The rows of `observations` as the networks see them (standardised when the model has statistics). */
export function modelInput(model: AgentModel, observations: Float32Array, rows: number): Float32Array {
  const raw = observations.subarray(0, rows * model.topology.features.length);
  return model.obsNorm ? model.obsNorm.normalize(raw, rows, new Float32Array(raw.length)) : raw;
}

/**
 * Greedy / deterministic actions of the first `rows` observations, in the training env's action
 * space: the argmax level (DQN, categorical PPO) or the Gaussian mean mapped into the Box (one
 * number per row, or m per row for a portfolio policy, row-major).
 */
export function greedyActions(model: AgentModel, observations: Float32Array, rows: number, out: Float64Array, hidden?: Float32Array): void {
  const d = model.topology.features.length;
  const input = modelInput(model, observations, rows);
  const { head } = model.topology;
  const { core } = model;
  const [output, next] = tf.tidy(() => {
    const x = tf.tensor2d(input, [rows, d]);
    if (head.kind === 'q') return [tf.argMax(qValues(model.nets, x), 1), null];
    // A recurrent policy steps its core from the lanes' hidden states, then reads [x, h'].
    // (without `hidden`: from an empty memory, the first step of an episode).
    const H = core?.spec.hiddenSize ?? 0;
    const h = core ? core.step(x, hidden ? tf.tensor2d(hidden.subarray(0, rows * H), [rows, H]) : tf.zeros([rows, H])) : null;
    const actor = model.nets.actor.apply(h ? tf.concat([x, h], 1) : x);
    return [head.kind === 'categorical' ? tf.argMax(actor, 1) : tf.reshape(actor, [-1]), h];
  });
  const values = output.dataSync();
  if (next && hidden) hidden.set(next.dataSync());
  tf.dispose([output, ...(next ? [next] : [])]);
  // A Gaussian head writes its dimensions per row (1, or m names of a portfolio: rows x m numbers).
  for (let i = 0; i < values.length; i++) out[i] = head.kind === 'gaussian' ? boxEnvAction(model.topology.action, head.mapping, values[i]) : values[i];
}

/** Every variable of the model with its checkpoint name (`net/index`, `logStd`), in a fixed order. */
export function namedVariables(model: Pick<AgentModel, 'nets' | 'logStd' | 'core'>): { name: string; variable: tf.Variable }[] {
  const named: { name: string; variable: tf.Variable }[] = [];
  for (const net of Object.keys(model.nets).sort()) model.nets[net].weights.forEach((variable, i) => named.push({ name: `${net}/${i}`, variable }));
  model.core?.weights.forEach((variable, i) => named.push({ name: `core/${i}`, variable }));
  if (model.logStd) named.push({ name: 'logStd', variable: model.logStd });
  return named;
}

/** Rebuilds a model of MLPs (PPO's actor and critic, DQN's Q-networks; recurrent PPO's heads and GRU core) from its topology and named weights (as loaded from a checkpoint). */
export function mlpModelFromWeights(topology: AgentTopology, weights: tf.NamedTensorMap): AgentModel {
  const take = (name: string) => {
    const t = weights[name];
    if (!t) throw new RangeError(`checkpoint has no weight ${name}`);
    return tf.variable(t, true);
  };
  const nets: Record<string, Mlp> = {};
  for (const [name, spec] of Object.entries(topology.nets)) {
    const count = 2 * (spec.sizes.length - 1);
    nets[name] = mlpFromWeights(name, spec, Array.from({ length: count }, (_, i) => take(`${name}/${i}`)));
  }
  const { obsNorm, ...rest } = topology;
  const core = topology.core ? gruFromWeights('core', topology.core, [0, 1, 2, 3].map((i) => take(`core/${i}`))) : undefined;
  return { topology: rest, nets, ...(core ? { core } : {}), logStd: topology.head.kind === 'gaussian' ? take('logStd') : null, obsNorm: obsNorm ? RunningNorm.fromState(obsNorm) : null };
}

export function disposeModel(model: AgentModel): void {
  for (const { variable } of namedVariables(model)) variable.dispose();
}
