import type { BackendRequest } from '../../../agents/common/backend-names.js';
import type { Toolchain } from './run-job.js';

/**
 * This process's toolchain with `request` resolved to the backend it loads (`auto`: the same
 * choice a local run makes here). Loads TensorFlow.js, hence imported lazily.
 */
export async function localToolchain(request: BackendRequest): Promise<Toolchain> {
  const { selectBackend } = await import('../../../agents/common/backend.js');
  const { packageVersions } = await import('../../train/manifest.js');
  const backend = await selectBackend(request);
  const versions = packageVersions(backend);
  return { execgym: versions.execgym, tfjs: versions['@tensorflow/tfjs'] ?? 'unknown', backend };
}
