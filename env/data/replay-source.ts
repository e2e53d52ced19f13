import { isAbsolute } from 'node:path';
import type { ReplayDataSpec } from '../spec/schema.js';
import { UserError } from '../errors/errors.js';
import type { Bars } from './bars.js';
import { dataFormats } from './formats.js';
import { samplesDir } from './sample-files.js';

export { loadLobsterDay } from './lobster-cache.js';

/** Series already read, by data spec: every env made from one spec shares them (they are never written). */
const cache = new Map<string, readonly Bars[]>();

/** A data path as written in a spec: `samples/...` is a shipped file, anything else as given. */
export function resolveDataPath(path: string): string {
  return !isAbsolute(path) && path.startsWith('samples/') ? `${samplesDir()}${path.slice('samples/'.length)}` : path;
}

/**
 * The bar series a replay spec's `price.data` names, read once per process: one {@link Bars} per
 * symbol and day, in file order, filtered to `symbols`.
 * @throws UserError for an unreadable or malformed file, or a requested symbol with no data
 */
export function loadReplayBars(data: ReplayDataSpec): readonly Bars[] {
  const key = JSON.stringify(data);
  const cached = cache.get(key);
  if (cached) return cached;
  const format = dataFormats[data.format];
  const all = data.files.flatMap((file) => format.readBars(resolveDataPath(file), data));
  const keep = data.symbols ? new Set(data.symbols) : undefined;
  const bars = keep ? all.filter((b) => keep.has(b.symbol)) : all;
  for (const symbol of keep ?? []) {
    if (!bars.some((b) => b.symbol === symbol)) throw new UserError(`spec.price.data.symbols: no data for ${JSON.stringify(symbol)} in ${data.files.join(', ')}`);
  }
  cache.set(key, bars);
  return bars;
}
