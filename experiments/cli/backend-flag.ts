import { BACKENDS, type BackendRequest } from '../../agents/common/backend-names.js';
import { UserError } from '../../env/errors/errors.js';
import { stringFlag } from './flags.js';

/**
 * `--backend`: `auto` or a TensorFlow.js backend name. Shared by `train` and `reproduce`, so it
 * lives beside the flag parsers rather than in either command.
 * @throws UserError naming the flag, the value and the backends allowed
 */
export function backendFlag(raw: unknown): BackendRequest {
  const value = stringFlag('backend', raw);
  if (value !== 'auto' && !(BACKENDS as readonly string[]).includes(value)) throw new UserError(`--backend must be one of auto, ${BACKENDS.join(', ')}, got ${JSON.stringify(value)}`);
  return value as BackendRequest;
}
