/**
 * The seed rules of execgym, in one place. One integer seed fixes a whole run; everything random
 * draws from a named child stream of it (`makeRng(seed, STREAMS.x)`), so adding a consumer never
 * shifts the others; market seeds are split into disjoint sets so that training never sees an
 * evaluation path:
 *
 * - evaluation (validation, test, benchmark): episode i runs on market seed `seed + i`, with
 *   every seed below {@link TRAIN_SEED_SPACE};
 * - training: run seed s, round r, lane i runs on market seed `TRAIN_SEED_SPACE·(s + 1) + r·lanes + i`
 *   ({@link trainingSeed}), at or above TRAIN_SEED_SPACE;
 * - vector envs: lane i reset with seed s runs on market seed s + i;
 * - replay markets (recorded data): a market seed at or above TRAIN_SEED_SPACE replays training
 *   windows, one in [{@link VALIDATION_SEED_SPACE}, TRAIN_SEED_SPACE) validation windows, one
 *   below it test windows ({@link replaySetOfSeed}); the default validation seeds (1e6...) and
 *   test seeds (0...) of a run config fall on the right side.
 *
 * Changing a value here changes every recorded run: the committed results and `execgym reproduce`
 * depend on them.
 */

/** Evaluation market seeds stay below this; training market seeds start at it. */
export const TRAIN_SEED_SPACE = 1e9;

/** Evaluation seeds at or above this replay validation windows, below it test windows. */
export const VALIDATION_SEED_SPACE = 1e6;

/** Which window set a replay market seeded with `seed` plays: 0 training, 1 validation, 2 test. */
export function replaySetOfSeed(seed: number): 0 | 1 | 2 {
  return seed >= TRAIN_SEED_SPACE ? 0 : seed >= VALIDATION_SEED_SPACE ? 1 : 2;
}

/** Names of the child streams of a seed, one per consumer. */
export const STREAMS = {
  /** A market path (prices, volumes, regimes) of one env or lane. */
  env: 'env',
  /** A passive env's limit-order fills of one env or lane (apart from the market's path). */
  fills: 'fills',
  /** A Markov trading-halt process of one env or lane (apart from the market's path). */
  halts: 'halts',
  /** The random actions `checkEnv` plays. */
  checkEnv: 'check-env',
  /** The shuffle that splits a replay table's windows into training, validation and test sets. */
  replaySplit: 'replay-split',
  /** What the regime HMM draws when a market is calibrated. */
  calibrateHmm: 'calibrate-hmm',
  /** The block bootstrap of a portfolio cross-impact card (issue 24). */
  crossImpactBootstrap: 'cross-impact-bootstrap',
  /** The clocks of a generated order flow (the queue-reactive simulator, issue 21). */
  qrFlow: 'qr-flow',
  // The agents' streams are registered with each algorithm (agents/registry.ts: PPO_STREAMS, DQN_STREAMS).
} as const;

/**
 * Market seed of lane 0 in training round `round` of a run with seed `runSeed` and `lanes` lanes;
 * lane i uses this + i. Disjoint across rounds and runs, and from the evaluation seeds.
 * @example trainingSeed(0, 2, 64) // 1e9 + 128
 */
export function trainingSeed(runSeed: number, round: number, lanes: number): number {
  return TRAIN_SEED_SPACE * (runSeed + 1) + round * lanes;
}

/** The training-seed rule of a run in words, as its manifest records it. */
export function trainingSeedRule(runSeed: number, lanes: number): string {
  return `round r, lane i: market seed ${trainingSeed(runSeed, 0, lanes)} + r * ${lanes} + i`;
}
