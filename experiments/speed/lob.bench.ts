/**
 * `npm run bench:lob` (issue 20): the LOBSTER message replay of the shipped AMZN level-5 day
 * (155,935 messages) through the order book with no agent, messages per second on one core,
 * median of BENCH_RUNS runs (default 7) after a warm-up; the load average is printed with it
 * because the machine is shared. The replay includes the settlement of levels entering the
 * recorded depth against the recorded book (the work the bit-for-bit test checks).
 *
 * Then `lob-replay-v0`'s env steps per second, single env and a vector env of VECTOR_LANES lanes
 * (default 16), on the training windows with a resting limit order at the touch every step (the
 * passive-twap action, so every step re-sizes an order of ours in the book), resets included; and
 * the goal: an env step costs no more than the recorded messages it plays, i.e. steps/s
 * times messages per step, against the replay's messages/s. To tell the window restarts from the
 * env's own work, the training windows' messages are also replayed with no agent, each window
 * restarted from the recorded book as a reset does. Then the same for `lob-qr-v0`, whose steps run
 * the generated flow instead (issue 21).
 */
import { loadavg } from 'node:os';
import { lobsterBookEvents } from '../../env/data/lobster-day.js';
import { readLobsterDay } from '../../env/data/lobster-reader.js';
import { lobsterLevel5DaySampleFile } from '../../env/data/sample-files.js';
import { LobsterReplay } from '../../env/lob/lobster-replay.js';
import { OrderBook } from '../../env/lob/order-book.js';
import { lastEventBefore } from '../../env/market/queue-replay/book-level.js';
import { printTable } from './measure.js';
import { qrFlowBenchRows } from './qr-flow-rows.js';
import { ExecutionEnv } from '../../env/core/execution-env.js';
import { ExecutionVectorEnv } from '../../env/core/execution-vector-env.js';
import { compileEnv } from '../../env/core/compile-env.js';
import { resolveSpec } from '../../env/registry.js';
import { TRAIN_SEED_SPACE } from '../../env/random/seeds.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const LANES = Number(process.env.VECTOR_LANES ?? 16);
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

/** `steps` env steps of `run`: steps per wall-clock second and per CPU second of this process. */
function timeSteps(steps: number, run: () => void): { wall: number; cpu: number } {
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  run();
  const wallSeconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { wall: steps / wallSeconds, cpu: steps / ((cpu.user + cpu.system) / 1e6) };
}

const compiled = compileEnv(resolveSpec('lob-replay-v0'));
const { N, book } = compiled.params;
const training = compiled.params.replay!.sets.training;
/** Recorded messages a step plays, on average over the training windows the lanes cycle through. */
let messages = 0;
for (const w of training) messages += book!.row[w * (N + 1) + N] - book!.row[w * (N + 1)];
const messagesPerStep = messages / (training.length * N);
const { lob } = compiled.params;
const windowReplay = new LobsterReplay(book!.day, new OrderBook(lob!.orderCapacity, 4096));
/** The training windows' messages with no agent, each from the recorded book one feed latency before its start (as a reset): messages per CPU second. */
function replayWindows(): { wall: number; cpu: number } {
  let played = 0;
  const rate = timeSteps(1, () => {
    for (let pass = 0; pass < 4; pass++) for (const w of training) {
      const start = lastEventBefore(book!.day, lob!.startSeconds[w] - lob!.feedSeconds);
      const last = book!.row[w * (N + 1) + N];
      windowReplay.startAfter(start);
      while (windowReplay.cursor <= last) windowReplay.step();
      played += last - start;
    }
  });
  return { wall: played * rate.wall, cpu: played * rate.cpu };
}

/** The passive-twap action: a = 1, everything posted at the touch (re-sized in place while it rests). */
const RESTING_AT_TOUCH = [1, 1, 0];

const SINGLE_EPISODES = 4 * training.length;
const VECTOR_STEPS = Math.ceil((SINGLE_EPISODES * N) / LANES);
const vectorActions = Float64Array.from({ length: 3 * LANES }, (_, j) => RESTING_AT_TOUCH[j % 3]);

/** Single-env steps per second over training seeds, the resting action every step, resets included. */
function singleStepsOf(env: ExecutionEnv): () => { wall: number; cpu: number } {
  return () =>
    timeSteps(SINGLE_EPISODES * N, () => {
      for (let e = 0; e < SINGLE_EPISODES; e++) {
        env.reset({ seed: TRAIN_SEED_SPACE + e });
        for (let k = 0; k < N; k++) env.step(RESTING_AT_TOUCH);
      }
    });
}

