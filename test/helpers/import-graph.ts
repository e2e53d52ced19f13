import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** The repository root (this file is test/helpers/import-graph.ts). */
export const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');

/** The folders that ship (test/ is not part of the architecture). */
export const SOURCE_FOLDERS = ['io', 'env', 'agents', 'baselines', 'experiments'] as const;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** One import of a module by another, both as paths relative to the root (`env/rng.ts`). */
export interface ImportArrow {
  readonly from: string;
  readonly to: string;
}

/**
 * Every relative import of the shipped source: static, type-only, re-exports and dynamic
 * `import()` alike (a type import is an arrow too: it is how the benchmark cycle hid), read with
 * TypeScript's own pre-processor rather than a regular expression.
 */
export function importArrows(): ImportArrow[] {
  const files = ['index.ts', ...SOURCE_FOLDERS.flatMap((f) => sourceFiles(join(ROOT, f)).map((p) => relative(ROOT, p)))];
  return files.flatMap((from) => {
    const info = ts.preProcessFile(readFileSync(join(ROOT, from), 'utf8'), true, true);
    return info.importedFiles
      .map((f) => f.fileName)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => ({ from, to: relative(ROOT, resolve(ROOT, dirname(from), spec)).replace(/\.js$/, '.ts') }));
  });
}

/** The top folder of a module (`index.ts` for the root entry). */
export function folderOf(path: string): string {
  return path.includes('/') ? path.slice(0, path.indexOf('/')) : path;
}

/** Strongly connected components with more than one module (Tarjan): the import cycles. */
export function importCycles(arrows: readonly ImportArrow[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of arrows) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || next.get(v)?.includes(v)) cycles.push(component.sort());
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

/**
 * The layers, bottom up: shared I/O, the env, then agents and baselines side by side, then the
 * experiments, and the package entry on top. A module imports its own layer or those below.
 */
export const LAYERS: Readonly<Record<string, number>> = { io: 0, env: 1, agents: 2, baselines: 2, experiments: 3, 'index.ts': 4 };

/**
 * The arrows that break the architecture: one pointing up a layer, one between the peers agents
 * and baselines (a baseline never needs an agent, nor an agent a baseline), and one between two
 * CLI commands (a command is a leaf: what two commands share lives below them).
 */
export function wrongWayArrows(arrows: readonly ImportArrow[]): string[] {
  const wrong: string[] = [];
  for (const { from, to } of arrows) {
    const a = folderOf(from);
    const b = folderOf(to);
    if (!(a in LAYERS) || !(b in LAYERS)) wrong.push(`${from} -> ${to}: outside the known layers`);
    else if (LAYERS[b] > LAYERS[a]) wrong.push(`${from} -> ${to}: ${a} must not import ${b}`);
    else if (a !== b && LAYERS[a] === LAYERS[b]) wrong.push(`${from} -> ${to}: ${a} and ${b} are peers`);
    else if (/\/commands\//.test(from) && /\/commands\//.test(to)) wrong.push(`${from} -> ${to}: commands do not import each other`);
  }
  return wrong;
}
