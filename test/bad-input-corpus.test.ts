import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import acLinear from '../env/specs/ac-linear-v0.json' with { type: 'json' };
import { readBarsCsv } from '../env/data/bars-csv-reader.js';
import { lobsterBars } from '../env/data/lobster-bars.js';
import { lobsterDayIn } from '../env/data/lobster-file-name.js';
import { readLobsterDay } from '../env/data/lobster-reader.js';
import { lobsterBarsSampleFile } from '../env/data/sample-files.js';
import { readXetra } from '../env/data/xetra-reader.js';
import { UserError } from '../env/errors/errors.js';
import { ExecutionEnv } from '../env/core/execution-env.js';
import { checkEnv, checkVectorEnv } from '../env/check/check-env.js';
import { make, makeVector } from '../env/registry.js';
import { FrameStack, VectorFrameStack } from '../env/wrappers/frame-stack.js';
import { NormalizeObservation, VectorNormalizeObservation } from '../env/wrappers/normalize-observation.js';
import { RunningNorm } from '../env/wrappers/running-norm.js';
import { runBenchmark } from '../experiments/benchmark/run-benchmark.js';
import { checkName, pathInside } from '../env/io/safe-path.js';
import { runConfigSchema } from '../experiments/run-config/run-config.js';
import { parseArtefactTarget } from '../experiments/sweep/queue/artefact-target.js';
import { bundleLimits, packDir } from '../experiments/sweep/queue/bundle.js';
import { checkJobData } from '../experiments/sweep/queue/job-data.js';
import { parseRedisUrl } from '../experiments/sweep/queue/redis-target.js';
import { queueKey } from '../experiments/sweep/queue/signed-store.js';
import { latestCheckpoint } from '../experiments/io/run-dir.js';
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

// ---- issue 25: what a queue writer or whoever hands over a directory may have written ----
add('worker --data-root missing', () => ['worker', '--redis', 'redis://127.0.0.1:1', '--data-root', at('no-such-root')], esc('--data-root'), esc(JSON.stringify(at('no-such-root'))));
add('worker --run-timeout 0', () => ['worker', '--redis', 'redis://127.0.0.1:1', '--run-timeout', '0'], esc('--run-timeout'), esc('"0"'));
add('queue status --redis with a password holding /', () => ['queue', 'status', '--redis', 'redis://:S3cret/Pass@127.0.0.1:1'], esc('--redis'), esc('"redis://***@127.0.0.1:1"'));
add('queue status --redis with a bad percent-escape', () => ['queue', 'status', '--redis', 'redis://:%E0%A4%A@127.0.0.1:1'], esc('--redis has a password that is not valid percent-encoding'), esc('"redis://***@127.0.0.1:1"'));
add('queue status --artefacts with a secret holding /', () => ['queue', 'status', '--redis', 'redis://127.0.0.1:1', '--artefacts', 's3://KEY:Se/cRet@bucket'], esc('--artefacts must not hold credentials'), esc('"s3://***@bucket"'));
add('report on a journal naming ../', () => ['report', at('journal-climb'), '--out', at('journal-report', 'r.html')], esc('commit journal'), esc('"files"[0]'), esc('"../outside.txt"'));
add('report on a journal with a bad kind', () => ['report', at('journal-kind'), '--out', at('journal-report', 'r.html')], esc('"kind"'), esc('"../x"'));
add('report on a journal that is not JSON', () => ['report', at('journal-broken'), '--out', at('journal-report', 'r.html')], esc('commit journal'), /not valid JSON/);
add('report on a sweep whose runs climb out', () => ['report', at('sweep-climb'), '--out', at('journal-report', 'r.html')], esc('"runs"[0]'), esc('"../../etc"'));
add('benchmark into a directory whose result index names ../', () => ['benchmark', '--env', 'ac-linear-v0', '--policies', 'twap', '--episodes', '10', '--out', at('index-climb')], esc('.execgym-benchmark.files.json'), esc('"../outside.txt"'));

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
addLib('parseRedisUrl with a bad percent-escape', () => parseRedisUrl('redis', 'redis://u:%ZZ@h'), esc('--redis'), /percent-encoding/);
addLib('parseArtefactTarget with a secret holding /', () => parseArtefactTarget('--artefacts', 's3://K:Se/cRet@bucket', {}), esc('--artefacts'), esc('s3://***@bucket'));
addLib('a job id naming a path', () => checkName('../victim', 'job id'), esc('job id'), esc('"../victim"'));
addLib('a journal file climbing out', () => pathInside(at(), '../x', 'journal "files"[0]'), esc('journal "files"[0]'), esc('"../x"'));
addLib('a queued config naming an absolute spec', () => checkJobData(runConfigSchema.parse({ name: 't', env: { id: '/etc/passwd.json' }, agent: { type: 'ppo' }, train: { steps: 10 } }), null), esc('config.env.id'), esc('"/etc/passwd.json"'));
addLib('a queued config naming a file without --data-root', () => checkJobData(runConfigSchema.parse({ name: 't', env: { id: 'specs/x.json' }, agent: { type: 'ppo' }, train: { steps: 10 } }), null), esc('config.env.id'), esc('"specs/x.json"'), /--data-root/);
addLib('a checkpoint pointer naming ../', () => latestCheckpoint(at('latest-climb')), esc('latest.json": field.dir: must name a checkpoint directory'), esc('"../../x"'));
addLib('a run directory holding a symbolic link, packed', () => packDir(at('run-with-link')), esc('link.txt'), /symbolic link/);
addLib('EXECGYM_QUEUE_KEY too short', () => queueKey({ EXECGYM_QUEUE_KEY: 'short' }), esc('EXECGYM_QUEUE_KEY'), /16 characters/);
addLib('EXECGYM_BUNDLE_MAX_FILES not a number', () => bundleLimits({ EXECGYM_BUNDLE_MAX_FILES: 'many' }), esc('EXECGYM_BUNDLE_MAX_FILES'), esc('"many"'));
addLib('vector reset at the largest safe seed with 3 lanes', () => makeVector('ac-linear-v0', 3).reset({ seed: Number.MAX_SAFE_INTEGER }), /seed/, /lane i uses seed \+ i/);

