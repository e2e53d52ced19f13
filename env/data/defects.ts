/**
 * Tolerable defects of market data: things a reader can handle without guessing, but must not use
 * silently. Each is counted with where it first occurred, so the market card and the replay envs
 * can report what was excluded or filled and why.
 */
export type DefectKind =
  /** a book or quote with bid > ask; excluded from time-weighted quotes */
  | 'crossed-quote'
  /** a book with an empty side (LOBSTER's dummy price); excluded from time-weighted quotes */
  | 'one-sided-quote'
  /** a cross/auction trade (LOBSTER type 6); kept in the raw day, excluded from bar volume */
  | 'auction-print'
  /** a trading-halt message (LOBSTER type 7) */
  | 'trading-halt'
  /** a bar with no trade printed: volume 0, prices carried from the last print */
  | 'zero-volume-bar'
  /** a bar with no valid quote in force: its quotes are carried from the last valid one */
  | 'carried-quote';

/** One kind of defect: how often, and the first file and line where it occurred. */
export interface Defect {
  readonly kind: DefectKind;
  readonly count: number;
  readonly firstFile: string;
  /** 1-based line of the data file (0 when the defect is a bar the file has no line for). */
  readonly firstLine: number;
}

/** Counts defects as a reader meets them; {@link DefectLog.report} freezes the tally. */
export class DefectLog {
  private readonly byKind = new Map<DefectKind, { count: number; firstFile: string; firstLine: number }>();

  /** Records `count` occurrences of `kind`, first seen at `file`:`line`. */
  add(kind: DefectKind, file: string, line: number, count = 1): void {
    if (count <= 0) return;
    const seen = this.byKind.get(kind);
    if (seen) seen.count += count;
    else this.byKind.set(kind, { count, firstFile: file, firstLine: line });
  }

  /** The defects counted so far, in order of first occurrence. */
  report(): readonly Defect[] {
    return [...this.byKind].map(([kind, seen]) => Object.freeze({ kind, ...seen }));
  }
}

/** `count` of `kind` in a report (0 when absent). */
export function defectCount(defects: readonly Defect[], kind: DefectKind): number {
  return defects.find((d) => d.kind === kind)?.count ?? 0;
}
