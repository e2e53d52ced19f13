/**
 * `promise`, or a rejection after `ms` (the issue: bad input is "one line within a few seconds",
 * never a hang). The promise itself is not cancelled: the caller closes what it opened.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
