import type { FrameArray, FrameEntry } from './frame.js';

/** Fields that hold integers (step index, regimes): sent as int32 rather than float64. */
const INTEGER_KEYS = new Set(['step', 'regime', 'stepRegime']);

/**
 * A result record (observation, reward, info with its ledger and episode summary...) as named
 * frame arrays with dotted names (`info.ledger.fixed`): numbers as one-element float64 (int32 for
 * integer fields), booleans as uint8, typed arrays as they are. Absent fields (`undefined`) and
 * strings are left out: the regime names travel once, with the spaces.
 */
export function flattenInfo(record: object, prefix = '', out: FrameEntry[] = []): FrameEntry[] {
  for (const [key, value] of Object.entries(record)) {
    const name = prefix + key;
    if (value === undefined || value === null || typeof value === 'string') continue;
    if (typeof value === 'number') out.push([name, INTEGER_KEYS.has(key) ? Int32Array.of(value) : value]);
    else if (typeof value === 'boolean') out.push([name, Uint8Array.of(value ? 1 : 0)]);
    else if (ArrayBuffer.isView(value)) out.push([name, value as FrameArray]);
    else flattenInfo(value as object, `${name}.`, out);
  }
  return out;
}
