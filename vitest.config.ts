import { defineConfig } from 'vitest/config';
import SlowFilesFirst from './test/setup/slow-files-first.js';
import { splitTestFiles } from './test/setup/shared-process-files.js';

// Test files that touch process-wide state (TensorFlow.js, mocks, process.env, registries) get a
// process each; the rest share two long-lived worker threads and the modules they loaded, instead
// of each loading the same modules again (test/setup/shared-process-files.ts; issue 26).
const { shared, isolated } = splitTestFiles();

export default defineConfig({
  test: {
    // No top-level include: the projects' lists would be merged with it, and every file would run twice.
    setupFiles: ['test/setup/clean-temp-dirs.ts'],
    // A hang still fails; 120 s did not hold on this 2-core machine while it also ran the experiment
    // suite (load average ~20): sim-to-real, analytics-optimal, cli-train, cli-benchmark and report's
    // setup, 13 s or less each alone, took 140-210 s there, one worker or three (issue 26).
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // Test files in parallel: vitest's default (cores - 1) is one worker on a 2-core machine, while
    // the slowest files mostly wait on child processes (Redis, workers, CLI runs, connect timeouts).
    // Three processes for the isolated files (run side by side with main's one worker on the same
    // loaded machine, the suite finished in 45 min while main's had done half its work; issue 26),
    // two threads for the shared ones, which run at the same time. The threads' minimum equals
    // their maximum: a shared worker that tinypool retires when idle ends with an unhandled
    // "Terminating worker thread" rejection, which fails the run.
    maxWorkers: 3,
    minWorkers: 1,
    poolOptions: {
      forks: { isolate: true },
      threads: { isolate: false, minThreads: 2, maxThreads: 2 },
    },
    sequence: { sequencer: SlowFilesFirst },
    projects: [
      { extends: true, test: { name: 'isolated', include: isolated, pool: 'forks' } },
      { extends: true, test: { name: 'shared', include: shared, pool: 'threads' } },
    ],
  },
});
