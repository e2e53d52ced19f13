import { advantageMoments, type RolloutBuffer, type RolloutMinibatch } from './rollout-buffer.js';

/**
 * A minibatch of whole sequences for a recurrent policy: `count` chunks of `length` consecutive
 * steps, each of one lane, time-major (row t * count + j is step t of sequence j), with where the
 * lanes' episodes start and the hidden state each sequence began from.
 */
export interface SequenceMinibatch extends RolloutMinibatch {
  readonly length: number;
  readonly count: number;
  /** [length, count]: 1 where sequence j's lane starts an episode at step t (the state is zeroed before it). */
  readonly starts: Float32Array;
  /** [count, hiddenSize]: the hidden state before each sequence's first step. */
  readonly initialHidden: Float32Array;
}

/**
 * Sequence `s` of a rollout of `numEnvs` lanes cut into chunks of `length` steps is chunk
 * s mod (numSteps / length) of lane floor(s / (numSteps / length)). Gathers the sequences
 * `order[start .. start + count)`, keeping each one's steps in time order; advantages are
 * standardised over the minibatch when `normalizeAdvantages` (as PPO's flat minibatches are).
 * @param starts rollout-shaped (t * numEnvs + i): 1 where lane i's episode starts at step t
 * @param sequenceHidden [sequences, hiddenSize]: the hidden state before each sequence
 */
export function sequenceMinibatch(
  buffer: RolloutBuffer,
  starts: Uint8Array,
  sequenceHidden: Float32Array,
  hiddenSize: number,
  length: number,
  order: Uint32Array,
  start: number,
  count: number,
  normalizeAdvantages: boolean,
): SequenceMinibatch {
  const d = buffer.obsDim;
  const size = length * count;
  const perLane = buffer.numSteps / length;
  const mb = {
    size,
    length,
    count,
    observations: new Float32Array(size * d),
    actions: new Float32Array(size),
    logProbs: new Float32Array(size),
    values: new Float32Array(size),
    advantages: new Float32Array(size),
    returns: new Float32Array(size),
    starts: new Float32Array(size),
    initialHidden: new Float32Array(count * hiddenSize),
  };
  const rows = new Uint32Array(size);
  for (let j = 0; j < count; j++) {
    const s = order[start + j];
    const lane = Math.floor(s / perLane);
    const t0 = (s % perLane) * length;
    mb.initialHidden.set(sequenceHidden.subarray(s * hiddenSize, (s + 1) * hiddenSize), j * hiddenSize);
    for (let t = 0; t < length; t++) rows[t * count + j] = (t0 + t) * buffer.numEnvs + lane;
  }
  const { mean, std } = advantageMoments(buffer.advantages, rows, 0, size);
  for (let r = 0; r < size; r++) {
    const at = rows[r];
    mb.observations.set(buffer.observations.subarray(at * d, at * d + d), r * d);
    mb.actions[r] = buffer.actions[at];
    mb.logProbs[r] = buffer.logProbs[at];
    mb.values[r] = buffer.values[at];
    mb.advantages[r] = normalizeAdvantages ? (buffer.advantages[at] - mean) / (std + 1e-8) : buffer.advantages[at];
    mb.returns[r] = buffer.returns[at];
    mb.starts[r] = starts[at];
  }
  return mb;
}
