import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** The repository root (this file is test/helpers/import-graph.ts). */
export const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');

/** The folders that ship (test/ is not part of the architecture). */
export const SOURCE_FOLDERS = ['env', 'agents', 'baselines', 'experiments'] as const;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** One import of a module by another, both as paths relative to the root (`env/random/rng.ts`). */
export interface ImportArrow {
  readonly from: string;
  readonly to: string;
}

/** An import as written: its specifier, and whether it is erased (type-only) or deferred (`import()`). */
export interface ImportRecord {
  readonly specifier: string;
  readonly kind: 'static' | 'type' | 'dynamic';
}

/** Every import and re-export of one source file, read from TypeScript's syntax tree. */
export function importsOf(path: string): ImportRecord[] {
  const source = ts.createSourceFile(path, readFileSync(join(ROOT, path), 'utf8'), ts.ScriptTarget.Latest, false);
  const out: ImportRecord[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const typeOnly = ts.isImportDeclaration(node)
        ? node.importClause !== undefined && (node.importClause.isTypeOnly || allTypeOnly(node.importClause))
        : node.isTypeOnly || (node.exportClause !== undefined && ts.isNamedExports(node.exportClause) && node.exportClause.elements.length > 0 && node.exportClause.elements.every((e) => e.isTypeOnly));
      out.push({ specifier: node.moduleSpecifier.text, kind: typeOnly ? 'type' : 'static' });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments.length > 0 && ts.isStringLiteral(node.arguments[0])) {
      out.push({ specifier: node.arguments[0].text, kind: 'dynamic' });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** `import { type A, type B } from` imports nothing at run time (a bare `import {} from` does). */
function allTypeOnly(clause: ts.ImportClause): boolean {
  const bindings = clause.namedBindings;
  return clause.name === undefined && bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

/** The shipped source files, relative to the root. */
export function sourceModules(): string[] {
  return ['index.ts', ...SOURCE_FOLDERS.flatMap((f) => sourceFiles(join(ROOT, f)).map((p) => relative(ROOT, p)))];
}

/** Where a relative specifier of `from` points, as a source path (`./rng.js` -> `env/random/rng.ts`). */
function target(from: string, specifier: string): string {
  return relative(ROOT, resolve(ROOT, dirname(from), specifier)).replace(/\.js$/, '.ts');
}

/**
 * Every relative import of the shipped source: static, type-only, re-exports and dynamic
 * `import()` alike (a type import is an arrow too: it is how the benchmark cycle hid).
 */
export function importArrows(): ImportArrow[] {
  return sourceModules().flatMap((from) => importsOf(from).filter((i) => i.specifier.startsWith('.')).map((i) => ({ from, to: target(from, i.specifier) })));
}

/**
 * The packages a module loads when it is imported: the bare specifiers reached through its static
 * value imports (type-only imports are erased, `import()` waits until called), with the chain of
 * modules that leads to each.
 */
export function packagesLoadedBy(entry: string): Map<string, string[]> {
  const packages = new Map<string, string[]>();
  const seen = new Set<string>([entry]);
  const queue: string[][] = [[entry]];
  while (queue.length > 0) {
    const chain = queue.shift()!;
    const module = chain.at(-1)!;
    for (const { specifier, kind } of importsOf(module)) {
      if (kind !== 'static') continue;
      if (!specifier.startsWith('.')) {
        if (!packages.has(specifier)) packages.set(specifier, chain);
        continue;
      }
      const next = target(module, specifier);
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push([...chain, next]);
    }
  }
  return packages;
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
 * The layers, bottom up: the env (with the shared I/O at its bottom, env/io), then agents and baselines side by side, then the
 * experiments, and the package entry on top. A module imports its own layer or those below.
 */
export const LAYERS: Readonly<Record<string, number>> = { env: 0, agents: 1, baselines: 1, experiments: 2, 'index.ts': 3 };

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
    else if (from.startsWith('env/io/') && !to.startsWith('env/io/') && to !== 'env/errors/errors.ts') wrong.push(`${from} -> ${to}: env/io is the bottom and imports nothing of ours but the error class`);
  }
  return wrong;
}
