import { toMultiplier } from '../action/action.js';
import { UserError } from '../errors/errors.js';
import { Box } from '../spaces/box.js';
import type { PortfolioParams } from './params.js';

/**
 * A portfolio env's action: one number per name, each read as the single-asset envs read theirs
 * (env/action/action.ts): a multiplier a_j of the even split of what remains of name j, in [0, aMax]
 * (mode strict or clip), or an unbounded u_j with a_j = aMax sigmoid(u_j) (mode squash). A name
 * only ever trades toward zero, so no action buys back a name being sold.
 */
export function portfolioActionSpace(p: PortfolioParams): Box {
  const { m, action } = p;
  if (action.mode === 'squash') return new Box(new Array<number>(m).fill(-Infinity), new Array<number>(m).fill(Infinity));
  return new Box(new Array<number>(m).fill(0), new Array<number>(m).fill(action.aMax));
}

function shown(value: unknown): string {
  return typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? typeof value);
}

/**
 * The multipliers of `lanes` lanes' actions (lanes x m numbers, row-major) into `out`.
 * @throws UserError for the wrong length, a value that is not a number, or one outside the space (naming lane and name)
 */
export function decodePortfolioActions(p: PortfolioParams, actions: unknown, lanes: number, out: Float64Array): void {
  const size = lanes * p.m;
  if (!ArrayBuffer.isView(actions) && !Array.isArray(actions)) throw new UserError(`actions must be an array of ${size} numbers (${lanes > 1 ? `${lanes} lanes x ` : ''}${p.m} names: ${p.symbols.join(', ')}), got ${shown(actions)}`);
  const values = actions as ArrayLike<unknown>;
  if (values.length !== size) throw new UserError(`actions must hold ${size} numbers (${lanes > 1 ? `${lanes} lanes x ` : ''}${p.m} names: ${p.symbols.join(', ')}), got ${values.length}`);
  for (let at = 0; at < size; at++) {
    const value = values[at];
    const where = `${lanes > 1 ? `lane ${Math.floor(at / p.m)}, ` : ''}name ${p.symbols[at % p.m]}`;
    if (typeof value !== 'number') throw new UserError(`action (${where}) must be a number, got ${shown(value)}`);
    if (p.action.mode === 'strict' && value >= 0 && value <= p.action.aMax) {
      out[at] = value;
      continue;
    }
    try {
      out[at] = toMultiplier(p.action, value);
    } catch (error) {
      if (error instanceof UserError) throw new UserError(`${error.message} (${where})`);
      throw error;
    }
  }
}