// ---- wrappers and checkers (issue 26) ----
for (const frames of [1e9, 2 ** 31, 0, -1, 2.5, NaN, '4']) {
  addLib(`new FrameStack(env, ${JSON.stringify(frames) ?? String(frames)})`, () => new FrameStack(make('regime-v0'), frames as number), /new FrameStack: frames/, /from 1 to 13107/, esc(`got ${typeof frames === 'string' ? JSON.stringify(frames) : String(frames)}`));
}
// 2^20 lanes as the wrapper sees them (a real env of that size holds ~0.5 GB: not needed to test the limit).
const hugeVector = () => ({ ...makeVector('ac-linear-v0', 2), numEnvs: 2 ** 20, reset: () => null, step: () => null, close: () => null, singleObservationSpace: make('ac-linear-v0').observationSpace, singleActionSpace: make('ac-linear-v0').actionSpace });
addLib('new VectorFrameStack over 2^20 lanes x 100 frames', () => new VectorFrameStack(hugeVector() as never, 100), /new VectorFrameStack: 1048576 lanes x 100 frames/, /use at most 12 frames/);
addLib('new FrameStack(null, 4)', () => new FrameStack(null as never, 4), /new FrameStack: env must be an env/, /got null/);
addLib('new NormalizeObservation with 3-wide statistics on a 5-wide env', () => new NormalizeObservation(make('regime-v0'), { norm: new RunningNorm(3) }), /new NormalizeObservation: options\.norm holds statistics of 3 features, but the env's observations have 5/);
addLib('new VectorNormalizeObservation with 9-wide statistics', () => new VectorNormalizeObservation(makeVector('regime-v0', 2), { norm: new RunningNorm(9) }), /options\.norm holds statistics of 9 features/, /have 5/);
addLib('new NormalizeObservation with a plain statistics object', () => new NormalizeObservation(make('regime-v0'), { norm: { mean: [0], var: [1], count: 1 } as never }), /options\.norm must be a RunningNorm/, /RunningNorm\.fromState/, esc('{"mean":[0]'));
addLib('new NormalizeObservation with clip -1', () => new NormalizeObservation(make('regime-v0'), { clip: -1 }), /options\.clip must be a finite number > 0/, /got -1/);
addLib('RunningNorm.fromState with mean and var of different widths', () => RunningNorm.fromState({ mean: [0, 1], var: [1], count: 5 }), /state\.mean and state\.var must be equally long/, esc('"var":[1]'));
addLib('RunningNorm.fromState with count 0', () => RunningNorm.fromState({ mean: [0], var: [1], count: 0 }), /state\.count must be a finite number > 0/, /got 0/);
addLib('checkEnv(null)', () => checkEnv(null as never), /checkEnv: env must be an env \(make\(id\)\) with reset, step, close, observationSpace, actionSpace/, /got null/);
addLib('checkEnv({ reset })', () => checkEnv({ reset: () => null } as never), /checkEnv: env must be an env/, /missing step, close, observationSpace, actionSpace/);
addLib('checkEnv(a vector env)', () => checkEnv(makeVector('ac-linear-v0', 2) as never), /checkEnv: env must be an env/, /missing observationSpace, actionSpace/);
addLib('checkEnv(env, { seed: -1 })', () => checkEnv(make('ac-linear-v0'), { seed: -1 }), /checkEnv: options\.seed must be an integer >= 0/, /got -1/);
addLib('checkVectorEnv(undefined)', () => checkVectorEnv(undefined as never), /checkVectorEnv: env must be a vector env/, /got nothing \(undefined\)/);

beforeAll(async () => {
  // Issue 25: handed-over directories whose bookkeeping names paths outside them.
  writeFileSync(at('outside.txt'), 'keep\n');
  const journal = (name: string, text: string) => {
    mkdirSync(at(name));
    writeFileSync(at(name, 'summary.json'), '{}');
    writeFileSync(at(name, 'episodes.csv'), 'policy,is_bps\n');
    writeFileSync(at(name, '.execgym-commit.json'), text);
  };
  journal('journal-climb', JSON.stringify({ kind: 'benchmark', staging: '.staging-b-1', files: ['../outside.txt'], remove: [] }));
  journal('journal-kind', JSON.stringify({ kind: '../x', staging: '.staging-b-1', files: [], remove: [] }));
  journal('journal-broken', '{"kind": ');
  mkdirSync(at('sweep-climb'));
  writeFileSync(at('sweep-climb', 'aggregate.json'), JSON.stringify({ settings: [], runs: ['../../etc'] }));
  mkdirSync(at('index-climb'));
  writeFileSync(at('index-climb', '.execgym-benchmark.files.json'), JSON.stringify(['../outside.txt']));
  mkdirSync(at('latest-climb', 'checkpoints'), { recursive: true });
  writeFileSync(at('latest-climb', 'checkpoints', 'latest.json'), JSON.stringify({ dir: '../../x', envSteps: 1 }));
  mkdirSync(at('run-with-link'));
  symlinkSync(at('outside.txt'), at('run-with-link', 'link.txt'));
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

// ---- bad data files (issue 26): every reader, calibrate and the size limits ----
/**
 * Bad market data as a user brings it: each case is one line naming the file and, where the fault
 * sits in a row, its line and column. Kept in its own block (other helpers extend the corpus above).
 */
describe('bad data files and sizes (issue 26)', () => {
  const dataDir = at('data26');
  mkdirSync(dataDir, { recursive: true });
  const file = (name: string, text: string | Buffer) => {
    const path = join(dataDir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return path;
  };
  const folder = (name: string) => {
    const path = join(dataDir, name);
    mkdirSync(path, { recursive: true });
    return path;
  };
  const BARS_HEADER = 'timestamp,open,high,low,close,volume,bid,ask';
  const bars = (...rows: string[]) => [BARS_HEADER, ...rows].join('\n') + '\n';
  const XETRA_HEADER = 'ISIN,Mnemonic,SecurityDesc,SecurityType,Currency,SecurityID,Date,Time,StartPrice,MaxPrice,MinPrice,EndPrice,TradedVolume,NumberOfTrades';
  const xetraRow = (time: string, end = '10') => `DE0007164600,SAP,SAP SE,Common stock,EUR,2504888,2018-03-21,${time},10,11,9,${end},100,3`;
  // A 2-level LOBSTER pair: three events, a valid book after each.
  const MSG = ['34200.1,1,1,100,1000000,1', '34200.2,1,2,100,1000100,-1', '34200.3,4,1,50,1000000,1'];
  const BOOK = ['1000100,100,1000000,100,1000200,100,999900,100'].flatMap((r) => [r, r, r]);
  const lobster = (stem: string, message: readonly string[] = MSG, book: readonly string[] = BOOK, level = 2) => {
    file(`${stem}_orderbook_${level}.csv`, book.map((r) => `${r}\n`).join(''));
    return file(`${stem}_message_${level}.csv`, message.map((r) => `${r}\n`).join(''));
  };
  const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 2654435761) % 251));
  const gz = (name: string, text: string, keep: number) => file(name, gzipSync(text).subarray(0, keep));

  const libCases: LibCase[] = [];
  const addData = (name: string, call: () => unknown, ...expect: RegExp[]) => libCases.push({ name, call, expect });
  // readBarsCsv
  addData('bars: empty file', () => readBarsCsv(file('empty.csv', '')), /empty\.csv line 1/, /empty file/);
  addData('bars: header only', () => readBarsCsv(file('header-only.csv', `${BARS_HEADER}\n`)), /header-only\.csv line 1/, /no data rows/);
  addData('bars: missing column close', () => readBarsCsv(file('no-close.csv', 'timestamp,open,high,low,volume\n2024-01-02 09:30,1,1,1,1\n')), /no-close\.csv line 1/, /missing column close/);
  addData('bars: no time column', () => readBarsCsv(file('no-time.csv', 'when,open,high,low,close,volume\n')), /no-time\.csv line 1/, /missing column timestamp/);
  addData('bars: non-numeric open', () => readBarsCsv(file('nan-open.csv', bars('2024-01-02 09:30,abc,1,1,1,1,1,1.1'))), /nan-open\.csv line 2 column 2 \(open\)/, /"abc"/);
  addData('bars: non-monotone time', () => readBarsCsv(file('backwards.csv', bars('2024-01-02 09:31,1,1,1,1,1,1,1.1', '2024-01-02 09:30,1,1,1,1,1,1,1.1'))), /backwards\.csv line 3 column 1 \(timestamp\)/, /times must increase/);
  addData('bars: crossed quote', () => readBarsCsv(file('crossed.csv', bars('2024-01-02 09:30,1,1,1,1,1,1.2,1.1'))), /crossed\.csv line 2 column 7 \(bid\)/, /crossed quote/);
  addData('bars: binary garbage', () => readBarsCsv(file('garbage.csv', garbage)), /garbage\.csv line \d+/);
  addData('bars: truncated gzip', () => readBarsCsv(gz('truncated.csv.gz', bars('2024-01-02 09:30,1,1,1,1,1,1,1.1'), 30)), /truncated\.csv\.gz/, /cannot unpack/);
  addData('bars: a folder', () => readBarsCsv(folder('a-folder.csv')), /a-folder\.csv is a folder, expected a file/);
  addData('bars: a missing file', () => readBarsCsv(join(dataDir, 'nowhere.csv')), /nowhere\.csv/, /ENOENT/);
  addData('bars: a line of 2 MB without a break', () => readBarsCsv(file('one-line.csv', 'x'.repeat(2 << 20))), /one-line\.csv line 1/, /longer than 1048576 characters/);
  addData('bars: epoch seconds', () => readBarsCsv(file('epoch.csv', bars('1704187800,1,1,1,1,1,1,1.1'))), /epoch\.csv line 2 column 1 \(timestamp\)/, /epoch numbers are not accepted/);
  addData('bars: barSeconds 0', () => readBarsCsv(file('ok.csv', bars('2024-01-02 09:30,1,1,1,1,1,1,1.1')), { barSeconds: 0 }), /barSeconds/, /got 0/);
  addData('bars: barSeconds NaN', () => readBarsCsv(file('ok.csv', bars('2024-01-02 09:30,1,1,1,1,1,1,1.1')), { barSeconds: NaN }), /barSeconds/, /got NaN/);
  addData('bars: barSeconds 1e-9', () => readBarsCsv(file('two.csv', bars('2024-01-02 09:30,1,1,1,1,1,1,1.1', '2024-01-02 09:31,1,1,1,1,1,1,1.1')), { barSeconds: 1e-9 }), /barSeconds: 1e-9 s/, /at most 1000000 bars/);
  addData('bars: an unknown time zone', () => readBarsCsv(file('ok.csv', bars('2024-01-02 09:30,1,1,1,1,1,1,1.1')), { timeZone: 'Mars/Olympus' }), /timeZone/, /"Mars\/Olympus"/);
  // readXetra
  addData('xetra: empty file', () => readXetra(file('x-empty.csv', '')), /x-empty\.csv line 1/, /empty file/);
  addData('xetra: header only', () => readXetra(file('x-header.csv', `${XETRA_HEADER}\n`)), /x-header\.csv line 1/, /no rows/);
  addData('xetra: missing column EndPrice', () => readXetra(file('x-cols.csv', `${XETRA_HEADER.replace('EndPrice', 'Close')}\n`)), /x-cols\.csv line 1/, /missing column EndPrice/);
  addData('xetra: non-numeric EndPrice', () => readXetra(file('x-nan.csv', `${XETRA_HEADER}\n${xetraRow('09:00', 'ten')}\n`)), /x-nan\.csv line 2 column 12 \(EndPrice\)/, /"ten"/);
  addData('xetra: non-monotone time', () => readXetra(file('x-back.csv', `${XETRA_HEADER}\n${xetraRow('09:01')}\n${xetraRow('09:00')}\n`)), /x-back\.csv line 3 column 8 \(Time\)/);
  addData('xetra: binary garbage', () => readXetra(file('x-garbage.csv', garbage)), /x-garbage\.csv line \d+/);
  addData('xetra: a folder', () => readXetra(folder('x-folder')), /x-folder is a folder/);
  // readLobsterDay and lobsterBars
  addData('lobster: LEVEL 1000000 in the name', () => readLobsterDay(lobster('BIG_2012-06-21_34200000_57600000', MSG, BOOK, 1000000)), /BIG_2012-06-21_34200000_57600000_message_1000000\.csv/, /LEVEL must be 1\.\.200, got 1000000/);
  addData('lobster: a window past midnight', () => readLobsterDay(lobster('LONG_2012-06-21_0_999999999999')), /LONG_2012-06-21_0_999999999999_message_2\.csv/, /window must satisfy/, /0\.\.999999999999/);
  addData('lobster: a message file without its orderbook', () => readLobsterDay(file('SOLO_2012-06-21_34200000_34260000_message_2.csv', MSG.join('\n'))), /SOLO_2012-06-21_34200000_34260000_message_2\.csv: its orderbook file .*SOLO_2012-06-21_34200000_34260000_orderbook_2\.csv is missing/);
  addData('lobster: an orderbook file without its messages', () => readLobsterDay(file('BOOK_2012-06-21_34200000_34260000_orderbook_2.csv', BOOK.join('\n'))), /BOOK_2012-06-21_34200000_34260000_orderbook_2\.csv: its message file .* is missing/);
  addData('lobster: empty files', () => readLobsterDay(lobster('EMPTY_2012-06-21_34200000_34260000', [], [])), /EMPTY_2012-06-21_34200000_34260000_message_2\.csv line 1/, /empty file/);
  addData('lobster: a non-numeric size', () => readLobsterDay(lobster('NAN_2012-06-21_34200000_34260000', [MSG[0], '34200.2,1,2,lots,1000100,-1', MSG[2]])), /NAN_2012-06-21_34200000_34260000_message_2\.csv line 2 column 4 \(size\)/, /"lots"/);
  addData('lobster: time running backwards', () => readLobsterDay(lobster('BACK_2012-06-21_34200000_34260000', [MSG[1], MSG[0], MSG[2]])), /BACK_2012-06-21_34200000_34260000_message_2\.csv line 2 column 1 \(time\)/, /before the previous event/);
  addData('lobster: binary garbage', () => {
    file('JUNK_2012-06-21_34200000_34260000_orderbook_2.csv', garbage);
    return readLobsterDay(file('JUNK_2012-06-21_34200000_34260000_message_2.csv', garbage));
  }, /JUNK_2012-06-21_34200000_34260000_(message|orderbook)_2\.csv line 1/);
  addData('lobster: truncated gzip', () => {
    gz('GZ_2012-06-21_34200000_34260000_orderbook_2.csv.gz', BOOK.join('\n'), 20);
    return readLobsterDay(gz('GZ_2012-06-21_34200000_34260000_message_2.csv.gz', MSG.join('\n'), 20));
  }, /GZ_2012-06-21_34200000_34260000_message_2\.csv\.gz/, /cannot unpack/);
  addData('lobster: a file not named by the convention', () => readLobsterDay(file('lobster.csv', MSG.join('\n'))), /lobster\.csv/, /must be named TICKER_YYYY-MM-DD/);
  addData('lobster: message and orderbook are folders', () => {
    folder('DIR_2012-06-21_34200000_34260000_orderbook_2.csv');
    return readLobsterDay(folder('DIR_2012-06-21_34200000_34260000_message_2.csv'));
  }, /DIR_2012-06-21_34200000_34260000_message_2\.csv is a folder/);
  addData('lobsterBars: a 1e-6 s step', () => lobsterBars(readLobsterDay(lobster('OK_2012-06-21_34200000_34260000')), 1e-6), /barSeconds: 0\.000001 s/, /at most 1000000 bars/);
  addData('lobsterBars: a NaN step', () => lobsterBars(readLobsterDay(lobster('OK_2012-06-21_34200000_34260000')), NaN), /barSeconds/, /got NaN/);
  addData('lobsterBars: an infinite step', () => lobsterBars(readLobsterDay(lobster('OK_2012-06-21_34200000_34260000')), Infinity), /barSeconds/, /got Infinity/);
  addData('lobster folder: no LOBSTER file in it', () => lobsterDayIn(folder('no-lobster'), 'AAPL'), /no-lobster holds no LOBSTER file/);
  addData('lobster folder: two tickers and no symbol', () => {
    lobster('two/AAA_2012-06-21_34200000_34260000');
    lobster('two/BBB_2012-06-21_34200000_34260000');
    return lobsterDayIn(join(dataDir, 'two'), undefined);
  }, /--symbol/, /2 tickers \(AAA, BBB\)/);

  const cliCases: CliCase[] = [];
  const addCli = (name: string, argv: () => string[], ...expect: RegExp[]) => cliCases.push({ name, argv, expect, absent: () => at('cal-out') });
  const calibrate = (data: () => string, format: string, ...more: string[]) => () => ['calibrate', '--data', data(), '--format', format, ...more, '--out', at('cal-out')];
  addCli('calibrate: a header-only bars file', calibrate(() => file('c-header.csv', `${BARS_HEADER}\n`), 'bars'), /c-header\.csv line 1/, /no data rows/);
  addCli('calibrate: a header-only Xetra file', calibrate(() => file('c-x-header.csv', `${XETRA_HEADER}\n`), 'xetra'), /c-x-header\.csv line 1/, /no rows/);
  addCli('calibrate: a folder as a bars file', calibrate(() => folder('c-folder'), 'bars'), /c-folder is a folder, expected a file/);
  addCli('calibrate: --symbol ""', calibrate(() => lobsterBarsSampleFile('AAPL'), 'bars', '--symbol', ''), /--symbol/, /""/);
  addCli('calibrate: a LOBSTER folder without the symbol', calibrate(() => join(dataDir, 'two'), 'lobster', '--symbol', 'ZZZ'), /two holds LOBSTER files of AAA, BBB, none of "ZZZ"/);
  addCli('calibrate: a LOBSTER name with LEVEL 1000000', calibrate(() => lobster('HUGE_2012-06-21_34200000_57600000', MSG, BOOK, 1000000), 'lobster'), /LEVEL must be 1\.\.200/);
  addCli('calibrate: a truncated gzip', calibrate(() => gz('c-trunc.csv.gz', bars('2024-01-02 09:30,1,1,1,1,1,1,1.1'), 25), 'bars'), /c-trunc\.csv\.gz/, /cannot unpack/);
  const replaySpec = (name: string, data: () => string) => () => {
    const s = { ...structuredClone(acLinear), id: name, price: { model: 'replay', S0: 50, sigma: 0.95, data: { format: 'bars', files: [data()] } } };
    return ['benchmark', '--env', file(`${name}.json`, JSON.stringify(s)), '--policies', 'twap', '--episodes', '5'];
  };
  addCli('a replay spec on a header-only bars file', replaySpec('replay-header', () => file('r-header.csv', `${BARS_HEADER}\n`)), /r-header\.csv line 1/, /no data rows/);
  // Sizes: refused up front with the limit named (measurements in each solver's TSDoc).
  const sized = (base: Record<string, any>, change: (s: Record<string, any>) => void) => () => {
    const s = structuredClone(base);
    change(s);
    return ['optimal', '--env', file(`${s.id}-${cliCases.length}.json`, JSON.stringify(s))];
  };
  addCli('optimal: ac-linear at N = 100,000', sized(acLinear, (s) => (s.horizon.N = 100_000)), /horizon\.N/, /N <= 500/, /got 100000/);
  addCli('optimal: square-root impact at N = 2000', sized(acLinear, (s) => ((s.horizon.N = 2000), (s.impact = { model: 'sqrt-volume', epsilon: 0.01, eta: 0.5, beta: 0.5, gamma: 2.5e-8 }))), /horizon\.N/, /N <= 500/, /got 2000/);
  addCli('optimal: the inventory-grid DP at N = 101', sized(acLinear, (s) => {
    s.horizon.N = 101;
    s.impact = { model: 'sqrt-volume', epsilon: 0.01, eta: 0.5, beta: 0.5, gamma: 2.5e-8 };
    s.regimes = [{ name: 'a', sigma: 0.8 }, { name: 'b', sigma: 1.5 }];
    s.transition = [[0.9, 0.1], [0.2, 0.8]];
  }), /inventory-grid DP/, /N <= 100/, /got 101/);
  addCli('benchmark: a Discrete passive grid of 10^6 actions', () => {
    const s = JSON.parse(readFileSync(new URL('../env/specs/passive-ac-linear-v0.json', import.meta.url), 'utf8'));
    s.action = { type: 'discrete', levels: Array.from({ length: 100 }, (_, i) => i / 25) };
    s.execution.fractions = Array.from({ length: 100 }, (_, i) => i / 99);
    s.execution.offsets = Array.from({ length: 100 }, (_, i) => i);
    return ['benchmark', '--env', file('grid.json', JSON.stringify(s)), '--policies', 'twap', '--episodes', '5'];
  }, /spec\.execution\.offsets/, /at most 10000/, /100 x 100 x 100 = 1000000/);

  it('holds at least 50 cases of bad data files, calibrate flags and sizes', () => {
    expect(libCases.length + cliCases.length).toBeGreaterThanOrEqual(50);
  });

  it('every bad data file given to a reader throws a UserError whose one line names the file (and line and column where a row is at fault)', () => {
    const failures: string[] = [];
    for (const c of libCases) {
      try {
        let thrown: unknown = null;
        try {
          c.call();
        } catch (error) {
          thrown = error;
        }
        expect(thrown, `${c.name}: a UserError, got ${String(thrown)}`).toBeInstanceOf(UserError);
        expectOneLine((thrown as Error).message, c.expect, c.name);
      } catch (error) {
        failures.push(`${c.name}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    expect(failures, `${failures.length} of ${libCases.length} data cases fail:\n${failures.join('\n')}`).toEqual([]);
  });

  it('every bad data file, calibrate flag or oversized spec on the CLI is one line with exit code 2 and writes nothing', async () => {
    const failures: string[] = [];
    for (const c of cliCases) {
      const { code, stdout, stderr } = await runMain(c.argv());
      try {
        expect(code, `${c.name}: exit code (stderr: ${stderr})`).toBe(2);
        expectOneLine(stderr, [/^execgym: /, ...c.expect], c.name);
        expect(stdout, c.name).toBe('');
        if (c.absent) expect(existsSync(c.absent()), `${c.name}: left ${c.absent()}`).toBe(false);
      } catch (error) {
        failures.push(`${c.name}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    expect(failures, `${failures.length} of ${cliCases.length} CLI cases fail:\n${failures.join('\n')}`).toEqual([]);
  }, 120_000);
});
