import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { TrainProgress } from '../../agents/common/train-context.js';
import { agentEntry, type AgentType } from '../../agents/registry.js';
import { writeFileAtomic } from '../../env/io/atomic-write.js';
import { readCsv } from '../io/read-csv.js';
import { pairedDifference } from '../stats/paired.js';
import type { ValidationReferences } from './validation-references.js';
import type { ValidationScores } from './validation-scores.js';

/** Columns every run writes, before the agent's diagnostics. */
export const CURVE_COLUMNS = [
  'env_steps',
  'episodes',
  'updates',
  'wall_seconds',
  'train_return_mean',
  'eval_return_mean',
  'eval_is_bps_mean',
  'eval_is_bps_std',
  'eval_objective_bps_mean',
  'gap_to_ac_pct',
  'vs_ac_bps_mean',
  'vs_ac_bps_low',
  'vs_ac_bps_high',
  'regret_bps_mean',
  'regret_bps_low',
  'regret_bps_high',
] as const;

/** The columns of an agent's learning curve: the common ones, then its diagnostics as it registered them (averaged over the updates since the previous row). */
export function curveColumns(agent: AgentType): string[] {
  return [...CURVE_COLUMNS, ...agentEntry(agent).diagnostics];
}

/** Columns that differ between identical runs (excluded when runs are compared). */
export const TIMING_COLUMNS: readonly string[] = ['wall_seconds'];

export type CurveRow = Readonly<Record<string, number | undefined>>;

/**
 * The learning-curve row of an evaluation: the run's counters, the validation scores, the paired
 * differences to `ac` and `optimal` on the same validation episodes (mean and 95% CI, bps; the gap
 * to ac in percent is mean(agent - ac) / mean(ac)), and the agent's diagnostics averaged since the last row.
 */
export function curveRow(
  progress: TrainProgress,
  wallSeconds: number,
  trainReturnMean: number | undefined,
  scores: ValidationScores,
  references: ValidationReferences,
  diagnostics: Readonly<Record<string, number>>,
): CurveRow {
  const vsAc = pairedDifference(scores.objectives, references.ac);
  const regret = references.optimal ? pairedDifference(scores.objectives, references.optimal) : null;
  const acMean = references.ac.reduce((a, v) => a + v, 0) / references.ac.length;
  return {
    env_steps: progress.envSteps,
    episodes: progress.episodes,
    updates: progress.updates,
    wall_seconds: Math.round(wallSeconds * 1000) / 1000,
    train_return_mean: trainReturnMean,
    eval_return_mean: scores.returnMean,
    eval_is_bps_mean: scores.isMean,
    eval_is_bps_std: scores.isStd,
    eval_objective_bps_mean: scores.objectiveMean,
    gap_to_ac_pct: (100 * vsAc.mean) / acMean,
    vs_ac_bps_mean: vsAc.mean,
    vs_ac_bps_low: vsAc.low,
    vs_ac_bps_high: vsAc.high,
    regret_bps_mean: regret?.mean,
    regret_bps_low: regret?.low,
    regret_bps_high: regret?.high,
    ...diagnostics,
  };
}

/** Numbers in full precision (so identical runs give identical text); blank for missing, NaN or ±Infinity (never a non-finite literal in a result file). */
function cell(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '' : String(value);
}

/**
 * learning_curve.csv, appended one row per evaluation and flushed at once, so a stopped run
 * keeps every row it logged. On resume the file is cut back to the rows the checkpoint knew of,
 * so no row is lost or written twice.
 */
export class LearningCurve {
  constructor(
    readonly path: string,
    readonly columns: readonly string[],
  ) {}

  /** Starts the file with its header, or keeps its first `rows` rows (resume). */
  open(rows: number | null): void {
    const header = `${this.columns.join(',')}\n`;
    if (rows === null || !existsSync(this.path)) {
      if (rows) throw new Error(`${this.path} is missing but the checkpoint has ${rows} rows`);
      writeFileAtomic(this.path, header);
      return;
    }
    const lines = readFileSync(this.path, 'utf8').split('\n').filter((line) => line !== '');
    if (lines[0] !== header.trimEnd()) throw new Error(`${this.path}: header differs from this run's columns`);
    if (lines.length - 1 < rows) throw new Error(`${this.path} has ${lines.length - 1} rows but the checkpoint has ${rows}`);
    writeFileAtomic(this.path, `${lines.slice(0, rows + 1).join('\n')}\n`);
  }

  /** The rows in the file, as numbers (a blank cell is undefined). */
  rows(): CurveRow[] {
    return readCsv(this.path).map((r) => Object.fromEntries(this.columns.map((c) => [c, r[c] === '' || r[c] === undefined ? undefined : Number(r[c])])));
  }

  append(row: CurveRow): void {
    appendFileSync(this.path, `${this.columns.map((c) => cell(row[c])).join(',')}\n`);
  }
}

/** Running sums of diagnostics between two rows; serialisable so a checkpoint can carry it. */
export class DiagnosticsMeter {
  sums: Record<string, number> = {};
  counts: Record<string, number> = {};

  add(record: Readonly<Record<string, number>>): void {
    for (const [key, value] of Object.entries(record)) {
      if (!Number.isFinite(value)) continue;
      this.sums[key] = (this.sums[key] ?? 0) + value;
      this.counts[key] = (this.counts[key] ?? 0) + 1;
    }
  }

  /** The means since the last call, then zero. */
  take(): Record<string, number> {
    const means = Object.fromEntries(Object.keys(this.sums).map((k) => [k, this.sums[k] / this.counts[k]]));
    this.sums = {};
    this.counts = {};
    return means;
  }
}
