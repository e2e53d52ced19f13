import { isAbsolute } from 'node:path';
import type { ReplayDataSpec } from '../spec/schema.js';
import { UserError } from '../errors.js';
import type { Bars } from './bars.js';
import { readBarsCsv } from './bars-csv-reader.js';
import { lobsterBars } from './lobster-bars.js';
import type { LobsterDay } from './lobster-day.js';
import { readLobsterDay } from './lobster-reader.js';
import { samplesDir } from './sample-files.js';
import { readXetra } from './xetra-reader.js';

/** Series already read, by data spec: every env made from one spec shares them (they are never written). */
const cache = new Map<string, readonly Bars[]>();
/** LOBSTER days already read, by path: the bars and a queue replay's book share one read. */
const days = new Map<string, LobsterDay>();

/** The LOBSTER day a message (or orderbook) file holds, read once per process. */
export function loadLobsterDay(file: string): LobsterDay {
  const cached = days.get(file);
  if (cached) return cached;
  const day = readLobsterDay(file);
  // Shared by every env of the process and part of a queue replay's (frozen) market params.
  for (const defect of day.defects) Object.freeze(defect);
  Object.freeze(day.defects);
  Object.freeze(day.files);
  days.set(file, Object.freeze(day));
  return day;
}

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
  const all = data.files.flatMap((file) => readSeries(data, resolveDataPath(file)));
  const keep = data.symbols ? new Set(data.symbols) : undefined;
  const bars = keep ? all.filter((b) => keep.has(b.symbol)) : all;
  for (const symbol of keep ?? []) {
    if (!bars.some((b) => b.symbol === symbol)) throw new UserError(`spec.price.data.symbols: no data for ${JSON.stringify(symbol)} in ${data.files.join(', ')}`);
  }
  cache.set(key, bars);
  return bars;
}

function readSeries(data: ReplayDataSpec, file: string): Bars[] {
  switch (data.format) {
    case 'xetra':
      return readXetra(file);
    case 'bars':
      return readBarsCsv(file, { timeZone: data.timeZone });
    case 'lobster':
      return [lobsterBars(loadLobsterDay(file), data.barSeconds)];
  }
}
