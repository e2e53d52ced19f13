/**
 * Deep Q-learning (Mnih et al. 2015) for Discrete execution envs, after CleanRL's dqn.py: double
 * DQN targets (van Hasselt et al. 2016), a target network (hard copies or Polyak averaging), a
 * replay buffer on typed arrays, epsilon-greedy exploration, Huber loss, Adam with gradient-norm
 * clipping, and optionally a dueling head and n-step returns. One function, top to bottom.
 *
 * Determinism: seeded initialisers; exploration and replay sampling draw from the run's named
 * JavaScript streams; the replay buffer is checkpointed whole, so resuming changes nothing.
 */
import * as tf from '@tensorflow/tfjs';
import type { Discrete } from '../env/spaces/discrete.js';
import { UserError } from '../env/errors/errors.js';
import { makeRng, restoreRng, type RngState } from '../env/random/rng.js';
import { ExecutionVectorEnv } from '../env/core/execution-vector-env.js';
import { Adam, gradientClipScale } from './common/adam.js';
import { qValues, type AgentModel } from './common/agent-model.js';
import { restoreTrainingSnapshot, saveTrainingSnapshot } from './common/checkpoint.js';
import { copyWeights, createMlp, disposeMlp, type Mlp } from './common/mlp.js';
import { NStepLane } from './common/n-step.js';
import { ReplayBuffer, type ReplaySample } from './common/replay-buffer.js';
import { linearSchedule } from './common/schedules.js';
import { randomInt } from './common/shuffle.js';
import type { AgentHandle, TrainContext, TrainProgress } from './common/train-context.js';
import { DQN_STREAMS, type DqnConfig } from './dqn-config.js';

/** What a DQN checkpoint's state.json holds besides weights and the replay blob. */
interface DqnState {
  readonly progress: TrainProgress;
  readonly rngs: { readonly explore: RngState; readonly replay: RngState };
  readonly replay: { readonly pos: number; readonly size: number };
}

/** Online or target Q-network: one MLP, or a torso with value and advantage heads. */
function createQNets(config: DqnConfig, obsDim: number, levels: number, rng: ReturnType<typeof makeRng>, prefix: string): Record<string, Mlp> {
  const activation = config.activation;
  if (!config.dueling) return { q: createMlp(`${prefix}q`, { sizes: [obsDim, ...config.hidden, levels], activation, activateOutput: false }, rng) };
  const width = config.hidden[config.hidden.length - 1];
  return {
    torso: createMlp(`${prefix}torso`, { sizes: [obsDim, ...config.hidden], activation, activateOutput: true }, rng),
    value: createMlp(`${prefix}value`, { sizes: [width, 1], activation, activateOutput: false }, rng),
    advantage: createMlp(`${prefix}advantage`, { sizes: [width, levels], activation, activateOutput: false }, rng),
  };
}

