/**
 * `npm run bench:import`: the wall time of a cold `import('execgym')` (and of the other entry
 * points) in a fresh Node process, with its resident memory; medians of 7 processes. The root
 * entry stays free of TensorFlow.js, so it should load in well under 0.4 s. `node:path` is the
 * floor (Node's own start-up). On a busy machine read the CPU time: wall time grows with the load.
 */
import { execFileSync } from 'node:child_process';
import { printTable } from './measure.js';

const RUNS = 7;
const ENTRIES = ['execgym', 'execgym/agents', 'execgym/experiments'];

/**
 * One cold import in a new process: [ms from process start to the import's end, CPU ms of the
 * process (user + system) by then, RSS MB]. The CPU time is what a loaded machine inflates least.
 */
function coldImport(entry: string): [number, number, number] {
  const script = `await import(${JSON.stringify(entry)}); const cpu = process.cpuUsage(); console.log(JSON.stringify([performance.now(), (cpu.user + cpu.system) / 1000, process.memoryUsage().rss / 2 ** 20]));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!) as [number, number, number];
}

/** Wall time of the whole `node -e "import(entry)"` process, as a user would time it. */
function processMs(entry: string): number {
  const start = performance.now();
  execFileSync(process.execPath, ['-e', `import(${JSON.stringify(entry)})`], { stdio: 'ignore' });
  return performance.now() - start;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = ['node:path', ...ENTRIES].map((entry) => {
  const runs = Array.from({ length: RUNS }, () => coldImport(entry));
  const total = Array.from({ length: RUNS }, () => processMs(entry));
  const ms = (i: number) => `${median(runs.map((r) => r[i])).toFixed(0)} ms`;
  return [entry, ms(0), ms(1), `${median(runs.map((r) => r[2])).toFixed(0)} MB`, `${median(total).toFixed(0)} ms`];
});
// node:path is the floor: Node's own start-up, which every figure includes.
printTable(['entry', 'ready after', 'CPU time', 'RSS', 'node -e process'], rows);
