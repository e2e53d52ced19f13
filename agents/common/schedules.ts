/**
 * Linear interpolation from `start` to `end` over the first `duration` units, then `end`:
 * CleanRL's epsilon schedule (duration = exploration fraction x budget) and, with duration the
 * whole budget, its learning-rate annealing.
 * @example linearSchedule(1, 0.05, 1000, 500) // 0.525
 */
export function linearSchedule(start: number, end: number, duration: number, t: number): number {
  if (duration <= 0) return end;
  return start + ((end - start) * Math.min(Math.max(t, 0), duration)) / duration;
}
