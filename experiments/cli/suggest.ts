/** Levenshtein distance between two short words (flag and command names). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

/**
 * The candidate a mistyped name most likely meant: one the word is a prefix of, or that is a
 * prefix of the word (`bench` → `benchmark`, `--episode` → `--episodes`), else the nearest within
 * two edits (or a third of a long word); null when none is close. yargs' own suggestion is the
 * nearest by edits only, so `bench` got `envs`.
 */
export function suggestName(word: string, candidates: readonly string[]): string | null {
  const w = word.toLowerCase();
  const prefixed = candidates.filter((c) => c.toLowerCase().startsWith(w) || w.startsWith(c.toLowerCase()));
  if (prefixed.length > 0) return [...prefixed].sort((a, b) => Math.abs(a.length - w.length) - Math.abs(b.length - w.length))[0];
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(w.length / 3)) + 1;
  for (const c of candidates) {
    const d = distance(w, c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}
