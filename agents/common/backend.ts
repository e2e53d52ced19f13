import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { UserError } from '../../env/errors/errors.js';

import { BACKENDS, type BackendName, type BackendRequest } from './backend-names.js';
import { registerWasmCopyFreeKernels } from './wasm-copy-free-kernels.js';

export { BACKENDS, type BackendName, type BackendRequest };

let selected: BackendName | null = null;

/**
 * Loads one backend and makes it current; false when it cannot load here. `tensorflow` is the
 * native binding of `@tensorflow/tfjs-node` (an optional dependency: its install downloads
 * libtensorflow); `wasm` finds its .wasm binaries inside its own package.
 */
async function tryBackend(name: BackendName): Promise<boolean> {
  try {
    if (name === 'tensorflow') {
      // A variable specifier, so that TypeScript does not require the optional package's types.
      const nativeBinding = '@tensorflow/tfjs-node';
      await import(nativeBinding);
    } else if (name === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const require = createRequire(import.meta.url);
      wasm.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'));
      registerWasmCopyFreeKernels();
    }
    return (await tf.setBackend(name)) && tf.getBackend() === name;
  } catch {
    return false;
  }
}

/**
 * Selects the TensorFlow.js backend for this process: with `auto`, the EXECGYM_BACKEND environment
 * variable if set (a CI matrix), else tfjs-node when it loads, else WebAssembly, else plain JavaScript. The network code uses only the tfjs API, so it runs unchanged
 * on each; results are bit-for-bit reproducible per backend, not across backends.
 * @returns the backend in use, for the run manifest
 * @throws UserError when an explicitly requested backend cannot load
 */
export function selectBackend(request: BackendRequest = 'auto'): Promise<BackendName> {
  // One selection at a time: a second one while WebAssembly is initialising (trainRun calls in
  // parallel in one process) found setWasmPaths refusing and wrongly reported wasm unavailable.
  const next = selection.then(() => selectNow(request));
  selection = next.catch(() => undefined);
  return next;
}

let selection: Promise<unknown> = Promise.resolve();

async function selectNow(request: BackendRequest): Promise<BackendName> {
  // PROD silences tfjs's console banners ("install tfjs-node"); it changes no arithmetic.
  tf.env().set('PROD', true);
  // `auto` keeps a backend chosen earlier in this process (e.g. by --backend).
  if (request === 'auto' && selected !== null && tf.getBackend() === selected) return selected;
  const fromEnv = process.env.EXECGYM_BACKEND;
  if (request === 'auto' && fromEnv) {
    if (!(BACKENDS as readonly string[]).includes(fromEnv)) throw new UserError(`EXECGYM_BACKEND must be one of ${BACKENDS.join(', ')}, got ${JSON.stringify(fromEnv)}`);
    request = fromEnv as BackendName;
  }
  const candidates = request === 'auto' ? BACKENDS : [request];
  for (const name of candidates) {
    if (tf.getBackend() === name || (await tryBackend(name))) {
      await tf.ready();
      selected = name;
      return name;
    }
  }
  throw new UserError(`backend ${request} is not available here (install @tensorflow/tfjs-node for tensorflow)`);
}

/** The backends that load in this process (switches the current one: call {@link selectBackend} after). */
export async function availableBackends(): Promise<BackendName[]> {
  const available: BackendName[] = [];
  for (const name of BACKENDS) if (await tryBackend(name)) available.push(name);
  return available;
}
