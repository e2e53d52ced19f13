import { ac } from '../../baselines/ac.js';
import { calibrateMarket } from '../../env/calibration/calibrate-market.js';
import { cardMarkdown } from './card-markdown.js';
import { marketCard, type MarketCard } from './market-card.js';
import { compileEnv, type CompiledEnv } from '../../env/core/compile-env.js';
import { loadReplayBars, resolveDataPath } from '../../env/data/replay-source.js';
import { UserError } from '../../env/errors/errors.js';
import { evaluatePolicy } from '../../env/policy/evaluate-policy.js';
import { writeFileAtomic, writeJsonAtomic } from '../../env/io/atomic-write.js';
import { resolveSpec } from '../../env/registry.js';
import { makeRng } from '../../env/random/rng.js';
import { STREAMS, TRAIN_SEED_SPACE, VALIDATION_SEED_SPACE } from '../../env/random/seeds.js';
import { envSpecSchema, type EnvSpec, type EnvSpecInput } from '../../env/spec/schema.js';
import { transferEnv } from '../run-config/transfer-env.js';
import { sampleStats } from '../stats/sample-stats.js';
import { sourceFile } from './run-calibrate.js';
import { checkDirPath } from '../../env/io/ensure-dir.js';
import { openResultDir } from '../io/result-dir.js';
import { trainingSessions } from './training-sessions.js';
import { twinSpec, type TwinSources } from './twin-spec.js';
import { cardPaths } from '../io/card-dir.js';

export interface TwinRequest {
  /** The replay env (registered id or spec file) whose recorded series the twin is fitted to. */
  readonly replay: string;
  readonly stepSeconds: number;
  readonly regimes: 'auto' | number;
  readonly seed: number;
  readonly outDir: string;
}

/** twin.json: the twin's provenance and the check that twin and replay are one problem. */
export interface TwinRecord {
  readonly replay: string;
  readonly twin: string;
  /** The replay's training windows the card was fitted to (no validation or test window), and those laid twice. */
  readonly windows: { readonly training: string[]; readonly repeated: string[] };
  readonly normalisation: string;
  readonly sources: TwinSources;
  readonly acCheck: AcCheck;
}

/** AC (the card's parameters) on the twin and on every recorded window of the replay, in bps of X·S0. */
export interface AcCheck {
  readonly twin: { readonly episodes: number; readonly isBps: Moments; readonly objectiveBps: Moments };
  readonly replay: { readonly episodes: number; readonly isBps: Moments; readonly objectiveBps: Moments };
  readonly note: string;
}

interface Moments {
  readonly mean: number;
  readonly sd: number;
  readonly se: number;
}

const moments = (values: readonly number[]): Moments => {
  const s = sampleStats(values);
  return { mean: s.mean, sd: s.sd, se: s.se };
};

/**
 * AC on the twin (4,000 synthetic episodes) against AC on every recorded window of the replay with
 * the twin's cost model (the transfer env), so a reader sees that the two pose the same problem in
 * the same units: the means should agree within the spread of the replay's windows.
 */
function acCheck(twin: CompiledEnv, replay: CompiledEnv): AcCheck {
  const synthetic = evaluatePolicy(ac(twin), twin, { episodes: 4000, seed: 0 }).episodes;
  const sets = replay.params.replay!.sets;
  const recorded = [[0, sets.test.length], [VALIDATION_SEED_SPACE, sets.validation.length], [TRAIN_SEED_SPACE, sets.training.length]].flatMap(([seed, episodes]) => evaluatePolicy(ac(replay), replay, { episodes, seed }).episodes);
  return {
    twin: { episodes: synthetic.length, isBps: moments(synthetic.map((e) => e.isBps)), objectiveBps: moments(synthetic.map((e) => e.objectiveBps)) },
    replay: { episodes: recorded.length, isBps: moments(recorded.map((e) => e.isBps)), objectiveBps: moments(recorded.map((e) => e.objectiveBps)) },
    note: 'ac with the card\'s parameters; replay: every recorded window once (training, validation and test) with the twin\'s spread, impact, sigma and risk aversion on the recorded paths',
  };
}

/**
 * `execgym calibrate --twin-of REPLAY`: calibrates a market card to the replay env's training
 * windows only (see {@link trainingSessions}: no validation or test window reaches a fitted number,
 * issue 19), pooled as days of one market in the replay's units, and writes the twin's spec.json,
 * card.json, card.md and twin.json (provenance of every number, and the AC check) to `outDir`.
 * @throws UserError when the env is not a replay, or the data cannot be calibrated
 */
export function runCalibrateTwin(request: TwinRequest): { card: MarketCard; spec: EnvSpecInput; record: TwinRecord } {
  checkDirPath(request.outDir, '--out');
  const replay: EnvSpec = resolveSpec(request.replay);
  if (replay.price.model !== 'replay') throw new UserError(`--twin-of: ${JSON.stringify(request.replay)} is not a replay env (its price model is ${replay.price.model})`);
  const data = replay.price.data;
  const series = loadReplayBars(data);
  const sessions = trainingSessions({ ...replay, price: replay.price }, `${replay.id} (training windows)`);
  const calibration = calibrateMarket(makeRng(request.seed, STREAMS.calibrateHmm), { days: sessions.days }, { stepSeconds: request.stepSeconds, regimes: request.regimes });
  const { spec, sources } = twinSpec(replay, calibration);
  const choices = { shares: replay.order.shares, riskAversion: replay.riskAversion, seed: request.seed, profile: 'u-shape' as const };
  const card = marketCard(calibration, {
    format: data.format,
    currency: series[0].currency,
    files: data.files.map((f) => ({ ...sourceFile(resolveDataPath(f)), name: f })),
    rowsRead: series.reduce((a, b) => a + b.source.rowsRead, 0),
    defects: series.flatMap((b) => b.defects),
  }, choices);
  const twin = compileEnv(envSpecSchema.parse(spec));
  const record: TwinRecord = {
    replay: replay.id,
    twin: twin.spec.id,
    windows: { training: sessions.windows, repeated: sessions.repeated },
    normalisation: `${sessions.method}; then calibrated as ${sessions.days.length} days of one market at ${request.stepSeconds}-s steps`,
    sources,
    acCheck: acCheck(twin, transferEnv(twin, request.replay, '--twin-of')),
  };
  // Opened after the work, as calibrate does, so bad data or flags leave no directory behind.
  const out = openResultDir(request.outDir, 'calibrate');
  try {
    const files = cardPaths(out.staging);
    writeJsonAtomic(files.spec, spec);
    writeJsonAtomic(files.card, card);
    writeFileAtomic(files.cardMd, cardMarkdown(card));
    writeJsonAtomic(files.twin, record);
  } catch (error) {
    out.abandon();
    throw error;
  }
  out.commit();
  return { card, spec, record };
}
