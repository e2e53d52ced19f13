import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * Which test files may share a worker (and its loaded modules) with other test files, and which
 * need a process of their own (issue 26: a fresh process per file cost the suite about 0.7
 * CPU-seconds a file, mostly loading the same modules again).
 *
 * A file needs its own process when it, or a module it reaches through relative imports (static
 * or `import('...')`), touches state that outlives a file in a shared worker:
 * - TensorFlow.js: the current backend and the `auto` selection are per process (a file that
 *   picked `cpu` would leave it to the next one, whose results are pinned on its own backend);
 * - module mocks and stubs (`vi.mock`, `vi.hoisted`, `vi.stubEnv`, `vi.stubGlobal`, fake timers);
 * - writes to `process.env`;
 * - registries (`register(...)`, `registerPolicyResolver(...)`, ...): an env registered by one file
 *   would appear in the next file's `registeredIds()`.
 * Everything else is plain computation and child processes, and shares. The rules are read from
 * the sources at each run, so a new test file lands on the safe side by itself.
 */

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');

const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|import\s*['"]([^'"]+)['"]/g;

/** What makes a file (test or helper) unsafe to share, found in its own text. */
const HAZARDS: [RegExp, string][] = [
  [/vi\.(mock|doMock|hoisted|stubEnv|stubGlobal|useFakeTimers)\b/, 'mocks'],
  [/process\.env(\.\w+|\[[^\]]+\])\s*=[^=]|delete process\.env|Object\.assign\(process\.env/, 'process.env'],
  [/\bregister(?!edIds)\w*\(/, 'registry'],
];

/** The packages a module reaches and the hazards of the test-side modules it reaches (test/ only: the sources are covered by the rules above). */
function reach(file: string, seen: Set<string>, packages: Set<string>, hazards: Set<string>): void {
  if (seen.has(file)) return;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  if (relative(ROOT, file).startsWith('test')) for (const [re, name] of HAZARDS) if (re.test(text)) hazards.add(name);
  for (const m of text.matchAll(IMPORT)) {
    const specifier = m[1] ?? m[2] ?? m[3];
    if (specifier.startsWith('.')) {
      const path = resolve(dirname(file), specifier).replace(/\.js$/, '.ts');
      if (existsSync(path) && path.endsWith('.ts')) reach(path, seen, packages, hazards);
    } else packages.add(specifier);
  }
}

/** Why `testFile` (relative to the root) needs its own process; empty when it can share. */
export function isolationReasons(testFile: string): string[] {
  const packages = new Set<string>();
  const hazards = new Set<string>();
  reach(join(ROOT, testFile), new Set(), packages, hazards);
  if ([...packages].some((p) => p.startsWith('@tensorflow/'))) hazards.add('tensorflow');
  return [...hazards];
}

/** The test files (relative to the root) split into those that share workers and those that get a process each. */
export function splitTestFiles(): { shared: string[]; isolated: string[] } {
  const files = readdirSync(join(ROOT, 'test')).filter((f) => f.endsWith('.test.ts')).map((f) => `test/${f}`);
  const isolated = files.filter((f) => isolationReasons(f).length > 0);
  return { shared: files.filter((f) => !isolated.includes(f)), isolated };
}
