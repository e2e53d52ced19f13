/**
 * The last observed value at or before each grid time `start + j * dt`, j = 0..count-1
 * (previous-tick sampling): the standard way to put irregular quotes on a calendar grid for
 * realised variance, since it uses only what was known at each grid time (Hansen & Lunde 2006).
 * Grid times before the first observation take the first value.
 * @param times ascending observation times (any unit, same as `start` and `dt`)
 */
export function previousTickGrid(times: ArrayLike<number>, values: ArrayLike<number>, start: number, dt: number, count: number): Float64Array {
  const out = new Float64Array(count);
  let i = 0;
  for (let j = 0; j < count; j++) {
    const t = start + j * dt;
    while (i + 1 < times.length && times[i + 1] <= t) i++;
    out[j] = values[i];
  }
  return out;
}
