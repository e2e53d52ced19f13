import { UserError } from '../../env/errors/errors.js';
import { shippedFlows } from '../../env/market/qr-fills/shipped-flows.js';
import type { QrCard } from '../../env/lob/flow/qr-card.js';
import type { QrParams } from '../../env/lob/flow/queue-reactive.js';
import { parseFileValue } from '../io/parse-file.js';
import { checkedQrParams, qrCardSchema } from '../io/qr-card-dir.js';

/**
 * The shipped generated order flows, by the id of the env that will run on them (issue 21): each
 * a queue-reactive card fitted with `execgym lob calibrate` (`npm run lob-qr-card` rebuilds it).
 */
const SHIPPED: Record<string, { readonly card: unknown; readonly file: string; readonly selfExcitation?: boolean }> = {
  // the card lob-qr-v0's spec names (execution.fills.flow): the env's table is the cards' one home
  'lob-qr-v0': shippedFlows['amzn-2012-06-21'],
  /** the same card with its Hawkes kernel on the market orders (env/lob/flow/market-hawkes.ts) */
  'lob-qr-hawkes-v0': { ...shippedFlows['amzn-2012-06-21'], selfExcitation: true },
};

/** Ids of the shipped flows. */
export const qrFlowIds = Object.keys(SHIPPED);

/**
 * The card and parameters of a shipped flow.
 * @throws UserError naming `--env`, the id and the ids there are
 */
export function shippedQrFlow(id: string): { card: QrCard; params: QrParams } {
  const entry = SHIPPED[id];
  if (!entry) throw new UserError(`--env must be a generated order flow (${qrFlowIds.join(', ')}), got ${JSON.stringify(id)}`);
  const card = parseFileValue(qrCardSchema, entry.card, entry.file, 'queue-reactive card') as unknown as QrCard;
  return { card, params: checkedQrParams(card, entry.file, entry.selfExcitation) };
}
