import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import acLinear from '../env/specs/ac-linear-v0.json' with { type: 'json' };
import { UserError } from '../env/errors.js';
import { ExecutionEnv } from '../env/execution-env.js';
import { make, makeVector } from '../env/registry.js';
import { runBenchmark } from '../experiments/benchmark/run-benchmark.js';
import { trainRun } from '../experiments/train/train-run.js';
import { runMain } from './helpers/cli-in-process.js';
import { tempDir } from './helpers/temp-dirs.js';
import { tinyPpo } from './helpers/tiny-runs.js';

/**
 * The bad-input corpus of issue 10: every user mistake, in the CLI or the library, is ONE line
 * naming the field and the value as typed, with exit code 2 (a UserError in the library). Each
 * case lists patterns that the line must contain: the field, and the value as the user typed it.
 * The table is re-run against every release; the CLI runs in-process (main(argv)) to stay fast.
 */

const dir = tempDir('execgym-corpus-');
const at = (...parts: string[]) => join(dir, ...parts);
const esc = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

interface CliCase {
  readonly name: string;
  readonly argv: () => string[];
  /** Every pattern must match the one line. */
  readonly expect: RegExp[];
  /** Exit code (2 unless the file system refused: 74). */
  readonly code?: number;
  /** A directory the failed command must not have created. */
  readonly absent?: () => string;
}

const cli: CliCase[] = [];
const add = (name: string, argv: () => string[], ...expect: RegExp[]) => cli.push({ name, argv, expect });

// ---- ac: every flag, four ways wrong ----
const AC_FLAGS = ['X', 'T', 'sigma', 'eta', 'gamma', 'epsilon', 'lambda'];
for (const flag of AC_FLAGS) {
  add(`ac --${flag} abc`, () => ['ac', '--env', 'ac-linear-v0', `--${flag}`, 'abc'], esc(`--${flag}`), esc('"abc"'));
  add(`ac --${flag} Infinity`, () => ['ac', '--env', 'ac-linear-v0', `--${flag}`, 'Infinity'], esc(`--${flag}`), esc('"Infinity"'));
  add(`ac --${flag} -1`, () => ['ac', '--env', 'ac-linear-v0', `--${flag}`, '-1'], esc(`--${flag}`), esc('"-1"'));
  add(`ac --${flag} twice`, () => ['ac', '--env', 'ac-linear-v0', `--${flag}`, '1', `--${flag}`, '2'], esc(`--${flag} was given 2 times`), esc('"1", "2"'));
}
for (const value of ['abc', '1.5', '1e7', '0', '-3', '']) add(`ac --N ${JSON.stringify(value)}`, () => ['ac', '--env', 'ac-linear-v0', '--N', value], esc('--N'), esc(JSON.stringify(value)));
add('ac --N 20 --N 5', () => ['ac', '--env', 'ac-linear-v0', '--N', '20', '--N', '5'], esc('--N was given 2 times ("20", "5")'));
add('ac --sigma 1e200 (overflows)', () => ['ac', '--env', 'ac-linear-v0', '--sigma', '1e200'], esc('--sigma'), esc('1e+200'), /too large/);
add('ac --X 1e300 (overflows)', () => ['ac', '--env', 'ac-linear-v0', '--X', '1e300'], esc('--X'), esc('1e+300'));
add('ac without inputs', () => ['ac', '--X', '1e6'], esc('--T'), /--env/);
add('ac --env unknown', () => ['ac', '--env', 'nope-v0'], esc('"nope-v0"'));

