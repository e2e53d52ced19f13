/**
 * A non-finite number on its way into a result file. JSON.stringify would write it as null and a
 * CSV as "NaN", both silently; a result must never hold one, so this is a bug or an input that the
 * validation at the edge let through. The CLI prints it as one line (exit 70).
 */
export class NonFiniteResultError extends Error {
  override readonly name = 'NonFiniteResultError';
}

function walk(value: unknown, at: string, file: string, seen: Set<unknown>): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new NonFiniteResultError(`refusing to write ${value} at ${at || 'the top'} of ${file}: a result holds finite numbers only`);
    return;
  }
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  if (ArrayBuffer.isView(value)) {
    const array = value as unknown as ArrayLike<number>;
    for (let i = 0; i < array.length; i++) walk(array[i], `${at}[${i}]`, file, seen);
    return;
  }
  for (const [key, child] of Object.entries(value)) walk(child, Array.isArray(value) ? `${at}[${key}]` : at ? `${at}.${key}` : key, file, seen);
}

/**
 * Throws {@link NonFiniteResultError} naming the first NaN or ±Infinity in `value`.
 * @param file the file it was going to, for the message
 */
export function assertFiniteJson(value: unknown, file: string): void {
  walk(value, '', file, new Set());
}
