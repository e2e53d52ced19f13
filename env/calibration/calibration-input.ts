import { UserError } from '../errors/errors.js';
import type { Bars } from '../data/bars.js';
import type { BookSnapshots } from './book-walk.js';

/**
 * What calibration reads of one symbol-day of bars: the fields of data's {@link Bars} that the
 * estimators use, so any reader's output (or a simulated day) can be passed as is.
 */
export type CalibrationBars = Pick<Bars, 'symbol' | 'date' | 'barSeconds' | 'start' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'bid' | 'ask' | 'midClose' | 'signedVolume'>;

export interface CalibrationInput {
  /** Days of one symbol, each a regular grid over the same session. */
  readonly days: readonly CalibrationBars[];
  /** Book snapshots (e.g. LOBSTER level 5 sampled on a grid), when the data has depth. */
  readonly book?: BookSnapshots;
}

/** The price a calibration follows: the end-of-bar mid where there are quotes, else the close. */
export function barPrices(bars: CalibrationBars): Float64Array {
  const ref = bars.midClose ?? bars.close;
  const out = new Float64Array(ref.length + 1);
  // The first point is the session's opening price: the first bar's open (its mid if quoted).
  out[0] = bars.midClose && bars.bid && bars.ask ? (bars.bid[0] + bars.ask[0]) / 2 : bars.open[0];
  out.set(ref, 1);
  return out;
}

/** Sums bar values into steps of `perStep` bars; trailing bars that do not fill a step are left out. */
export function sumIntoSteps(values: Float64Array, perStep: number): Float64Array {
  const S = Math.floor(values.length / perStep);
  const out = new Float64Array(S);
  for (let s = 0; s < S; s++) for (let j = 0; j < perStep; j++) out[s] += values[s * perStep + j];
  return out;
}

/**
 * Checks that the days share one grid and that `stepSeconds` is a whole number of bars.
 * @throws UserError naming the flag or the day that does not fit
 */
export function checkInput(input: CalibrationInput, stepSeconds: number): { barSeconds: number; perStep: number; bars: number } {
  if (input.days.length === 0) throw new UserError('calibrate: the data holds no trading day for this symbol');
  const first = input.days[0];
  for (const day of input.days) {
    if (day.barSeconds !== first.barSeconds || day.start.length !== first.start.length || day.start[0] !== first.start[0]) {
      throw new UserError(`calibrate: day ${day.date} of ${day.symbol} is not on the same bar grid as ${first.date} (bars of ${day.barSeconds} s from ${day.start[0]} s)`);
    }
  }
  const span = first.start.length * first.barSeconds;
  // The env's time unit is the trading day: sigma, the daily volume and the u-shape are per session,
  // so a slice of a day (LOBSTER's 5-minute level-5 sample) cannot stand for one.
  if (span < 7200) throw new UserError(`calibrate: the data spans ${span} s of ${first.date}; a card needs at least 2 hours of a session (sigma, the volume profile and the daily volume are per trading day)`);
  const perStep = stepSeconds / first.barSeconds;
  if (!Number.isInteger(perStep) || perStep < 1) {
    throw new UserError(`--step: must be a whole multiple of the data's ${first.barSeconds}-second bars, got ${stepSeconds} s`);
  }
  if (first.start.length < 4 * perStep) throw new UserError(`--step: ${stepSeconds} s leaves fewer than 4 steps in a session of ${first.start.length} bars`);
  // The held-out check fits the volume profile (a level per day and the depth) to the first half's
  // steps; its noise needs a degree of freedom left: half * days - days - 1 >= 1.
  const half = Math.floor(Math.floor(first.start.length / perStep) / 2);
  const days = input.days.length;
  if (half * days - days - 1 < 1) {
    throw new UserError(`--step: ${stepSeconds} s leaves ${half} steps in each half of the ${days}-day sample; the held-out check fits the volume profile to the first half and needs at least ${Math.ceil((days + 2) / days)}: use a shorter --step`);
  }
  return { barSeconds: first.barSeconds, perStep, bars: first.start.length };
}
