import { afterAll } from 'vitest';
import { cleanupTempDirs } from '../helpers/temp-dirs.js';

// Every test file removes the temporary directories it made, pass or fail.
afterAll(cleanupTempDirs);
