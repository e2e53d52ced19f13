/**
 * Recurrent PPO for the partially observed execution envs, after CleanRL's ppo_atari_lstm.py and
 * SB3-contrib's RecurrentPPO: PPO (agents/ppo.ts) with a GRU memory core under the actor and the
 * critic, so the policy can infer what the observation hides (the regime of `regime-v0`) from the
 * history of its observations. One function that reads top to bottom.
 *
 * Memory: one hidden state per lane, zeroed before the first step of each lane's episode (the vector
 * env resets a finished lane within the same step, so the next observation already belongs to the
 * new episode). The rollout stores where episodes start and the hidden state at the start of every
 * training sequence; the update replays whole sequences of `seqLength` steps of one lane from those
 * states (truncated BPTT), so the gradient flows through time.
 *
 * Determinism: as PPO's, every random draw comes from the run's named streams in JavaScript.
 */
import * as tf from '@tensorflow/tfjs';
import { UserError } from '../env/errors/errors.js';
import { sampleIndex } from '../env/random/rng.js';
import { ExecutionVectorEnv } from '../env/core/execution-vector-env.js';
import { Adam } from './common/adam.js';
import { boxEnvAction, type AgentModel } from './common/agent-model.js';
import { gaussianLogProbJs } from './common/distributions.js';
import { createGru, disposeGru } from './common/gru.js';
import { createMlp, disposeMlp } from './common/mlp.js';
import { PpoRunState } from './common/ppo-run-state.js';
import { RolloutBuffer } from './common/rollout-buffer.js';
import { linearSchedule } from './common/schedules.js';
import { sequenceMinibatch } from './common/sequence-minibatch.js';
import { subtractTwinAdvantages, twinSeeds } from './common/twin-lanes.js';
import { permutation } from './common/shuffle.js';
import { explainedVariance } from './common/stats.js';
import type { TrainContext } from './common/train-context.js';
import { ppoUpdate } from './ppo.js';
import { RPPO_STREAMS, sequenceLength, type RecurrentPpoConfig } from './recurrent-ppo-config.js';

