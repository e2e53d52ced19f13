import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/import-graph.js';
import { tempDir } from './helpers/tiny-runs.js';

/**
 * execgym as a user gets it: `npm pack` (of the dist/ that `npm test` builds first), the tarball
 * installed into a fresh project, a TypeScript consumer type-checked with skipLibCheck false and
 * run, and the `execgym` bin. Offline: the tarball's declared dependencies are linked from this
 * repository's node_modules before `npm install --offline` (npm then only unpacks the tarball),
 * so a dependency the package uses but does not declare is missing, as it would be for a user.
 */

// The slow part is TypeScript checking TensorFlow.js's declarations (skipLibCheck false): about a
// minute of CPU on this 2-core machine, so the test gets more than vitest's default budget.
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const work = tempDir('execgym-pack-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs a command without blocking the test worker (a blocked worker misses vitest's heartbeats); resolves to its stdout. */
async function run(cmd: string, args: string[], cwd: string): Promise<string> {
  const started = performance.now();
  const { stdout } = await promisify(execFile)(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (process.env.EXECGYM_TEST_TIMINGS) console.error(`${cmd} ${args.slice(0, 2).join(' ')}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return stdout;
}

/** The folder of package `name` as Node finds it from `fromDir` (walking up the node_modules folders), or null. */
function findPackageDir(fromDir: string, name: string): string | null {
  for (let dir = fromDir; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
  }
  return null;
}

/**
 * The @types packages that the dependencies of `deps` (recursively) depend on, where each
 * dependent finds them: npm would hoist these into the user's node_modules/@types, where
 * TypeScript includes them (tfjs-core's declarations rely on @types/long that way).
 */
function typesOfDependencyClosure(deps: string[]): Map<string, string> {
  const types = new Map<string, string>();
  const seen = new Set<string>();
  const queue = deps.map((name) => findPackageDir(ROOT, name)).filter((d): d is string => d !== null);
  while (queue.length > 0) {
    const dir = queue.pop()!;
    if (seen.has(dir)) continue;
    seen.add(dir);
    for (const name of Object.keys(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).dependencies ?? {})) {
      const found = findPackageDir(dir, name);
      if (found === null) continue;
      if (name.startsWith('@types/') && !types.has(name)) types.set(name, found);
      queue.push(found);
    }
  }
  return types;
}

function link(project: string, name: string, target: string): void {
  const path = join(project, 'node_modules', name);
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(target, path, 'dir');
}

const CONSUMER = `
import { make, twap, compileEnv, resolveSpec, evaluatePolicy, acSchedule, type Rng, type RngState, type Policy } from 'execgym';
import { ppoSchema, type AgentModel, type TrainContext } from 'execgym/agents';
import { loadConfig, runBenchmark, runConfigSchema, trainRun, type RunManifest } from 'execgym/experiments';
import { readFileSync } from 'node:fs';

const env = make('ac-linear-v0');
const first = env.reset({ seed: 0 }).observation;
const compiled = compileEnv(resolveSpec('ac-linear-v0'));
const policy: Policy = twap(compiled);
const { episodes } = evaluatePolicy(policy, compiled, { seed: 0, episodes: 3 });
const summary = await runBenchmark({ env: 'ac-linear-v0', policies: ['twap', 'ac'], episodes: 5, seed: 0 });
const shipped = loadConfig('ppo-ac-linear');
const config = runConfigSchema.parse({
  name: 'consumer', seed: 0,
  env: { id: 'ac-linear-v0', overrides: { horizon: { T: 5, N: 5 } } },
  agent: { type: 'ppo', numEnvs: 8 }, train: { steps: 80 },
  evaluation: { every: 40, validation: { episodes: 3 }, test: { episodes: 3 } },
});
const result = await trainRun({ config, runDir: process.argv[2], skipBenchmark: true });
const manifest: RunManifest = JSON.parse(readFileSync(process.argv[2] + '/manifest.json', 'utf8'));
const unusedTypes: [Rng | null, RngState | null, AgentModel | null, TrainContext | null] = [null, null, null, null];
console.log(JSON.stringify({
  obs: first.length, episodes: episodes.length, policies: summary.policies.map((p) => p.policy),
  shipped: shipped.name, ppoDefaults: ppoSchema.parse({ type: 'ppo' }).numEnvs > 0,
  completed: result.completed, versions: manifest.versions, git: manifest.git,
  kappa: acSchedule({ X: 1e6, T: 5, N: 5, sigma: 0.95, epsilon: 0.0625, eta: 2.5e-6, gamma: 2.5e-7, lambda: 1e-6 }).kappa,
  unused: unusedTypes.length,
}));
`;

describe('the published package', () => {
  it('packs the built code, the shipped configs, their JSON Schema and the LICENSE, and no sources or tests', async () => {
    await run('npm', ['pack', '--ignore-scripts', '--pack-destination', work], ROOT);
    const files = (await run('tar', ['tzf', join(work, 'execgym-0.1.0.tgz')], work)).trim().split('\n');
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/agents/index.js', 'dist/experiments/index.d.ts', 'dist/experiments/cli/main.js', 'experiments/configs/ppo-ac-linear.json', 'experiments/run-config/config.schema.json', 'LICENSE', 'package.json']) {
      expect(files).toContain(`package/${f}`);
    }
    expect(files.filter((f) => /^package\/(test|results)\//.test(f) || (/\.ts$/.test(f) && !/\.d\.ts$/.test(f)))).toEqual([]);
  });

  it('installs offline into a new project where a strict consumer type-checks with skipLibCheck false, runs, and `npx execgym envs` works', async () => {
    const project = join(work, 'consumer');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'module', private: true }));
    const deps = Object.keys(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).dependencies);
    for (const name of deps) link(project, name, findPackageDir(ROOT, name)!);
    await run('npm', ['install', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--no-save', join(work, 'execgym-0.1.0.tgz')], project);
    // After the install, which prunes what package.json does not list: the user's own @types/node, and
    // the @types packages of the dependency tree that npm would hoist.
    link(project, '@types/node', findPackageDir(ROOT, '@types/node')!);
    for (const [name, dir] of typesOfDependencyClosure(deps)) if (!existsSync(join(project, 'node_modules', name))) link(project, name, dir);
    // execgym's own dev-only @types/seedrandom (v3) must not be there to mask a leak (tfjs-core brings v2).
    expect(existsSync(join(project, 'node_modules', '@types', 'seedrandom', 'package.json')) ? JSON.parse(readFileSync(join(project, 'node_modules', '@types', 'seedrandom', 'package.json'), 'utf8')).version : 'none').not.toMatch(/^3\./);

    writeFileSync(join(project, 'consumer.ts'), CONSUMER);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: false, outDir: 'out' }, files: ['consumer.ts'] }),
    );
    await run(process.execPath, [TSC, '-p', '.'], project);
    const out = JSON.parse((await run(process.execPath, ['out/consumer.js', join(project, 'run')], project)).trim().split('\n').at(-1)!);
    // The policies asked for come first (the benchmark may add references after them).
    expect(out.policies.slice(0, 2)).toEqual(['twap', 'ac']);
    expect(out).toMatchObject({ obs: 5, episodes: 3, shipped: 'ppo-ac-linear', ppoDefaults: true, completed: true, git: null, unused: 4 });
    expect(out.kappa).toBeCloseTo(0.607076, 6);
    // The versions the run loaded, resolved from the installed execgym (hoisted into the user's project).
    const installed = (name: string) => JSON.parse(readFileSync(join(project, 'node_modules', name, 'package.json'), 'utf8')).version;
    expect(out.versions).toMatchObject({ execgym: '0.1.0', seedrandom: installed('seedrandom'), zod: installed('zod') });
    const envs = await run('npx', ['--offline', 'execgym', 'envs'], project);
    expect(envs).toContain('ac-linear-v0');
    // The queue's S3 artefact store (imported by the CLI only for --artefacts s3://...) finds the AWS SDK among the declared dependencies.
    const s3 = await run(process.execPath, ['--input-type=module', '-e', `const m = await import('./node_modules/execgym/dist/experiments/sweep/queue/s3-artefact-store.js'); console.log(typeof m.openS3ArtefactStore)`], project);
    expect(s3.trim()).toBe('function');
  }, 300_000);
});
