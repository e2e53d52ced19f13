import { MARKOUT_SECONDS } from '../queue-replay/queue-fills.js';
import { sendOrders, sumStepFills, writeLedger, type BookDecision, type BookStep } from '../lob-fills/play-book-step.js';
import type { QrFillParams } from './qr-params.js';
import { snapshotQr, type QrLanes } from './qr-lanes.js';

/**
 * Lane i plays step k of its episode on window w in its generated book: the order handling of the
 * book replay (`playBookStep`, env/market/lob-fills/play-book-step.ts: the market order walks the
 * book at the arrival, the limit order keeps or loses its FIFO place, the last step sells the rest
 * at market and cancels what rests), with the flow drawn by the lane's simulator instead of
 * recorded:
 *
 * 1. the flow runs to the arrival, one entry latency after the decision (our resting orders fill as
 *    its market orders reach them);
 * 2. the market order walks the book and takes the liquidity; shares the book cannot take execute
 *    at the last price reached worsened by `depthPenaltyTicks`;
 * 3. the limit order is placed (`placeLimit`);
 * 4. the flow runs to one feed latency before the next decision (the features are taken), then to
 *    the decision. The flow answers our orders: they count in the queue sizes that set its
 *    intensities, and a touch we emptied is refilled at the card's rates.
 *
 * Ledger: M is the mid of the lane's own book at the decision and F = M (there is no recorded mid:
 * the price is the book's, our footprint included), so permanent = 0 and timing = side * executed
 * * (S0 - M_k): the move of our own book since the first decision, the flow's and ours; fixed,
 * temporary and spreadEarned are the replay's (`writeLedger`). They sum to side * (executed * S0 -
 * value received). The last step also runs the flow 60 s past the horizon to mark every passive
 * fill of the episode out to the mid of the lane's book 1, 10 and 60 s after it.
 */
export function playQrStep(qp: QrFillParams, lanes: QrLanes, i: number, w: number, k: number, d: BookDecision, depthPenaltyTicks: number, markoutSum: Float64Array, markoutShares: Float64Array, markoutAt: number, out: BookStep): void {
  const { lob } = qp;
  const { N } = lob;
  const { side } = d;
  const sim = lanes.sims[i];
  const tape = lanes.tapes[i];
  const tickE4 = qp.flow.layout.tickE4;
  const scale = lanes.scale[i];
  const ourSide = side === 1 ? -1 : 1;
  const decision = lob.startSeconds[w] + k * lob.stepSeconds;

  // The book at the decision (the last two-sided one if a side is empty).
  const mE4 = tape.midE4;
  const hE4 = tape.halfE4;
  const touchSeen = lanes.touchE4[i];
  const touchE4 = Number.isNaN(touchSeen) ? mE4 + side * hE4 : touchSeen;
  const priceE4 = touchE4 + side * Math.round(d.offset) * tickE4;
  tape.volume = 0;
  tape.notionalE4 = 0;

  // 1. to the arrival
  sim.advanceTo(decision + lob.entrySeconds);
  const last = k === N - 1;
  // 2. the market order (its executions are ours, not the market's), 3. the limit order
  const sent = sendOrders(sim, lanes.resting[i], lanes.fillsCounted[i], d, last, priceE4, out);
  tape.dropOurs(ourSide, sent.took, sent.tookE4);

  // 4. the rest of the step, with the next decision's features one feed latency before it
  if (!last) {
    sim.advanceTo(decision + lob.stepSeconds - lob.feedSeconds);
    snapshotQr(qp, lanes, i, side);
  }
  sim.advanceTo(decision + lob.stepSeconds);
  lanes.volume[i] = tape.volume;
  lanes.mid[i] = scale * tape.midE4;

  // The step's fills, passive and aggressive.
  const takenE4 = Number.isNaN(sent.lastPriceE4) ? mE4 - side * hE4 : sent.lastPriceE4;
  const fills = sumStepFills(sim, lanes.fillsCounted[i], sent.market - sent.took, takenE4 - side * depthPenaltyTicks * tickE4);
  lanes.fillsCounted[i] = sim.fills.length;
  if (last) markOutEpisode(lanes, i, side, scale, markoutSum, markoutShares, markoutAt);
  d.F = scale * mE4;
  writeLedger(scale, mE4, hE4, priceE4, sent.target, fills.passive, fills.passiveE4, fills.aggressive, fills.aggressiveE4, d, out);
}

/**
 * Marks every passive fill of lane i's episode to the mid of its book `MARKOUT_SECONDS` after it,
 * running the flow on past the horizon as far as the longest mark-out needs (our orders are gone
 * by then: the last step cancelled what rested).
 */
function markOutEpisode(lanes: QrLanes, i: number, side: number, scale: number, markoutSum: Float64Array, markoutShares: Float64Array, at: number): void {
  const sim = lanes.sims[i];
  const tape = lanes.tapes[i];
  sim.advanceTo(sim.time + MARKOUT_SECONDS[MARKOUT_SECONDS.length - 1]);
  for (const fill of sim.fills) {
    if (!fill.passive) continue;
    for (let h = 0; h < MARKOUT_SECONDS.length; h++) {
      const mid = tape.midBefore(fill.time + MARKOUT_SECONDS[h]);
      if (Number.isNaN(mid)) continue;
      markoutSum[at + h] += fill.size * side * scale * (fill.priceE4 - mid);
      markoutShares[at + h] += fill.size;
    }
  }
}
