import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { calibrateMarket } from '../../env/calibration/calibrate-market.js';
import type { CalibrationInput } from '../../env/calibration/calibration-input.js';
import { cardMarkdown } from '../../env/calibration/card-markdown.js';
import { calibratedSpec, marketCard, type MarketCard, type SampleProvenance } from '../../env/calibration/market-card.js';
import type { Bars } from '../../env/data/bars.js';
import { readBarsCsv } from '../../env/data/bars-csv-reader.js';
import { lobsterBars } from '../../env/data/lobster-bars.js';
import { readLobsterDay } from '../../env/data/lobster-reader.js';
import { readXetra } from '../../env/data/xetra-reader.js';
import { lobsterBookOnGrid } from '../../env/calibration/lobster-book-grid.js';
import { UserError } from '../../env/errors.js';
import { makeRng } from '../../env/rng.js';
import type { EnvSpecInput } from '../../env/spec/schema.js';
import { replayAcCheck } from './replay-check.js';
import { STREAMS } from '../../env/seeds.js';
import { writeFileAtomic, writeJsonAtomic } from '../../env/io/atomic-write.js';
import { checkDirPath } from '../../env/io/ensure-dir.js';
import { openResultDir } from '../io/result-dir.js';
import { cardPaths } from '../io/card-dir.js';

export interface CalibrateRequest {
  readonly data: string;
  readonly format: 'lobster' | 'xetra' | 'bars';
  readonly symbol: string | undefined;
  readonly stepSeconds: number;
  readonly regimes: 'auto' | number;
  readonly seed: number;
  /** The spec's order size; default 5% of the estimated daily volume. */
  readonly shares: number | undefined;
  readonly riskAversion: number;
  /** The spec's volume profile: the fitted u-shape or the data's step shares. */
  readonly profile: 'u-shape' | 'data';
  readonly outDir: string;
}

interface Loaded {
  readonly input: CalibrationInput;
  readonly files: readonly string[];
  readonly rowsRead: number;
  readonly currency: string | undefined;
  readonly defects: SampleProvenance['defects'];
}

/** Keeps one symbol's days: the named one, or the only one in the file. */
function pickSymbol(all: readonly Bars[], symbol: string | undefined): Bars[] {
  const symbols = [...new Set(all.map((b) => b.symbol))];
  if (symbol === undefined) {
    if (symbols.length > 1) throw new UserError(`--symbol: the data holds ${symbols.length} symbols (${symbols.join(', ')}); name one`);
    return [...all];
  }
  const days = all.filter((b) => b.symbol === symbol);
  if (days.length === 0) throw new UserError(`--symbol: ${JSON.stringify(symbol)} is not in the data; it holds ${symbols.join(', ')}`);
  return days;
}

function fromBars(days: readonly Bars[]): Loaded {
  return {
    input: { days },
    files: [...new Set(days.flatMap((d) => d.source.files))],
    rowsRead: days.reduce((a, d) => a + d.source.rowsRead, 0),
    currency: days[0].currency,
    defects: days.flatMap((d) => d.defects),
  };
}

/**
 * A LOBSTER day as 1-second bars (fine enough for the signature plot to see the bounce) and, for
 * a book deeper than level 1, its book once a second for the book walk.
 */
function loadLobster(request: CalibrateRequest): Loaded {
  const day = readLobsterDay(request.data);
  if (request.symbol !== undefined && request.symbol !== day.symbol) throw new UserError(`--symbol: ${JSON.stringify(request.symbol)} is not in the data; the LOBSTER file is ${day.symbol}`);
  const bars = lobsterBars(day, 1);
  const loaded = fromBars([bars]);
  return { ...loaded, input: { days: [bars], book: day.levels > 1 ? lobsterBookOnGrid(day, 1) : undefined }, files: [day.files.message, day.files.orderbook] };
}

function load(request: CalibrateRequest): Loaded {
  switch (request.format) {
    case 'xetra':
      return fromBars(pickSymbol(readXetra(request.data), request.symbol));
    case 'bars':
      return fromBars(pickSymbol(readBarsCsv(request.data, { symbol: request.symbol }), request.symbol));
    case 'lobster':
      return loadLobster(request);
  }
}

export function sourceFile(path: string): { name: string; sha256: string; bytes: number } {
  const bytes = readFileSync(path);
  return { name: basename(path), sha256: createHash('sha256').update(bytes).digest('hex'), bytes: statSync(path).size };
}

/**
 * `execgym calibrate`: reads the data, calibrates, and writes DIR/spec.json, DIR/card.json and
 * DIR/card.md as one result (staged and committed together, see `openResultDir`): a failure while
 * writing leaves the previous card, or none, never a spec without its card.
 * @throws UserError for a bad flag or data file (one line naming it)
 */
export function runCalibrate(request: CalibrateRequest): MarketCard {
  checkDirPath(request.outDir, '--out');
  const loaded = load(request);
  const calibration = calibrateMarket(makeRng(request.seed, STREAMS.calibrateHmm), loaded.input, { stepSeconds: request.stepSeconds, regimes: request.regimes });
  const choices = {
    shares: request.shares ?? Math.round(0.05 * calibration.estimates.dailyVolume.value),
    riskAversion: request.riskAversion,
    seed: request.seed,
    profile: request.profile,
  };
  const spec = calibratedSpec(calibration, choices);
  const cardWithoutReplay = marketCard(calibration, { format: request.format, currency: loaded.currency, files: loaded.files.map(sourceFile), rowsRead: loaded.rowsRead, defects: loaded.defects }, choices);
  const card = withReplayCheck(cardWithoutReplay, spec, request);
  // Opened after the work, so bad data or flags leave no directory behind.
  const out = openResultDir(request.outDir, 'calibrate');
  try {
    const files = cardPaths(out.staging);
    writeJsonAtomic(files.spec, spec);
    writeJsonAtomic(files.card, card);
    writeFileAtomic(files.cardMd, cardMarkdown(card));
  } catch (error) {
    out.abandon();
    throw error;
  }
  out.commit();
  return card;
}

/**
 * The card with the AC replay check in its held-out diagnostics (30-minute windows), or with the
 * reason it could not run (e.g. a data slice too short for one window) in `notDone`.
 */
function withReplayCheck(card: MarketCard, spec: EnvSpecInput, request: CalibrateRequest): MarketCard {
  const windowSteps = Math.max(2, Math.round(1800 / request.stepSeconds));
  const heldOut = card.diagnostics.heldOut;
  try {
    const replay = replayAcCheck(spec, { format: request.format, file: resolve(request.data), symbol: card.symbol }, windowSteps, card.estimates.dailyVolume.value);
    return { ...card, diagnostics: { ...card.diagnostics, heldOut: { ...heldOut, replay, notDone: 'nothing' } } };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { ...card, diagnostics: { ...card.diagnostics, heldOut: { ...heldOut, replay: null, notDone: `the AC replay check: ${error.message}` } } };
  }
}
