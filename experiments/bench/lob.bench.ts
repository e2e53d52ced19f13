/**
 * `npm run bench:lob` (issue 20): the LOBSTER message replay of the shipped AMZN level-5 day
 * (155,935 messages) through the order book with no agent, messages per second on one core,
 * median of BENCH_RUNS runs (default 7) after a warm-up; the load average is printed with it
 * because the machine is shared. The replay includes the settlement of levels entering the
 * recorded depth against the recorded book (the work the bit-for-bit test checks).
 */
import { loadavg } from 'node:os';
import { lobsterBookEvents } from '../../env/data/lobster-day.js';
import { readLobsterDay } from '../../env/data/lobster-reader.js';
import { lobsterLevel5DaySampleFile } from '../../env/data/sample-files.js';
import { LobsterReplay } from '../../env/lob/lobster-replay.js';
import { printTable } from './measure.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const events = lobsterBookEvents(readLobsterDay(lobsterLevel5DaySampleFile()));
const replay = new LobsterReplay(events);

/** One replay of the whole day: messages per second. */
function replayDay(): number {
  const start = performance.now();
  replay.startAfter(0);
  while (replay.cursor < events.count) replay.step();
  return (events.count - 1) / ((performance.now() - start) / 1000);
}

replayDay(); // warm-up
const rates = Array.from({ length: RUNS }, replayDay);
printTable(
  ['measure', 'median', 'min', 'max', 'runs'],
  [['replay, messages/s (one core, no agent)', median(rates).toExponential(3), Math.min(...rates).toExponential(3), Math.max(...rates).toExponential(3), String(RUNS)]],
);
console.log(`messages per replay: ${events.count - 1}; load average (1, 5, 15 min): ${loadavg().map((x) => x.toFixed(2)).join(', ')}; cores: 2, shared`);
