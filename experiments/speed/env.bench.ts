/**
 * `npm run bench:env`: env steps per second, single env and vector env (M = 1, 64, 1024), medians
 * of 5 runs. A plain loop of each market with the same seeded generator is the reference: the gap
 * to it is the cost of the env's interface, ledger, features, observation and info. The vector
 * env's ratio to its plain loop at M = 1024 is measured in alternating pairs (median of 7 per-pair
 * ratios), so that the load of a shared machine cancels out of it.
 */
import { make, makeVector } from '../../env/registry.js';
import { makeRng, sampleIndex } from '../../env/random/rng.js';
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

/**
 * regime-v0's market as a bare loop: the AC loop above under the step's regime (its sigma, eta and
 * volume multiplier) with the draws regime-v0 takes that the AC market does not: the next regime
 * and shadow regime after every step and both starting regimes at every reset, categorical draws
 * from the same generator. regime-v0 draws them for every regimeInfo (the shadow chain keeps the
 * 'shuffled' control on the same path), so without them a loop plays another market.
 */
function regimePlainLoopWork(lanes: number): () => number {
  const { sigma, eta, volumeMultiplier, transition, initial, K } = make('regime-v0').params;
  const N = 20;
  const rngs = Array.from({ length: lanes }, (_, i) => makeRng(i));
  const x = new Float64Array(lanes).fill(1e6);
  const F = new Float64Array(lanes).fill(50);
  const P = new Float64Array(lanes);
  const k = new Int32Array(lanes);
  const regime = new Int32Array(lanes);
  const shadow = new Int32Array(lanes);
  const reward = new Float64Array(lanes);
  const volume = new Float64Array(lanes);
  for (let i = 0; i < lanes; i++) {
    regime[i] = sampleIndex(rngs[i], initial);
    shadow[i] = sampleIndex(rngs[i], initial);
  }
  return () => {
    for (let i = 0; i < lanes; i++) {
      const rng = rngs[i];
      const r = regime[i];
      const n = k[i] === N - 1 ? x[i] : x[i] / (N - k[i]);
      volume[i] = 250000 * volumeMultiplier[r] * Math.exp(0.25 * rng.normal() - 0.03125);
      const cost = n * (0.0625 + (eta[r] * n) / 0.25 + P[i] + 50 - F[i]);
      x[i] -= n;
      reward[i] = -2e-4 * (cost + 1e-6 * sigma[r] * sigma[r] * 0.25 * x[i] * x[i]);
      F[i] += sigma[r] * 0.5 * rng.normal();
      P[i] += 2.5e-7 * n;
      regime[i] = sampleIndex(rng, transition, r * K, K);
      shadow[i] = sampleIndex(rng, transition, shadow[i] * K, K);
      if (++k[i] === N) {
        k[i] = 0;
        x[i] = 1e6;
        F[i] = 50;
        P[i] = 0;
        regime[i] = sampleIndex(rng, initial);
        shadow[i] = sampleIndex(rng, initial);
      }
    }
    return lanes;
  };
}

const ids = ['ac-linear-v0', 'regime-v0'];
const plainLoops: Record<string, (lanes: number) => () => number> = { 'ac-linear-v0': plainLoopWork, 'regime-v0': regimePlainLoopWork };
const rows: string[][] = [];
for (const id of ids) {
  rows.push([id, 'single env', fmt(medianRate(singleEnvWork(id)))]);
  for (const lanes of [1, 64, 1024]) rows.push([id, `vector env M=${lanes}`, fmt(medianRate(vectorEnvWork(id, lanes)))]);
}
for (const id of ids) rows.push([id, 'plain loop, same generator, M=1024', fmt(medianRate(plainLoops[id](1024)))]);
console.log('env steps per second (median of 5 runs of 0.5 s; one core)');
printTable(['env', 'mode', 'steps/s'], rows);

// regime-v0 against the AC loop too: the ratio issue 9 first reported, before the regime loop.
const pairs: [string, string][] = [...ids.map((id): [string, string] => [id, id]), ['regime-v0', 'ac-linear-v0']];
console.log('\nvector env M=1024 / plain loop M=1024, in alternating pairs (median of 7 pairs of 0.3 s)');
printTable(
  ['env', 'plain loop of', 'vector env', 'plain loop', 'ratio'],
  pairs.map(([id, market]) => {
    const { a, b, ratio } = pairedRatio(vectorEnvWork(id, 1024), plainLoops[market](1024));
    return [id, market, fmt(a), fmt(b), `${ratio.toFixed(2)}x`];
  }),
);
