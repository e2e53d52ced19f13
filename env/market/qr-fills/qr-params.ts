import type { QrParams } from '../../lob/flow/queue-reactive.js';
import { qrParamsFromCard } from '../../lob/flow/qr-card.js';
import type { ReplayTable } from '../../data/replay-table.js';
import { UserError } from '../../errors/errors.js';
import type { BookReplay } from '../queue-replay/book-replay.js';
import { resolveLob, type BookFillsSpec, type LobParams } from '../lob-fills/lob-params.js';
import { shippedFlows, type ShippedFlowName } from './shipped-flows.js';

/**
 * A generated-flow book env's constants (execution.fills.model 'qr', issue 21): the book env's own
 * (`lob`: windows, latencies, the observation's imbalance levels and first signed flow; the same
 * as `lob-replay-v0`'s, so both envs show the same observation) and the queue-reactive model that
 * moves each lane's book. Plain frozen data shared by every lane.
 */
export interface QrFillParams {
  readonly lob: LobParams;
  readonly flow: QrParams;
  /** The shipped card's name, for messages. */
  readonly flowName: ShippedFlowName;
}

/** The qr fill model's section of a validated spec. */
export interface QrFillsSpec extends BookFillsSpec {
  readonly flow: ShippedFlowName;
}

/**
 * Order-pool size of a lane's generated book. The simulator keeps a stationary book (cancels grow
 * with the queues), whose deepest modelled levels hold a few thousand orders at most; 2^14 leaves
 * room and keeps a reset's pool clear cheap.
 */
const QR_ORDER_CAPACITY = 1 << 14;

/**
 * @throws UserError when a latency is not shorter than a step, the imbalance asks for more levels
 * than the data records, or the card's tick is not the recorded book's
 */
export function resolveQr(fills: QrFillsSpec, book: BookReplay, table: ReplayTable, X: number, N: number): QrFillParams {
  const lob = resolveLob(fills, book, table, X, N);
  const flow = qrParamsFromCard(shippedFlows[fills.flow].card);
  if (flow.layout.tickE4 !== book.tickE4) throw new UserError(`spec.execution.fills.flow: card ${fills.flow} has a tick of ${flow.layout.tickE4} (1e-4 $), the recorded book ${book.tickE4}`);
  return Object.freeze({ lob: Object.freeze({ ...lob, orderCapacity: Math.max(lob.orderCapacity, QR_ORDER_CAPACITY) }), flow: frozenDeep(flow), flowName: fills.flow });
}

/**
 * Freezes the card's parameters all the way down, as every other part of the market params is
 * (they are shared by every lane and every env compiled from the spec; typed arrays cannot be frozen).
 */
function frozenDeep<T>(value: T): T {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || Object.isFrozen(value)) return value;
  for (const v of Object.values(value)) frozenDeep(v);
  return Object.freeze(value);
}
