/**
 * The diurnal (intraday-seasonal) variance factor of each return position in the day: the mean
 * squared return of its bucket over all days, divided by the mean over the whole day, so the
 * factors average 1. Dividing returns by the square root of their factor removes the U-shape of
 * intraday volatility (Andersen & Bollerslev 1997), so that a regime model sees changes in the
 * level of volatility rather than the time of day. Buckets pool neighbouring returns because one
 * day gives too few returns per position for a stable factor.
 * @param days the same-length return series of each day
 * @param buckets number of equal intraday buckets
 * @returns the factor of each position 0..length-1
 */
export function diurnalVarianceFactors(days: readonly Float64Array[], buckets: number): Float64Array {
  const L = days[0].length;
  const B = Math.max(1, Math.min(buckets, L));
  const sums = new Float64Array(B);
  const counts = new Float64Array(B);
  const bucketOf = (j: number) => Math.min(B - 1, Math.floor((j * B) / L));
  let total = 0;
  for (const r of days) {
    for (let j = 0; j < L; j++) {
      sums[bucketOf(j)] += r[j] * r[j];
      counts[bucketOf(j)] += 1;
      total += r[j] * r[j];
    }
  }
  const overall = total / (L * days.length);
  const out = new Float64Array(L);
  for (let j = 0; j < L; j++) {
    const b = bucketOf(j);
    // A bucket without variance (a halted stretch) gets factor 1 rather than 0, so no division by 0.
    out[j] = overall > 0 && sums[b] > 0 ? sums[b] / counts[b] / overall : 1;
  }
  return out;
}
