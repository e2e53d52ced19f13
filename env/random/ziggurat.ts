/**
 * Tables and slow path of the ziggurat method for standard normals with 128 layers, in Doornik's
 * formulation ("An Improved Ziggurat Method to Generate Normal Random Samples", 2005) of Marsaglia
 * and Tsang (2000). One 32-bit uniform gives the layer (its low 7 bits) and, from its other 25
 * bits, a signed position u in (-1, 1) that shares no bit with the layer (the correlation Doornik
 * found in the original). 98.8% of draws end in the rectangle test, with no transcendental call.
 */

/** Layers, the tail's start R and the common area V of each layer (Marsaglia and Tsang, 128 layers). */
const C = 128;
const R = 3.442619855899;
const V = 9.91256303526217e-3;

/** X[i]: right edge of layer i (X[0] = V / f(R), the base's equal-area width; X[C] = 0). */
export const ZIGGURAT_X = new Float64Array(C + 1);
/** X[i + 1] / X[i]: |u| below it lies inside layer i's rectangle. */
export const ZIGGURAT_RATIO = new Float64Array(C);

{
  let f = Math.exp(-0.5 * R * R);
  ZIGGURAT_X[0] = V / f;
  ZIGGURAT_X[1] = R;
  for (let i = 2; i < C; i++) {
    ZIGGURAT_X[i] = Math.sqrt(-2 * Math.log(V / ZIGGURAT_X[i - 1] + f));
    f = Math.exp(-0.5 * ZIGGURAT_X[i] * ZIGGURAT_X[i]);
  }
  ZIGGURAT_X[C] = 0;
  for (let i = 0; i < C; i++) ZIGGURAT_RATIO[i] = ZIGGURAT_X[i + 1] / ZIGGURAT_X[i];
}

/** 2^32 and 2^-24: a uniform's 32 bits, and the step of the 25-bit signed position. */
export const TWO_POW_32 = 4294967296;
export const TWO_POW_MINUS_24 = 5.9604644775390625e-8;

/**
 * The signed position u in (-1, 1) from bits 7..31 of a uniform's 32 bits (as a signed 32-bit
 * integer): (k + 0.5) / 2^24 - 1 for k in [0, 2^25), symmetric about 0 and never 0 or ±1.
 */
export function zigguratPosition(bits: number): number {
  return ((bits >>> 7) + 0.5) * TWO_POW_MINUS_24 - 1;
}

/**
 * The draws that miss layer `i`'s rectangle (1.2%): the base layer's tail beyond R (Marsaglia's
 * exponential-rejection tail), or the wedge between the rectangle and the density; on a miss,
 * a fresh draw from the top. `uniform` returns [0, 1) with 32 bits of resolution.
 */
export function zigguratSlow(uniform: () => number, u: number, i: number): number {
  for (;;) {
    if (i === 0) return normalTail(uniform, u < 0);
    const x = u * ZIGGURAT_X[i];
    const f0 = Math.exp(-0.5 * (ZIGGURAT_X[i] * ZIGGURAT_X[i] - x * x));
    const f1 = Math.exp(-0.5 * (ZIGGURAT_X[i + 1] * ZIGGURAT_X[i + 1] - x * x));
    if (f1 + uniform() * (f0 - f1) < 1) return x;
    const bits = (uniform() * TWO_POW_32) | 0;
    i = bits & (C - 1);
    u = zigguratPosition(bits);
    if (Math.abs(u) < ZIGGURAT_RATIO[i]) return u * ZIGGURAT_X[i];
  }
}

/** A normal conditioned on |x| > R, with the given sign (Marsaglia 1964). */
function normalTail(uniform: () => number, negative: boolean): number {
  let x: number;
  let y: number;
  do {
    // 1 - uniform() lies in (0, 1]: the logarithms are finite.
    x = Math.log(1 - uniform()) / R;
    y = Math.log(1 - uniform());
  } while (-2 * y < x * x);
  return negative ? x - R : R - x;
}