// ---- benchmark and frontier flags ----
const BENCH = () => ['benchmark', '--env', 'ac-linear-v0', '--policies', 'twap', '--episodes', '10', '--out', at('bench-out')];
const bench = (...more: string[]) => () => [...BENCH(), ...more];
const policiesCase = (value: string) => () => ['benchmark', '--env', 'ac-linear-v0', '--episodes', '10', '--policies', value];
for (const value of ['abc', '1.5', '2', '-5', '1e12', '', '0x10', 'Infinity']) add(`benchmark --episodes ${JSON.stringify(value)}`, bench('--episodes', value), esc('--episodes'), esc(JSON.stringify(value)));
add('benchmark --episodes twice', bench('--episodes', '20'), esc('--episodes was given 2 times ("10", "20")'));
for (const value of ['abc', '-1', '1.5', '9007199254740992', '1e400']) add(`benchmark --seed ${value}`, bench('--seed', value), esc('--seed'), esc(JSON.stringify(value)));
add('benchmark --seed at the largest safe integer with episodes', bench('--seed', '9007199254740991'), /seed \+ episodes/, esc('9007199254740991'));
for (const value of ['abc', '-1']) add(`benchmark --trajectories ${value}`, bench('--trajectories', value), esc('--trajectories'), esc(JSON.stringify(value)));
add('benchmark --env unknown', () => ['benchmark', '--env', 'nope-v0'], esc('"nope-v0"'), /registered/);
add('benchmark --env missing file', () => ['benchmark', '--env', at('missing.json')], esc('missing.json'), /cannot read/);
add('benchmark --env twice', () => ['benchmark', '--env', 'ac-linear-v0', '--env', 'regime-v0'], esc('--env was given 2 times'));
add('benchmark --policies with an empty entry', policiesCase('twap,,vwap'), esc('--policies'), esc('"twap,,vwap"'));
add('benchmark --policies unknown', policiesCase('nope'), esc('--policies'), esc('nope'));
add('benchmark --policies pov:2', policiesCase('pov:2'), esc('rho'), esc('2'));
add('benchmark --policies pov:abc', policiesCase('pov:abc'), esc('rho'), esc('abc'));
add('benchmark --policies run: without a path', policiesCase('run:'), esc('run'));
add('benchmark --policies run: a missing directory', policiesCase(`run:${at('no-run')}`), esc('no-run'));
add('benchmark missing --env', () => ['benchmark'], /env/);
for (const value of ['abc', '1e12', '-1']) add(`frontier --episodes ${value}`, () => ['frontier', '--env', 'ac-linear-v0', '--episodes', value, '--out', at('frontier-out')], esc('--episodes'), esc(JSON.stringify(value)));
for (const value of ['0', '1.5', 'abc', 'Infinity']) add(`frontier --rhos ${value}`, () => ['frontier', '--env', 'ac-linear-v0', '--rhos', value, '--out', at('frontier-out')], esc('--rhos'), esc(JSON.stringify(value)));
for (const value of ['-1', 'abc', '1,,2']) add(`frontier --lambdas ${value}`, () => ['frontier', '--env', 'ac-linear-v0', '--lambdas', value, '--out', at('frontier-out')], esc('--lambdas'));
add('frontier --seed -1', () => ['frontier', '--env', 'ac-linear-v0', '--seed', '-1', '--out', at('frontier-out')], esc('--seed'), esc('"-1"'));

// ---- --out that cannot be a result directory ----
for (const command of ['benchmark', 'frontier']) {
  const base = () => [command, '--env', 'ac-linear-v0', '--episodes', '10', ...(command === 'benchmark' ? ['--policies', 'twap'] : [])];
  add(`${command} --out ""`, () => [...base(), '--out', ''], esc('--out'), esc('""'));
  add(`${command} --out an existing file`, () => [...base(), '--out', at('a-file')], esc('--out'), esc('a-file'), /existing file/);
  add(`${command} --out under a file`, () => [...base(), '--out', at('a-file', 'sub')], esc('--out'), esc('a-file'), /under/);
  cli.push({ name: `${command} --out /proc/x (no hang)`, argv: () => [...base(), '--out', '/proc/execgym-x'], expect: [esc('/proc/execgym-x')], code: 74 });
  cli.push({ name: `${command} --out in a read-only place`, argv: () => [...base(), '--out', '/sys/execgym-x'], expect: [esc('/sys/execgym-x'), /EPERM|EROFS|EACCES/], code: 74 });
}

