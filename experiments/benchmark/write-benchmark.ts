import type { EpisodeRecord, TrajectoryRow } from '../../env/evaluate-policy.js';
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
 * A passive env's episodes.csv adds the episode's limit-order numbers (see env/passive-summary.ts);
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

type EpisodeCsvRow = Omit<EpisodeRecord, 'passive'> & Record<string, number | string>;

function passiveCsv(episodes: readonly EpisodeRecord[]): { columns: CsvColumn<EpisodeCsvRow>[]; rows: EpisodeCsvRow[] } {
  const rows = episodes.map(({ passive, ...record }) => {
    const row: EpisodeCsvRow = { ...record };
    for (const [key, title] of PASSIVE_CSV) row[title] = Number.isFinite(passive![key]) ? passive![key] : '';
    return row;
  });
  return { columns: [...(episodeColumns as CsvColumn<EpisodeCsvRow>[]), ...PASSIVE_CSV.map(([, title]) => ({ id: title, title }))], rows };
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
  if (episodes[0]?.passive) {
    const { columns, rows } = passiveCsv(episodes);
    writeCsvAtomic(paths.episodes, columns, rows);
  } else {
    writeCsvAtomic(paths.episodes, episodeColumns, episodes);
  }
  // Episode-major, then policy, then step: one episode's paths under every policy sit together.
  const rows = evaluations.flatMap((e) => [...e.trajectories].sort((a, b) => a.episode - b.episode || a.step - b.step));
  const order = new Map(evaluations.map((e, i) => [e.policy.name, i]));
  rows.sort((a, b) => a.episode - b.episode || order.get(a.policy)! - order.get(b.policy)! || a.step - b.step);
  writeCsvAtomic(paths.trajectories, trajectoryColumns, rows);
  writeJsonAtomic(paths.summary, summary);
  writeFileAtomic(paths.summaryMd, formatSummaryMarkdown(summary));
}
