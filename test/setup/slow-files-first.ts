import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The test files that took 9 s or more in a fresh-clone `npm test` (issue 26), slowest first. With
 * several workers the suite's wall time is at least its slowest file's, and a slow file started
 * last ends last alone: vitest starts the files it has timed before longest first, but a fresh
 * clone has no timings and it would start the largest files first instead. A name not found here
 * (a file renamed or removed) costs nothing: the other files keep vitest's order.
 */
const SLOW_FILES = [
  'test/queue-kill.test.ts',
  'test/golden-outputs.test.ts',
  'test/fault-injection-sweep.test.ts',
  'test/queue-redis-connection.test.ts',
  'test/queue-s3-errors.test.ts',
  'test/sweep.test.ts',
  'test/sim-to-real.test.ts',
  'test/fault-injection-train.test.ts',
  'test/analytics-optimal.test.ts',
  'test/cli-train.test.ts',
  'test/package-consumer.test.ts',
  'test/cli-calibrate.test.ts',
  'test/cli-start.test.ts',
  'test/report.test.ts',
  'test/fault-injection-benchmark.test.ts',
  'test/cli-benchmark.test.ts',
];

/** vitest's order (failed first, then longest first), with {@link SLOW_FILES} ahead of the rest. */
export default class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const at = SLOW_FILES.findIndex((name) => file.moduleId.endsWith(`/${name}`));
      return at === -1 ? SLOW_FILES.length : at;
    };
    // Array.prototype.sort is stable: the rest keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
