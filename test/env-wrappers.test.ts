import { describe, expect, it } from 'vitest';
import { checkEnv, checkVectorEnv } from '../env/check/check-env.js';
import { UserError } from '../env/errors/errors.js';
import { make, makeVector } from '../env/registry.js';
import { FilterObservation, VectorFilterObservation } from '../env/wrappers/filter-observation.js';
import { FrameStack, VectorFrameStack } from '../env/wrappers/frame-stack.js';
import { NormalizeObservation, VectorNormalizeObservation } from '../env/wrappers/normalize-observation.js';
import { RecordEpisodeStatistics, VectorRecordEpisodeStatistics } from '../env/wrappers/record-episode-statistics.js';
import { RunningNorm } from '../env/wrappers/running-norm.js';

/** A clock that advances one second per reading, so elapsed times are counts of readings. */
function tickingClock(): () => number {
  let now = 0;
  return () => now++;
}

const actionAt = (lane: number, t: number) => ((lane + 2 * t) % 7) / 3;

describe('RecordEpisodeStatistics', () => {
  it('adds r (the summed rewards), l (the steps) and t to the execution summary on the last step only', () => {
    const env = new RecordEpisodeStatistics(make('regime-v0'), { clock: tickingClock() });
    env.reset({ seed: 3 });
    let total = 0;
    for (let k = 0; k < 20; k++) {
      const step = env.step(1);
      total += step.reward;
      if (k < 19) expect(step.info.episode).toBeUndefined();
      else {
        expect(step.info.episode).toMatchObject({ r: total, l: 20, t: 1 });
        // The env's own return is summed in the same order, so it is the same number exactly.
        expect(step.info.episode!.r).toBe(step.info.episode!.return);
        expect(step.info.episode!.shortfallBps).toBeTypeOf('number');
      }
    }
    expect(env.returnQueue).toEqual([total]);
    expect(env.lengthQueue).toEqual([20]);
    checkEnv(new RecordEpisodeStatistics(make('ac-linear-v0')));
  });

  it('over a vector env, marks the lanes that ended and gives each its return and length', () => {
    const lanes = 3;
    const vec = new VectorRecordEpisodeStatistics(makeVector('transient-v0', lanes), { clock: tickingClock(), bufferLength: 4 });
    vec.reset({ seed: 8 });
    for (let t = 0; t < 45; t++) {
      const result = vec.step(Float64Array.from({ length: lanes }, (_, i) => actionAt(i, t)));
      expect(Array.from(result.info._episode)).toEqual(Array.from(result.terminated));
      for (let i = 0; i < lanes; i++) {
        if (!result.terminated[i]) continue;
        expect(result.info.episode.l[i]).toBe(20);
        expect(result.info.episode.r[i]).toBeCloseTo(result.info.episode.return[i], 9);
      }
    }
    // Two whole episodes per lane ended in 45 steps; the queue keeps the last four.
    expect(vec.lengthQueue).toEqual([20, 20, 20, 20]);
    checkVectorEnv(new VectorRecordEpisodeStatistics(makeVector('ac-linear-v0', 3)));
  });
});

describe('NormalizeObservation', () => {
  it('returns what the running normalisation (the agents\' algorithm) gives, updating on every observation', () => {
    const env = new NormalizeObservation(make('regime-v0', { regimeInfo: 'belief' }));
    const inner = make('regime-v0', { regimeInfo: 'belief' });
    const norm = new RunningNorm(inner.observationSpace.shape[0]);
    const expected = (obs: Float32Array) => {
      norm.update(obs, 1);
      return norm.normalize(obs, 1, new Float32Array(obs.length));
    };
    expect(env.reset({ seed: 1 }).observation).toEqual(expected(inner.reset({ seed: 1 }).observation));
    for (let k = 0; k < 20; k++) expect(env.step(actionAt(0, k)).observation).toEqual(expected(inner.step(actionAt(0, k)).observation));
    expect(env.norm.state()).toEqual(norm.state());
  });

  it('with frozen statistics it is a deterministic env inside ±clip; the vector form updates once per batch', () => {
    const frozen = new NormalizeObservation(make('sqrt-volume-v0'), { clip: 3 });
    frozen.training = false;
    checkEnv(frozen);
    expect(Array.from(frozen.observationSpace.high)).toEqual([3, 3, 3, 3, 3]);
    const vec = new VectorNormalizeObservation(makeVector('sqrt-volume-v0', 4));
    const norm = new RunningNorm(5);
    const first = vec.reset({ seed: 2 }).observation.slice();
    const raw = makeVector('sqrt-volume-v0', 4).reset({ seed: 2 }).observation;
    norm.update(raw, 4);
    expect(first).toEqual(norm.normalize(raw, 4, new Float32Array(raw.length)));
    expect(vec.norm.count).toBeCloseTo(4 + 1e-4, 12);
  });
});