/** Trains a DQN agent under `ctx`; resolves when the budget is spent or the harness stops it. */
export async function trainDqn(config: DqnConfig, ctx: TrainContext): Promise<void> {
  // ---- Sizes ----
  const { env } = ctx;
  if (env.spec.action.type !== 'discrete') {
    throw new UserError(`agent dqn needs a Discrete action space; set env.overrides.action to {"type": "discrete", "levels": [0, 0.5, 1, 2, 4]} (env ${env.spec.id} has ${env.spec.action.type})`);
  }
  const { N } = env.params;
  const obsDim = env.features.length;
  // The number of actions: the levels, or a passive env's levels x fractions x offsets grid.
  const levels = (env.actionSpace as Discrete).n;
  const numEnvs = config.numEnvs;

  // ---- Seeding: independent named streams ----
  const initRng = makeRng(ctx.seed, DQN_STREAMS.init);
  let exploreRng = makeRng(ctx.seed, DQN_STREAMS.explore);
  let replayRng = makeRng(ctx.seed, DQN_STREAMS.replay);

  // ---- Networks: online Q and its target, a copy ----
  const online = createQNets(config, obsDim, levels, initRng, '');
  const target = createQNets(config, obsDim, levels, initRng, 'target-');
  for (const name of Object.keys(online)) copyWeights(target[name], online[name]);
  const topology = {
    format: 'execgym-agent/1' as const,
    agent: 'dqn' as const,
    head: { kind: 'q' as const, dueling: config.dueling },
    nets: Object.fromEntries(Object.entries(online).map(([name, net]) => [name, net.spec])),
    action: env.spec.action,
    features: env.features.map((f) => f.name),
    hiddenStateFeatures: env.features.filter((f) => f.hiddenState).map((f) => f.name),
  };
  const model: AgentModel = { topology, nets: online, logStd: null, obsNorm: null };
  const variables = Object.keys(online).sort().flatMap((name) => [...online[name].weights]);
  const optimizer = new Adam(variables, { learningRate: config.learningRate, epsilon: config.adamEpsilon });
  const targetNets = Object.fromEntries(Object.entries(target).map(([name, net]) => [`target-${name}`, net]));

  // ---- Storage and envs ----
  const buffer = new ReplayBuffer(config.bufferSize, obsDim);
  const lanes = Array.from({ length: numEnvs }, () => new NStepLane(config.nSteps, config.gamma, obsDim));
  const vec = new ExecutionVectorEnv(env, numEnvs);
  const obs = new Float32Array(numEnvs * obsDim);
  const actions = new Float64Array(numEnvs);
  const finished = new Float64Array(numEnvs);
  let progress: TrainProgress = { envSteps: 0, episodes: 0, updates: 0, rounds: 0 };

  // ---- Resume: weights, target, Adam, replay buffer, counters, RNG streams ----
  if (ctx.resumeDir) {
    const restored = await restoreTrainingSnapshot<DqnState>(ctx.resumeDir, { model, optimizer, extraNets: targetNets }, ['replay']);
    progress = restored.state.progress;
    exploreRng = restoreRng(restored.state.rngs.explore);
    replayRng = restoreRng(restored.state.rngs.replay);
    buffer.restore({ ...restored.state.replay, data: restored.blobs.replay });
  }
  const handle: AgentHandle = {
    model,
    saveCheckpoint: (dir) => {
      const replay = buffer.serialize();
      return saveTrainingSnapshot<DqnState>(dir, {
        model,
        optimizer,
        extraNets: targetNets,
        state: { progress, rngs: { explore: exploreRng.state(), replay: replayRng.state() }, replay: { pos: replay.pos, size: replay.size } },
        blobs: { replay: replay.data },
      });
    },
  };
  const explorationSteps = config.explorationFraction * ctx.totalSteps;

  try {
    let keepGoing = await ctx.atBoundary(progress, handle);
    while (keepGoing && progress.envSteps < ctx.totalSteps) {
      // ---- One round: every lane plays one episode from its training seed ----
      let envSteps = progress.envSteps;
      let updates = progress.updates;
      obs.set(vec.reset({ seed: ctx.trainSeed(progress.rounds) }).observation);
      for (let k = 0; k < N; k++) {
        // Epsilon-greedy: a uniform per lane decides, then a uniform level where it explores.
        const epsilon = linearSchedule(config.startE, config.endE, explorationSteps, envSteps);
        const greedy = greedyLevels(online, obs, numEnvs, obsDim);
        for (let i = 0; i < numEnvs; i++) actions[i] = exploreRng.uniform() < epsilon ? randomInt(exploreRng, levels) : greedy[i];

        // Env step; each lane's transitions go through its n-step queue into the replay buffer.
        const result = vec.step(actions);
        let ended = 0;
        for (let i = 0; i < numEnvs; i++) {
          const done = result.terminated[i] === 1;
          // After an episode end the lane's row holds the next episode's start: use the final observation.
          const next = done || result.truncated[i] ? result.info.finalObservations : result.observation;
          lanes[i].push(buffer, obs.subarray(i * obsDim, (i + 1) * obsDim), actions[i], result.reward[i] * config.rewardScale, next.subarray(i * obsDim, (i + 1) * obsDim), done);
          if (done || result.truncated[i]) finished[ended++] = result.info.episode.return[i];
        }
        if (ended > 0) ctx.recordEpisodes(finished, ended);
        obs.set(result.observation);
        const before = envSteps;
        envSteps += numEnvs;

        // ---- Training: gradient steps every trainFrequency vector steps after learningStarts ----
        if (config.annealLr) optimizer.learningRate = linearSchedule(config.learningRate, 0, ctx.totalSteps, envSteps);
        if (envSteps > config.learningStarts && buffer.size > 0 && (envSteps / numEnvs) % config.trainFrequency === 0) {
          for (let g = 0; g < config.gradientSteps; g++) {
            const stats = dqnUpdate(config, buffer.sample(replayRng, config.batchSize), obsDim, { online, target, variables, optimizer });
            ctx.recordUpdate(stats);
            updates += 1;
            if (config.tau < 1) for (const name of Object.keys(online)) copyWeights(target[name], online[name], config.tau);
          }
        }
        // ---- Target network: a hard copy each time the step count crosses a multiple of the frequency ----
        if (config.tau === 1 && Math.floor(envSteps / config.targetNetworkFrequency) > Math.floor(before / config.targetNetworkFrequency)) {
          for (const name of Object.keys(online)) copyWeights(target[name], online[name]);
        }
        ctx.recordUpdate({ epsilon, learning_rate: optimizer.learningRate });
      }
      progress = { envSteps, episodes: progress.episodes + numEnvs, updates, rounds: progress.rounds + 1 };
      keepGoing = await ctx.atBoundary(progress, handle);
    }
  } finally {
    for (const net of [...Object.values(online), ...Object.values(target)]) disposeMlp(net);
  }
}

