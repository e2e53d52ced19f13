import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagesLoadedBy, ROOT } from './helpers/import-graph.js';

/** Runs an ES module script in a fresh Node process from the repository (so `execgym` resolves to this package) and parses its last line. */
function inFreshNode<T>(script: string): T {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!) as T;
}

/** A script that imports `entry` and prints the packages whose CommonJS files Node loaded (TensorFlow.js is CommonJS). */
const loadedPackages = (entry: string) => `
  import { createRequire } from 'node:module';
  await import(${JSON.stringify(entry)});
  const files = Object.keys(createRequire(import.meta.url).cache);
  console.log(JSON.stringify([...new Set(files.map((f) => f.match(/node_modules\\/((@[^/]+\\/)?[^/]+)/)?.[1]).filter(Boolean))]));`;

describe('entry points', () => {
  it('the root entry reaches only zod, seedrandom, ml-matrix, jsonc-parser and Node built-ins through its static imports', () => {
    const packages = [...packagesLoadedBy('index.ts').keys()].filter((p) => !p.startsWith('node:'));
    // ml-matrix: the exact optimum's QP and calibration's regressions; jsonc-parser: spec files' errors with line and column.
    expect(packages.sort()).toEqual(['jsonc-parser', 'ml-matrix', 'seedrandom', 'zod']);
  });

  it('the agents and experiments entries are the ones that reach TensorFlow.js', () => {
    expect(packagesLoadedBy('agents/index.ts').has('@tensorflow/tfjs')).toBe(true);
    expect(packagesLoadedBy('experiments/index.ts').has('@tensorflow/tfjs')).toBe(true);
  });

  it('importing execgym loads no TensorFlow.js module at run time; importing execgym/agents does', () => {
    const root = inFreshNode<string[]>(loadedPackages('execgym'));
    expect(root.filter((p) => p.startsWith('@tensorflow'))).toEqual([]);
    const agents = inFreshNode<string[]>(loadedPackages('execgym/agents'));
    expect(agents).toContain('@tensorflow/tfjs-core');
  });

  it('the AWS SDK is reached only through the import() of an S3 artefact store: no entry point and not the CLI load it', () => {
    for (const entry of ['index.ts', 'agents/index.ts', 'experiments/index.ts', 'experiments/cli/main.ts', 'experiments/sweep/queue/queue-worker.ts', 'experiments/sweep/queue/submit-runs.ts']) {
      expect([...packagesLoadedBy(entry).keys()].filter((p) => p.startsWith('@aws-sdk/')), entry).toEqual([]);
    }
    expect(packagesLoadedBy('experiments/sweep/queue/s3-artefact-store.ts').has('@aws-sdk/client-s3')).toBe(true);
    const loaded = inFreshNode<string[]>(loadedPackages('execgym/experiments'));
    expect(loaded.filter((p) => p.startsWith('@aws-sdk') || p.startsWith('@smithy'))).toEqual([]);
  });

  it('run:<dir> policies exist only once registerRunPolicy is called, not as a side effect of an import; registering twice is harmless', () => {
    const usages = inFreshNode<string[][]>(`
      const { policyUsages } = await import('execgym');
      const { registerRunPolicy } = await import('execgym/experiments');
      await import('execgym/agents');
      const before = policyUsages().filter((u) => u.startsWith('run:'));
      registerRunPolicy();
      registerRunPolicy();
      console.log(JSON.stringify([before, policyUsages().filter((u) => u.startsWith('run:'))]));`);
    expect(usages).toEqual([[], ['run:<run dir or checkpoint dir>']]);
  });

  it('every entry of package.json exports has its built module and type declarations', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.exports)).toEqual(['.', './agents', './experiments', './package.json']);
    for (const [key, target] of Object.entries(pkg.exports as Record<string, string | { types: string; import: string }>)) {
      const files = typeof target === 'string' ? [target] : [target.types, target.import];
      for (const file of files) expect(existsSync(join(ROOT, file)), `${key}: ${file}`).toBe(true);
    }
  });
});
