/** The files of a saved policy in its directory (checkpoint.ts's fileHandler with basename `model`): topology with the observation statistics, and weights. */
export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'model.weights.bin';
/** Both, as a registration's policy files (what a run's manifest hashes). */
export const MODEL_FILES: readonly string[] = [MODEL_FILE, WEIGHTS_FILE];
