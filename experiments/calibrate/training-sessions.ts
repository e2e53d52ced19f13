import type { CalibrationBars } from '../../env/calibration/calibration-input.js';
import type { Bars } from '../../env/data/bars.js';
import { loadReplayBars } from '../../env/data/replay-source.js';
import { describeWindow } from '../../env/data/replay-sets.js';
import { buildReplayTable, type ReplayWindow } from '../../env/data/replay-table.js';
import type { EnvSpec, ReplayPriceSpec } from '../../env/spec/schema.js';

/** A replay's training windows laid into sessions for calibration, and what was done to them. */
export interface TrainingSessions {
  /** Whole sessions of the replay's length, each made of training windows only. */
  readonly days: CalibrationBars[];
  /** The training windows used (`SAP 2018-03-21 08:31:00 UTC`), in the order they were laid. */
  readonly windows: string[];
  /** Windows laid twice to fill the last session (evenly spread over the day, see below). */
  readonly repeated: string[];
  readonly method: string;
}

interface Piece {
  readonly bars: Bars;
  readonly first: number;
  readonly window: ReplayWindow;
  /** Scales the series' volumes to `volume.daily` a day, from its training windows alone. */
  readonly volumeScale: number;
}

/**
 * The training windows of a replay, and nothing else, as calibration days (issue 19, finding 5: a
 * twin fitted to every bar has seen the test windows). Each window's bars are kept as recorded;
 * windows are laid end to end into sessions as long as the replay's, each window rebased so it
 * opens where the previous one closed (the return across a joint, between minutes that were not
 * adjacent, is set to zero rather than invented). The windows are sorted by time of day and dealt
 * round-robin into the sessions, so every session runs from morning to close and the diurnal
 * estimators (volume profile, diurnal variance of the regime fit) still see a day's shape. When
 * the windows do not fill whole sessions, windows spread evenly over the sorted list are laid twice
 * (named in `repeated`): every training window counts, none from another set does. Volumes are
 * scaled by `volume.daily` over the series' volume per bar of its training windows times the bars
 * of a session: the replay's own scale (the whole day's volume) would read the test windows.
 */
export function trainingSessions(replay: EnvSpec & { price: ReplayPriceSpec }, symbol: string): TrainingSessions {
  const series = loadReplayBars(replay.price.data);
  const table = buildReplayTable(replay, series);
  const barSeconds = series[0].barSeconds;
  const windowBars = replay.horizon.N * Math.round(table.stepSeconds / barSeconds);
  const sessionBars = Math.round(table.sessionSeconds / barSeconds);
  const perSession = Math.floor(sessionBars / windowBars);
  const pieces = piecesOf(table.sets.training, table.windows, series, windowBars, replay.volume.daily / sessionBars);
  const sorted = [...pieces].sort((a, b) => a.window.startSeconds - b.window.startSeconds || a.window.symbol.localeCompare(b.window.symbol) || a.window.date.localeCompare(b.window.date));
  const sessions = Math.ceil(sorted.length / perSession);
  const slots = sessions * perSession;
  const laid = Array.from({ length: slots }, (_, i) => sorted[Math.floor((i * sorted.length) / slots)]);
  const repeated = laid.filter((p, i) => i > 0 && laid[i - 1] === p).map((p) => describeWindow(p.window));
  const days = Array.from({ length: sessions }, (_, s) => session(Array.from({ length: perSession }, (_, j) => laid[s + sessions * j]), `session ${s + 1} of ${sessions}`, symbol, replay.price.S0, windowBars));
  return {
    days,
    windows: days.length ? laid.map((p) => describeWindow(p.window)) : [],
    repeated,
    method: `the ${pieces.length} training windows of ${replay.id} (${windowBars} bars of ${barSeconds} s each), sorted by time of day and dealt round-robin into ${sessions} sessions of ${perSession} windows (${perSession * windowBars} bars, the replay's ${table.sessionSeconds}-s session${perSession * windowBars < sessionBars ? ' less a remainder shorter than a window' : ''}); ${repeated.length} laid twice to fill them; each window rebased to open where the previous one closed (S0 = ${replay.price.S0} at a session's open); volumes scaled to ${replay.volume.daily} shares a day from the training windows' volume per bar`,
  };
}

