import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { toMultiplier } from '../../env/action/action.js';
import type { CompiledEnv } from '../../env/core/compile-env.js';
import { UserError } from '../../env/errors/errors.js';
import type { Policy } from '../../env/policy/policy.js';
import { readCsv } from '../io/read-csv.js';

const COLUMNS = ['seed', 'step', 'action'] as const;

/** A whole number in [min, max] from a CSV cell, or a UserError naming the file, line and column. */
function integerCell(where: string, column: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UserError(`${where}: column ${column} must be an integer in [${min}, ${max}], got ${JSON.stringify(text)}`);
  }
  return value;
}

/**
 * Reads a CSV of actions per episode (columns `seed`, `step`, `action`: the market seed, the step
 * k in 0..N-1 and the env action, a Box value or a level index) into seed -> N actions.
 * @throws UserError naming the file, line and column of a bad, duplicate or out-of-space entry
 */
export function readActionsFile(path: string, env: CompiledEnv): Map<number, Float64Array> {
  if (!existsSync(path)) throw new UserError(`actions file ${JSON.stringify(path)} does not exist`);
  const rows = readCsv(path);
  if (rows.length === 0) throw new UserError(`actions file ${path} has no rows (columns ${COLUMNS.join(', ')})`);
  const missing = COLUMNS.filter((c) => !(c in rows[0]));
  if (missing.length > 0) throw new UserError(`actions file ${path} lacks column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (needs ${COLUMNS.join(', ')})`);
  const { N } = env.params;
  const table = new Map<number, Float64Array>();
  rows.forEach((row, r) => {
    const where = `${path} line ${r + 2}`;
    const seed = integerCell(where, 'seed', row.seed, 0, Number.MAX_SAFE_INTEGER);
    const step = integerCell(where, 'step', row.step, 0, N - 1);
    const action = Number(row.action);
    if (row.action.trim() === '') throw new UserError(`${where}: column action is empty`);
    try {
      toMultiplier(env.spec.action, action);
    } catch (error) {
      if (error instanceof UserError) throw new UserError(`${where}: ${error.message} (as typed: ${JSON.stringify(row.action)})`);
      throw error;
    }
    let actions = table.get(seed);
    if (actions === undefined) table.set(seed, (actions = new Float64Array(N).fill(NaN)));
    if (!Number.isNaN(actions[step])) throw new UserError(`${where}: seed ${seed} step ${step} is listed twice`);
    actions[step] = action;
  });
  return table;
}

/**
 * `actions:FILE`: replays a file of actions per market seed (e.g. a Python policy's actions on
 * the test seeds), so it is evaluated on the same paths as every other policy. Episode i of a
 * benchmark with `--seed s` runs on market seed s + i: the file must cover those seeds, every step.
 * @throws UserError for a bad file; when acting, for a seed or step the file lacks
 */
export function actionsFilePolicy(path: string, env: CompiledEnv): Policy {
  const table = readActionsFile(path, env);
  const name = `actions:${basename(path)}`;
  const seeds = [...table.keys()].sort((a, b) => a - b);
  const range = seeds.length > 0 ? `${seeds[0]}..${seeds.at(-1)}` : 'none';
  return {
    name,
    usesHiddenState: false,
    act(input, actions) {
      if (input.seed === undefined) throw new UserError(`${name}: this evaluator does not say each lane's market seed`);
      for (let i = 0; i < input.lanes; i++) {
        const seed = input.seed[i];
        const row = table.get(seed);
        if (row === undefined) throw new UserError(`${name}: no actions for market seed ${seed} (the file has ${table.size} seeds, ${range})`);
        const action = row[input.step[i]];
        if (Number.isNaN(action)) throw new UserError(`${name}: no action for market seed ${seed} at step ${input.step[i]}`);
        actions[i] = action;
      }
    },
  };
}
