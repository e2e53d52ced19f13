/**
 * Proximal Policy Optimization (Schulman et al. 2017) for the execution envs, after CleanRL's
 * ppo.py / ppo_continuous_action.py: one function that reads top to bottom. Discrete action
 * spaces get a categorical policy; Box spaces a Gaussian over a pre-squash u with a
 * state-independent log-std, mapped into [0, aMax] by squashing or clipping.
 *
 * Determinism: weights come from seeded initialisers, and every random draw (actions, minibatch
 * order) from the run's named streams in JavaScript, never from tf.random; so a config and a
 * backend give the same learning curve bit for bit.
 */
import * as tf from '@tensorflow/tfjs';
// The exported types name tfjs-core's classes: a consumer type-checking with skipLibCheck false never reaches tfjs-layers' declarations.
import type { Tensor, Tensor2D, Variable } from '@tensorflow/tfjs-core';
import { UserError } from '../env/errors/errors.js';
import { sampleIndex } from '../env/random/rng.js';
import type { CompiledEnv } from '../env/core/compile-env.js';
import type { ResolvedPortfolio } from '../env/portfolio/registry.js';
import { Adam, gradientClipScale } from './common/adam.js';
import { boxEnvAction, type AgentModel } from './common/agent-model.js';
import { categoricalEntropy, categoricalLogProb, diagonalGaussianLogProb, gaussianEntropy, gaussianLogProb, gaussianLogProbJs } from './common/distributions.js';
import { laneEnv } from './common/lane-env.js';
import { subtractTwinAdvantages, twinSeeds } from './common/twin-lanes.js';
import { explainedVariance } from './common/stats.js';
import { createMlp, disposeMlp } from './common/mlp.js';
import { PpoRunState } from './common/ppo-run-state.js';
import { RolloutBuffer, type RolloutMinibatch } from './common/rollout-buffer.js';
import { linearSchedule } from './common/schedules.js';
import { permutation } from './common/shuffle.js';
import type { TrainContext } from './common/train-context.js';
import { PPO_STREAMS, type PpoConfig } from './ppo-config.js';

/**
 * Trains a PPO agent under `ctx` (budget, env, callbacks); resolves when the budget is spent or the
 * harness stops it. On a portfolio (issue 24) the Gaussian head has one mean and log-std per name
 * and a transition's log-probability sums over the names.
 */
