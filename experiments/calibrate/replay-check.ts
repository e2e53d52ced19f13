import { ac } from '../../baselines/ac.js';
import type { ReplayCheck } from '../../env/calibration/held-out.js';
import type { DataFormatName } from '../../env/data/formats.js';
import { compileEnv } from '../../env/core/compile-env.js';
import { parseOrThrow } from '../../env/errors/errors.js';
import { evaluatePolicy } from '../../env/policy/evaluate-policy.js';
import { ExecutionEnv } from '../../env/core/execution-env.js';
import { TRAIN_SEED_SPACE, VALIDATION_SEED_SPACE } from '../../env/random/seeds.js';
import { envSpecSchema, type EnvSpecInput } from '../../env/spec/schema.js';
import { sampleStats } from '../stats/sample-stats.js';
import { t975 } from '../stats/t-interval.js';

/** Replay data a card came from, as the replay price model names it. */
export interface ReplayData {
  readonly format: DataFormatName;
  readonly file: string;
  readonly symbol: string;
}

/**
 * The last part of issue 8's held-out check. The card's spec, cut to windows of `windowSteps`
 * steps, is the synthetic twin; the same spec with the `replay` price model replays the recorded
 * windows of the symbol with the card's impact simulated on top. The AC schedule (the card's
 * parameters) runs on both: 4,000 synthetic episodes give the predicted mean and sd of its cost,
 * and every recorded window in the second half of the session (the half the card's held-out
 * diagnostics score) gives a realised cost. Windows of the first half are left out: the card's
 * sigma and volume profile were fitted on the whole day, so the first half would not be held out
 * from the held-out diagnostics' calibration half either way; see the card's note.
 */
export function replayAcCheck(cardSpec: EnvSpecInput, data: ReplayData, windowSteps: number, dailyVolume: number): ReplayCheck {
  const base = parseOrThrow(envSpecSchema, cardSpec, 'calibrated spec');
  const tau = base.horizon.T / base.horizon.N;
  const orderShares = Math.round(0.01 * dailyVolume);
  const common = { ...cardSpec, horizon: { T: windowSteps * tau, N: windowSteps }, order: { side: 'sell' as const, shares: orderShares }, regimes: undefined, transition: undefined, initial: undefined };
  const synthetic = compileEnv(parseOrThrow(envSpecSchema, common, 'synthetic window spec'));
  const replaySpec = parseOrThrow(envSpecSchema, {
    ...common,
    id: `${base.id}-replay`,
    price: { model: 'replay', S0: base.price.S0, sigma: base.price.sigma, data: { format: data.format, files: [data.file], symbols: [data.symbol] } },
  }, 'replay spec');
  const replay = compileEnv(replaySpec);

  const predictedRuns = evaluatePolicy(ac(synthetic), synthetic, { episodes: 4000, seed: 0 }).episodes.map((e) => e.isBps);
  const predicted = sampleStats(predictedRuns);

  const table = replay.params.replay!;
  const env = new ExecutionEnv(replay);
  const starts = table.windows.map((w) => w.startSeconds);
  const middle = (Math.min(...starts) + Math.max(...starts)) / 2;
  const windows: ReplayCheck['windows'][number][] = [];
  for (const [first, count] of [[0, table.sets.test.length], [VALIDATION_SEED_SPACE, table.sets.validation.length], [TRAIN_SEED_SPACE, table.sets.training.length]] as const) {
    const records = evaluatePolicy(ac(replay), replay, { episodes: count, seed: first }).episodes;
    for (const record of records) {
      const window = env.reset({ seed: record.seed }).info.replayWindow!;
      if (window.startSeconds >= middle) windows.push({ symbol: window.symbol, date: window.date, startSeconds: window.startSeconds, isBps: record.isBps });
    }
  }
  windows.sort((a, b) => a.startSeconds - b.startSeconds);
  const n = windows.length;
  const realised = n >= 2 ? sampleStats(windows.map((w) => w.isBps)) : null;
  const half = realised ? t975(realised.n - 1) * realised.se : 0;
  return {
    windowSteps,
    orderShares,
    predicted: { meanBps: predicted.mean, sdBps: predicted.sd, episodes: predicted.n },
    windows,
    realised: realised ? { meanBps: realised.mean, low: realised.mean - half, high: realised.mean + half } : null,
    z: realised ? (realised.mean - predicted.mean) / (predicted.sd / Math.sqrt(n)) : null,
    within95: n > 0 ? windows.filter((w) => Math.abs(w.isBps - predicted.mean) <= 1.959963984540054 * predicted.sd).length / n : null,
  };
}
