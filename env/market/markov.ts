/**
 * Stationary distribution of a K x K row-stochastic matrix (row-major), by power iteration from
 * the uniform distribution. For the sticky, irreducible chains used here it converges quickly;
 * the iteration cap only guards against periodic chains.
 */
export function stationaryDistribution(transition: Float64Array, K: number): Float64Array {
  let pi: Float64Array = new Float64Array(K).fill(1 / K);
  for (let iter = 0; iter < 100000; iter++) {
    const next = propagate(pi, transition, K);
    let change = 0;
    for (let j = 0; j < K; j++) change += Math.abs(next[j] - pi[j]);
    pi = next;
    if (change < 1e-15) break;
  }
  return pi;
}

/** One step of the chain: the distribution `p * P`. */
export function propagate(p: ArrayLike<number>, transition: Float64Array, K: number): Float64Array {
  const out = new Float64Array(K);
  for (let i = 0; i < K; i++) {
    const pi = p[i];
    for (let j = 0; j < K; j++) out[j] += pi * transition[i * K + j];
  }
  return out;
}