// ---- spec files ----
const spec = (name: string, text: string) => {
  writeFileSync(at(`${name}.json`), text);
  return at(`${name}.json`);
};
const specWith = (name: string, change: (s: Record<string, any>) => void) => {
  const s = structuredClone(acLinear) as Record<string, any>;
  change(s);
  return spec(name, JSON.stringify(s, null, 2));
};
const specCase = (name: string, make: () => string, ...expect: RegExp[]) => add(`spec: ${name}`, () => ['benchmark', '--env', make(), '--episodes', '5', '--policies', 'twap'], ...expect);
specCase('[]', () => spec('array', '[]'), /a spec must be a JSON object/, /an array/);
specCase('null', () => spec('null', 'null'), /a spec must be a JSON object/, /null/);
specCase('a number', () => spec('number', '42'), /a spec must be a JSON object/, /42/);
specCase('a string', () => spec('string', '"ac"'), /a spec must be a JSON object/, /"ac"/);
specCase('NaN literal', () => spec('nan', '{\n  "id": "x",\n  "riskAversion": NaN\n}'), /line 3:19/, /NaN is not a JSON number/);
specCase('Infinity literal', () => spec('inf', '{"id": "x", "price": {"sigma": Infinity}}'), /line 1:/, /Infinity is not a JSON number/);
specCase('-Infinity literal', () => spec('ninf', '{"riskAversion": -Infinity}'), /-Infinity is not a JSON number/);
specCase('trailing comma', () => spec('comma', '{"id": "x",}'), /line 1:12/);
specCase('truncated', () => spec('trunc', '{"id": "x", "horizon": {'), /truncated|end of input/);
specCase('empty file', () => spec('empty', ''), /empty/);
specCase('missing id', () => specWith('noid', (s) => delete s.id), /spec\.id/);
specCase('sigma 1e200', () => specWith('sigma-huge', (s) => (s.price.sigma = 1e200)), /spec\.price\.sigma/, esc('1e+200'), /too large/);
specCase('sigma 1e-200', () => specWith('sigma-tiny', (s) => (s.price.sigma = 1e-200)), /spec\.price\.sigma/, esc('1e-200'), /too small/);
specCase('shares = S0 = 1e300', () => specWith('huge-order', (s) => ((s.order.shares = 1e300), (s.price.S0 = 1e300))), /spec\.order\.shares/, esc('1e+300'));
specCase('eta 1e300', () => specWith('eta-huge', (s) => (s.impact.eta = 1e300)), /spec\.impact\.eta/, esc('1e+300'));
specCase('gamma 1e200', () => specWith('gamma-huge', (s) => ((s.impact.gamma = 1e200), (s.impact.eta = 1e210))), /spec\.impact\./, /too large/);
specCase('riskAversion 1e200', () => specWith('lambda-huge', (s) => (s.riskAversion = 1e200)), /spec\.riskAversion/, esc('1e+200'));
specCase('sigma -1', () => specWith('sigma-neg', (s) => (s.price.sigma = -1)), /spec\.price\.sigma/, /-1/);
specCase('eta 0', () => specWith('eta-zero', (s) => (s.impact.eta = 0)), /spec\.impact\.eta/, /got 0/);
specCase('N 0', () => specWith('n-zero', (s) => (s.horizon.N = 0)), /spec\.horizon\.N/, /got 0/);
specCase('N 1.5', () => specWith('n-frac', (s) => (s.horizon.N = 1.5)), /spec\.horizon\.N/, /1\.5/);
specCase('N 1e7', () => specWith('n-huge', (s) => (s.horizon.N = 1e7)), /spec\.horizon\.N/, /10000000/);
specCase('T -1', () => specWith('t-neg', (s) => (s.horizon.T = -1)), /spec\.horizon\.T/, /-1/);
specCase('unknown field', () => specWith('extra', (s) => (s.colour = 'blue')), /colour/);
specCase('impact model unknown', () => specWith('model', (s) => (s.impact.model = 'cubic')), /spec\.impact\.model/, /cubic/);
specCase('riskAversion -1', () => specWith('lambda-neg', (s) => (s.riskAversion = -1)), /spec\.riskAversion/, /-1/);
specCase('volume noise 100', () => specWith('noise', (s) => (s.volume.noise = 100)), /spec\.volume\.noise/, /100/);
specCase('aMax -1', () => specWith('amax', (s) => (s.action.aMax = -1)), /spec\.action\.aMax/, /-1/);
specCase('discrete levels descending', () => specWith('levels', (s) => (s.action = { type: 'discrete', levels: [0, 2, 1] })), /spec\.action\.levels/, /2 then 1/);
specCase('eta~ <= 0', () => specWith('etatilde', (s) => (s.impact.gamma = 1)), /eta - gamma \* tau \/ 2/);
specCase('side unknown', () => specWith('side', (s) => (s.order.side = 'hold')), /spec\.order\.side/, /hold/);
specCase('shares as a string', () => specWith('shares-str', (s) => (s.order.shares = '1e6')), /spec\.order\.shares/, /"1e6"/);

