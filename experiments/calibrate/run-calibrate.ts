import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { calibrateMarket } from '../../env/calibration/calibrate-market.js';
import type { CalibrationInput } from '../../env/calibration/calibration-input.js';
import { cardMarkdown } from './card-markdown.js';
import { marketCard, type MarketCard, type SampleProvenance } from './market-card.js';
import { calibratedSpec } from './calibrated-spec.js';
import type { Bars } from '../../env/data/bars.js';
import { dataFormats, type DataFormatName } from '../../env/data/formats.js';
import { bookOnGrid } from '../../env/calibration/lobster-book-grid.js';
import { UserError } from '../../env/errors/errors.js';
import { makeRng } from '../../env/random/rng.js';
import type { EnvSpecInput } from '../../env/spec/schema.js';
import { replayAcCheck } from './replay-check.js';
import { STREAMS } from '../../env/random/seeds.js';
import { writeFileAtomic, writeJsonAtomic } from '../../env/io/atomic-write.js';
import { checkDirPath } from '../../env/io/ensure-dir.js';
import { openResultDir } from '../io/result-dir.js';
import { cardPaths } from '../io/card-dir.js';

export interface CalibrateRequest {
  readonly data: string;
  readonly format: DataFormatName;
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
  /** The file and symbol the AC replay check replays (the replay reader's name for the series). */
  readonly replay: { readonly file: string; readonly symbol: string };
  /** What the card must say about how the data was read (e.g. a symbol given to a file without one). */
  readonly note?: string;
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
    // The first source file (a LOBSTER day's message file, found in a folder if need be) is the one the replay reads.
    replay: { file: resolve(days[0].source.files[0]), symbol: days[0].symbol },
  };
}

/**
 * The data's bars of one symbol (event data as 1-second bars, fine enough for the signature plot to
 * see the bounce) and, for a format that records a book deeper than level 1, its book once a second
 * for the book walk. A bars file without a symbol column is taken as `--symbol`'s (ZORB's), and
 * the card says so, rather than refusing a file that holds one symbol by construction; the replay
 * check reads the file as the replay env does, under the file's name (`AAPL_10s.csv` is `AAPL_10s`).
 */
function load(request: CalibrateRequest): Loaded {
  const format = dataFormats[request.format];
  const options = { symbol: request.symbol, barSeconds: 1 };
  const days = pickSymbol(format.readBars(request.data, options), request.symbol);
  const loaded = fromBars(days);
  const book = format.readBook?.(request.data, options);
  const renamed = days.some((d) => d.source.symbolGiven);
  return {
    ...loaded,
    ...(book && book.levels > 1 ? { input: { days, book: bookOnGrid(book, 1) } } : {}),
    ...(renamed ? { replay: { ...loaded.replay, symbol: basename(request.data, extname(request.data)) }, note: `the file has no symbol column: its bars were taken as ${request.symbol}'s (--symbol)` } : {}),
  };
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
  if (request.symbol !== undefined && request.symbol.trim() === '') throw new UserError(`--symbol: must name a symbol, got ${JSON.stringify(request.symbol)}`);
  const loaded = load(request);
  const calibration = calibrateMarket(makeRng(request.seed, STREAMS.calibrateHmm), loaded.input, { stepSeconds: request.stepSeconds, regimes: request.regimes });
  const choices = {
    shares: request.shares ?? Math.round(0.05 * calibration.estimates.dailyVolume.value),
    riskAversion: request.riskAversion,
    seed: request.seed,
    profile: request.profile,
  };
  const spec = calibratedSpec(calibration, choices);
  const cardWithoutReplay = marketCard(calibration, { format: request.format, currency: loaded.currency, files: loaded.files.map(sourceFile), rowsRead: loaded.rowsRead, defects: loaded.defects, note: loaded.note }, choices);
  const card = withReplayCheck(cardWithoutReplay, spec, request, loaded);
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
function withReplayCheck(card: MarketCard, spec: EnvSpecInput, request: CalibrateRequest, loaded: Loaded): MarketCard {
  const windowSteps = Math.max(2, Math.round(1800 / request.stepSeconds));
  const heldOut = card.diagnostics.heldOut;
  try {
    const replay = replayAcCheck(spec, { format: request.format, ...loaded.replay }, windowSteps, card.estimates.dailyVolume.value);
    return { ...card, diagnostics: { ...card.diagnostics, heldOut: { ...heldOut, replay, notDone: 'nothing' } } };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { ...card, diagnostics: { ...card.diagnostics, heldOut: { ...heldOut, replay: null, notDone: `the AC replay check: ${error.message}` } } };
  }
}
