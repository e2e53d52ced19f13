import { loadReplayBars, resolveDataPath } from '../../env/data/replay-source.js';
import { buildReplayTable } from '../../env/data/replay-table.js';
import { UserError } from '../../env/errors/errors.js';
import type { TimeSpan } from '../../env/lob/flow/time-spans.js';
import { resolveSpec } from '../../env/registry.js';

export type ReplaySetName = 'training' | 'validation' | 'test';

/** Some sets of a LOBSTER replay env's windows, as spans of its recorded day. */
export interface ReplayWindowSpans {
  /** each window's [first decision, horizon], seconds after midnight, in time order */
  readonly spans: TimeSpan[];
  /** the env's LOBSTER message file */
  readonly data: string;
  /** e.g. `the 71 training windows of lob-replay-v0 (180 s each)`, `the 26 validation and 32 test windows of ...` */
  readonly description: string;
}

/**
 * The windows of some sets (training, validation, test) of a replay env on a LOBSTER day, as the
 * spans of the day its episodes replay: what a model of the flow may be fitted on (training) and
 * what it must never see (the others). The split is the env's own (`price.split`), so the spans
 * are the very windows its episodes and lob-qr-v0's start from.
 * @throws UserError naming `flag` when the env is not a replay of one LOBSTER file
 */
export function replayWindowSpans(envId: string, sets: readonly ReplaySetName[], flag: string): ReplayWindowSpans {
  const spec = resolveSpec(envId);
  if (spec.price.model !== 'replay' || spec.price.data.format !== 'lobster' || spec.price.data.files.length !== 1) {
    throw new UserError(`${flag}: ${JSON.stringify(envId)} is not a replay of one LOBSTER day (price.model replay, price.data.format lobster, one file), e.g. lob-replay-v0`);
  }
  const replay = { ...spec, price: spec.price };
  const table = buildReplayTable(replay, loadReplayBars(spec.price.data));
  const seconds = spec.horizon.N * table.stepSeconds;
  const windows = sets.flatMap((set) => [...table.sets[set]]).sort((a, b) => a - b);
  const spans = windows.map((w) => ({ from: table.windows[w].startSeconds, to: table.windows[w].startSeconds + seconds }));
  const counted = sets.map((set) => `${table.sets[set].length} ${set}`);
  const list = counted.length > 1 ? `${counted.slice(0, -1).join(', ')} and ${counted[counted.length - 1]}` : counted[0];
  return { spans, data: resolveDataPath(spec.price.data.files[0]), description: `the ${list} windows of ${spec.id} (${seconds} s each)` };
}
