import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { calibrateFills, FILL_CALIBRATION_DEFAULTS, type FillCalibration, type FillTarget } from '../../env/calibration/fill-intensity.js';
import type { Estimate } from '../../env/calibration/estimate.js';
import { readBarsCsv } from '../../env/data/bars-csv-reader.js';
import { loadLobsterDay } from '../../env/data/replay-source.js';
import { UserError } from '../../env/errors/errors.js';
import { writeFileAtomic, writeJsonAtomic } from '../../env/io/atomic-write.js';
import { checkDirPath } from '../../env/io/ensure-dir.js';
import { resolveSpec } from '../../env/registry.js';
import { makeRng } from '../../env/random/rng.js';
import type { EnvSpec } from '../../env/spec/schema.js';
import { openResultDir } from '../io/result-dir.js';
import { sourceFile } from './run-calibrate.js';

export interface FillsRequest {
  /** LOBSTER message file (level >= 1; its orderbook file beside it). */
  readonly data: string;
  /** A bars CSV of the same symbol and day over the whole session: the day's volume and the window's share. */
  readonly dayBars: string;
  /** The passive env whose units (epsilon, tick, daily volume) the card gives. */
  readonly env: string;
  readonly seed: number;
  readonly outDir: string;
}

/** card.json of `calibrate --fills`. */
export interface FillCard {
  readonly kind: 'fills';
  readonly symbol: string;
  readonly date: string;
  readonly window: { readonly startMs: number; readonly endMs: number };
  readonly files: readonly { readonly name: string; readonly sha256: string; readonly bytes: number }[];
  readonly target: FillTarget & { readonly env: string };
  readonly options: typeof FILL_CALIBRATION_DEFAULTS & { readonly seed: number };
  readonly estimates: FillCalibration['estimates'];
  readonly byOffset: FillCalibration['byOffset'];
  readonly sample: FillCalibration['sample'];
  /** The env's `execution.fills` section with these estimates. */
  readonly fills: { readonly model: 'intensity'; readonly A: number; readonly k: number; readonly alpha: number; readonly clip: number };
}

function passiveTarget(spec: EnvSpec, env: string): FillTarget {
  if (!spec.execution || spec.execution.fills.model !== 'intensity') throw new UserError(`--env: ${JSON.stringify(env)} is not a passive env with intensity fills (its spec has ${spec.execution ? `fills.model ${spec.execution.fills.model}` : 'no execution block'})`);
  return { epsilon: spec.impact.epsilon, tick: spec.execution.tick, dailyVolume: spec.volume.daily };
}

/** The bars' volume over the session and over [startMs, endMs). */
function volumes(dayBars: string, lobster: { symbol: string; date: string; startMs: number; endMs: number }): { day: number; window: number } {
  const { startMs, endMs } = lobster;
  if (!existsSync(dayBars)) throw new UserError(`--day-bars: no such file ${JSON.stringify(dayBars)}`);
  const bars = readBarsCsv(dayBars, { timeZone: 'America/New_York' });
  if (bars.length !== 1) throw new UserError(`--day-bars: ${dayBars} holds ${bars.length} series; give the bars of the LOBSTER file's symbol and day only`);
  let day = 0;
  let window = 0;
  const b = bars[0];
  // A bars CSV without a symbol column is named for its file (`AMZN_2012-06-21_10s_bars`).
  const sameSymbol = b.symbol === lobster.symbol || b.symbol.startsWith(`${lobster.symbol}_`);
  if (!sameSymbol || b.date !== lobster.date) throw new UserError(`--day-bars: ${dayBars} holds ${b.symbol} on ${b.date}, the LOBSTER file ${lobster.symbol} on ${lobster.date}; give the bars of the same symbol and day`);
  for (let i = 0; i < b.start.length; i++) {
    day += b.volume[i];
    if (b.start[i] * 1000 >= startMs && (b.start[i] + b.barSeconds) * 1000 <= endMs) window += b.volume[i];
  }
  if (window <= 0 || day <= window) throw new UserError(`--day-bars: ${dayBars} gives window volume ${window} of a day's ${day}; it must cover the whole session and the LOBSTER window`);
  return { day, window };
}

/**
 * `execgym calibrate --fills`: the passive fill model's A, k, clip and alpha from a LOBSTER book
 * (see env/calibration/fill-intensity.ts), in the units of `env`, written as DIR/card.json and
 * DIR/card.md.
 * @throws UserError for a bad flag or data file
 */