/** argmax_a Q(s, a) for each lane. */
function greedyLevels(nets: Record<string, Mlp>, obs: Float32Array, rows: number, obsDim: number): Int32Array {
  const best = tf.tidy(() => tf.argMax(qValues(nets, tf.tensor2d(obs, [rows, obsDim])), 1));
  const out = best.dataSync() as Int32Array;
  best.dispose();
  return out;
}

interface DqnNets {
  readonly online: Record<string, Mlp>;
  readonly target: Record<string, Mlp>;
  readonly variables: tf.Variable[];
  readonly optimizer: Adam;
}

/**
 * One gradient step: y = R + gamma^m (1 - done) Q_target(s', argmax_a Q_online(s', a)) (double DQN),
 * Huber loss between Q_online(s, a) and y.
 */
function dqnUpdate(config: DqnConfig, batch: ReplaySample, obsDim: number, nets: DqnNets) {
  const { online, target, variables, optimizer } = nets;
  const levels = config.dueling ? online.advantage.spec.sizes.at(-1)! : online.q.spec.sizes.at(-1)!;
  const y = tf.tidy(() => {
    const next = tf.tensor2d(batch.nextObservations, [batch.size, obsDim]);
    const bestNext = tf.argMax(qValues(online, next), 1);
    const nextQ = tf.sum(tf.mul(qValues(target, next), tf.oneHot(bestNext, levels)), 1);
    const notDone = tf.sub(1, tf.tensor1d(batch.dones));
    return tf.add(tf.tensor1d(batch.rewards), tf.mul(tf.mul(tf.tensor1d(batch.discounts), notDone), nextQ));
  });
  let qMean: tf.Scalar | null = null;
  const { value: loss, grads } = tf.variableGrads(() =>
    tf.tidy(() => {
      const q = qValues(online, tf.tensor2d(batch.observations, [batch.size, obsDim]));
      const qTaken = tf.sum(tf.mul(q, tf.oneHot(tf.tensor1d(batch.actions, 'int32'), levels)), 1);
      qMean = tf.keep(tf.mean(qTaken)) as tf.Scalar;
      return tf.losses.huberLoss(y, qTaken) as tf.Scalar;
    }), variables);
  const gradList = variables.map((v) => grads[v.name]);
  const { norm, scale } = gradientClipScale(gradList, config.maxGradNorm);
  const stacked = tf.tidy(() => tf.stack([loss, qMean!, norm, scale]));
  const values = stacked.dataSync();
  optimizer.apply(gradList, values[3]);
  tf.dispose([stacked, y, loss, norm, scale, qMean!, ...gradList]);
  return { q_loss: values[0], q_mean: values[1] / config.rewardScale, grad_norm: values[2] };
}