export async function trainPpo(config: PpoConfig, ctx: TrainContext<CompiledEnv | ResolvedPortfolio>): Promise<void> {
  // ---- Sizes: a rollout is numEnvs lanes x whole episodes ----
  const env = laneEnv(ctx.env);
  const { N } = env;
  const obsDim = env.features.length;
  const numEnvs = config.numEnvs;
  const numSteps = config.episodesPerRollout * N;
  const batchSize = numEnvs * numSteps;
  const minibatchSize = Math.floor(batchSize / config.numMinibatches);
  if (minibatchSize < 1) throw new RangeError(`agent.numMinibatches must be <= the batch numEnvs x episodesPerRollout x N = ${batchSize}, got ${config.numMinibatches}`);
  const numIterations = Math.ceil(ctx.totalSteps / batchSize);
  const discrete = env.discreteActions !== null;
  // A passive env's Box is [a, fraction, offset], whose components do not share one mapping.
  if (!discrete && !('kind' in ctx.env) && env.boxDim > 1) {
    throw new UserError(`agent ppo's Gaussian head is one-dimensional, but env ${env.id} has a ${env.boxDim}-dimensional Box action ([a, fraction, offset]); set env.overrides.action to {"type": "discrete", "levels": [0, 0.5, 1, 2, 4]} for the categorical head over the passive grid`);
  }
  // The number of actions (the levels, or a passive env's levels x fractions x offsets grid), or of Gaussian means (1, or m names).
  const numOutputs = env.discreteActions ?? env.boxDim;
  const actionDim = discrete ? 1 : env.boxDim;

  // ---- Seeding: independent named streams, so changing one consumer never shifts another (the run's state: streams, counters, obsNorm) ----
  const run = new PpoRunState(ctx.seed, PPO_STREAMS, obsDim, config.normObs);

  // ---- Networks: separate actor and critic MLPs (CleanRL), policy head initialised small ----
  const mlpSpec = (outputs: number) => ({ sizes: [obsDim, ...config.hidden, outputs], activation: config.activation, activateOutput: false });
  const actor = createMlp('actor', mlpSpec(numOutputs), run.initRng, 0.01);
  const critic = createMlp('critic', mlpSpec(1), run.initRng, 1);
  const logStd = discrete ? null : tf.tidy(() => tf.variable(tf.fill([actionDim], config.initLogStd), true));
  const topology = {
    format: 'execgym-agent/1' as const,
    agent: 'ppo' as const,
    head: discrete ? { kind: 'categorical' as const } : { kind: 'gaussian' as const, mapping: config.boxMapping },
    nets: { actor: actor.spec, critic: critic.spec },
    action: env.action,
    features: [...env.features],
    hiddenStateFeatures: [...env.hiddenStateFeatures],
  };
  const model = (): AgentModel => ({ topology, nets: { actor, critic }, logStd, obsNorm: run.obsNorm });
  const variables = [...actor.weights, ...critic.weights, ...(logStd ? [logStd] : [])];
  const optimizer = new Adam(variables, { learningRate: config.learningRate, epsilon: config.adamEpsilon });

  // ---- Storage and envs ----
  const buffer = new RolloutBuffer(numSteps, numEnvs, obsDim, actionDim);
  const vec = env.makeVector(numEnvs);
  const envActions = new Float64Array(numEnvs * actionDim);
  const lastValues = new Float64Array(numEnvs);
  const finished = new Float64Array(numEnvs);
  const order = new Uint32Array(batchSize);

  // ---- Resume: weights, Adam moments, observation statistics, counters, RNG streams ----
  if (ctx.resumeDir) await run.restore(ctx.resumeDir, model(), optimizer);
  const handle = run.handle(model, optimizer);

  const valuesOf = (obs: Float32Array, rows: number, out: Float64Array) => {
    const x = run.normalized(obs, rows, new Float32Array(rows * obsDim));
    const v = tf.tidy(() => critic.apply(tf.tensor2d(x, [rows, obsDim])));
    out.set(v.dataSync());
    v.dispose();
  };

  try {
    let keepGoing = await ctx.atBoundary(run.progress, handle);
    for (let iteration = run.progress.rounds + 1; keepGoing && iteration <= numIterations; iteration++) {
      // ---- Learning-rate annealing (CleanRL: frac = 1 - (iteration - 1) / numIterations) ----
      optimizer.learningRate = config.annealLr ? linearSchedule(config.learningRate, 0, numIterations, iteration - 1) : config.learningRate;

      // ---- Rollout: every lane starts on its training seed and plays whole episodes ----
      const seed = ctx.trainSeed(run.progress.rounds);
      let obs = vec.reset({ seed: config.pairLanes ? twinSeeds(seed, numEnvs) : seed }).observation;
      const logStdValues = Array.from(logStd ? logStd.dataSync() : [0]);
      const stds = Array.from(logStdValues, Math.exp);
      let episodes = 0;
      for (let step = 0; step < numSteps; step++) {
        const at = step * numEnvs;
        run.obsNorm?.update(obs, numEnvs);
        const x = buffer.observations.subarray(at * obsDim, (at + numEnvs) * obsDim);
        run.normalized(obs, numEnvs, x);

        // Policy step: the actor's logits or mean and the critic's value, then sampling in JS.
        const [head, value] = tf.tidy(() => {
          const input = tf.tensor2d(x, [numEnvs, obsDim]);
          const out = actor.apply(input);
          return [discrete ? tf.logSoftmax(out) : out, critic.apply(input)];
        });
        const headValues = head.dataSync();
        const valueValues = value.dataSync();
        tf.dispose([head, value]);
        for (let i = 0; i < numEnvs; i++) {
          let logProb: number;
          if (discrete) {
            const probs = headValues.subarray(i * numOutputs, (i + 1) * numOutputs).map(Math.exp);
            const action = sampleIndex(run.actionRng, probs);
            logProb = headValues[i * numOutputs + action];
            envActions[i] = action;
            buffer.actions[at + i] = action;
          } else {
            // One Gaussian sample per dimension (name), drawn in order; the log-probability is their sum.
            logProb = 0;
            for (let j = 0; j < actionDim; j++) {
              const ij = i * actionDim + j;
              const u = headValues[ij] + stds[j] * run.actionRng.normal();
              const lp = gaussianLogProbJs(headValues[ij], logStdValues[j], u);
              logProb = j === 0 ? lp : logProb + lp;
              buffer.actions[(at + i) * actionDim + j] = u;
              envActions[ij] = boxEnvAction(env.action, config.boxMapping, u);
            }
          }
          buffer.logProbs[at + i] = logProb;
          buffer.values[at + i] = valueValues[i];
        }

        // Env step: scaled rewards, episode ends; a truncated lane bootstraps from its final observation.
        const result = vec.step(envActions);
        const { ended, truncatedAny } = buffer.storeEnvStep(step, result, config.rewardScale, finished);
        if (truncatedAny) valuesOf(result.info.finalObservations, numEnvs, buffer.finalValues.subarray(at, at + numEnvs));
        if (ended > 0) ctx.recordEpisodes(finished, ended);
        episodes += ended;
        obs = result.observation;
      }

      // ---- GAE: bootstrap from V(s_T) where a lane is still running (never, with whole episodes) ----
      valuesOf(obs, numEnvs, lastValues);
      buffer.computeReturnsAndAdvantages(lastValues, config.gamma, config.gaeLambda);
      if (config.pairLanes) subtractTwinAdvantages(buffer.advantages, numSteps, numEnvs);

      // ---- Update: epochs of shuffled minibatches, clipped surrogate + value loss - entropy bonus ----
      let updates = 0;
      let approxKl = 0;
      for (let epoch = 0; epoch < config.updateEpochs; epoch++) {
        permutation(run.minibatchRng, batchSize, order);
        for (let start = 0; start + minibatchSize <= batchSize; start += minibatchSize) {
          const mb = buffer.minibatch(order, start, minibatchSize, config.normAdv);
          const forward = () => {
            const x = tf.tensor2d(mb.observations, [mb.size, obsDim]);
            return { head: actor.apply(x), value: critic.apply(x) };
          };
          const stats = ppoUpdate(config, mb, forward, { logStd, discrete, actionDim, variables, optimizer });
          approxKl = stats.approx_kl;
          ctx.recordUpdate({ ...stats, learning_rate: optimizer.learningRate });
          updates += 1;
        }
        if (config.targetKl !== null && approxKl > config.targetKl) break;
      }
      ctx.recordUpdate({ explained_variance: explainedVariance(buffer.values, buffer.returns), ...(logStd ? { log_std: logStdValues.reduce((a, v) => a + v, 0) / actionDim } : {}) });

      run.advance(batchSize, episodes, updates);
      keepGoing = await ctx.atBoundary(run.progress, handle);
    }
  } finally {
    disposeMlp(actor);
    disposeMlp(critic);
    logStd?.dispose();
  }
}

