import { UserError } from '../../errors/errors.js';
import type { Bars } from '../../data/bars.js';

/** Several names' bars of one day on their common minutes, summed into steps of `perStep` bars. */
export interface AlignedSteps {
  readonly symbols: readonly string[];
  readonly date: string;
  /** Steps in the sample. */
  readonly n: number;
  /** Price change of name i over step t at [i * n + t] ($/share). */
  readonly dP: Float64Array;
  /** Shares traded by name i in step t at [i * n + t]. */
  readonly volume: Float64Array;
  /** The last close of each name, the day's volume and its bars (for the spread estimate). */
  readonly lastClose: Float64Array;
  readonly dayVolume: Float64Array;
  readonly bars: readonly Bars[];
}

/**
 * The names' bars on the minutes they all have, the first `skipBars` dropped (the first Xetra bar
 * holds the opening auction), cut into consecutive steps of `perStep` bars: each step's close-to-
 * close price change and volume. A trailing part step is dropped.
 * @throws UserError when the names are on different days or the day is shorter than two steps
 */
export function alignSteps(bars: readonly Bars[], perStep: number, skipBars = 1): AlignedSteps {
  const date = bars[0].date;
  for (const b of bars) if (b.date !== date) throw new UserError(`calibrate: the symbols must be on one day, got ${bars[0].symbol} on ${date} and ${b.symbol} on ${b.date}`);
  const common = bars.map((b) => new Set(Array.from(b.start))).reduce((a, s) => new Set([...a].filter((t) => s.has(t))));
  const minutes = [...common].sort((a, b) => a - b).slice(skipBars);
  const n = Math.floor((minutes.length - 1) / perStep);
  if (n < 2) throw new UserError(`calibrate: ${minutes.length} common bars on ${date} make fewer than 2 steps of ${perStep} bars`);
  const m = bars.length;
  const dP = new Float64Array(m * n);
  const volume = new Float64Array(m * n);
  bars.forEach((b, i) => {
    const at = new Map(Array.from(b.start, (t, k) => [t, k]));
    for (let t = 0; t < n; t++) {
      const from = at.get(minutes[t * perStep])!;
      const to = at.get(minutes[(t + 1) * perStep])!;
      dP[i * n + t] = b.close[to] - b.close[from];
      for (let k = from + 1; k <= to; k++) volume[i * n + t] += b.volume[k];
    }
  });
  return {
    symbols: bars.map((b) => b.symbol),
    date,
    n,
    dP,
    volume,
    lastClose: Float64Array.from(bars, (b) => b.close[b.close.length - 1]),
    dayVolume: Float64Array.from(bars, (b) => b.volume.reduce((a, v) => a + v, 0)),
    bars,
  };
}
