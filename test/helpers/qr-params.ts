import { cellCount, describeCell, QrEvent, type QrLayout } from '../../env/lob/flow/qr-layout.js';
import { emptyRates, sizeDistribution, type QrParams } from '../../env/lob/flow/queue-reactive.js';

/** A small layout for tests: spreads up to 10 ticks, 8 ticks behind the touch, 5 levels seen. */
export const TEST_LAYOUT: QrLayout = { tickE4: 100, levels: 5, maxInside: 10, maxSpread: 10, maxBehind: 8, queueEdges: [1, 101, 301, 601] };

/**
 * Known intensities with the queue-reactive shape (refills inside the spread, cancels growing with
 * the queue, market orders faster on a thin touch), for the tests that must recover them.
 */
export function knownQrParams(layout: QrLayout = TEST_LAYOUT): QrParams {
  const rates = emptyRates(layout);
  for (let c = 0; c < cellCount(layout); c++) {
    const { kind, key, queue } = describeCell(layout, c);
    const at = (e: number, r: number) => (rates[c * 3 + e] = r);
    if (kind === 'inside') at(QrEvent.limit, 0.02 * key);
    else if (kind === 'touch') {
      at(QrEvent.limit, 0.6 / (1 + queue));
      if (queue > 0) {
        at(QrEvent.cancel, 0.15 * queue);
        at(QrEvent.market, (0.3 * (1 + 1 / key)) / queue);
      }
    } else {
      at(QrEvent.limit, 0.4 * Math.exp(-key / 4));
      if (queue > 0) at(QrEvent.cancel, 0.1 * queue);
    }
  }
  const level = (p: number): [number, number] => [p, 200];
  return {
    layout,
    rates,
    limitSizes: sizeDistribution([[50, 2], [100, 6], [200, 2]]),
    marketSizes: sizeDistribution([[30, 3], [100, 5], [300, 2]]),
    initialBook: { bids: [0, 1, 2, 3, 4].map((k) => level(1_000_000 - 100 * k)), asks: [0, 1, 2, 3, 4].map((k) => level(1_000_300 + 100 * k)) },
  };
}
