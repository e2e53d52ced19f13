import { appendFileSync } from 'node:fs';
import { writeFileAtomic } from '../../env/io/atomic-write.js';
import { fileVersionEvent, scalarsEvent, type Scalar } from './tf-event.js';
import { tfRecord } from './tfrecord.js';

/** One step's scalars in an event file. */
export interface ScalarStep {
  readonly wallTime: number;
  readonly step: number;
  readonly scalars: readonly Scalar[];
}

const concat = (parts: readonly Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
};

/**
 * A TensorBoard event file of scalars (`tensorboard --logdir` reads it): TFRecords of Event
 * protobufs, the first holding the file version.
 */
export class EventFile {
  constructor(
    readonly path: string,
    /** Unix seconds of the file-version event: the run's start. */
    readonly createdAt: number,
  ) {}

  /** Writes the file anew (atomically) with `steps`. */
  rewrite(steps: readonly ScalarStep[]): void {
    const records = [tfRecord(fileVersionEvent(this.createdAt)), ...steps.map((s) => tfRecord(scalarsEvent(s.wallTime, s.step, s.scalars)))];
    writeFileAtomic(this.path, concat(records));
  }

  /** Appends one step (flushed at once, like learning_curve.csv). */
  append(step: ScalarStep): void {
    appendFileSync(this.path, tfRecord(scalarsEvent(step.wallTime, step.step, step.scalars)));
  }
}
