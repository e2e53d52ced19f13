/**
 * The standard normal CDF to double precision, by Hart's (1968) rational approximation as West
 * ("Better approximations to cumulative normal functions", 2005) gives it: independent of the
 * sampler under test, for goodness-of-fit tests.
 */
export function normalCdf(z: number): number {
  const x = Math.abs(z);
  let tail: number;
  if (x > 37) {
    tail = 0;
  } else {
    const e = Math.exp((-x * x) / 2);
    if (x < 7.07106781186547) {
      let n = 3.52624965998911e-2 * x + 0.700383064443688;
      n = n * x + 6.37396220353165;
      n = n * x + 33.912866078383;
      n = n * x + 112.079291497871;
      n = n * x + 221.213596169931;
      n = n * x + 220.206867912376;
      let d = 8.83883476483184e-2 * x + 1.75566716318264;
      d = d * x + 16.064177579207;
      d = d * x + 86.7807322029461;
      d = d * x + 296.564248779674;
      d = d * x + 637.333633378831;
      d = d * x + 793.826512519948;
      d = d * x + 440.413735824752;
      tail = (e * n) / d;
    } else {
      const f = x + 1 / (x + 2 / (x + 3 / (x + 4 / (x + 0.65))));
      tail = e / f / 2.506628274631;
    }
  }
  return z > 0 ? 1 - tail : tail;
}
