/**
 * `npm run bench:env`: env steps per second, single env and vector env (M = 1, 64, 1024), medians
 * of 5 runs. A plain loop of the linear market with the same seeded generator is the reference:
 * the gap to it is the cost of the env's interface, ledger, observation and regime machinery.
 * The vector env's ratio to the plain loop at M = 1024 is measured in alternating pairs (median of
 * 7 per-pair ratios), so that the load of a shared machine cancels out of it.
 */
import { make, makeVector } from '../../env/registry.js';
import { makeRng } from '../../env/rng.js';
import { medianRate, pairedRatio, printTable } from './measure.js';

const fmt = (rate: number) => `${(rate / 1e6).toFixed(2)} M/s`;

function singleEnvWork(id: string): () => number {
  const env = make(id);
  env.reset({ seed: 1 });
  return () => {
    for (let i = 0; i < 1000; i++) if (env.step(1).terminated) env.reset();
    return 1000;
  };
}

function vectorEnvWork(id: string, lanes: number): () => number {
  const env = makeVector(id, lanes);
  env.reset({ seed: 1 });
  const actions = new Float64Array(lanes).fill(1);
  const calls = Math.max(1, Math.floor(20000 / lanes));
  return () => {
    for (let i = 0; i < calls; i++) env.step(actions);
    return calls * lanes;
  };
}

/** The AC market as a bare loop over typed arrays: same generator, no ledger, observation or info. */
function plainLoopWork(lanes: number): () => number {
  const N = 20;
  const rngs = Array.from({ length: lanes }, (_, i) => makeRng(i));
  const x = new Float64Array(lanes).fill(1e6);
  const F = new Float64Array(lanes).fill(50);
  const P = new Float64Array(lanes);
  const k = new Int32Array(lanes);
  const reward = new Float64Array(lanes);
  const volume = new Float64Array(lanes);
  return () => {
    for (let i = 0; i < lanes; i++) {
      const rng = rngs[i];
      const n = k[i] === N - 1 ? x[i] : x[i] / (N - k[i]);
      volume[i] = 250000 * Math.exp(0.25 * rng.normal() - 0.03125);
      const cost = n * (0.0625 + (2.5e-6 * n) / 0.25 + P[i] + 50 - F[i]);
      x[i] -= n;
      reward[i] = -2e-4 * (cost + 1e-6 * 0.9025 * 0.25 * x[i] * x[i]);
      F[i] += 0.95 * 0.5 * rng.normal();
      P[i] += 2.5e-7 * n;
      if (++k[i] === N) {
        k[i] = 0;
        x[i] = 1e6;
        F[i] = 50;
        P[i] = 0;
      }
    }
    return lanes;
  };
}

const ids = ['ac-linear-v0', 'regime-v0'];
const rows: string[][] = [];
for (const id of ids) {
  rows.push([id, 'single env', fmt(medianRate(singleEnvWork(id)))]);
  for (const lanes of [1, 64, 1024]) rows.push([id, `vector env M=${lanes}`, fmt(medianRate(vectorEnvWork(id, lanes)))]);
}
rows.push(['ac-linear-v0', 'plain loop, same generator, M=1024', fmt(medianRate(plainLoopWork(1024)))]);
console.log('env steps per second (median of 5 runs of 0.5 s; one core)');
printTable(['env', 'mode', 'steps/s'], rows);

console.log('\nvector env M=1024 / plain loop M=1024, in alternating pairs (median of 7 pairs of 0.3 s)');
printTable(
  ['env', 'vector env', 'plain loop', 'ratio'],
  ids.map((id) => {
    const { a, b, ratio } = pairedRatio(vectorEnvWork(id, 1024), plainLoopWork(1024));
    return [id, fmt(a), fmt(b), `${ratio.toFixed(2)}x`];
  }),
);
