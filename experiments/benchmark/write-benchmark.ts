import type { EpisodeRecord, TrajectoryRow } from '../../env/policy/evaluate-policy.js';
import { writeFileAtomic, writeJsonAtomic } from '../../env/io/atomic-write.js';
import { benchmarkPaths } from '../io/benchmark-dir.js';
import { writeCsvAtomic, type CsvColumn } from '../io/csv.js';
import type { Evaluation } from './evaluate-policies.js';
import { formatSummaryMarkdown } from './format-summary.js';
import type { BenchmarkSummary } from './benchmark-summary.js';

const episodeColumns: CsvColumn<EpisodeRecord>[] = [
  { id: 'episode', title: 'episode' },
  { id: 'seed', title: 'seed' },
  { id: 'policy', title: 'policy' },
  { id: 'isBps', title: 'is_bps' },
  { id: 'riskPenaltyBps', title: 'risk_penalty_bps' },
  { id: 'objectiveBps', title: 'objective_bps' },
  { id: 'return', title: 'return' },
  { id: 'vwapSlippageBps', title: 'vwap_slippage_bps' },
  { id: 'completion', title: 'completion' },
];

/**
 * A passive env's episodes.csv adds the episode's limit-order numbers (see env/episode/passive-summary.ts);
 * a number that does not exist (no fill rate without postings, no mark-out without fills) is empty.
 */
const PASSIVE_CSV = [
  ['fillRate', 'fill_rate'],
  ['passiveShare', 'passive_share'],
  ['spreadCapture', 'spread_capture'],
  ['spreadEarnedBps', 'spread_earned_bps'],
  ['passiveShortfallBps', 'passive_is_bps'],
  ['aggressiveShortfallBps', 'aggressive_is_bps'],
  ['markout1Bps', 'markout_1_bps'],
  ['markout10Bps', 'markout_10_bps'],
  ['markout60Bps', 'markout_60_bps'],
] as const;

/**
 * Every env's episodes.csv ends with the episode's benchmarks (see env/episode/episode-paths.ts): slippage
 * against TWAP, the close and the PWP, and the mark-out cost of every fill 1, 2 and 5 steps later
 * (empty when no fill is that far from the horizon). Added after the older columns, which keep
 * their values.
 */
const BENCHMARK_CSV = [
  ['twapSlippageBps', 'twap_slippage_bps'],
  ['closeSlippageBps', 'close_slippage_bps'],
  ['pwpSlippageBps', 'pwp_slippage_bps'],
  ['pwpComplete', 'pwp_complete'],
  ['markoutCost1Bps', 'markout_cost_1_bps'],
  ['markoutCost2Bps', 'markout_cost_2_bps'],
  ['markoutCost5Bps', 'markout_cost_5_bps'],
] as const;

type EpisodeCsvRow = Omit<EpisodeRecord, 'passive' | 'benchmarks'> & Record<string, number | string>;

/** episodes.csv: the record's columns, a passive env's limit-order columns, then the benchmarks. */
function episodesCsv(episodes: readonly EpisodeRecord[]): { columns: CsvColumn<EpisodeCsvRow>[]; rows: EpisodeCsvRow[] } {
  const withPassive = episodes[0]?.passive !== undefined;
  const withBenchmarks = episodes[0]?.benchmarks !== undefined;
  const finiteOrEmpty = (v: number) => (Number.isFinite(v) ? v : '');
  const rows = episodes.map(({ passive, benchmarks, ...record }) => {
    const row: EpisodeCsvRow = { ...record };
    if (withPassive) for (const [key, title] of PASSIVE_CSV) row[title] = finiteOrEmpty(passive![key]);
    if (withBenchmarks) for (const [key, title] of BENCHMARK_CSV) row[title] = finiteOrEmpty(benchmarks![key]);
    return row;
  });
  const extra = [...(withPassive ? PASSIVE_CSV : []), ...(withBenchmarks ? BENCHMARK_CSV : [])].map(([, title]) => ({ id: title, title }));
  return { columns: [...(episodeColumns as CsvColumn<EpisodeCsvRow>[]), ...extra], rows };
}

const trajectoryColumns: CsvColumn<TrajectoryRow>[] = [
  { id: 'episode', title: 'episode' },
  { id: 'policy', title: 'policy' },
  { id: 'step', title: 'step' },
  { id: 'inventory', title: 'inventory' },
  { id: 'trade', title: 'trade' },
  { id: 'execPrice', title: 'exec_price' },
  { id: 'marketVolume', title: 'market_volume' },
  { id: 'regime', title: 'regime' },
];

/**
 * Writes the benchmark's files into `dir`, each atomically: episodes.csv (one row per episode and
 * policy, episode-major), trajectories.csv, summary.json and summary.md.
 */
export function writeBenchmark(dir: string, summary: BenchmarkSummary, evaluations: readonly Evaluation[]): void {
  const episodes: EpisodeRecord[] = [];
  for (let i = 0; i < summary.episodes; i++) for (const e of evaluations) episodes.push(e.episodes[i]);
  const paths = benchmarkPaths(dir);
  const { columns, rows: episodeRows } = episodesCsv(episodes);
  writeCsvAtomic(paths.episodes, columns, episodeRows);
  // Episode-major, then policy, then step: one episode's paths under every policy sit together.
  const rows = evaluations.flatMap((e) => [...e.trajectories].sort((a, b) => a.episode - b.episode || a.step - b.step));
  const order = new Map(evaluations.map((e, i) => [e.policy.name, i]));
  rows.sort((a, b) => a.episode - b.episode || order.get(a.policy)! - order.get(b.policy)! || a.step - b.step);
  writeCsvAtomic(paths.trajectories, trajectoryColumns, rows);
  writeJsonAtomic(paths.summary, summary);
  writeFileAtomic(paths.summaryMd, formatSummaryMarkdown(summary));
}
