import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonObject } from '../../env/io/read-json.js';
import type { TcaResult } from '../tca/analyse-fills.js';
import { TCA_FILES } from '../tca/run-tca.js';
import { settleResultDir } from './result-dir.js';

/** An `execgym tca` directory: its summary.json. */
export interface TcaDir {
  readonly kind: 'tca';
  readonly dir: string;
  readonly summary: TcaResult;
}

/** `dir` as a TCA result (summary.json with orders and overall, no episodes.csv), or null. */
export function loadTcaDir(dir: string): TcaDir | null {
  if (!existsSync(join(dir, TCA_FILES.summary)) || existsSync(join(dir, 'episodes.csv'))) return null;
  settleResultDir(dir);
  const summary = readJsonObject(join(dir, TCA_FILES.summary), 'tca summary') as unknown as TcaResult;
  return Array.isArray(summary.orders) && summary.overall ? { kind: 'tca', dir, summary } : null;
}