// ---- run configs (train): the run directory must not be created ----
const config = (name: string, value: unknown) => {
  writeFileSync(at(`${name}.config.json`), typeof value === 'string' ? value : JSON.stringify(value));
  return at(`${name}.config.json`);
};
const TINY = { name: 'c', env: { id: 'ac-linear-v0', overrides: { horizon: { T: 5, N: 5 } } }, agent: { type: 'ppo', numEnvs: 8 }, train: { steps: 100 } };
const tiny = (change: (c: Record<string, any>) => void) => {
  const c = structuredClone(TINY) as Record<string, any>;
  change(c);
  return c;
};
const trainCase = (name: string, value: unknown, flags: string[], ...expect: RegExp[]) => {
  const out = at(`train-${cli.length}`);
  cli.push({ name: `train: ${name}`, argv: () => ['train', config(`cfg-${cli.length}`, value), '--out', out, ...flags], expect, absent: () => out });
};
trainCase('[]', [], [], /must be a JSON object/, /an array/);
trainCase('null', null, [], /must be a JSON object/, /null/);
trainCase('NaN literal', '{"name": "c", "seed": NaN}', [], /line 1:/, /NaN is not a JSON number/);
trainCase('missing name', tiny((c) => delete c.name), [], /config\.name/);
trainCase('name with a slash', tiny((c) => (c.name = 'a/b')), [], /config\.name/, /"a\/b"/);
trainCase('agent type unknown', tiny((c) => (c.agent.type = 'sac')), [], /config\.agent\.type/, /sac/);
trainCase('dqn on a Box action', tiny((c) => (c.agent = { type: 'dqn' })), [], /config\.agent/, /Discrete/, /box/);
trainCase('dqn buffer smaller than its batch', tiny((c) => (c.agent = { type: 'dqn', bufferSize: 10, batchSize: 64 })), [], /config\.agent\.bufferSize/, /got 10/, /batchSize 64/);
trainCase('ppo numMinibatches above the batch', tiny((c) => (c.agent.numMinibatches = 1000)), [], /numMinibatches/, /got 1000/);
trainCase('train.steps 0', tiny((c) => (c.train.steps = 0)), [], /config\.train\.steps/, /got 0/);
trainCase('train.steps 1.5', tiny((c) => (c.train.steps = 1.5)), [], /config\.train\.steps/, /1\.5/);
trainCase('validation overlaps test', tiny((c) => (c.evaluation = { validation: { seed: 0 } })), [], /config\.evaluation\.validation\.seed/, /overlap/);
trainCase('learningRate 0', tiny((c) => (c.agent.learningRate = 0)), [], /config\.agent\.learningRate/, /got 0/);
trainCase('unknown field', tiny((c) => (c.colour = 'blue')), [], /colour/);
trainCase('env with id and spec', tiny((c) => (c.env.spec = acLinear)), [], /config\.env/, /exactly one/);
trainCase('env id unknown', tiny((c) => (c.env.id = 'nope-v0')), [], /config\.env/, /"nope-v0"/);
trainCase('env override sigma 1e200', tiny((c) => (c.env.overrides.price = { sigma: 1e200 })), [], /config\.env/, /sigma/, esc('1e+200'));
trainCase('--seed abc', TINY, ['--seed', 'abc'], esc('--seed'), esc('"abc"'));
trainCase('--seed -1', TINY, ['--seed', '-1'], esc('--seed'), esc('"-1"'));
trainCase('--seed 1.5', TINY, ['--seed', '1.5'], esc('--seed'), esc('"1.5"'));
trainCase('--seed at the largest safe integer', TINY, ['--seed', '9007199254740991'], /config\.seed/, /9007199254740991/);
trainCase('--backend unknown', TINY, ['--backend', 'gpu'], esc('--backend'), /"gpu"/);
add('train config missing', () => ['train', at('nope.config.json')], /cannot read config file/, /nope\.config\.json/);
add('train --out ""', () => ['train', config('ok', TINY), '--out', ''], esc('--out'), esc('""'));
add('train --out an existing file', () => ['train', config('ok', TINY), '--out', at('a-file')], esc('--out'), /existing file/);
add('train --resume where no run is', () => ['train', config('ok', TINY), '--out', at('empty-run'), '--resume'], /--resume/, /empty-run/);

// ---- sweep ----
const sweep = (...more: string[]) => () => ['sweep', config('sweep', TINY), '--out', at('sweep-out'), '--workers', '1', ...more];
add('sweep --set one key twice', sweep('--set', 'agent.learningRate=1e-3', '--set', 'agent.learningRate=3e-4'), /--set agent\.learningRate was given twice/);
add('sweep --set without =', sweep('--set', 'agent.learningRate'), esc('--set'), esc('"agent.learningRate"'));
add('sweep --set a bad value', sweep('--set', 'agent.learningRate=-1'), /config\.agent\.learningRate/, /-1/);
add('sweep --seeds a-b', sweep('--seeds', 'a-b'), esc('--seeds'), esc('"a-b"'));
add('sweep --seeds 5-1', sweep('--seeds', '5-1'), esc('--seeds'), esc('"5-1"'));
add('sweep --workers 0', sweep('--workers', '0'), esc('--workers'), esc('"0"'));
add('sweep --workers abc', sweep('--workers', 'abc'), esc('--workers'), esc('"abc"'));
add('sweep config missing', () => ['sweep', at('nope.json'), '--out', at('sweep-out')], /cannot read config file/, /nope\.json/);
add('sweep --out ""', () => ['sweep', config('sweep', TINY), '--out', ''], esc('--out'), esc('""'));

