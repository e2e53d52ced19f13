import type { LobsterDay } from './lobster-day.js';
import { readLobsterDay } from './lobster-reader.js';

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
