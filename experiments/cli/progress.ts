import cliProgress from 'cli-progress';
import type { ProgressEvent } from '../benchmark/evaluate-policies.js';

/**
 * A progress bar on stderr for long evaluations (cli-progress), or nothing when stderr is not a
 * terminal, so logs and pipes stay clean.
 */
export function progressBar(label: string): { update: (event: ProgressEvent) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} episodes | {policy} | eta {eta_formatted}`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(event) {
      if (!started) {
        bar.start(event.total, 0, { policy: event.policy });
        started = true;
      }
      bar.update(event.done, { policy: event.policy });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