// ---- the queue's artefact store (--artefacts): refused before any connection is made ----
const NO_REDIS = 'redis://127.0.0.1:1';
add('sweep --artefacts without --redis', sweep('--artefacts', 's3://bucket-1/p'), esc('--artefacts applies to a queue'), esc('"s3://bucket-1/p"'));
add('sweep --redis --artefacts s3://a//b', sweep('--redis', NO_REDIS, '--artefacts', 's3://bucket-1/a//b'), esc('--artefacts'), esc('"s3://bucket-1/a//b"'));
add('sweep --redis --artefacts twice', sweep('--redis', NO_REDIS, '--artefacts', 'redis', '--artefacts', 's3://bucket-1'), esc('--artefacts was given 2 times ("redis", "s3://bucket-1")'));
for (const value of ['s3:/bucket-1', 'gs://bucket-1', 's3://', 's3://Bucket_1/p', 's3://bucket-1/p/../q', 'redis://127.0.0.1']) {
  add(`queue status --artefacts ${value}`, () => ['queue', 'status', '--redis', NO_REDIS, '--artefacts', value], esc('--artefacts'), esc(JSON.stringify(value)));
}
add('queue clean --artefacts with a credential', () => ['queue', 'clean', '--redis', NO_REDIS, '--artefacts', 's3://AKIA:wJalr-s3cret@bucket-1/p'], esc('--artefacts must not hold credentials'), esc('"s3://***@bucket-1/p"'), /^(?!.*wJalr-s3cret)/);
add('worker --artefacts gs://', () => ['worker', '--redis', NO_REDIS, '--artefacts', 'gs://bucket-1'], esc('--artefacts'), esc('"gs://bucket-1"'));

// ---- report (fixtures made in beforeAll) ----
add('report a missing directory', () => ['report', at('no-such-dir'), '--out', at('r.html')], /no-such-dir/, /is not a run, sweep, benchmark/);
add('report a corrupt summary.json', () => ['report', at('bench-corrupt'), '--out', at('r.html')], /summary\.json/, /not valid JSON/, /line 1:/);
add('report a summary.json that is []', () => ['report', at('bench-array'), '--out', at('r.html')], /summary\.json/, /must be a JSON object/);
add('report a truncated episodes.csv', () => ['report', at('bench-truncated'), '--out', at('r.html')], /episodes\.csv/, /truncated/);
add('report an episodes.csv missing rows', () => ['report', at('bench-short'), '--out', at('r.html')], /episodes\.csv/, /rows/);
add('report an incomplete run', () => ['report', at('run-incomplete'), '--out', at('r.html')], /run-incomplete/, /incomplete/);
add('report --out a directory', () => ['report', at('bench-good'), '--out', dir], esc('--out'), /is a directory/);
add('report --out ""', () => ['report', at('bench-good'), '--out', ''], esc('--out'), esc('""'));
add('report --out under a file', () => ['report', at('bench-good'), '--out', at('a-file', 'r.html')], esc('--out'), /a-file/);