describe('FrameStack', () => {
  it('stacks the last k observations oldest first, padding an episode start with its first observation', () => {
    const k = 3;
    const env = new FrameStack(make('regime-v0'), k);
    const inner = make('regime-v0');
    const seen = [inner.reset({ seed: 4 }).observation];
    const stacked = (t: number) => Array.from({ length: k }, (_, j) => Array.from(seen[Math.max(0, t - k + 1 + j)])).flat();
    expect(Array.from(env.reset({ seed: 4 }).observation)).toEqual(stacked(0));
    for (let t = 1; t <= 20; t++) {
      seen.push(inner.step(1).observation);
      expect(Array.from(env.step(1).observation)).toEqual(stacked(t));
    }
    expect(env.observationSpace.shape).toEqual([15]);
    checkEnv(new FrameStack(make('regime-v0'), 4));
  });

  it('vector lane i equals the single wrapper on seed + i, across autoresets and final observations', () => {
    const lanes = 3;
    const vec = new VectorFrameStack(makeVector('regime-v0', lanes, { regimeInfo: 'belief' }), 4);
    const singles = Array.from({ length: lanes }, () => new FrameStack(make('regime-v0', { regimeInfo: 'belief' }), 4));
    const dim = vec.singleObservationSpace.shape[0];
    const row = (batch: Float32Array, i: number) => Array.from(batch.subarray(i * dim, (i + 1) * dim));
    const first = vec.reset({ seed: 30 }).observation;
    singles.forEach((env, i) => expect(row(first, i)).toEqual(Array.from(env.reset({ seed: 30 + i }).observation)));
    for (let t = 0; t < 45; t++) {
      const actions = Float64Array.from({ length: lanes }, (_, i) => actionAt(i, t));
      const result = vec.step(actions);
      singles.forEach((env, i) => {
        const step = env.step(actions[i]);
        if (step.terminated) {
          expect(row(result.info.finalObservations, i)).toEqual(Array.from(step.observation));
          expect(row(result.observation, i)).toEqual(Array.from(env.reset().observation));
        } else {
          expect(row(result.observation, i)).toEqual(Array.from(step.observation));
        }
      });
    }
    checkVectorEnv(new VectorFrameStack(makeVector('ac-linear-v0', 3), 2));
  });
});

describe('FilterObservation', () => {
  it('keeps the named columns in the order given, for ablations', () => {
    const env = new FilterObservation(make('regime-v0', { regimeInfo: 'oracle' }), ['inventory_left', 'time_left', 6]);
    const inner = make('regime-v0', { regimeInfo: 'oracle' });
    const pick = (obs: Float32Array) => [obs[1], obs[0], obs[6]];
    expect(Array.from(env.reset({ seed: 5 }).observation)).toEqual(pick(inner.reset({ seed: 5 }).observation));
    expect(Array.from(env.step(2).observation)).toEqual(pick(inner.step(2).observation));
    checkEnv(new FilterObservation(make('regime-v0'), ['time_left', 'inventory_left']));
    checkVectorEnv(new VectorFilterObservation(makeVector('regime-v0', 2, { regimeInfo: 'belief' }), ['time_left', 'belief_calm']));
  });

  it('rejects a column that does not exist with a UserError listing the ones that do', () => {
    expect(() => new FilterObservation(make('ac-linear-v0'), ['price'])).toThrow(UserError);
    expect(() => new FilterObservation(make('ac-linear-v0'), ['price'])).toThrow(
      'observation filter: no column "price"; allowed: time_left, inventory_left, price_move, realised_vol, volume_ratio or an index in [0, 4]',
    );
    expect(() => new VectorFrameStack(makeVector('ac-linear-v0', 2), 0)).toThrow(/new VectorFrameStack: frames must be an integer from 1 to 13107 .*, got 0/);
  });
});
