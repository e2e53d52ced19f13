/** A horizontal reference of a learning curve, e.g. the AC objective (the optimum on linear envs) and TWAP. */
export interface Reference {
  readonly label: string;
  readonly objectiveBps: number;
}

/**
 * The reference lines of a run from its manifest's `references` (see references.ts): AC, TWAP,
 * and the optimum labelled with what it is. Read by the sweep aggregate and drawn by the report.
 */
export function referencesFromManifest(refs: Readonly<Record<string, unknown>>): Reference[] {
  const out: Reference[] = [];
  if (typeof refs.acObjectiveBps === 'number') out.push({ label: 'AC', objectiveBps: refs.acObjectiveBps });
  if (typeof refs.twapObjectiveBps === 'number') out.push({ label: 'TWAP', objectiveBps: refs.twapObjectiveBps });
  if (typeof refs.optimumObjectiveBps === 'number') out.push({ label: String(refs.optimum), objectiveBps: refs.optimumObjectiveBps });
  return out;
}