/** Trains a recurrent PPO agent under `ctx`; resolves when the budget is spent or the harness stops it. */
export async function trainRecurrentPpo(config: RecurrentPpoConfig, ctx: TrainContext): Promise<void> {
  // ---- Sizes: a rollout is numEnvs lanes x whole episodes, cut into sequences of seqLength steps ----
  const { env } = ctx;
  const { N } = env.params;
  const obsDim = env.features.length;
  const H = config.coreSize;
  const numEnvs = config.numEnvs;
  const numSteps = config.episodesPerRollout * N;
  const batchSize = numEnvs * numSteps;
  const seqLength = sequenceLength(config, N);
  if (numSteps % seqLength !== 0) throw new RangeError(`agent.seqLength must divide episodesPerRollout x N = ${numSteps}, got ${seqLength}`);
  const numSequences = numEnvs * (numSteps / seqLength);
  const sequencesPerMinibatch = Math.floor(numSequences / config.numMinibatches);
  if (sequencesPerMinibatch < 1) throw new RangeError(`agent.numMinibatches must be <= the ${numSequences} sequences of a rollout, got ${config.numMinibatches}`);
  const numIterations = Math.ceil(ctx.totalSteps / batchSize);
  const discrete = env.actionSpace.kind === 'discrete';
  if (!discrete && env.actionSpace.shape[0] > 1) {
    throw new UserError(`agent rppo's Gaussian head is one-dimensional, but env ${env.spec.id} has a ${env.actionSpace.shape[0]}-dimensional Box action; set env.overrides.action to a discrete grid`);
  }
  const numOutputs = discrete ? env.actionSpace.n : 1;

  // ---- Seeding: independent named streams (the run's state: streams, counters, obsNorm) ----
  const run = new PpoRunState(ctx.seed, RPPO_STREAMS, obsDim, config.normObs);

  // ---- Networks: a GRU core; actor and critic MLPs read [observation, hidden state] ----
  const core = createGru('core', { kind: 'gru', inputSize: obsDim, hiddenSize: H }, run.initRng);
  const mlpSpec = (outputs: number) => ({ sizes: [obsDim + H, ...config.hidden, outputs], activation: config.activation, activateOutput: false });
  const actor = createMlp('actor', mlpSpec(numOutputs), run.initRng, 0.01);
  const critic = createMlp('critic', mlpSpec(1), run.initRng, 1);
  const logStd = discrete ? null : tf.tidy(() => tf.variable(tf.fill([1], config.initLogStd), true));
  const topology = {
    format: 'execgym-agent/1' as const,
    agent: 'rppo' as const,
    head: discrete ? { kind: 'categorical' as const } : { kind: 'gaussian' as const, mapping: config.boxMapping },
    nets: { actor: actor.spec, critic: critic.spec },
    core: core.spec,
    action: env.spec.action,
    features: env.features.map((f) => f.name),
    hiddenStateFeatures: env.features.filter((f) => f.hiddenState).map((f) => f.name),
  };
  const model = (): AgentModel => ({ topology, nets: { actor, critic }, core, logStd, obsNorm: run.obsNorm });
  const variables = [...actor.weights, ...critic.weights, ...core.weights, ...(logStd ? [logStd] : [])];
  const optimizer = new Adam(variables, { learningRate: config.learningRate, epsilon: config.adamEpsilon });

  // ---- Storage: the rollout, where episodes start, the hidden state before every sequence ----
  const buffer = new RolloutBuffer(numSteps, numEnvs, obsDim);
  const starts = new Uint8Array(batchSize);
  const sequenceHidden = new Float32Array(numSequences * H);
  const hidden = new Float32Array(numEnvs * H);
  const laneStarts = new Uint8Array(numEnvs);
  const vec = new ExecutionVectorEnv(env, numEnvs);
  const envActions = new Float64Array(numEnvs);
  const lastValues = new Float64Array(numEnvs);
  const finished = new Float64Array(numEnvs);
  const order = new Uint32Array(numSequences);

  // ---- Resume: weights, Adam moments, observation statistics, counters, RNG streams ----
  if (ctx.resumeDir) await run.restore(ctx.resumeDir, model(), optimizer);
  const handle = run.handle(model, optimizer);

  /** One step of the core from `h` and the heads on [x, h']: tensors for the caller to dispose. */
  const policyStep = (x: Float32Array, h: Float32Array) =>
    tf.tidy(() => {
      const input = tf.tensor2d(x, [numEnvs, obsDim]);
      const next = core.step(input, tf.tensor2d(h, [numEnvs, H]));
      const features = tf.concat([input, next], 1);
      const out = actor.apply(features);
      return { head: discrete ? tf.logSoftmax(out) : out, value: critic.apply(features), next };
    });
  /** V of observations `obs` reached from hidden states `h` (bootstraps). */
  const valuesOf = (obs: Float32Array, h: Float32Array, out: Float64Array) => {
    const { head, value, next } = policyStep(run.normalized(obs, numEnvs, new Float32Array(numEnvs * obsDim)), h);
    out.set(value.dataSync());
    tf.dispose([head, value, next]);
  };
  /** Zeroes the hidden state of the lanes whose episode starts. */
  const resetStarting = () => {
    for (let i = 0; i < numEnvs; i++) if (laneStarts[i]) hidden.fill(0, i * H, (i + 1) * H);
  };

  try {
    let keepGoing = await ctx.atBoundary(run.progress, handle);
    for (let iteration = run.progress.rounds + 1; keepGoing && iteration <= numIterations; iteration++) {
      optimizer.learningRate = config.annealLr ? linearSchedule(config.learningRate, 0, numIterations, iteration - 1) : config.learningRate;

      // ---- Rollout: every lane starts a new episode on its training seed, memory empty ----
      const seed = ctx.trainSeed(run.progress.rounds);
      let obs = vec.reset({ seed: config.pairLanes ? twinSeeds(seed, numEnvs) : seed }).observation;
      laneStarts.fill(1);
      hidden.fill(0);
      const logStdValue = logStd ? logStd.dataSync()[0] : 0;
      const std = Math.exp(logStdValue);
      let episodes = 0;
      for (let step = 0; step < numSteps; step++) {
        const at = step * numEnvs;
        // The hidden state each sequence starts from (before the reset mask, which the update re-applies).
        if (step % seqLength === 0) {
          const chunk = step / seqLength;
          for (let i = 0; i < numEnvs; i++) sequenceHidden.set(hidden.subarray(i * H, (i + 1) * H), (i * (numSteps / seqLength) + chunk) * H);
        }
        starts.set(laneStarts, at);
        resetStarting();
        run.obsNorm?.update(obs, numEnvs);
        const x = buffer.observations.subarray(at * obsDim, (at + numEnvs) * obsDim);
        run.normalized(obs, numEnvs, x);

        // Policy step: the core advances every lane's memory; sampling in JS.
        const { head, value, next } = policyStep(x, hidden);
        const headValues = head.dataSync();
        const valueValues = value.dataSync();
        hidden.set(next.dataSync());
        tf.dispose([head, value, next]);
        for (let i = 0; i < numEnvs; i++) {
          let action: number;
          let logProb: number;
          if (discrete) {
            const probs = headValues.subarray(i * numOutputs, (i + 1) * numOutputs).map(Math.exp);
            action = sampleIndex(run.actionRng, probs);
            logProb = headValues[i * numOutputs + action];
            envActions[i] = action;
          } else {
            action = headValues[i] + std * run.actionRng.normal();
            logProb = gaussianLogProbJs(headValues[i], logStdValue, action);
            envActions[i] = boxEnvAction(env.spec.action, config.boxMapping, action);
          }
          buffer.actions[at + i] = action;
          buffer.logProbs[at + i] = logProb;
          buffer.values[at + i] = valueValues[i];
        }

        // Env step; a lane that ends starts its next episode now (same-step autoreset).
        const result = vec.step(envActions);
        const { ended, truncatedAny } = buffer.storeEnvStep(step, result, config.rewardScale, finished);
        for (let i = 0; i < numEnvs; i++) laneStarts[i] = result.terminated[i] || result.truncated[i] ? 1 : 0;
        // A truncated lane bootstraps from its final observation, reached with its memory.
        if (truncatedAny) valuesOf(result.info.finalObservations, hidden, buffer.finalValues.subarray(at, at + numEnvs));
        if (ended > 0) ctx.recordEpisodes(finished, ended);
        episodes += ended;
        obs = result.observation;
      }

      // ---- GAE: bootstrap from V(s_T) where a lane is still running (never, with whole episodes) ----
      resetStarting();
      valuesOf(obs, hidden, lastValues);
      buffer.computeReturnsAndAdvantages(lastValues, config.gamma, config.gaeLambda);
      if (config.pairLanes) subtractTwinAdvantages(buffer.advantages, numSteps, numEnvs);

      // ---- Update: epochs of shuffled minibatches of whole sequences, the PPO loss through time ----
      let updates = 0;
      let approxKl = 0;
      for (let epoch = 0; epoch < config.updateEpochs; epoch++) {
        permutation(run.minibatchRng, numSequences, order);
        for (let start = 0; start + sequencesPerMinibatch <= numSequences; start += sequencesPerMinibatch) {
          const mb = sequenceMinibatch(buffer, starts, sequenceHidden, H, seqLength, order, start, sequencesPerMinibatch, config.normAdv);
          const forward = () => {
            const x = tf.tensor3d(mb.observations, [mb.length, mb.count, obsDim]);
            const hs = core.unroll(x, tf.tensor2d(mb.initialHidden, [mb.count, H]), tf.tensor2d(mb.starts, [mb.length, mb.count]));
            const features = tf.concat([tf.reshape(x, [mb.size, obsDim]) as tf.Tensor2D, tf.reshape(hs, [mb.size, H]) as tf.Tensor2D], 1);
            return { head: actor.apply(features), value: critic.apply(features) };
          };
          const stats = ppoUpdate(config, mb, forward, { logStd, discrete, variables, optimizer });
          approxKl = stats.approx_kl;
          ctx.recordUpdate({ ...stats, learning_rate: optimizer.learningRate });
          updates += 1;
        }
        if (config.targetKl !== null && approxKl > config.targetKl) break;
      }
      ctx.recordUpdate({ explained_variance: explainedVariance(buffer.values, buffer.returns), ...(logStd ? { log_std: logStdValue } : {}) });

      run.advance(batchSize, episodes, updates);
      keepGoing = await ctx.atBoundary(run.progress, handle);
    }
  } finally {
    disposeGru(core);
    disposeMlp(actor);
    disposeMlp(critic);
    logStd?.dispose();
  }
}
