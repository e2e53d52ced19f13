/**
 * Spans of a recorded day, seconds after midnight, that a fit or a stylised fact reads: sorted,
 * disjoint, touching ones merged. Why several: the queue-reactive card must see only the training
 * windows of the replay its cross-check is tested on (issue 21), and those are scattered over the day.
 */
export interface TimeSpan {
  readonly from: number;
  readonly to: number;
}

/**
 * The spans sorted and merged where one ends where the next starts (a run of adjacent windows is
 * one stretch of continuous data, which the signature plot and the Hawkes kernel read as such).
 * @throws RangeError naming the span when one is empty or two overlap (counted twice, an event would weigh double)
 */
export function normaliseSpans(spans: readonly TimeSpan[]): TimeSpan[] {
  if (spans.length === 0) throw new RangeError('no span to fit: give at least one');
  const sorted = [...spans].sort((a, b) => a.from - b.from);
  const out: TimeSpan[] = [];
  for (const s of sorted) {
    if (!(Number.isFinite(s.from) && Number.isFinite(s.to) && s.from < s.to)) throw new RangeError(`the span ${s.from}..${s.to} s after midnight is empty: from must be before to`);
    const last = out[out.length - 1];
    if (last && s.from < last.to) throw new RangeError(`the spans ${last.from}..${last.to} and ${s.from}..${s.to} s after midnight overlap`);
    if (last && s.from === last.to) out[out.length - 1] = { from: last.from, to: s.to };
    else out.push({ from: s.from, to: s.to });
  }
  return out;
}

/** Seconds the spans cover. */
export function spanSeconds(spans: readonly TimeSpan[]): number {
  return spans.reduce((sum, s) => sum + (s.to - s.from), 0);
}

/**
 * Walks normalised spans along a time-ordered stream of events: what of (a, b] lies inside them,
 * and which span holds an event time. Calls must come with non-decreasing times (each query moves
 * the cursor forward only), so a pass over a day's events costs one pass over the spans.
 */
export class SpanCursor {
  private k = 0;

  constructor(private readonly spans: readonly TimeSpan[]) {}

  /** Seconds of [a, b] inside the spans (a non-decreasing from call to call). */
  overlap(a: number, b: number): number {
    const s = this.spans;
    while (this.k < s.length && s[this.k].to <= a) this.k++;
    let sum = 0;
    for (let j = this.k; j < s.length && s[j].from < b; j++) sum += Math.min(b, s[j].to) - Math.max(a, s[j].from);
    return sum;
  }

  /** The index of the span whose (from, to] holds t, or -1 (t non-decreasing from call to call). */
  spanOf(t: number): number {
    const s = this.spans;
    while (this.k < s.length && s[this.k].to < t) this.k++;
    return this.k < s.length && t > s[this.k].from ? this.k : -1;
  }
}