export function runCalibrateFills(request: FillsRequest): FillCard {
  checkDirPath(request.outDir, '--out');
  const spec = resolveSpec(request.env);
  const target = passiveTarget(spec, request.env);
  const day = loadLobsterDay(request.data);
  const volume = volumes(request.dayBars, day);
  let cal: FillCalibration;
  try {
    cal = calibrateFills(makeRng(request.seed, 'calibrate-fills'), { day, dayVolume: volume.day, windowVolume: volume.window, tick: 0.01 }, target);
  } catch (error) {
    if (error instanceof RangeError) throw new UserError(`--data: ${error.message}`);
    throw error;
  }
  const e = cal.estimates;
  const card: FillCard = {
    kind: 'fills',
    symbol: day.symbol,
    date: day.date,
    window: { startMs: day.startMs, endMs: day.endMs },
    files: [sourceFile(day.files.message), sourceFile(day.files.orderbook), sourceFile(request.dayBars)],
    target: { env: spec.id, ...target },
    options: { ...FILL_CALIBRATION_DEFAULTS, seed: request.seed },
    estimates: e,
    byOffset: cal.byOffset,
    sample: cal.sample,
    fills: { model: 'intensity', A: e.A.value, k: e.k.value, alpha: e.alpha.value, clip: e.clip.value },
  };
  const out = openResultDir(request.outDir, 'calibrate');
  try {
    writeJsonAtomic(join(out.staging, 'card.json'), card);
    writeFileAtomic(join(out.staging, 'card.md'), fillCardMarkdown(card));
  } catch (error) {
    out.abandon();
    throw error;
  }
  out.commit();
  return card;
}

const clock = (ms: number) => `${Math.floor(ms / 3.6e6)}:${String(Math.floor(ms / 6e4) % 60).padStart(2, '0')}`;
const g = (x: number) => (Math.abs(x) >= 1e5 ? x.toExponential(3) : x.toPrecision(4));
const row = (name: string, e: Estimate) => `| ${name} | ${g(e.value)} | [${g(e.ci95![0])}, ${g(e.ci95![1])}] | ${e.unit} | ${e.n} | ${e.method}${e.note ? `; ${e.note}` : ''} |`;

/** card.md: every estimate with its 95% interval, the fit by offset, and what the numbers assume. */
export function fillCardMarkdown(card: FillCard): string {
  const e = card.estimates;
  const s = card.sample;
  return [
    `# Fill card: ${card.symbol} ${card.date}, ${clock(card.window.startMs)}–${clock(card.window.endMs)} ET, in the units of ${card.target.env}`,
    '',
    `Files: ${card.files.map((f) => `\`${f.name}\` (sha256 ${f.sha256.slice(0, 16)}…)`).join(', ')}.`,
    `${s.marketOrders} market orders with a visible execution (${s.hiddenOnly} hidden-only runs left out) over ${s.seconds} s, ${(100 * s.windowVolumeShare).toFixed(1)}% of the day's volume; intervals: block bootstrap over ${s.blocks} blocks of ${card.options.blockSeconds} s (${card.options.bootstrap} draws, seed ${card.options.seed}), value ± t(blocks − 1)·sd, on the log scale for positive quantities.`,
    `Env units: epsilon $${card.target.epsilon} (the touch's distance from the mid), tick $${card.target.tick}, ${card.target.dailyVolume} shares a day; rates per side per trading day of average volume.`,
    '',
    '| parameter | value | 95% CI | unit | n | method |',
    '| --- | --- | --- | --- | --- | --- |',
    row('A', e.A), row('k', e.k), row('clip', e.clip), row('alpha', e.alpha), row('touch rate A·exp(−k·epsilon)', e.touchRate), row('kappa', e.kappaPerTick),
    '',
    '## By offset (ticks behind the touch)',
    '',
    '| offset | hits/day (data) | 95% CI | hits/day (fit A·exp(−k·delta)) | mean shares of those orders (data) |',
    '| --- | --- | --- | --- | --- |',
    ...card.byOffset.map((r) => `| ${r.offset} | ${r.hitsPerDay.value.toFixed(1)} | [${r.hitsPerDay.ci95![0].toFixed(1)}, ${r.hitsPerDay.ci95![1].toFixed(1)}] | ${r.fittedPerDay.toFixed(1)} | ${r.sharesPerHit.value.toFixed(1)} |`),
    '',
    `Passive capacity at the touch: clip × touch rate = ${g(e.clip.value * e.touchRate.value)} shares a day, ${(100 * (e.clip.value * e.touchRate.value) / card.target.dailyVolume).toFixed(1)}% of the env's daily volume.`,
    'What it assumes: a resting order at the front of its queue (clip is what a market order takes, an upper bound for an order behind a queue); a book that does not react to the resting order (on a wide-spread book others would post inside it); the exponential form, whose fit by offset is above; alpha at the step above, while the env applies it at its own step.',
    '',
  ].join('\n');
}
