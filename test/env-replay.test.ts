import { describe, expect, it } from 'vitest';
import { resolvePolicy } from '../baselines/registry.js';
import { checkEnv } from '../env/check/check-env.js';
import { compileEnv } from '../env/core/compile-env.js';
import { referencePrice } from '../env/data/bars.js';
import { lobsterBars } from '../env/data/lobster-bars.js';
import { readLobsterDay } from '../env/data/lobster-reader.js';
import { lobsterLevel5SampleFile, xetraSampleFile } from '../env/data/sample-files.js';
import { readXetra } from '../env/data/xetra-reader.js';
import { evaluatePolicy } from '../env/policy/evaluate-policy.js';
import type { Policy } from '../env/policy/policy.js';
import { make, resolveSpec } from '../env/registry.js';
import { replaySetOfSeed } from '../env/random/seeds.js';
import { ExecutionVectorEnv } from '../env/core/execution-vector-env.js';
import { userErrorOf } from './helpers/data-files.js';

const REPLAY_IDS = ['xetra-replay-v0', 'lobster-replay-v0'];
const POLICIES = ['twap', 'vwap', 'pov:0.1', 'ac', 'immediate', 'last-minute'];

describe('replay markets', () => {
  for (const id of REPLAY_IDS) {
    it(`${id}: the same seed gives identical episodes, run after run, for every policy`, async () => {
      const env = compileEnv(resolveSpec(id));
      for (const name of POLICIES) {
        const policy = await resolvePolicy(name, env);
        const a = evaluatePolicy(policy, env, { episodes: 12, seed: 0, trajectories: 12 });
        const b = evaluatePolicy(policy, env, { episodes: 12, seed: 0, trajectories: 12, batch: 5 });
        expect(b.episodes).toEqual(a.episodes);
        const byEpisode = (rows: typeof a.trajectories) => [...rows].sort((x, y) => x.episode - y.episode || x.step - y.step);
        expect(byEpisode(b.trajectories)).toEqual(byEpisode(a.trajectories)); // batches record in another order

      }
    });

    it(`${id}: every policy run with one seed replays the same window and the same recorded path`, () => {
      const env = compileEnv(resolveSpec(id));
      const { N } = env.params;
      const paths = [0, 0.5, 1, 3].map((multiplier) => {
        const vec = new ExecutionVectorEnv(env, 4);
        const windows = Array.from(vec.reset({ seed: 7 }).info.replayWindow!);
        const volume: number[] = [];
        for (let k = 0; k < N; k++) {
          const { info } = vec.step(new Float64Array(4).fill(multiplier));
          volume.push(...info.volume);
        }
        return { windows, volume };
      });
      for (const path of paths.slice(1)) expect(path).toEqual(paths[0]);
      const table = env.params.replay!;
      expect(paths[0].windows).toEqual([7, 8, 9, 10].map((seed) => table.sets.test[seed % table.sets.test.length]));
    });

    it(`${id}: the timing cost is the recorded price move and permanent impact is gamma (X^2 - sum n^2) / 2`, () => {
      const env = make(id);
      const { N, S0, side, X } = env.params;
      const gamma = env.params.gamma[0];
      const table = env.params.replay!;
      for (const seed of [0, 3, 1_000_001, 1e9 + 5]) {
        const { info: start } = env.reset({ seed });
        const w = table.windows.indexOf(start.replayWindow!);
        let permanent = 0;
        let sumN2 = 0;
        for (let k = 0; k < N; k++) {
          const { info } = env.step(k % 3);
          const recorded = table.price[w * (N + 1) + k];
          expect(info.ledger.timing).toBe(side * info.fill.shares * (S0 - recorded));
          expect(info.marketVolume).toBe(table.volume[w * N + k]);
          permanent += info.ledger.permanent;
          sumN2 += info.fill.shares ** 2;
        }
        expect(Math.abs(permanent - 0.5 * gamma * (X * X - sumN2)) / permanent).toBeLessThan(1e-12);
      }
    });
  }

  it('with no own impact and unit scales, a window reproduces the recorded Xetra prices and volumes bit for bit', () => {
    const seed = 2;
    const probe = make('xetra-replay-v0').reset({ seed }).info.replayWindow!;
    const bars = readXetra(xetraSampleFile(), { symbols: [probe.symbol] })[0];
    const dayVolume = bars.volume.reduce((a, b) => a + b, 0);
    // S0 = the window's recorded start price and daily = the symbol's day volume make both scales 1.
    const env = make('xetra-replay-v0', { price: { S0: probe.startPrice }, volume: { daily: dayVolume }, impact: { epsilon: 0, gamma: 0, eta: 1e-300 } });
    const { info: start } = env.reset({ seed });
    expect(start.replayWindow).toEqual(probe);
    const first = (probe.startSeconds - bars.start[0]) / 60;
    const ref = referencePrice(bars);
    for (let k = 0; k < env.params.N; k++) {
      const { info } = env.step(1);
      let volume = 0;
      for (let b = first + k; b < first + k + 1; b++) volume += bars.volume[b];
      expect(info.marketVolume).toBe(volume);
      expect(info.price).toBe(ref[first + k]); // the unaffected price after step k: the close of its minute
      expect(info.fill.price).toBe(k === 0 ? probe.startPrice : ref[first + k - 1]);
    }
  });

  it('splits the windows into disjoint training, validation and test sets, and seeds pick the set by range', () => {
    const env = make('xetra-replay-v0');
    const table = env.params.replay!;
    const all = [...table.sets.training, ...table.sets.validation, ...table.sets.test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: table.windows.length }, (_, i) => i));
    expect([table.sets.training.length, table.sets.validation.length, table.sets.test.length]).toEqual([96, 32, 32]);
    expect(table.windows.length).toBe(160); // 10 stocks x 16 half-hours after the 08:00 minute
    const reshuffled = make('xetra-replay-v0', { price: { split: { seed: 1 } } }).params.replay!;
    expect(Array.from(reshuffled.sets.test)).not.toEqual(Array.from(table.sets.test));
    expect([replaySetOfSeed(0), replaySetOfSeed(999_999), replaySetOfSeed(1_000_000), replaySetOfSeed(1e9)]).toEqual([2, 2, 1, 0]);
    const seen = new Set<number>();
    for (let seed = 0; seed < 32; seed++) seen.add(table.windows.indexOf(env.reset({ seed }).info.replayWindow!));
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from(table.sets.test)); // 32 test seeds cover the 32 test windows
  });

  it('shows a policy at step k only the volume printed in step k - 1, never the step it trades in', () => {
    const env = compileEnv(resolveSpec('lobster-replay-v0'));
    const { N, replay } = env.params;
    const seen: number[][] = [];
    const spy: Policy = {
      name: 'spy',
      usesHiddenState: false,
      act(input, actions) {
        seen.push(Array.from(input.lastVolume.subarray(0, input.lanes)));
        actions.fill(1);
      },
    };
    evaluatePolicy(spy, env, { episodes: 3, seed: 4 });
    const windows = [4, 5, 6].map((seed) => replay!.sets.test[seed % replay!.sets.test.length]);
    expect(seen[0].every(Number.isNaN)).toBe(true);
    for (let k = 1; k < N; k++) expect(seen[k]).toEqual(windows.map((w) => replay!.volume[w * N + k - 1]));
  });

  it('publishes as its volume forecast the mean of the training windows only', () => {
    const { replay, expectedVolume, N } = make('lobster-replay-v0').params;
    for (let k = 0; k < N; k++) {
      let mean = 0;
      for (const w of replay!.sets.training) mean += replay!.volume[w * N + k] / replay!.sets.training.length;
      expect(expectedVolume[k]).toBe(mean);
    }
  });

  it('simulates transient and square-root impact on top of the recorded path, and refuses the square-root law on a step without volume', () => {
    const transient = make('lobster-replay-v0', { impact: { model: 'transient', epsilon: 0.011, kappa: 2e-6, rho: 50, gamma: 4.4e-8 } });
    checkEnv(transient);
    const sqrt = { impact: { model: 'sqrt-volume', epsilon: 0.005, eta: 0.5, gamma: 2e-8 } };
    const fiveMinutes = make('xetra-replay-v0', { ...sqrt, horizon: { T: 1800 / 30600, N: 6 } });
    checkEnv(fiveMinutes);
    expect(userErrorOf(() => make('xetra-replay-v0', sqrt))).toMatch(/^spec\.impact: the sqrt-volume law needs market volume in every step, but step \d+ of the [A-Z]+ window from \d+ s has none/);
  });

  it('replays raw LOBSTER files (aggregated to bars on load) as well as bars files', () => {
    // The shipped 5-minute level-5 slice: a 300 s session of 10 s bars, windows of 5 steps of 10 s.
    const env = make('lobster-replay-v0', {
      horizon: { T: 50 / 300, N: 5 },
      price: {
        data: { format: 'lobster', files: ['samples/lobster-2012-06-21/AMZN_2012-06-21_36000000_36300000_message_5.csv'], barSeconds: 10 },
        split: { validation: 0.2, test: 0.4 }, // two test windows, so checkEnv's two seeds differ
      },
    });
    const table = env.params.replay!;
    expect([table.windows.length, table.sessionSeconds, table.stepSeconds]).toEqual([5, 300, 10]);
    expect(table.windows.map((w) => w.startSeconds)).toEqual([36010, 36060, 36110, 36160, 36210]);
    const bars = lobsterBars(readLobsterDay(lobsterLevel5SampleFile()), 10);
    const scale = env.params.S0 / bars.midClose![0];
    expect(table.price[1]).toBe(scale * bars.midClose![1]);
    checkEnv(env);
  });

  it('rejects a step that is not a whole number of bars, too few windows for three sets, and regimes', () => {
    expect(userErrorOf(() => make('xetra-replay-v0', { horizon: { N: 20 } }))).toMatch(/^spec\.horizon: a step of T\/N = .*\/20 of the 30600 s session is 90.* s, not a whole number of DBK's 60 s bars$/);
    expect(userErrorOf(() => make('xetra-replay-v0', { horizon: { T: 0.5, N: 255 }, price: { data: { symbols: ['SAP'] } } }))).toMatch(/^spec\.price\.split: 1 windows give 0 test/);
    expect(userErrorOf(() => make('xetra-replay-v0', { price: { data: { symbols: ['XXX'] } } }))).toBe('spec.price.data.symbols: no data for "XXX" in samples/xetra-pds-2018-03-21/xetra_2018-03-21_top10_dax_1min.csv');
    expect(
      userErrorOf(() => make('xetra-replay-v0', { regimes: [{ name: 'a' }, { name: 'b' }], transition: [[0.5, 0.5], [0.5, 0.5]] })),
    ).toMatch(/^spec\.regimes: a replay market takes its regimes from the data/);
  });
});
