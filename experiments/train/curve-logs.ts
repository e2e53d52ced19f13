import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../env/io/atomic-write.js';
import { EventFile, type ScalarStep } from '../logs/event-file.js';
import type { Scalar } from '../logs/tf-event.js';
import type { CurveRow } from './learning-curve.js';
import { runPaths } from '../io/run-dir.js';

/** Columns that are the x axis, not a scalar. */
const NOT_SCALARS = new Set(['env_steps', 'wall_seconds']);

/**
 * The TensorBoard tag of a learning-curve column, grouped as CleanRL's logs are: `eval/` for the
 * validation scores, `charts/` for the run's counters and schedules, `losses/` for the update
 * diagnostics. Null for the x axis (env_steps is the step, wall_seconds the wall time).
 */
export function tensorboardTag(column: string): string | null {
  if (NOT_SCALARS.has(column)) return null;
  if (column.startsWith('eval_')) return `eval/${column.slice('eval_'.length)}`;
  if (column === 'gap_to_ac_pct') return `eval/${column}`;
  if (['episodes', 'updates', 'train_return_mean', 'learning_rate', 'epsilon'].includes(column)) return `charts/${column}`;
  return `losses/${column}`;
}

const present = (v: number | undefined): v is number => v !== undefined && !Number.isNaN(v);

/**
 * The scalars of a row: every present column of the CSV under its tag, and
 * `charts/env_steps_per_second`, the env steps per wall second since the previous row
 * (evaluation time included).
 */
export function rowScalars(columns: readonly string[], row: CurveRow, previous: CurveRow | null): Scalar[] {
  const scalars: Scalar[] = [];
  for (const column of columns) {
    const tag = tensorboardTag(column);
    const value = row[column];
    if (tag !== null && present(value)) scalars.push({ tag, value });
  }
  const dt = previous ? row.wall_seconds! - previous.wall_seconds! : 0;
  if (previous && dt > 0) scalars.push({ tag: 'charts/env_steps_per_second', value: (row.env_steps! - previous.env_steps!) / dt });
  return scalars;
}

/** A row as a JSON line: the columns in order, null where the CSV cell is blank. */
export function jsonLine(columns: readonly string[], row: CurveRow): string {
  return `${JSON.stringify(Object.fromEntries(columns.map((c) => [c, present(row[c]) ? row[c] : null])))}\n`;
}

/**
 * The learning curve's two mirrors, beside learning_curve.csv (the source of truth):
 * `learning_curve.jsonl` and a TensorBoard event file. They are rewritten from the CSV's rows
 * whenever the run opens (so a resumed run neither loses nor repeats a row), then appended a row
 * at a time with it.
 */
export class CurveLogs {
  private readonly events: EventFile;
  readonly jsonlPath: string;
  private previous: CurveRow | null = null;

  /** `startedAt`: Unix seconds of the run's start (its manifest's createdAt); a row's wall time is that plus its wall_seconds. */
  constructor(
    runDir: string,
    readonly columns: readonly string[],
    readonly startedAt: number,
  ) {
    this.events = new EventFile(join(runDir, `events.out.tfevents.${Math.floor(startedAt)}.execgym`), startedAt);
    this.jsonlPath = runPaths(runDir).curveJsonl;
  }

  get eventsPath(): string {
    return this.events.path;
  }

  private step(row: CurveRow, previous: CurveRow | null): ScalarStep {
    return { wallTime: this.startedAt + (row.wall_seconds ?? 0), step: row.env_steps ?? 0, scalars: rowScalars(this.columns, row, previous) };
  }

  /** Writes both files anew with `rows` (those of the CSV). */
  rewrite(rows: readonly CurveRow[]): void {
    this.events.rewrite(rows.map((row, i) => this.step(row, i > 0 ? rows[i - 1] : null)));
    writeFileAtomic(this.jsonlPath, rows.map((row) => jsonLine(this.columns, row)).join(''));
    this.previous = rows.at(-1) ?? null;
  }

  append(row: CurveRow): void {
    this.events.append(this.step(row, this.previous));
    appendFileSync(this.jsonlPath, jsonLine(this.columns, row));
    this.previous = row;
  }
}
