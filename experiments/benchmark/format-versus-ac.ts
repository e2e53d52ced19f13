import type { BenchmarkSummary } from './benchmark-summary.js';
import { foldAliases } from './policy-aliases.js';
import { f2, interval, optimumKind, policyLabel } from './format-summary.js';

/**
 * A short Markdown table of some policies of a benchmark against `ac`: mean objective (what
 * policies are ranked on), mean IS and the paired objective − ac with its 95% CI (the episodes
 * share seeds), plus the regret against the optimum when the benchmark has one. `npm start` prints it.
 * @throws Error when a named policy is not in the summary (the caller names policies it benchmarked)
 */
export function formatVersusAc(s: BenchmarkSummary, names: readonly string[]): string {
  const rows = names.map((name) => {
    const p = s.policies.find((q) => q.policy === name);
    if (!p) throw new Error(`policy ${name} is not in the benchmark of ${s.env}`);
    return p;
  });
  const aliases = new Map(foldAliases(s).map((r) => [r.policy.policy, r.aliases]));
  const header = ['policy', 'mean objective', 'mean IS', 'objective - ac [95% CI]'];
  if (s.optimum) header.push(`regret vs ${optimumKind(s.optimum)} [95% CI]`);
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(header),
    line(header.map((_, i) => (i === 0 ? '---' : '---:'))),
    ...rows.map((p) => line([policyLabel(p, aliases.get(p.policy)), f2(p.objectiveBps.mean), f2(p.isBps.mean), interval(p.vsAc?.objectiveBps), ...(s.optimum ? [interval(p.regretBps)] : [])])),
  ].join('\n');
}
