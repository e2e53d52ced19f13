import { recordedBookAt, type BookEvents } from '../../data/book-events.js';
import { QrSimulator } from '../../lob/flow/qr-simulator.js';
import type { OurOrder } from '../../lob/lobster-replay.js';
import { OrderBook } from '../../lob/order-book.js';
import { makeRng } from '../../random/rng.js';
import { STREAMS } from '../../random/seeds.js';
import { lastEventBefore } from '../queue-replay/book-level.js';
import { bookFeatureCount, writeBookFeatures } from '../lob-fills/book-features.js';
import { dropDone } from '../lob-fills/book-lanes.js';
import type { QrFillParams } from './qr-params.js';
import { FlowTape } from './flow-tape.js';

/**
 * Each lane's generated market (issue 21): a {@link QrSimulator} on the lane's own book with our
 * orders in it, the tape that counts its executions and mids, our resting limit orders (oldest
 * first) and the book features of the next decision. A lane's episode depends only on its window
 * and its episode seed (the flow's stream is `makeRng(episode, 'qr-flow')`), so a vector env of M
 * lanes is M single envs, bit for bit.
 */
export interface QrLanes {
  /** The lane's simulator, made afresh by every reset (its stream and start book are the episode's). */
  readonly sims: QrSimulator[];
  readonly books: OrderBook[];
  readonly tapes: FlowTape[];
  readonly resting: OurOrder[][];
  /** Per lane: how many of the simulator's fills the steps have already counted. */
  readonly fillsCounted: Int32Array;
  /** Our side's best price (1e-4 $) in the last snapshot: the touch the next limit order is priced from. */
  readonly touchE4: Float64Array;
  /** $ of the env per 1e-4 $ of the book: S0 / the mid at the first decision, so F_0 = S0 as in the replay. */
  readonly scale: Float64Array;
  /** The mid of the lane's book at the next decision ($): the env's F_{k+1}. */
  readonly mid: Float64Array;
  /** The others' executed shares in the lane's last step: the step's market volume. */
  readonly volume: Float64Array;
  /** lanes x bookFeatureCount: the next decision's book features (env/market/lob-fills/book-features.ts). */
  readonly features: Float64Array;
  readonly dim: number;
}

/** Lane books and tapes for `lanes` lanes (the simulators are made by each reset). */
export function createQrLanes(qp: QrFillParams, lanes: number): QrLanes {
  const dim = bookFeatureCount(qp.lob);
  return {
    sims: [],
    books: Array.from({ length: lanes }, () => new OrderBook(qp.lob.orderCapacity, 4096)),
    tapes: Array.from({ length: lanes }, () => new FlowTape()),
    resting: Array.from({ length: lanes }, () => []),
    fillsCounted: new Int32Array(lanes),
    touchE4: new Float64Array(lanes),
    scale: new Float64Array(lanes),
    mid: new Float64Array(lanes),
    volume: new Float64Array(lanes),
    features: new Float64Array(lanes * dim),
    dim,
  };
}

/**
 * Starts lane i's episode `episode` on window w. **Start:** the recorded book in force one feed
 * latency before the window's first decision (its `levels` recorded levels, each one order of the
 * flow) is the generated book's start; the features seen then are taken (their signed flow is the
 * recorded one of the step before, `LobParams.startFlow`, as in the replay); from then on every
 * event is drawn by the card's model from the episode's own stream, up to the first decision,
 * whose mid sets the price scale. Nothing recorded after the start is used.
 * @param episode the episode's seed (the lane's market seed + its episodes so far)
 */
export function resetQrLane(qp: QrFillParams, day: BookEvents, lanes: QrLanes, i: number, w: number, episode: number, S0: number, side: number): void {
  const { lob } = qp;
  const seen = lob.startSeconds[w] - lob.feedSeconds;
  const sim = new QrSimulator({ ...qp.flow, initialBook: recordedBookAt(day, lastEventBefore(day, seen)) }, makeRng(episode, STREAMS.qrFlow), lanes.tapes[i], lanes.books[i]);
  lanes.sims[i] = sim;
  sim.reset(seen);
  lanes.tapes[i].restart(sim.book, seen, lob.startFlow[w]);
  lanes.resting[i].length = 0;
  lanes.fillsCounted[i] = 0;
  snapshotQr(qp, lanes, i, side);
  sim.advanceTo(lob.startSeconds[w]);
  lanes.scale[i] = S0 / lanes.tapes[i].midE4;
  lanes.mid[i] = S0;
}

/** Takes lane i's book features now (what the agent sees at its next decision) and restarts the signed-flow count. */
export function snapshotQr(qp: QrFillParams, lanes: QrLanes, i: number, side: number): void {
  const resting = lanes.resting[i];
  dropDone(resting);
  const sim = lanes.sims[i];
  lanes.touchE4[i] = sim.book.bestPrice(side === 1 ? -1 : 1);
  writeBookFeatures(qp.lob, sim, resting, lanes.tapes[i].takeSigned(), lanes.features, i * lanes.dim);
}
