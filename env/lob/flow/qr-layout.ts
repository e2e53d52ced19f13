/**
 * The state cells of the queue-reactive order-flow model (see ./queue-reactive.ts for the model and
 * why): where on one side of the book an order can arrive or leave, and the queue there.
 *
 * For a side s (1 bid, -1 ask) with best price b and opposite best a, a price p is in one of three
 * kinds of cell:
 * - **inside** the spread (better than b): keyed by k, its distance in ticks from the opposite best
 *   (1 ≤ k < spread, k ≤ maxInside); its queue is empty by definition;
 * - the **touch** (p = b): keyed by the spread in ticks (capped at maxSpread) and the touch queue's
 *   bucket;
 * - **behind** the touch: keyed by j, ticks behind b (1..maxBehind), and the queue bucket there (0
 *   an empty price between levels, a gap).
 * Behind cells reach only as deep as the book is known: when the side shows `levels` levels or
 * more, no deeper than the last of them (a level-K LOBSTER file records nothing beyond; the
 * simulator applies the same rule so that what it simulates is what calibration can see).
 */
export interface QrLayout {
  /** Tick size in the prices' units (1e-4 $; 100 = one cent). */
  readonly tickE4: number;
  /** Levels per side the state sees (the LOBSTER file's K). */
  readonly levels: number;
  readonly maxInside: number;
  readonly maxSpread: number;
  readonly maxBehind: number;
  /** Queue-size bucket edges in shares, ascending, the first 1: bucket = number of edges ≤ queue. */
  readonly queueEdges: readonly number[];
}

/** The event kinds of the model: a limit order joins a queue, a cancel leaves it, a market order takes the touch. */
export const QrEvent = { limit: 0, cancel: 1, market: 2 } as const;
export const QR_EVENT_KINDS = 3;

/** The cell kinds (see {@link QrLayout}). */
export const QrCellKind = { inside: 0, touch: 1, behind: 2 } as const;

/** Number of queue buckets (0 = empty). */
export function queueBuckets(layout: QrLayout): number {
  return layout.queueEdges.length + 1;
}

/** Number of cells of a layout. */
export function cellCount(layout: QrLayout): number {
  const nq = queueBuckets(layout);
  return layout.maxInside + layout.maxSpread * nq + layout.maxBehind * nq;
}

/** The bucket of a queue of `shares`. */
export function queueBucket(edges: readonly number[], shares: number): number {
  let b = 0;
  while (b < edges.length && shares >= edges[b]) b++;
  return b;
}

/** What a cell index stands for: kind, key (k, spread or j) and queue bucket. */
export function describeCell(layout: QrLayout, cell: number): { kind: 'inside' | 'touch' | 'behind'; key: number; queue: number } {
  const nq = queueBuckets(layout);
  if (cell < layout.maxInside) return { kind: 'inside', key: cell + 1, queue: 0 };
  const c = cell - layout.maxInside;
  if (c < layout.maxSpread * nq) return { kind: 'touch', key: Math.floor(c / nq) + 1, queue: c % nq };
  const b = c - layout.maxSpread * nq;
  return { kind: 'behind', key: Math.floor(b / nq) + 1, queue: b % nq };
}

/** The index of a cell from its kind, key and queue bucket (the inverse of {@link describeCell}). */
export function cellIndex(layout: QrLayout, kind: 'inside' | 'touch' | 'behind', key: number, queue: number): number {
  const nq = queueBuckets(layout);
  if (kind === 'inside') return key - 1;
  if (kind === 'touch') return layout.maxInside + (key - 1) * nq + queue;
  return layout.maxInside + layout.maxSpread * nq + (key - 1) * nq + queue;
}

/** The touch cell of a side whose spread is `spread` ticks (≥ 1; the last pools wider) and whose touch queues `queue` shares. */
export function touchCell(layout: QrLayout, spread: number, queue: number): number {
  return layout.maxInside + (Math.min(spread, layout.maxSpread) - 1) * (layout.queueEdges.length + 1) + queueBucket(layout.queueEdges, queue);
}

/** The cell `j` ticks behind the touch (1..maxBehind) where `queue` shares queue. */
export function behindCell(layout: QrLayout, j: number, queue: number): number {
  const nq = layout.queueEdges.length + 1;
  return layout.maxInside + layout.maxSpread * nq + (j - 1) * nq + queueBucket(layout.queueEdges, queue);
}

/** Scratch output of {@link sideCells}: the side's active cells, their prices and queues. */
export class SideCells {
  count = 0;
  /** index of the touch entry, -1 when the side is empty */
  touch = -1;
  readonly cell: Int32Array;
  readonly price: Float64Array;
  readonly queue: Float64Array;
  constructor(layout: QrLayout) {
    const n = layout.maxInside + 1 + layout.maxBehind;
    this.cell = new Int32Array(n);
    this.price = new Float64Array(n);
    this.queue = new Float64Array(n);
  }
}

/**
 * The active cells of side `side` given its levels best first (`ownPrice`/`ownSize` from `offset`,
 * `n` of them) and the opposite best `oppBest`; `depthLimited` when deeper levels may exist unseen.
 * A crossed or locked side (spread < 1 tick) has no cells. Writes into `out`; allocates nothing.
 */
export function sideCells(layout: QrLayout, side: number, ownPrice: ArrayLike<number>, ownSize: ArrayLike<number>, offset: number, n: number, depthLimited: boolean, oppBest: number, out: SideCells): void {
  const { tickE4: t, maxInside, maxBehind } = layout;
  out.count = 0;
  out.touch = -1;
  if (Number.isNaN(oppBest)) return;
  const spread = n > 0 ? Math.round((side === 1 ? oppBest - ownPrice[offset] : ownPrice[offset] - oppBest) / t) : Infinity;
  if (spread < 1) return;
  const inside = Math.min(spread - 1, maxInside);
  for (let k = 1; k <= inside; k++) push(out, k - 1, oppBest - side * k * t, 0);
  if (n === 0) return;
  const best = ownPrice[offset];
  out.touch = out.count;
  push(out, touchCell(layout, spread, ownSize[offset]), best, ownSize[offset]);
  const last = ownPrice[offset + n - 1];
  let level = 1;
  for (let j = 1; j <= maxBehind; j++) {
    const p = best - side * j * t;
    if (depthLimited && (side === 1 ? p < last : p > last)) break;
    while (level < n && (side === 1 ? ownPrice[offset + level] > p : ownPrice[offset + level] < p)) level++;
    const q = level < n && ownPrice[offset + level] === p ? ownSize[offset + level] : 0;
    push(out, behindCell(layout, j, q), p, q);
  }
}

function push(out: SideCells, cell: number, price: number, queue: number): void {
  const i = out.count++;
  out.cell[i] = cell;
  out.price[i] = price;
  out.queue[i] = queue;
}

/** The entry of `out` at `price`, or -1 (a price outside the model's cells). */
export function entryAt(out: SideCells, price: number): number {
  for (let i = 0; i < out.count; i++) if (out.price[i] === price) return i;
  return -1;
}