/** The same in a vector env of LANES lanes: lane-steps per second. */
function vectorStepsOf(env: ExecutionVectorEnv): () => { wall: number; cpu: number } {
  return () =>
    timeSteps(VECTOR_STEPS * LANES, () => {
      env.reset({ seed: TRAIN_SEED_SPACE });
      for (let t = 0; t < VECTOR_STEPS; t++) env.step(vectorActions);
    });
}

const singleSteps = singleStepsOf(new ExecutionEnv(compiled));
const vectorSteps = vectorStepsOf(new ExecutionVectorEnv(compiled, LANES));

/**
 * `lob-qr-v0` (issue 21), the same program in a generated flow: each step runs 30 s of the
 * queue-reactive flow (the last one 60 s more for the mark-outs), and each reset makes the lane's
 * simulator afresh.
 */
const qrCompiled = compileEnv(resolveSpec('lob-qr-v0'));
const qrSingleSteps = singleStepsOf(new ExecutionEnv(qrCompiled));
const qrVectorSteps = vectorStepsOf(new ExecutionVectorEnv(qrCompiled, LANES));

replayDay(); // warm-up
replayWindows();
singleSteps();
vectorSteps();
qrSingleSteps();
qrVectorSteps();
const runs = Array.from({ length: RUNS }, replayDay);
const windowRuns = Array.from({ length: RUNS }, replayWindows);
const singleRuns = Array.from({ length: RUNS }, singleSteps);
const vectorRuns = Array.from({ length: RUNS }, vectorSteps);
const qrSingleRuns = Array.from({ length: RUNS }, qrSingleSteps);
const qrVectorRuns = Array.from({ length: RUNS }, qrVectorSteps);
const row = (label: string, rates: number[]) => [label, median(rates).toExponential(3), Math.min(...rates).toExponential(3), Math.max(...rates).toExponential(3), String(RUNS)];
printTable(['measure', 'median', 'min', 'max', 'runs'], [
  row('replay, messages per wall second (no agent)', runs.map((r) => r.wall)),
  // on a loaded machine the process waits for a core; CPU time counts only the time it ran
  row('replay, messages per CPU second (no agent)', runs.map((r) => r.cpu)),
  row('training windows replayed from their restarts, messages per CPU second (no agent)', windowRuns.map((r) => r.cpu)),
  ...qrFlowBenchRows(RUNS).map(([label, rates]) => row(label, rates)),
  row('lob-replay-v0 single env, steps per CPU second', singleRuns.map((r) => r.cpu)),
  row(`lob-replay-v0 vector env (${LANES} lanes), lane steps per CPU second`, vectorRuns.map((r) => r.cpu)),
  row('lob-qr-v0 single env, steps per CPU second', qrSingleRuns.map((r) => r.cpu)),
  row(`lob-qr-v0 vector env (${LANES} lanes), lane steps per CPU second`, qrVectorRuns.map((r) => r.cpu)),
]);
const messageRate = median(runs.map((r) => r.cpu));
const costRatio = (stepsPerSecond: number) => (messageRate / messagesPerStep / stepsPerSecond).toFixed(2);
console.log(`messages per replay: ${events.count - 1}; load average (1, 5, 15 min): ${loadavg().map((x) => x.toFixed(2)).join(', ')}; cores: 2, shared`);
console.log(
  `an env step plays ${messagesPerStep.toFixed(0)} recorded messages on average (training windows): at the replay's median rate they cost ${((1e6 * messagesPerStep) / messageRate).toFixed(1)} µs; ` +
    `with no agent, from the windows' restarts, they cost ${((1e6 * messagesPerStep) / median(windowRuns.map((r) => r.cpu))).toFixed(1)} µs; ` +
    `a step costs ${(1e6 / median(singleRuns.map((r) => r.cpu))).toFixed(1)} µs single (${costRatio(median(singleRuns.map((r) => r.cpu)))}x the messages' cost) and ${(1e6 / median(vectorRuns.map((r) => r.cpu))).toFixed(1)} µs per lane in the vector env (${costRatio(median(vectorRuns.map((r) => r.cpu)))}x); the goal is at most 1x (issue 20)`,
);