// ---- reproduce and run: (a trained tiny run, then damaged copies) ----
add('reproduce a directory that is no run', () => ['reproduce', at('bench-good')], /not a run directory/);
add('reproduce a corrupt manifest.json', () => ['reproduce', at('run-bad-manifest')], /manifest\.json/, /not valid JSON/);
add('reproduce a corrupt config.json', () => ['reproduce', at('run-bad-config')], /config\.json/, /not valid JSON/);
add('reproduce an incomplete run', () => ['reproduce', at('run-incomplete')], /did not complete/);
add('reproduce truncated weights', () => ['reproduce', at('run-truncated-weights')], /model\.weights\.bin/, /not the file the run wrote/);
add('reproduce overwritten weights', () => ['reproduce', at('run-overwritten-weights')], /model\.weights\.bin/, /not the file the run wrote/);
add('reproduce a corrupt summary.json', () => ['reproduce', at('run-bad-summary')], /summary\.json/, /not valid JSON/);
add('reproduce a corrupt policy/model.json', () => ['reproduce', at('run-bad-model-json')], /policy\/model\.json/, /not the file the run wrote/);
add('benchmark run: with a corrupt policy/model.json', () => ['benchmark', '--env', 'ac-linear-v0', '--episodes', '5', '--policies', `run:${at('run-bad-model-json')}`], /policy\/model\.json/, /not the file the run wrote/);
add('report a zero-byte manifest.json', () => ['report', at('run-empty-manifest'), '--out', at('r.html')], /manifest\.json/, /the file is empty/);
add('report a manifest.json with a string for result.envSteps', () => ['report', at('run-garbage-result'), '--out', at('r.html')], /manifest\.json/, /result\.envSteps/, /"many"/);
add('report a learning curve with a garbage cell', () => ['report', at('run-garbage-curve'), '--out', at('r.html')], /learning_curve\.csv/, /row 2 column env_steps/, /"x"/);
add('report a damaged market card', () => ['report', at('card-damaged'), '--out', at('r.html')], /card\.json/, /step\.seconds/, /"sixty"/);
add('reproduce --tolerance abc', () => ['reproduce', at('run-good'), '--tolerance', 'abc'], esc('--tolerance'), esc('"abc"'));
add('reproduce --tolerance -1', () => ['reproduce', at('run-good'), '--tolerance', '-1'], esc('--tolerance'), esc('"-1"'));
add('benchmark run: with truncated weights', () => ['benchmark', '--env', 'ac-linear-v0', '--episodes', '5', '--policies', `run:${at('run-truncated-weights')}`], /model\.weights\.bin/);
add('benchmark run: a truncated checkpoint weights file', () => ['benchmark', '--env', 'ac-linear-v0', '--episodes', '5', '--policies', `run:${at('model-truncated')}`], /model\.weights\.bin/, /bytes/);

// ---- yargs ----
add('an unknown command', () => ['frobnicate'], /frobnicate/);
add('an unknown flag', () => ['ac', '--bogus', '1'], /bogus/);
add('no command', () => [], /name a command/);

// ---- library calls ----
interface LibCase {
  readonly name: string;
  readonly call: () => unknown;
  readonly expect: RegExp[];
}
const lib: LibCase[] = [];
const addLib = (name: string, call: () => unknown, ...expect: RegExp[]) => lib.push({ name, call, expect });
const fresh = () => {
  const env = make('ac-linear-v0');
  env.reset({ seed: 0 });
  return env;
};
addLib('step("3.9")', () => fresh().step('3.9' as never), /action/, /"3\.9"/, /a string/);
addLib('step([1, 2, 3])', () => fresh().step([1, 2, 3]), /action/, /an array of 3 elements/);
addLib('step([])', () => fresh().step([]), /action/, /an array of 0 elements/);
addLib('step(["1"])', () => fresh().step(['1'] as never), /action/, /\["1"\]/);
addLib('step(undefined)', () => fresh().step(undefined as never), /action/, /undefined/);
addLib('step(null)', () => fresh().step(null as never), /action/, /null/);
addLib('step({})', () => fresh().step({} as never), /action/, /\{\}/);
addLib('step(NaN)', () => fresh().step(NaN), /action/, /NaN/);
addLib('step(5) in a strict [0, 4] box', () => fresh().step(5), /action/, /\[0, 4\]/, /got 5/);
addLib('step(-Infinity)', () => fresh().step(-Infinity), /action/, /-Infinity/);
addLib('step before reset', () => make('ac-linear-v0').step(1), /before reset/);
for (const seed of [-1, 1.5, 'x', NaN, Infinity, null, 2 ** 53, '0']) addLib(`reset({ seed: ${JSON.stringify(seed) ?? String(seed)} })`, () => make('ac-linear-v0').reset({ seed: seed as number }), /seed/, esc(typeof seed === 'string' ? JSON.stringify(seed) : String(seed)));
addLib('reset("x")', () => make('ac-linear-v0').reset('x' as never), /options/, /"x"/);
for (const m of [1e9, 0, 1.5, -2, NaN]) addLib(`makeVector(id, ${m})`, () => makeVector('ac-linear-v0', m), /numEnvs/, esc(String(m)));
addLib('makeVector(id, "4")', () => makeVector('ac-linear-v0', '4' as never), /numEnvs/, /"4"/);
addLib('make(id, { price: { sigma: 1e200 } })', () => make('ac-linear-v0', { price: { sigma: 1e200 } }), /spec\.price\.sigma/, esc('1e+200'));
addLib('make(id, { order: { shares: -1 } })', () => make('ac-linear-v0', { order: { shares: -1 } }), /spec\.order\.shares/, /-1/);
addLib('make(id, [])', () => make('ac-linear-v0', [] as never), /overrides must be a JSON object/, /an array/);
addLib('make(42)', () => make(42 as never), /env/, /42/);
addLib('make("nope-v0")', () => make('nope-v0'), /"nope-v0"/);
addLib('new ExecutionEnv with NaN in a spec', () => new ExecutionEnv({ ...(acLinear as object), riskAversion: NaN } as never), /riskAversion|NaN/);
const vec = () => {
  const env = makeVector('ac-linear-v0', 3);
  env.reset({ seed: 0 });
  return env;
};
addLib('vector step with 2 actions for 3 lanes', () => vec().step([1, 1]), /3/, /got 2/);
addLib('vector step with a string action', () => vec().step([1, 'x', 1] as never), /actions\[1\]/, /"x"/);
addLib('vector step(undefined)', () => vec().step(undefined as never), /actions/, /undefined/);
addLib('vector step with NaN', () => vec().step(Float64Array.of(1, NaN, 1)), /NaN/);
addLib('vector reset({ seed: -1 })', () => makeVector('ac-linear-v0', 3).reset({ seed: -1 }), /seed/, /-1/);
addLib('vector reset at the largest safe seed with 3 lanes', () => makeVector('ac-linear-v0', 3).reset({ seed: Number.MAX_SAFE_INTEGER }), /seed/, /lane i uses seed \+ i/);

