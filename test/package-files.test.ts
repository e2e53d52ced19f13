import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../env/io/package-root.js';
import { configPath, loadConfig, shippedConfigNames } from '../experiments/run-config/load-config.js';
import { loadedVersion, packageVersions } from '../experiments/train/manifest.js';
import { ROOT } from './helpers/import-graph.js';

describe('files the package ships and the versions it records', () => {
  it('finds its own root from source', () => {
    expect(packageRoot()).toBe(ROOT);
  });

  it('a shipped config loads by its name, with or without .json, as from its path', () => {
    const names = shippedConfigNames();
    expect(names).toEqual(expect.arrayContaining(['dqn-ac-linear', 'dqn-regime', 'ppo-ac-linear', 'ppo-regime']));
    expect(names).toEqual([...names].sort());
    const byPath = loadConfig(join(ROOT, 'experiments', 'configs', 'ppo-ac-linear.json'));
    expect(loadConfig('ppo-ac-linear')).toEqual(byPath);
    expect(loadConfig('ppo-ac-linear.json', 3)).toEqual({ ...byPath, seed: 3 });
  });

  it('a name that is neither a file nor a shipped config is a one-line error listing the shipped ones; a path is taken as a path', () => {
    expect(() => loadConfig('ppo-ac-lnear')).toThrow(`cannot read config file "ppo-ac-lnear": no such file, and no shipped config of that name (shipped: ${shippedConfigNames().join(', ')})`);
    expect(configPath('configs/ppo-ac-linear')).toBe('configs/ppo-ac-linear');
  });

  it('records the version of each library as Node resolves it from execgym, and null for one not installed', () => {
    const require = createRequire(import.meta.url);
    const zodVersion = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'zod', 'package.json'), 'utf8')).version;
    expect(loadedVersion('zod')).toBe(zodVersion);
    expect(loadedVersion('seedrandom')).toBe(require('seedrandom/package.json').version);
    expect(loadedVersion('no-such-package-execgym')).toBeNull();
    expect(Object.keys(packageVersions('wasm'))).toEqual(['node', 'execgym', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'seedrandom', 'zod']);
    expect(Object.keys(packageVersions('cpu'))).not.toContain('@tensorflow/tfjs-backend-wasm');
  });
});