function piecesOf(training: Int32Array, windows: readonly ReplayWindow[], series: readonly Bars[], windowBars: number, dailyPerBar: number): Piece[] {
  const scales = new Map<Bars, number>();
  const pieces: Piece[] = [];
  for (const w of training) {
    const window = windows[w];
    const bars = series.find((b) => b.symbol === window.symbol && b.date === window.date)!;
    pieces.push({ bars, first: bars.start.indexOf(window.startSeconds), window, volumeScale: 0 });
  }
  for (const bars of new Set(pieces.map((p) => p.bars))) {
    const own = pieces.filter((p) => p.bars === bars);
    let volume = 0;
    for (const p of own) for (let b = p.first; b < p.first + windowBars; b++) volume += bars.volume[b];
    // daily / (volume per training bar x bars per session): the day's volume as its training windows trade it.
    scales.set(bars, volume > 0 ? (dailyPerBar * own.length * windowBars) / volume : 0);
  }
  return pieces.map((p) => ({ ...p, volumeScale: scales.get(p.bars)! }));
}

/** How many bars from `first` (at most `length`) printed no volume. */
function leadingEmptyBars(volume: Float64Array, first: number, length: number): number {
  let lead = 0;
  while (lead < length && volume[first + lead] === 0) lead++;
  return lead;
}

/** One calibration day: the pieces' bars end to end on one grid, each rebased to the last close. */
function session(pieces: readonly Piece[], date: string, symbol: string, S0: number, windowBars: number): CalibrationBars {
  const n = pieces.length * windowBars;
  const quoted = pieces.every((p) => p.bars.bid && p.bars.ask && p.bars.midClose);
  const signed = pieces.every((p) => p.bars.signedVolume);
  const column = () => new Float64Array(n);
  const out = {
    open: column(), high: column(), low: column(), close: column(), volume: column(),
    bid: quoted ? column() : undefined, ask: quoted ? column() : undefined, midClose: quoted ? column() : undefined,
    signedVolume: signed ? column() : undefined,
  };
  let level = S0;
  pieces.forEach((p, j) => {
    const b = p.bars;
    // A minute without trades carries the last close, which for the window's first minutes is a
    // price from before the window (maybe a test window's): those bars take the window's first
    // traded open instead, so nothing outside the window reaches the session. Quotes are in force
    // in every bar and need no such care.
    const lead = quoted ? 0 : leadingEmptyBars(b.volume, p.first, windowBars);
    const firstTraded = p.first + Math.min(lead, windowBars - 1);
    // The window's opening price as calibration reads a session's: the first bar's mid where quoted, else its open.
    const opening = quoted ? (b.bid![p.first] + b.ask![p.first]) / 2 : b.open[firstTraded];
    const k = level / opening;
    for (let i = 0; i < windowBars; i++) {
      const from = i < lead ? -1 : p.first + i;
      const to = j * windowBars + i;
      out.open[to] = from < 0 ? level : k * b.open[from];
      out.high[to] = from < 0 ? level : k * b.high[from];
      out.low[to] = from < 0 ? level : k * b.low[from];
      out.close[to] = from < 0 ? level : k * b.close[from];
      if (from < 0) continue; // no volume, no quotes (unquoted data), nothing signed
      out.volume[to] = p.volumeScale * b.volume[from];
      if (quoted) [out.bid![to], out.ask![to], out.midClose![to]] = [k * b.bid![from], k * b.ask![from], k * b.midClose![from]];
      if (signed) out.signedVolume![to] = p.volumeScale * b.signedVolume![from];
    }
    // A window without a trade (all carried) stays at the level it opened at.
    if (lead < windowBars) level = k * (quoted ? b.midClose![p.first + windowBars - 1] : b.close[p.first + windowBars - 1]);
  });
  const first = pieces[0].bars;
  return {
    symbol,
    date,
    barSeconds: first.barSeconds,
    start: Float64Array.from({ length: n }, (_, i) => i * first.barSeconds),
    ...out,
  };
}
