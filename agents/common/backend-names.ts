/** The TensorFlow.js backends execgym can run on, fastest first (no tfjs import: cheap for the CLI). */
export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
export type BackendRequest = BackendName | 'auto';
