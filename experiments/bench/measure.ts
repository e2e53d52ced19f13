/** Median of `runs` measurements of `work`'s rate (units per second), each lasting about `seconds`. */
export function medianRate(work: () => number, options: { runs?: number; seconds?: number } = {}): number {
  const runs = options.runs ?? 5;
  const seconds = options.seconds ?? 0.5;
  work(); // warm-up: let the JIT compile before timing
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    let units = 0;
    while (performance.now() - start < seconds * 1000) units += work();
    rates.push(units / ((performance.now() - start) / 1000));
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(runs / 2)];
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
