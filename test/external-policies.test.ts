import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { resolvePolicy } from '../baselines/registry.js';
import { compileEnv } from '../env/core/compile-env.js';
import { evaluatePolicy } from '../env/policy/evaluate-policy.js';
import type { Policy } from '../env/policy/policy.js';
import { resolveSpec } from '../env/registry.js';
import { readCsv } from '../experiments/io/read-csv.js';
import { execFile } from 'node:child_process';
import { registerExternalPolicies } from '../experiments/policies/register-external-policies.js';
import { UserError } from '../env/errors/errors.js';
import { pythonWithNumpy } from './helpers/python.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(REPO, 'dist/experiments/cli/main.js');
registerExternalPolicies();

/** Runs the built CLI without blocking the test worker (a benchmark takes seconds on a busy machine). */
function runCliAsync(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 120_000 }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}
const dir = mkdtempSync(join(tmpdir(), 'execgym-external-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const python = pythonWithNumpy();
const TWAP_PY = `proc:${python} ${join(REPO, 'python/examples/twap_policy.py')}`;

/** A Python policy script in the temp dir, answering with `body` (the act function's return expression). */
function pythonPolicy(name: string, body: string): string {
  const path = join(dir, `${name}.py`);
  writeFileSync(path, [`import sys; sys.path.insert(0, ${JSON.stringify(join(REPO, 'python'))})`, 'from execgym_bridge import serve_policy', `serve_policy(lambda obs, public: ${body})`].join('\n'));
  return `proc:${python} ${path}`;
}

/** Records `policy`'s actions per market seed and step as the CSV `actions:` reads. */
function recordActions(policy: Policy, envId: string, episodes: number, seed: number, path: string): void {
  const rows = ['seed,step,action'];
  const recorder: Policy = {
    name: policy.name,
    usesHiddenState: policy.usesHiddenState,
    act(input, actions) {
      policy.act(input, actions);
      // String(x) is the shortest decimal that parses back to the same double: the file is exact.
      for (let i = 0; i < input.lanes; i++) rows.push(`${input.seed![i]},${input.step[i]},${String(actions[i])}`);
    },
  };
  evaluatePolicy(recorder, compileEnv(resolveSpec(envId)), { episodes, seed });
  writeFileSync(path, `${rows.join('\n')}\n`);
}

const COLUMNS = ['seed', 'is_bps', 'risk_penalty_bps', 'objective_bps', 'return', 'vwap_slippage_bps', 'completion'];
const costsOf = (rows: Record<string, string>[], policy: string) => rows.filter((r) => r.policy === policy).map((r) => COLUMNS.map((c) => r[c]).join(','));

/** Runs a benchmark that must fail; returns its one error line. */
async function failingBenchmark(policies: string, extra: string[] = []): Promise<string> {
  const out = join(dir, `fail-${Math.random().toString(36).slice(2)}`);
  const result = await runCliAsync(['benchmark', '--env', 'ac-linear-v0', '--policies', policies, '--episodes', '20', '--seed', '5', '--out', out, ...extra]);
  expect(result.code, result.stderr).toBe(2);
  // The benchmark's progress notes come first; the error is one line, with no stack trace.
  const lines = result.stderr.split('\n').filter((line) => line.startsWith('execgym:'));
  expect(lines, result.stderr).toHaveLength(1);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(existsSync(join(out, 'episodes.csv'))).toBe(false);
  return lines[0];
}

describe('external policies: proc:CMD and actions:FILE', () => {
  it('a Python TWAP served by a process and a file of ac-adaptive actions pay exactly what twap and ac-adaptive pay, seed by seed', async () => {
    const env = 'regime-v0';
    const episodes = 60;
    const seed = 5;
    const file = join(dir, 'ac-adaptive.csv');
    // ac-adaptive's actions differ from seed to seed, so a seed mix-up would show.
    recordActions(await resolvePolicy('ac-adaptive', compileEnv(resolveSpec(env))), env, episodes, seed, file);
    const out = join(dir, 'paired');
    const result = await runCliAsync(['benchmark', '--env', env, '--policies', `twap,ac-adaptive,${TWAP_PY},actions:${file}`, '--episodes', String(episodes), '--seed', String(seed), '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const rows = readCsv(join(out, 'episodes.csv'));
    const twap = costsOf(rows, 'twap');
    expect(twap).toHaveLength(episodes);
    expect(costsOf(rows, TWAP_PY)).toEqual(twap);
    expect(costsOf(rows, 'actions:ac-adaptive.csv')).toEqual(costsOf(rows, 'ac-adaptive'));
    expect(costsOf(rows, 'ac-adaptive')).not.toEqual(twap);
    expect(rows.filter((r) => r.policy === TWAP_PY).map((r) => Number(r.seed))).toEqual(Array.from({ length: episodes }, (_, i) => seed + i));
  });

  it('a policy process that dies, sends garbage, the wrong count or an error gives one line naming what is wrong', async () => {
    const cases: [string, RegExp][] = [
      [`twap,proc:${python} -c "import sys; sys.exit(3)"`, /^execgym: --policies: policy "proc:.*": proc:.* the policy process exited \(code 3\)$/],
      ['twap,proc:yes', /proc:yes: the policy process sent bytes that are not an execgym frame on stdout \(frame lengths out of range/],
      [`twap,${pythonPolicy('short', '[1.0]')}`, /^execgym: proc:.*short\.py: sent 1 actions for 20 lanes \(one per lane expected\)$/],
      [`twap,${pythonPolicy('raises', '1 / 0')}`, /raises\.py: the policy answered act with an error: ZeroDivisionError: division by zero$/],
      [`twap,${pythonPolicy('nan', '[float("nan")] * len(obs)')}`, /nan\.py: sent NaN as the action of lane 0 at step 0$/],
      [`twap,${pythonPolicy('crashes', 'sys.exit(4)')}`, /crashes\.py: the policy process exited \(code 4\)/],
      ['twap,proc:', /proc needs a command/],
      ['twap,proc:no-such-command-xyz', /exited \(code 127\); its stderr ends: .*no-such-command-xyz.*not found/],
    ];
    // Independent CLI runs, side by side: each spends most of its time starting up.
    const lines = await Promise.all(cases.map(([policies]) => failingBenchmark(policies)));
    lines.forEach((line, i) => expect(line).toMatch(cases[i][1]));
  });

  it('an actions file with a missing seed or step, a bad cell or a duplicate gives one line naming the file, line or seed', async () => {
    const env = compileEnv(resolveSpec('ac-linear-v0'));
    const write = (name: string, rows: string[]) => {
      const path = join(dir, name);
      writeFileSync(path, `${rows.join('\n')}\n`);
      return path;
    };
    /** The error of evaluating actions:FILE on 20 episodes from seed 5, via the registry as the CLI does. */
    const errorOf = async (path: string) => {
      try {
        evaluatePolicy(await resolvePolicy(`actions:${path}`, env), env, { episodes: 20, seed: 5 });
      } catch (error) {
        expect(error).toBeInstanceOf(UserError);
        expect((error as Error).message).not.toMatch(/\n/);
        return (error as Error).message;
      }
      throw new Error(`actions:${path} was accepted`);
    };
    const full = (seeds: number[], skip?: [number, number]) => ['seed,step,action', ...seeds.flatMap((s) => Array.from({ length: 20 }, (_, k) => (skip?.[0] === s && skip[1] === k ? null : `${s},${k},1`)).filter((r): r is string => r !== null))];
    const seeds = Array.from({ length: 20 }, (_, i) => 5 + i);
    expect(await errorOf(write('no-seed.csv', full(seeds.filter((s) => s !== 17))))).toMatch(/actions:no-seed\.csv: no actions for market seed 17 \(the file has 19 seeds, 5\.\.24\)$/);
    expect(await errorOf(write('no-step.csv', full(seeds, [9, 13])))).toMatch(/actions:no-step\.csv: no action for market seed 9 at step 13$/);
    expect(await errorOf(write('bad-step.csv', ['seed,step,action', '5,0,1', '5,20,1']))).toMatch(/bad-step\.csv line 3: column step must be an integer in \[0, 19\], got "20"$/);
    expect(await errorOf(write('bad-seed.csv', ['seed,step,action', '-1,0,1']))).toMatch(/bad-seed\.csv line 2: column seed must be an integer in \[0, \d+\], got "-1"$/);
    expect(await errorOf(write('bad-action.csv', ['seed,step,action', '5,0,abc']))).toMatch(/bad-action\.csv line 2: action must be a number, got NaN \(as typed: "abc"\)$/);
    expect(await errorOf(write('big-action.csv', ['seed,step,action', '5,0,9']))).toMatch(/big-action\.csv line 2: action must be a multiplier in \[0, 4\]/);
    expect(await errorOf(write('twice.csv', ['seed,step,action', '5,0,1', '5,0,1']))).toMatch(/twice\.csv line 3: seed 5 step 0 is listed twice$/);
    expect(await errorOf(write('columns.csv', ['seed,k,action', '5,0,1']))).toMatch(/columns\.csv lacks column step \(needs seed, step, action\)$/);
    expect(await errorOf(join(dir, 'absent.csv'))).toMatch(/absent\.csv" does not exist$/);
    // Through the CLI: the same message as one line, exit code 2, no result files.
    expect(await failingBenchmark(`twap,actions:${join(dir, 'no-seed.csv')}`)).toMatch(/^execgym: actions:no-seed\.csv: no actions for market seed 17/);
  });
});
