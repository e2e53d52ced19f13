import { acInputsFor } from '../../env/analytics/ac-inputs.js';
import { acSchedule } from '../../env/analytics/almgren-chriss.js';
import { solveRegimeDp, staticScheduleObjective } from '../../env/analytics/regime-dp.js';
import { ImpactModel, resolveMarket } from '../../env/market/params.js';
import type { EnvSpec } from '../../env/spec/schema.js';
import type { BenchmarkSummary } from '../benchmark/run-benchmark.js';
import type { Reference } from './charts/learning-curve.chart.js';

/**
 * Horizontal references for learning curves, in objective bps: AC and TWAP (and the regime DP
 * oracle) exactly on linear arithmetic markets, else the simulated means of a benchmark summary.
 */
export function referenceObjectives(spec: EnvSpec, benchmark?: BenchmarkSummary | null): Reference[] {
  const p = resolveMarket(spec);
  if (p.impactModel === ImpactModel.Linear && !p.gbm) {
    const toBps = p.bpsPerDollar;
    const twap = Array.from({ length: p.N + 1 }, (_, j) => (p.X * (p.N - j)) / p.N);
    const refs: Reference[] = [
      { label: 'AC (exact)', objectiveBps: staticScheduleObjective(p, acSchedule(acInputsFor(p)).x) * toBps },
      { label: 'TWAP (exact)', objectiveBps: staticScheduleObjective(p, twap) * toBps },
    ];
    if (p.K > 1) refs.push({ label: 'regime DP, oracle (exact)', objectiveBps: solveRegimeDp(p).expectedObjective * toBps });
    return refs;
  }
  const simulated = (policy: string) => benchmark?.policies.find((q) => q.policy === policy)?.objectiveBps.mean;
  return [
    { label: 'AC (simulated)', objectiveBps: simulated('ac') },
    { label: 'TWAP (simulated)', objectiveBps: simulated('twap') },
  ].filter((r): r is Reference => r.objectiveBps !== undefined);
}
