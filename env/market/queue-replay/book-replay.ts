import { UserError } from '../../errors/errors.js';
import type { BookEvents } from '../../data/book-events.js';
import type { ReplayTable } from '../../data/replay-table.js';
import { lastEventBefore } from './book-level.js';

/**
 * The recorded book behind a replay market's windows, for limit orders with queue position
 * (issue 13): window w's decision k sees the book after event `row[w * (N + 1) + k]`, and its
 * events up to `row[w * (N + 1) + k + 1]` play during the step. Prices of the book are integers
 * in 1e-4 $ (the format-neutral {@link BookEvents}); `scale[w]` turns them into the replay's $ (every window starts at S0, as the
 * replay table scales the mid), so the step's book prices and the table's F_k agree.
 */
export interface BookReplay {
  /** The recorded book (any data format). */
  readonly day: BookEvents;
  readonly row: Int32Array;
  /** $ of the replay per 1e-4 $ of the recording, per window: S0 / (start mid x 1e4). */
  readonly scale: Float64Array;
  /** The recorded tick in 1e-4 $ ($0.01: NASDAQ's tick above $1, Reg NMS Rule 612): limit offsets are whole ticks of it. */
  readonly tickE4: number;
  /** Shares a market order cannot take from the recorded levels execute this many ticks beyond the deepest. */
  readonly depthPenaltyTicks: number;
}

/** The recorded tick of a US stock above $1, in LOBSTER's 1e-4 $. */
export const RECORDED_TICK_E4 = 100;

/**
 * The decision rows of every window of `table` (N steps each) in `day`, checking that each
 * decision sees a two-sided, uncrossed book (a limit order needs a touch to stand behind).
 * @throws UserError naming the window and time of a decision without a valid book
 */
export function buildBookReplay(day: BookEvents, table: ReplayTable, S0: number, N: number, depthPenaltyTicks: number): BookReplay {
  const W = table.windows.length;
  const row = new Int32Array(W * (N + 1));
  const scale = new Float64Array(W);
  for (let w = 0; w < W; w++) {
    const window = table.windows[w];
    scale[w] = S0 / (window.startPrice * 1e4);
    for (let k = 0; k <= N; k++) {
      const t = window.startSeconds + k * table.stepSeconds;
      const r = lastEventBefore(day, t);
      requireTwoSided(day, r, t);
      row[w * (N + 1) + k] = r;
    }
  }
  return Object.freeze({ day, row, scale, tickE4: RECORDED_TICK_E4, depthPenaltyTicks });
}

function requireTwoSided(day: BookEvents, r: number, seconds: number): void {
  const bid = r >= 0 ? day.bidPriceE4[r * day.levels] : Number.NaN;
  const ask = r >= 0 ? day.askPriceE4[r * day.levels] : Number.NaN;
  if (!(bid < ask)) {
    throw new UserError(`data: ${day.source}: the book in force at ${seconds} s (a decision time) is ${r < 0 ? 'not yet recorded' : 'one-sided or crossed'}; a queue replay needs a valid touch at every decision`);
  }
}
