import cliProgress from 'cli-progress';
import type { ProgressEvent } from '../benchmark/evaluate-policies.js';

/**
 * A progress bar on stderr for long evaluations (cli-progress), or nothing when stderr is not a
 * terminal, so logs and pipes stay clean.
 */
export function progressBar(label: string): { update: (event: ProgressEvent) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} episodes | {policy} | eta {eta}`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const t0 = Date.now();
  return {
    update(event) {
      const eta = etaText(event.done, event.total, (Date.now() - t0) / 1000);
      if (!started) {
        bar.start(event.total, 0, { policy: event.policy, eta });
        started = true;
      }
      bar.update(event.done, { policy: event.policy, eta });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

/**
 * The time left at a constant rate, `-` before there is a rate (cli-progress's own eta printed
 * "NFs" at 0%, its infinity cut to the bar's width).
 */
export function etaText(done: number, total: number, elapsedSeconds: number): string {
  if (done <= 0 || elapsedSeconds <= 0) return '-';
  const left = Math.max(0, Math.ceil(((total - done) * elapsedSeconds) / done));
  return left >= 60 ? `${Math.floor(left / 60)}m${String(left % 60).padStart(2, '0')}s` : `${left}s`;
}