beforeAll(async () => {
  writeFileSync(at('a-file'), 'not a directory\n');
  // A real benchmark directory, and damaged copies of it.
  await runBenchmark({ env: 'ac-linear-v0', policies: ['twap'], episodes: 10, seed: 0, outDir: at('bench-good') });
  for (const name of ['bench-corrupt', 'bench-array', 'bench-truncated', 'bench-short']) cpSync(at('bench-good'), at(name), { recursive: true });
  writeFileSync(at('bench-corrupt', 'summary.json'), '{"env": "ac-linear-v0", ');
  writeFileSync(at('bench-array', 'summary.json'), '[]');
  const episodes = readFileSync(at('bench-good', 'episodes.csv'), 'utf8');
  writeFileSync(at('bench-truncated', 'episodes.csv'), episodes.slice(0, episodes.length - 7));
  writeFileSync(at('bench-short', 'episodes.csv'), `${episodes.trimEnd().split('\n').slice(0, -3).join('\n')}\n`);
  // A real (tiny) trained run, and damaged copies of it.
  await trainRun({ config: tinyPpo({ train: { steps: 640 }, evaluation: { every: 320, validation: { episodes: 20 }, test: { episodes: 20 } } }, { numEnvs: 16, hidden: [8] }), runDir: at('run-good') });
  for (const name of ['run-bad-manifest', 'run-bad-config', 'run-truncated-weights', 'run-overwritten-weights', 'run-bad-summary']) cpSync(at('run-good'), at(name), { recursive: true });
  writeFileSync(at('run-bad-manifest', 'manifest.json'), '{"name": "tiny-ppo", "result": ');
  writeFileSync(at('run-bad-config', 'config.json'), '{"name": ');
  const weights = readFileSync(at('run-good', 'policy', 'model.weights.bin'));
  writeFileSync(at('run-truncated-weights', 'policy', 'model.weights.bin'), weights.subarray(0, weights.length - 12));
  writeFileSync(at('run-overwritten-weights', 'policy', 'model.weights.bin'), Buffer.alloc(weights.length, 7));
  writeFileSync(at('run-bad-summary', 'benchmark', 'summary.json'), '{"policies": [');
  // A run stopped before its end: the manifest it started with, without a result.
  mkdirSync(at('run-incomplete'));
  cpSync(at('run-good', 'config.json'), at('run-incomplete', 'config.json'));
  const { result: _, ...started } = JSON.parse(readFileSync(at('run-good', 'manifest.json'), 'utf8'));
  writeFileSync(at('run-incomplete', 'manifest.json'), JSON.stringify(started));
  writeFileSync(at('run-incomplete', 'learning_curve.csv'), 'env_steps,eval_objective_bps_mean\n');
  for (const name of ['run-empty-manifest', 'run-garbage-result', 'run-garbage-curve', 'run-bad-model-json']) cpSync(at('run-good'), at(name), { recursive: true });
  writeFileSync(at('run-empty-manifest', 'manifest.json'), '');
  const good = JSON.parse(readFileSync(at('run-good', 'manifest.json'), 'utf8'));
  writeFileSync(at('run-garbage-result', 'manifest.json'), JSON.stringify({ ...good, result: { ...good.result, envSteps: 'many' } }));
  const curve = readFileSync(at('run-good', 'learning_curve.csv'), 'utf8').split('\n');
  writeFileSync(at('run-garbage-curve', 'learning_curve.csv'), [curve[0], curve[1].replace(/^\d+/, 'x'), ...curve.slice(2)].join('\n'));
  writeFileSync(at('run-bad-model-json', 'policy', 'model.json'), '{"format": "garbage"}');
  mkdirSync(at('card-damaged'));
  const card = JSON.parse(readFileSync(new URL('../env/specs/twins/xetra-twin-v0/card.json', import.meta.url), 'utf8'));
  writeFileSync(at('card-damaged', 'card.json'), JSON.stringify({ ...card, step: { seconds: 'sixty' } }));
  cpSync(at('run-good', 'policy'), at('model-truncated'), { recursive: true });
  writeFileSync(at('model-truncated', 'model.weights.bin'), weights.subarray(0, 10));
}, 120_000);

