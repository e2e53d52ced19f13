import type { BenchmarkSummary } from './benchmark-summary.js';
import type { PolicySummary } from './summarize.js';

/** Per-episode differences below this (bps) are floating-point rounding, not a different policy. */
export const IDENTICAL_BPS = 1e-6;

/**
 * Whether a policy's episodes cost exactly what `ac`'s did, episode by episode (the episodes are
 * paired by seed): from the paired difference's mean and sd, every per-episode difference d_i
 * satisfies |d_i| <= |mean| + sd sqrt(n - 1), and that bound is below {@link IDENTICAL_BPS} for
 * both IS and the objective. On ac-linear-v0 `ac-adaptive`, `dp-optimal`, `belief-optimal` and
 * `optimal` are the AC schedule (to ~1e-13 bps): one policy under five names.
 */
export function sameEpisodesAsAc(p: PolicySummary): boolean {
  if (p.vsAc === null) return false;
  return [p.vsAc.isBps, p.vsAc.objectiveBps].every((d) => d.n >= 2 && Math.abs(d.mean) + d.sd * Math.sqrt(d.n - 1) < IDENTICAL_BPS);
}

/** A row of a table: one policy and the other names it was measured under with identical results. */
export interface AliasedPolicy {
  readonly policy: PolicySummary;
  readonly aliases: readonly string[];
}

/**
 * The policies of a benchmark with those identical to `ac` (see {@link sameEpisodesAsAc}) folded
 * into `ac`'s row, in the summary's order. Oracle rows (reading hidden state) are never folded: their
 * label says what they are. summary.json keeps every name; only the tables and charts fold.
 */
export function foldAliases(s: Pick<BenchmarkSummary, 'policies'>): AliasedPolicy[] {
  const ac = s.policies.find((p) => p.policy === 'ac');
  const folded = new Set(ac ? s.policies.filter((p) => p !== ac && !p.usesHiddenState && sameEpisodesAsAc(p)).map((p) => p.policy) : []);
  return s.policies.filter((p) => !folded.has(p.policy)).map((p) => ({ policy: p, aliases: p === ac ? [...folded] : [] }));
}

/** `ac (= ac-adaptive, dp-optimal, optimal)`: a row's name with its aliases. */
export const aliasedName = (name: string, aliases: readonly string[]) => (aliases.length === 0 ? name : `${name} (= ${aliases.join(', ')})`);

/** The sentence under a table that folded rows, or null. */
export function aliasNote(rows: readonly AliasedPolicy[], episodes: number): string | null {
  const withAliases = rows.filter((r) => r.aliases.length > 0);
  if (withAliases.length === 0) return null;
  return `Shown once: ${withAliases.map((r) => [r.policy.policy, ...r.aliases].map((n) => `\`${n}\``).join(' = ')).join('; ')}: the same cost on every one of the ${episodes} episodes (paired by seed; differences below ${IDENTICAL_BPS} bps), the same policy here under several names; summary.json keeps each name's row.`;
}
