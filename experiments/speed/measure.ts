/** Rate of `work` (units per second) over one stretch of about `seconds`. */
function timedRate(work: () => number, seconds: number): number {
  const start = performance.now();
  let units = 0;
  while (performance.now() - start < seconds * 1000) units += work();
  return units / ((performance.now() - start) / 1000);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median of `runs` measurements of `work`'s rate (units per second), each lasting about `seconds`. */
export function medianRate(work: () => number, options: { runs?: number; seconds?: number } = {}): number {
  const runs = options.runs ?? 5;
  const seconds = options.seconds ?? 0.5;
  work(); // warm-up: let the JIT compile before timing
  return median(Array.from({ length: runs }, () => timedRate(work, seconds)));
}

/**
 * The rates of `a` and `b` measured in alternation, and the median of their per-pair ratio a / b:
 * on a shared machine the load changes between runs, and a ratio taken within one pair cancels it.
 */
export function pairedRatio(a: () => number, b: () => number, options: { runs?: number; seconds?: number } = {}): { a: number; b: number; ratio: number } {
  const runs = options.runs ?? 7;
  const seconds = options.seconds ?? 0.3;
  a();
  b();
  const pairs = Array.from({ length: runs }, (_, r) => {
    // Alternate which goes first, so neither always runs on a warmer cache or a quieter machine.
    if (r % 2 === 0) {
      const rateA = timedRate(a, seconds);
      return { a: rateA, b: timedRate(b, seconds) };
    }
    const rateB = timedRate(b, seconds);
    return { a: timedRate(a, seconds), b: rateB };
  });
  return { a: median(pairs.map((p) => p.a)), b: median(pairs.map((p) => p.b)), ratio: median(pairs.map((p) => p.a / p.b)) };
}

/** Prints rows as an aligned plain-text table. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((row) => row[j].length)));
  // Text columns align left, the last (the figure) right.
  const last = header.length - 1;
  const line = (cells: readonly string[]) => cells.map((c, j) => (j < last ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}
