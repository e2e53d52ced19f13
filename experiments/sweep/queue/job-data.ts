import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parseOrThrow, UserError } from '../../../env/errors/errors.js';
import { checkRelativePath, within } from '../../../env/io/safe-path.js';
import { dataFormats } from '../../../env/data/formats.js';
import { samplesDir } from '../../../env/data/sample-files.js';
import { applySpecOverrides, registeredIds, resolveSpec } from '../../../env/registry.js';
import { envSpecSchema, type EnvSpec } from '../../../env/spec/schema.js';
import type { RunConfig } from '../../run-config/run-config.js';

/**
 * The files a queued config makes a worker read, checked before it trains (issue 25). A job is
 * written by anyone with access to Redis; its config may name a spec file (`env.id`,
 * `evaluation.transfer.env`) and data files (`price.data.files`). A worker reads only the
 * package's samples (`samples/...`) and, when it was started with `--data-root DIR`, regular
 * files below DIR, named by relative paths (the training process runs in DIR, so they resolve
 * there). Absolute paths, `..`, links leading out and devices or FIFOs are refused in one line.
 */

/** `rel` under `root` if it is a regular file there, links resolved. @throws UserError naming `what` and the path */
function regularFileBelow(root: string, rel: string, what: string, place: string): void {
  let real: string;
  try {
    real = realpathSync(join(root, rel));
  } catch {
    throw new UserError(`${what}: no file ${JSON.stringify(rel)} in ${place}`);
  }
  if (!within(realpathSync(root), real)) throw new UserError(`${what}: ${JSON.stringify(rel)} leads out of ${place} (a link?)`);
  // A FIFO or a device would hang the run's slot: regular files only.
  if (!statSync(real).isFile()) throw new UserError(`${what}: ${JSON.stringify(rel)} is not a regular file (a device, FIFO or directory)`);
}

/** Checks one path of a queued config. @throws UserError for an absolute path, `..`, no data root, or a file that is not a regular one inside it */
function checkDataPath(path: string, what: string, dataRoot: string | null): void {
  if (isAbsolute(path)) throw new UserError(`${what}: a queued config may not name the absolute path ${JSON.stringify(path)}; name a file relative to the worker's --data-root`);
  checkRelativePath(path, what);
  if (path.startsWith('samples/')) return regularFileBelow(samplesDir(), path.slice('samples/'.length), what, "the package's samples");
  if (dataRoot === null) throw new UserError(`${what}: ${JSON.stringify(path)} is no registered env or samples/ file, and this worker reads no other files (start it with --data-root DIR)`);
  regularFileBelow(dataRoot, path, what, `the worker's --data-root ${JSON.stringify(dataRoot)}`);
}

/** The spec an env reference resolves to, its spec file checked first. */
function specOf(id: string | undefined, inline: unknown, overrides: Record<string, unknown>, what: string, dataRoot: string | null): EnvSpec {
  if (id === undefined) return parseOrThrow(envSpecSchema, applySpecOverrides(inline, overrides), `${what}.spec`);
  if (registeredIds().includes(id)) return resolveSpec(id, overrides);
  checkDataPath(id, `${what}.id`, dataRoot);
  return resolveSpec(dataRoot === null ? id : join(dataRoot, id), overrides);
}

/** Checks the data files of a spec and the files its format reads beside each (a LOBSTER message file's orderbook file). */
function checkSpecData(spec: EnvSpec, what: string, dataRoot: string | null): void {
  if (spec.price.model !== 'replay') return;
  const { files, format } = spec.price.data;
  files.forEach((file, i) => {
    const field = `${what}: price.data.files[${i}]`;
    checkDataPath(file, field, dataRoot);
    for (const companion of dataFormats[format].companionFiles?.(file) ?? []) checkDataPath(companion.path, `${field} (its ${companion.role} file)`, dataRoot);
  });
}

/**
 * Checks every file that `config` would make this worker read.
 * @param dataRoot the worker's `--data-root` (absolute), or null: only registered envs and samples
 * @throws UserError naming the config field and the path
 */
export function checkJobData(config: RunConfig, dataRoot: string | null): void {
  const env = config.env as { id?: string; spec?: unknown; overrides?: Record<string, unknown> };
  checkSpecData(specOf(env.id, env.spec, env.overrides ?? {}, 'config.env', dataRoot), 'config.env', dataRoot);
  const transfer = config.evaluation.transfer?.env;
  if (transfer !== undefined) checkSpecData(specOf(transfer, undefined, {}, 'config.evaluation.transfer.env', dataRoot), 'config.evaluation.transfer.env', dataRoot);
}
