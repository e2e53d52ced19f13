import { interval } from '../benchmark/format-summary.js';
import { DID_NOT_LEARN, type LearningCheck } from '../train/learning-check.js';

/** What the learning labels read of a learned row (single-asset or portfolio). */
export interface LearnedRow {
  readonly name: string;
  readonly seeds: readonly number[];
  /** Each seed's learning check (null for a run recorded before the check existed), in seed order. */
  readonly learning: readonly (LearningCheck | null)[];
  /** Each seed's selected checkpoint (env steps), in seed order. */
  readonly selectedSteps: readonly (number | null)[];
}

/** How a learned row's notes name its intervals (two-level; with one seed they are the seed's own). */
export const LEARNED_INTERVAL = '95% interval over training seeds and test episodes';

/**
 * A learned row is a learned result only when every seed's selected checkpoint beats its own
 * initial policy on the validation seeds (issue 19): 'unchecked' for runs without the record.
 */
export function learningVerdict(t: Pick<LearnedRow, 'learning'>): 'learned' | typeof DID_NOT_LEARN | 'unchecked' {
  if (t.learning.length === 0 || t.learning.some((l) => l === null)) return 'unchecked';
  return t.learning.every((l) => l!.learned) ? 'learned' : DID_NOT_LEARN;
}

/** The policy cell of a learned row: its name, flagged when it did not learn. */
export function nameCell(t: Pick<LearnedRow, 'name' | 'learning'>): string {
  const verdict = learningVerdict(t);
  return verdict === DID_NOT_LEARN ? `**${t.name}** (did not learn)` : `**${t.name}**`;
}

/** The selected checkpoint of each seed (env steps), e.g. `0 / 51200 / 0`. */
export function selectedStepsText(t: Pick<LearnedRow, 'selectedSteps'>): string {
  return t.selectedSteps.map((s) => (s === null ? '?' : String(s))).join(' / ');
}

/** The learning check's note: which seeds did not beat their initial policy. */
export function learningNote(t: Pick<LearnedRow, 'seeds' | 'learning'>): string {
  const verdict = learningVerdict(t);
  const n = t.seeds.length;
  if (verdict === 'unchecked') return `learning check not recorded (runs written before it), ${n} seed${n === 1 ? '' : 's'}`;
  if (verdict === 'learned') return `learned, ${n} seed${n === 1 ? '' : 's'} (each selected checkpoint beats its initial policy on validation, paired 95% CI)`;
  const failed = t.seeds.filter((_, i) => !t.learning[i]!.learned);
  return `${DID_NOT_LEARN}: seed${failed.length === 1 ? '' : 's'} ${failed.join(', ')} of ${n} not better than the initial policy on validation (${t.learning.map((l, i) => `${t.seeds[i]}: ${interval(l!.vsInitialBps)}`).join('; ')} bps, selected − initial); not a learned result`;
}

