/**
 * Rows of `npm run bench:lob` for the generated order flow (issue 21): the queue-reactive flow of
 * the shipped AMZN card (lob-qr-v0) run for 5.5 simulated hours from a fresh book, model events per
 * wall and per CPU second on one core, without and with the LOBSTER message log (what `lob
 * simulate` writes), and of lob-qr-hawkes-v0 (the same card with its Hawkes kernel on market
 * orders) without the log, median of `runs` runs after a warm-up, each run with another seed.
 */
import { FlowLog } from '../../env/lob/flow/flow-log.js';
import { QrSimulator } from '../../env/lob/flow/qr-simulator.js';
import { makeRng } from '../../env/random/rng.js';
import { STREAMS } from '../../env/random/seeds.js';
import { shippedQrFlow } from '../lob/qr-flows.js';

const SECONDS = 19_800;

function simulateOnce(seed: number, logged: boolean, flow = 'lob-qr-v0'): { wall: number; cpu: number } {
  const { params } = shippedQrFlow(flow);
  const sim = new QrSimulator(params, makeRng(seed, STREAMS.qrFlow), logged ? new FlowLog(params.layout.levels) : undefined);
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  sim.reset(36_000);
  sim.advanceTo(36_000 + SECONDS);
  const wallSeconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { wall: sim.events / wallSeconds, cpu: sim.events / ((cpu.user + cpu.system) / 1e6) };
}

/** [label, rates] pairs of the generated flow's speed over `runs` runs. */
export function qrFlowBenchRows(runs: number): [string, number[]][] {
  const rows: [string, number[]][] = [];
  for (const logged of [false, true]) {
    simulateOnce(0, logged); // warm-up
    const results = Array.from({ length: runs }, (_, i) => simulateOnce(i + 1, logged));
    const what = logged ? 'with the LOBSTER message log' : 'no log';
    rows.push([`generated flow (lob-qr-v0), model events per wall second, ${what}`, results.map((r) => r.wall)]);
    rows.push([`generated flow (lob-qr-v0), model events per CPU second, ${what}`, results.map((r) => r.cpu)]);
  }
  simulateOnce(0, false, 'lob-qr-hawkes-v0');
  const excited = Array.from({ length: runs }, (_, i) => simulateOnce(i + 1, false, 'lob-qr-hawkes-v0'));
  rows.push(['generated flow (lob-qr-hawkes-v0: Hawkes market orders), model events per CPU second, no log', excited.map((r) => r.cpu)]);
  return rows;
}
