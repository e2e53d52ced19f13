import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { configJsonSchemaText, CONFIG_SCHEMA_PATH } from '../experiments/run-config/json-schema.js';
import { configHash, loadConfig } from '../experiments/run-config/load-config.js';
import { resolveRunEnv, resolveRunMarket } from '../experiments/run-config/resolve-env.js';
import { runConfigSchema } from '../experiments/run-config/run-config.js';
import { trainRun } from '../experiments/train/train-run.js';
import { parseOrThrow } from '../env/errors/errors.js';
import { tempDir } from './helpers/tiny-runs.js';

const CONFIGS = fileURLToPath(new URL('../experiments/configs/', import.meta.url));
const minimal = { name: 'x', env: { id: 'ac-linear-v0' }, agent: { type: 'ppo' }, train: { steps: 1000 } };

/** The one-line message a config gets, or null when it is valid. */
function problem(config: unknown): string | null {
  try {
    parseOrThrow(runConfigSchema, config, 'config');
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('run configs', () => {
  it('every shipped config validates, resolves its env, and says which agent it trains', () => {
    const files = readdirSync(CONFIGS).filter((f) => f.endsWith('.json'));
    expect(files).toEqual(expect.arrayContaining(['dqn-ac-linear.json', 'ppo-ac-linear.json', 'ppo-regime.json', 'dqn-regime.json']));
    for (const file of files) {
      const config = loadConfig(join(CONFIGS, file));
      expect(config.name).toBe(file.replace(/\.json$/, ''));
      // The editor hint points at the published schema (a folder rename once left it dangling).
      expect(join(CONFIGS, config.$schema ?? '')).toBe(CONFIG_SCHEMA_PATH);
      const env = resolveRunMarket(config.env);
      if (config.agent.type === 'dqn') expect('kind' in env ? 'portfolio' : env.spec.action.type).toBe('discrete');
    }
  });

  it('the shipped portfolio config (ppo-portfolio.json) trains on a tiny budget and benchmarks against per-asset AC and the joint optimum', async () => {
    const shipped = loadConfig(join(CONFIGS, 'ppo-portfolio.json'));
    const config = runConfigSchema.parse({
      ...shipped,
      agent: { ...shipped.agent, numEnvs: 8, numMinibatches: 2, updateEpochs: 1 },
      train: { steps: 320 },
      evaluation: { every: 160, validation: { seed: 1_000_000, episodes: 10 }, test: { seed: 0, episodes: 10 } },
    });
    const result = await trainRun({ config, runDir: join(tempDir(), 'run') });
    expect(result.completed).toBe(true);
    expect(result.portfolio?.rows.map((r) => r.policy)).toEqual(['optimal', 'ac-per-asset', 'twap', 'vwap', 'ppo-portfolio']);
  });

  it('the published JSON Schema is generated from the zod schema and up to date (npm run schema:config)', () => {
    expect(readFileSync(CONFIG_SCHEMA_PATH, 'utf8')).toBe(configJsonSchemaText());
  });

  it('unknown keys and out-of-range values are one-line errors naming the field, the value and the allowed range', () => {
    expect(problem(minimal)).toBeNull();
    expect(problem({ ...minimal, agent: { type: 'ppo', learningRate: 5 } })).toMatch(/^config\.agent\.learningRate: Too big: expected number to be <=1 \(got 5\)/);
    expect(problem({ ...minimal, agent: { type: 'ppo', lr: 0.1 } })).toMatch(/^config\.agent: Unrecognized key: "lr"/);
    expect(problem({ ...minimal, agent: { type: 'dqn', gamma: -1 } })).toMatch(/^config\.agent\.gamma: Too small: expected number to be >=0 \(got -1\)/);
    expect(problem({ ...minimal, agent: { type: 'sac' } })).toBe(`config.agent.type: Invalid discriminator value. Expected 'ppo' | 'dqn' | 'rppo' (got "sac")`);
    expect(problem({ ...minimal, agent: { type: 'dqn', startE: 0.1, endE: 0.5 } })).toMatch(/^config\.agent\.endE: must be <= startE \(0\.1\), got 0\.5/);
    expect(problem({ ...minimal, train: { steps: 0 } })).toMatch(/^config\.train\.steps: Too small: expected number to be >=1 \(got 0\)/);
    expect(problem({ ...minimal, seed: 1.5 })).toMatch(/^config\.seed: .*int/i);
    expect(problem({ ...minimal, extra: true })).toMatch(/^config: Unrecognized key: "extra"/);
    expect(problem({ ...minimal, env: { id: 'ac-linear-v0', spec: {} } })).toMatch(/^config\.env/);
  });

  it('validation and test seeds must be disjoint and below the training seeds', () => {
    expect(problem({ ...minimal, evaluation: { validation: { seed: 0, episodes: 100 }, test: { seed: 50, episodes: 100 } } })).toMatch(
      /config\.evaluation\.validation\.seed: validation seeds \[0, 100\) overlap the test seeds \[50, 150\)/,
    );
    expect(problem({ ...minimal, evaluation: { test: { seed: 999_999_990, episodes: 100 } } })).toMatch(/config\.evaluation\.test\.seed: seeds must stay below 1000000000/);
  });

  it('env problems name the config field: an unknown id, a bad override, DQN on a Box action space', async () => {
    expect(() => resolveRunEnv(runConfigSchema.parse({ ...minimal, env: { id: 'nope-v0' } }).env)).toThrow(/^config\.env: env: unknown id "nope-v0"/);
    expect(() => resolveRunEnv(runConfigSchema.parse({ ...minimal, env: { id: 'ac-linear-v0', overrides: { riskAversion: -1 } } }).env)).toThrow(
      /^config\.env: spec\.riskAversion: Too small/,
    );
    const dqnOnBox = runConfigSchema.parse({ ...minimal, agent: { type: 'dqn' } });
    await expect(trainRun({ config: dqnOnBox, runDir: join(tempDir(), 'run') })).rejects.toThrow(/^config\.agent: dqn needs a Discrete action space; env ac-linear-v0 has a box one/);
  });

  it('the config hash ignores the description and key order, and changes with any setting', () => {
    const a = runConfigSchema.parse(minimal);
    const b = runConfigSchema.parse({ train: { steps: 1000 }, agent: { type: 'ppo' }, env: { id: 'ac-linear-v0' }, name: 'x', description: 'notes' });
    expect(configHash(b)).toBe(configHash(a));
    expect(configHash(runConfigSchema.parse({ ...minimal, seed: 1 }))).not.toBe(configHash(a));
  });

  it('loadConfig reports unreadable files and invalid JSON in one line, and --seed replaces the seed', () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "name": ');
    expect(() => loadConfig(bad)).toThrow(/bad\.json" is not valid JSON \(line 1:/);
    expect(() => loadConfig(join(dir, 'missing.json'))).toThrow(/cannot read config file/);
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(minimal));
    expect(loadConfig(good, 7).seed).toBe(7);
  });
});
