import { ac } from '../../baselines/ac.js';
import { calibrateMarket } from '../../env/calibration/calibrate-market.js';
import type { CalibrationBars } from '../../env/calibration/calibration-input.js';
import { barPrices } from '../../env/calibration/calibration-input.js';
import { cardMarkdown } from '../../env/calibration/card-markdown.js';
import { marketCard, type MarketCard } from '../../env/calibration/market-card.js';
import { compileEnv, type CompiledEnv } from '../../env/compile-env.js';
import type { Bars } from '../../env/data/bars.js';
import { loadReplayBars, resolveDataPath } from '../../env/data/replay-source.js';
import { UserError } from '../../env/errors.js';
import { evaluatePolicy } from '../../env/evaluate-policy.js';
import { writeFileAtomic, writeJsonAtomic } from '../../env/io/atomic-write.js';
import { resolveSpec } from '../../env/registry.js';
import { makeRng } from '../../env/rng.js';
import { STREAMS, TRAIN_SEED_SPACE, VALIDATION_SEED_SPACE } from '../../env/seeds.js';
import { envSpecSchema, type EnvSpec, type EnvSpecInput } from '../../env/spec/schema.js';
import { transferEnv } from '../config/transfer-env.js';
import { sampleStats } from '../stats/sample-stats.js';
import { sourceFile } from './run-calibrate.js';
import { checkDirPath } from '../../env/io/ensure-dir.js';
import { openResultDir } from '../io/result-dir.js';
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
  readonly series: { readonly used: string[]; readonly left: { readonly series: string; readonly reason: string }[] };
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
 * One day of one symbol scaled as the replay scales it (prices so the day opens at S0, volumes so
 * it trades `daily` shares), under a pooled symbol name: the calibration then reads every series
 * of the replay as a day of one market, in the replay's units.
 */
function normalised(b: Bars, symbol: string, S0: number, daily: number): CalibrationBars {
  const p = S0 / barPrices(b)[0];
  const v = daily / b.volume.reduce((a, x) => a + x, 0);
  const scale = (a: Float64Array | undefined, by: number) => (a ? a.map((x) => x * by) : undefined);
  return {
    symbol,
    date: b.date,
    barSeconds: b.barSeconds,
    start: b.start,
    open: scale(b.open, p)!,
    high: scale(b.high, p)!,
    low: scale(b.low, p)!,
    close: scale(b.close, p)!,
    volume: scale(b.volume, v)!,
    bid: scale(b.bid, p),
    ask: scale(b.ask, p),
    midClose: scale(b.midClose, p),
    signedVolume: scale(b.signedVolume, v),
  };
}

/** The series on the grid most of them share (a series that opens late would misalign the days). */
function onCommonGrid(series: readonly Bars[]): { used: Bars[]; left: TwinRecord['series']['left'] } {
  const key = (b: Bars) => `${b.barSeconds}/${b.start[0]}/${b.start.length}`;
  const counts = new Map<string, number>();
  for (const b of series) counts.set(key(b), (counts.get(key(b)) ?? 0) + 1);
  const common = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
  const used = series.filter((b) => key(b) === common);
  const left = series.filter((b) => key(b) !== common).map((b) => ({
    series: `${b.symbol} ${b.date}`,
    reason: `its bars (${b.start.length} of ${b.barSeconds} s from ${b.start[0]} s) are not on the grid of the others (${common.replaceAll('/', ', ')}): it opens late or closes early`,
  }));
  return { used, left };
}

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
 * `execgym calibrate --twin-of REPLAY`: calibrates a market card to the replay env's recorded
 * series, pooled as days of one market in the replay's units, and writes the twin's spec.json,
 * card.json, card.md and twin.json (provenance of every number, and the AC check) to `outDir`.
 * @throws UserError when the env is not a replay, or the data cannot be calibrated
 */
export function runCalibrateTwin(request: TwinRequest): { card: MarketCard; spec: EnvSpecInput; record: TwinRecord } {
  checkDirPath(request.outDir, '--out');
  const replay: EnvSpec = resolveSpec(request.replay);
  if (replay.price.model !== 'replay') throw new UserError(`--twin-of: ${JSON.stringify(request.replay)} is not a replay env (its price model is ${replay.price.model})`);
  const { S0 } = replay.price;
  const data = replay.price.data;
  const { used, left } = onCommonGrid(loadReplayBars(data));
  const pooled = `${replay.id} (${used.length} series pooled)`;
  const days = used.map((b) => normalised(b, pooled, S0, replay.volume.daily));
  const calibration = calibrateMarket(makeRng(request.seed, STREAMS.calibrateHmm), { days }, { stepSeconds: request.stepSeconds, regimes: request.regimes });
  const { spec, sources } = twinSpec(replay, calibration);
  const choices = { shares: replay.order.shares, riskAversion: replay.riskAversion, seed: request.seed, profile: 'u-shape' as const };
  const card = marketCard(calibration, {
    format: data.format,
    currency: used[0].currency,
    files: data.files.map((f) => ({ ...sourceFile(resolveDataPath(f)), name: f })),
    rowsRead: used.reduce((a, b) => a + b.source.rowsRead, 0),
    defects: used.flatMap((b) => b.defects),
  }, choices);
  const twin = compileEnv(envSpecSchema.parse(spec));
  const record: TwinRecord = {
    replay: replay.id,
    twin: twin.spec.id,
    series: { used: used.map((b) => `${b.symbol} ${b.date}`), left },
    normalisation: `each series scaled as the replay scales it: prices by S0 / opening price (S0 = ${S0}), volumes by ${replay.volume.daily} / the day's volume; then calibrated as ${used.length} days of one market at ${request.stepSeconds}-s steps`,
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
