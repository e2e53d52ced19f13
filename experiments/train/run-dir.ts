import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomic } from '../../env/io/atomic-write.js';
import { UserError } from '../../env/errors.js';
import { readJsonObject } from '../../env/io/read-json.js';
import { checkName } from '../../env/io/safe-path.js';

/** The name of a checkpoint directory (`step-000000012000`): what checkpoints/latest.json may point at, and nothing else. */
export const CHECKPOINT_NAME = /^step-\d{1,16}$/;

/** The files of a run directory. */
export function runPaths(runDir: string) {
  return {
    config: join(runDir, 'config.json'),
    manifest: join(runDir, 'manifest.json'),
    curve: join(runDir, 'learning_curve.csv'),
    checkpoints: join(runDir, 'checkpoints'),
    latest: join(runDir, 'checkpoints', 'latest.json'),
    /** The best policy on the validation seeds so far, and the last one. */
    best: join(runDir, 'best'),
    last: join(runDir, 'last'),
    /** The final policy (best or last, per evaluation.select): what `run:<dir>` loads. */
    policy: join(runDir, 'policy'),
    benchmark: join(runDir, 'benchmark'),
    /** The selected policy and the baselines on config.evaluation.transfer's env (sim-to-real). */
    transfer: join(runDir, 'transfer'),
  };
}

/**
 * Whether a run finished: its completion marker is the `result` that training writes into
 * manifest.json last (atomically), after the final policy and its benchmark are in place. A run
 * directory without it is incomplete (stopped, killed or still running).
 */
export function isCompleteRun(runDir: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(runPaths(runDir).manifest, 'utf8')) as { result?: { completed?: boolean } };
    return manifest.result?.completed === true;
  } catch {
    return false;
  }
}

/** The directory of the newest complete checkpoint, or null. */
export function latestCheckpoint(runDir: string): string | null {
  const paths = runPaths(runDir);
  if (!existsSync(paths.latest)) return null;
  const { dir } = readJsonObject(paths.latest, 'checkpoint pointer') as { dir?: unknown };
  // A run directory may come from someone else (a resumed hand-over, a queued checkpoint): the pointer names a checkpoint here, never a path.
  checkName(dir, `${JSON.stringify(paths.latest)} "dir"`, CHECKPOINT_NAME);
  if (typeof dir !== 'string' || !existsSync(join(paths.checkpoints, dir))) throw new UserError(`${JSON.stringify(paths.latest)} points at no checkpoint (${JSON.stringify(dir)})`);
  return join(paths.checkpoints, dir);
}

/**
 * Writes a checkpoint as a whole: `write` fills a temporary directory, which is renamed into place,
 * and only then does checkpoints/latest.json point at it (atomically). A run killed mid-write
 * resumes from the previous checkpoint. Older checkpoints beyond `keep` are removed.
 */
export async function commitCheckpoint(runDir: string, envSteps: number, write: (dir: string) => Promise<void>, keep = 2): Promise<string> {
  const paths = runPaths(runDir);
  const name = `step-${String(envSteps).padStart(12, '0')}`;
  const tmp = join(paths.checkpoints, `${name}.tmp-${process.pid}`);
  const dir = join(paths.checkpoints, name);
  rmSync(tmp, { recursive: true, force: true });
  await write(tmp);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  writeJsonAtomic(paths.latest, { dir: name, envSteps });
  const old = readdirSync(paths.checkpoints)
    .filter((d) => CHECKPOINT_NAME.test(d))
    .sort()
    .slice(0, -keep);
  for (const d of old) if (d !== name) rmSync(join(paths.checkpoints, d), { recursive: true, force: true });
  return dir;
}
