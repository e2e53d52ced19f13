import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { impactPowerLaw, type ImpactRow } from '../experiments/lob/meta-order-impact.js';
import { lobFacts, writeLobFacts } from '../experiments/lob/lob-facts.js';

const SMALL = { seed: 0, impactSeeds: 3, simulatedSeconds: 900, replayStarts: [36_000, 52_000] };

describe('the suite step results/lob-facts', () => {
  it('writes the facts of both generated flows next to the fitted and the held-out parts of the data, the same bytes for the same seed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lob-facts-'));
    const facts = writeLobFacts(dir, SMALL);
    const json = readFileSync(join(dir, 'lob-facts.json'), 'utf8');
    expect(JSON.stringify(lobFacts(SMALL))).toBe(JSON.stringify(JSON.parse(json)));
    // fitted: the card's spans, lob-replay-v0's training windows; held out: its validation and test windows
    expect(facts.data.fitted.of).toBe('the 71 training windows of lob-replay-v0 (180 s each)');
    expect(facts.data.heldOut.of).toBe('the 26 validation and 32 test windows of lob-replay-v0 (180 s each)');
    expect([facts.data.fitted.seconds, facts.data.heldOut.seconds]).toEqual([71 * 180, 58 * 180]);
    expect(facts.data.fitted.spreadTicks.mean).toBeCloseTo(12.83, 2);
    for (const id of ['lob-qr-v0', 'lob-qr-hawkes-v0'] as const) {
      expect(facts.simulation[id].seconds).toBe(900);
      expect(facts.impact.rows[id].map((r) => r.paths)).toEqual([3, 3, 3, 3, 3]);
    }
    expect(facts.impact.rows.replay.map((r) => r.paths)).toEqual([2, 2, 2, 2, 2]);
    // the meta-order sizes are whole slices of the day's executed shares
    expect(facts.impact.rows.replay.map((r) => r.shares % facts.impact.plan.slices)).toEqual([0, 0, 0, 0, 0]);
    const md = readFileSync(join(dir, 'lob-facts.md'), 'utf8');
    expect(md).toMatch(/\| data, fitted \(3.55 h\) \| data, held out \(2.90 h\) \| lob-qr-v0 \(queue-reactive\) \| lob-qr-hawkes-v0/);
    expect(md).toMatch(/market-order sign autocorrelation, lag 1/);
    expect(md).toMatch(/mechanical/);
  });
});

describe('the impact power law', () => {
  it('recovers the exponent of moves that follow one exactly, and declines with fewer than three positive sizes', () => {
    const rows: ImpactRow[] = [0.001, 0.002, 0.005, 0.01].map((fraction) => ({ fraction, shares: 1, paths: 10, end: { mean: 30 * fraction ** 0.5, se: 0.1 }, relaxed: { mean: -1, se: 0.1 } }));
    const law = impactPowerLaw(rows, (r) => r.end)!;
    expect(law.exponent).toBeCloseTo(0.5, 10);
    expect(law.prefactor).toBeCloseTo(30, 8);
    expect(law.ci95[0]).toBeLessThan(0.5);
    expect(law.ci95[1]).toBeGreaterThan(0.5);
    expect(impactPowerLaw(rows, (r) => r.relaxed)).toBeUndefined();
  });
});