/** What a PPO update trains: the policy's log-std (Box), the variables and their optimiser. */
export interface PpoTrainables {
  readonly logStd: Variable | null;
  readonly discrete: boolean;
  /** Numbers per action: 1 (the default), or m Gaussian samples on a portfolio. */
  readonly actionDim?: number;
  readonly variables: Variable[];
  readonly optimizer: Adam;
}

/**
 * One gradient step on a minibatch; returns the step's diagnostics (CleanRL's names). `forward`
 * gives the actor's output and the critic's value for the minibatch's rows, in its order (called
 * inside the loss's tf.tidy): the MLPs on the observations here, the GRU and heads on whole
 * sequences in recurrent PPO.
 */
export function ppoUpdate(config: Pick<PpoConfig, 'clipCoef' | 'clipVloss' | 'entCoef' | 'vfCoef' | 'maxGradNorm'>, mb: RolloutMinibatch, forward: () => { head: Tensor2D; value: Tensor }, nets: PpoTrainables) {
  const { logStd, discrete, variables, optimizer } = nets;
  const actionDim = nets.actionDim ?? 1;
  let diagnostics: tf.Tensor1D | null = null;
  const { value: loss, grads } = tf.variableGrads(() =>
    tf.tidy(() => {
      const { head, value } = forward();
      // A portfolio's m names: a diagonal Gaussian over rows x m actions; one action a row otherwise.
      const newLogProb =
        actionDim > 1
          ? diagonalGaussianLogProb(head, logStd as tf.Tensor1D, tf.tensor2d(mb.actions, [mb.size, actionDim]))
          : discrete
            ? categoricalLogProb(head, tf.tensor1d(mb.actions))
            : gaussianLogProb(head, logStd as tf.Tensor1D, tf.tensor1d(mb.actions));
      const entropy = discrete ? tf.mean(categoricalEntropy(head)) : gaussianEntropy(logStd as tf.Tensor1D);
      const newValue = tf.reshape(value, [-1]);

      // Policy loss: the clipped surrogate, with the ratio's diagnostics.
      const logRatio = tf.sub(newLogProb, tf.tensor1d(mb.logProbs));
      const ratio = tf.exp(logRatio);
      const approxKl = tf.mean(tf.sub(tf.sub(ratio, 1), logRatio));
      const clipFraction = tf.mean(tf.cast(tf.greater(tf.abs(tf.sub(ratio, 1)), config.clipCoef), 'float32'));
      const advantages = tf.tensor1d(mb.advantages);
      const pgLoss1 = tf.mul(tf.neg(advantages), ratio);
      const pgLoss2 = tf.mul(tf.neg(advantages), tf.clipByValue(ratio, 1 - config.clipCoef, 1 + config.clipCoef));
      const pgLoss = tf.mean(tf.maximum(pgLoss1, pgLoss2));

      // Value loss, optionally clipped around the values at collection time.
      const returns = tf.tensor1d(mb.returns);
      const vLossUnclipped = tf.square(tf.sub(newValue, returns));
      let vLoss: tf.Scalar;
      if (config.clipVloss) {
        const oldValue = tf.tensor1d(mb.values);
        const vClipped = tf.add(oldValue, tf.clipByValue(tf.sub(newValue, oldValue), -config.clipCoef, config.clipCoef));
        vLoss = tf.mul(0.5, tf.mean(tf.maximum(vLossUnclipped, tf.square(tf.sub(vClipped, returns)))));
      } else {
        vLoss = tf.mul(0.5, tf.mean(vLossUnclipped));
      }

      const loss = tf.add(tf.sub(pgLoss, tf.mul(config.entCoef, entropy)), tf.mul(config.vfCoef, vLoss)) as tf.Scalar;
      diagnostics = tf.keep(tf.stack([pgLoss, vLoss, entropy, approxKl, clipFraction]) as tf.Tensor1D);
      return loss;
    }), variables);
  const gradList = variables.map((v) => grads[v.name]);
  const { norm, scale } = gradientClipScale(gradList, config.maxGradNorm);
  const stacked = tf.tidy(() => tf.concat([diagnostics!, tf.stack([norm, scale])]));
  const values = stacked.dataSync();
  optimizer.apply(gradList, values[6]);
  tf.dispose([stacked, loss, norm, scale, diagnostics!, ...gradList]);
  return { policy_loss: values[0], value_loss: values[1], entropy: values[2], approx_kl: values[3], clip_fraction: values[4], grad_norm: values[5] };
}
