import amzn20120621 from '../../specs/lob-qr/amzn-2012-06-21/card.json' with { type: 'json' };
import type { QrCard } from '../../lob/flow/qr-card.js';

/**
 * The generated order flows an env spec may name (`execution.fills.flow` of the `qr` fill model):
 * each a queue-reactive card fitted with `execgym lob calibrate` to a LOBSTER day and shipped in
 * env/specs/lob-qr/ (`npm run lob-qr-card` rebuilds it; test/lob-qr-env.test.ts checks it).
 */
export const shippedFlows = {
  'amzn-2012-06-21': { card: amzn20120621 as unknown as QrCard, file: 'env/specs/lob-qr/amzn-2012-06-21/card.json' },
} as const;

export type ShippedFlowName = keyof typeof shippedFlows;

/** Names of the shipped flows, for the spec schema's enum. */
export const shippedFlowNames = Object.keys(shippedFlows) as [ShippedFlowName, ...ShippedFlowName[]];