/** The contract: one line, prefixed, no stack trace, every pattern found. */
function expectOneLine(text: string, patterns: readonly RegExp[], label: string): void {
  const lines = text.trim().split('\n');
  expect(lines, `${label}: one line, got:\n${text}`).toHaveLength(1);
  expect(text, label).not.toMatch(/\n\s+at /);
  for (const pattern of patterns) expect(lines[0], label).toMatch(pattern);
}

describe('the bad-input corpus (issue 10)', () => {
  it('holds at least 150 cases of specs, configs, flags, data files and library calls', () => {
    expect(cli.length + lib.length).toBeGreaterThanOrEqual(150);
  });

  it('every bad CLI input is one line on stderr naming the field and the value as typed, with exit code 2 (74 for a file-system refusal), and creates no directory', async () => {
    const failures: string[] = [];
    for (const c of cli) {
      const { code, stdout, stderr } = await runMain(c.argv());
      try {
        expect(code, `${c.name}: exit code (stderr: ${stderr})`).toBe(c.code ?? 2);
        expectOneLine(stderr, [/^execgym: /, ...c.expect], c.name);
        expect(stdout, c.name).toBe('');
        if (c.absent) expect(existsSync(c.absent()), `${c.name}: left ${c.absent()}`).toBe(false);
      } catch (error) {
        failures.push(`${c.name}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    expect(failures, `${failures.length} of ${cli.length} CLI cases fail:\n${failures.join('\n')}`).toEqual([]);
  }, 120_000);

  it('every bad library call throws a UserError whose one line names the argument and the value', () => {
    const failures: string[] = [];
    for (const c of lib) {
      try {
        let thrown: unknown = null;
        try {
          c.call();
        } catch (error) {
          thrown = error;
        }
        expect(thrown, `${c.name}: a UserError`).toBeInstanceOf(UserError);
        expectOneLine((thrown as Error).message, c.expect, c.name);
      } catch (error) {
        failures.push(`${c.name}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    expect(failures, `${failures.length} of ${lib.length} library cases fail:\n${failures.join('\n')}`).toEqual([]);
  });
});

/** A tiny tmpfs mounted for the test (root only), or null where mounting is not allowed. */
function mountTmpfs(target: string, options: string): boolean {
  mkdirSync(target, { recursive: true });
  return spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', target]).status === 0;
}

describe('environment faults', () => {
  const full = at('full-fs');
  const readOnly = at('ro-fs');
  const canMount = process.getuid?.() === 0 && mountTmpfs(full, 'size=64k') && mountTmpfs(readOnly, 'ro,size=64k');
  afterAll(() => {
    for (const target of [full, readOnly]) spawnSync('umount', [target]);
  });

  it.skipIf(!canMount)('a full file system (ENOSPC) is one line with exit code 74, and leaves no partial result or temporary file', async () => {
    const out = join(full, 'bench');
    const { code, stderr } = await runMain(['benchmark', '--env', 'ac-linear-v0', '--policies', 'twap,vwap', '--episodes', '2000', '--out', out]);
    expect(code).toBe(74);
    expectOneLine(stderr.split('\n').filter((l) => l.startsWith('execgym:')).join('\n'), [/ENOSPC/, /no space left/], 'ENOSPC');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(out).filter((f) => !f.startsWith('.execgym'))).toEqual([]);
  });

  it.skipIf(!canMount)('a read-only file system (EROFS) is one line with exit code 74', async () => {
    const { code, stderr } = await runMain(['benchmark', '--env', 'ac-linear-v0', '--policies', 'twap', '--episodes', '10', '--out', join(readOnly, 'bench')]);
    expect(code).toBe(74);
    expectOneLine(stderr, [/EROFS/, /read-only/], 'EROFS');
  });
});
