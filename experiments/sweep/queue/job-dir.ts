import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../../env/errors/errors.js';
import { checkName } from '../../../env/io/safe-path.js';
import { CHECKPOINT_NAME } from '../../io/run-dir.js';
import { listFiles, packDir, packFiles } from './bundle.js';

/**
 * A worker trains each job in a directory of its own: `run/` (the run directory, as a local
 * sweep writes it) and `run.log` (the training process's output). Bundles are taken of this
 * directory, so the log travels with the run.
 */
export function jobPaths(jobDir: string) {
  return { runDir: join(jobDir, 'run'), log: join(jobDir, 'run.log'), spec: join(jobDir, 'job.json') };
}

/** The newest checkpoint of a run directory (checkpoints/latest.json), or null before the first. */
function latestIn(runDir: string): { dir: string; envSteps: number } | null {
  const path = join(runDir, 'checkpoints', 'latest.json');
  if (!existsSync(path)) return null;
  let latest: { dir?: unknown; envSteps?: unknown };
  try {
    latest = JSON.parse(readFileSync(path, 'utf8')) as typeof latest;
  } catch {
    throw new UserError(`${JSON.stringify(path)} is not valid JSON`);
  }
  // It arrives in a checkpoint bundle: a name of a checkpoint here, never a path (issue 25).
  const dir = checkName(latest?.dir, `${JSON.stringify(path)} "dir"`, CHECKPOINT_NAME);
  if (!Number.isSafeInteger(latest.envSteps) || (latest.envSteps as number) < 0) throw new UserError(`${JSON.stringify(path)} "envSteps" must be an integer >= 0, got ${JSON.stringify(latest.envSteps)}`);
  return { dir, envSteps: latest.envSteps as number };
}

/** The newest checkpoint of the job's run, or null before the first. */
export function latestCheckpointRef(jobDir: string): { dir: string; envSteps: number } | null {
  return latestIn(jobPaths(jobDir).runDir);
}

/** Temporaries of an unfinished write (atomic-write, commitCheckpoint) never travel. */
const isTemporary = (path: string) => /\.tmp(-|$)|\.\d+\.tmp$/.test(path);

/** Which files of a run directory a checkpoint bundle carries: all but older checkpoints and temporaries. */
function checkpointFilter(latestDir: string): (pathInRun: string) => boolean {
  return (p) => !isTemporary(p) && (!p.startsWith('checkpoints/step-') || p.startsWith(`checkpoints/${latestDir}/`));
}

/**
 * The run at its newest checkpoint, with its log. Taken while training is paused
 * (synchronously), so the learning curve holds at least the checkpoint's rows (resume cuts it
 * back to them).
 */
export function checkpointBundle(jobDir: string): { envSteps: number; bundle: Buffer } | null {
  const latest = latestCheckpointRef(jobDir);
  if (latest === null) return null;
  const keep = checkpointFilter(latest.dir);
  return { envSteps: latest.envSteps, bundle: packDir(jobDir, (p) => p === 'run.log' || (p.startsWith('run/') && keep(p.slice(4)))) };
}

/**
 * The checkpoint of a run directory interrupted in a local sweep (`<run>` and `<run>.log`), in a
 * job directory's layout, so a queue worker resumes it; null when it has no checkpoint.
 */
export function localCheckpointBundle(runDir: string, logFile: string): Buffer | null {
  const latest = latestIn(runDir);
  if (latest === null) return null;
  const files = new Map(listFiles(runDir, checkpointFilter(latest.dir)).map((p) => [`run/${p}`, readFileSync(join(runDir, p))]));
  if (existsSync(logFile)) files.set('run.log', readFileSync(logFile));
  return packFiles(files);
}

/** The finished run: the whole run directory (as a local sweep leaves it) and its log. */
export function resultBundle(jobDir: string): Buffer {
  return packDir(jobDir, (p) => p !== 'job.json' && !isTemporary(p));
}
