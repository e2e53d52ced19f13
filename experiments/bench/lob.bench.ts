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
import { qrFlowBenchRows } from './qr-flow-rows.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const events = lobsterBookEvents(readLobsterDay(lobsterLevel5DaySampleFile()));
const replay = new LobsterReplay(events);

/** One replay of the whole day: messages per wall-clock second and per CPU second of this process. */
function replayDay(): { wall: number; cpu: number } {
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  replay.startAfter(0);
  while (replay.cursor < events.count) replay.step();
  const wallSeconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { wall: (events.count - 1) / wallSeconds, cpu: (events.count - 1) / ((cpu.user + cpu.system) / 1e6) };
}

replayDay(); // warm-up
const runs = Array.from({ length: RUNS }, replayDay);
const row = (label: string, rates: number[]) => [label, median(rates).toExponential(3), Math.min(...rates).toExponential(3), Math.max(...rates).toExponential(3), String(RUNS)];
printTable(['measure', 'median', 'min', 'max', 'runs'], [
  row('replay, messages per wall second (no agent)', runs.map((r) => r.wall)),
  // on a loaded machine the process waits for a core; CPU time counts only the time it ran
  row('replay, messages per CPU second (no agent)', runs.map((r) => r.cpu)),
  ...qrFlowBenchRows(RUNS).map(([label, rates]) => row(label, rates)),
]);
console.log(`messages per replay: ${events.count - 1}; load average (1, 5, 15 min): ${loadavg().map((x) => x.toFixed(2)).join(', ')}; cores: 2, shared`);
