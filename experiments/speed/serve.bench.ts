/**
 * `npm run bench:serve`: env steps per second through the Python bridge (python/execgym_bridge
 * talking to `execgym serve`), single env and vector env M = 64, medians of 5 runs of 1 s, with the
 * CPU time per step of both processes (steadier than the rate on a shared machine). The measuring
 * loop is Python's (python/benchmarks/bench_bridge.py): what a Python agent sees.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pythonWithNumpy } from './find-python.js';
import { printTable } from './measure.js';

const script = fileURLToPath(new URL('../../../python/benchmarks/bench_bridge.py', import.meta.url));
const cli = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const envId = process.argv[2] ?? 'ac-linear-v0';

const result = spawnSync(pythonWithNumpy(), [script, '--env', envId, '--lanes', '64', '--runs', '5', '--seconds', '1'], {
  encoding: 'utf8',
  env: { ...process.env, EXECGYM_SERVE_COMMAND: `${process.execPath} ${cli} serve` },
  stdio: ['ignore', 'pipe', 'inherit'],
});
if (result.status !== 0) {
  console.error(`bench_bridge.py failed (exit ${result.status})`);
  process.exit(1);
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (value: number) => Math.round(value).toLocaleString('en-US');
const rows = result.stdout
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as { case: string; rates: number[]; cpu_us: number[] })
  .map(({ case: name, rates, cpu_us }) => [envId, name, `${fmt(Math.min(...rates))}–${fmt(Math.max(...rates))}`, `${median(cpu_us).toFixed(1)} µs`, `${fmt(median(rates))} steps/s`]);
printTable(['env', 'through the Python bridge', 'range of 5 runs', 'CPU per step (Python + server)', 'median'], rows);
