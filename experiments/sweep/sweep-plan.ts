import { join } from 'node:path';
import { parseOrThrow, UserError } from '../../env/errors/errors.js';
import { readJsonObject } from '../../env/io/read-json.js';
import { checkRunnable } from '../run-config/check-runnable.js';
import { runConfigSchema, type RunConfig } from '../run-config/run-config.js';

/** One `--set path=v1,v2` flag: a dotted config path and the values it sweeps. */
export interface SweepAxis {
  readonly path: string;
  readonly values: readonly unknown[];
}

/** One (setting, seed) cell of the sweep: its own run directory. */
export interface SweepRun {
  readonly setting: string;
  readonly seed: number;
  /** Relative to the sweep directory: `<setting>/seed-<seed>`. */
  readonly dir: string;
}

export interface SweepSetting {
  readonly name: string;
  readonly overrides: Readonly<Record<string, unknown>>;
  /** The validated config of this setting (seed left to each run). */
  readonly config: RunConfig;
}

export interface SweepPlan {
  readonly settings: SweepSetting[];
  readonly seeds: number[];
  readonly runs: SweepRun[];
}

/** `0-9` or `0,3,7` (or a mix: `0-2,10`) as a sorted list of distinct seeds. */
export function parseSeeds(text: string): number[] {
  const seeds = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    const from = match ? Number(match[1]) : NaN;
    const to = match?.[2] !== undefined ? Number(match[2]) : from;
    if (!match || to < from || to - from > 10_000) throw new UserError(`--seeds must look like 0-9 or 0,3,7 (non-negative integers, ranges ascending), got ${JSON.stringify(text)}`);
    for (let s = from; s <= to; s++) seeds.add(s);
  }
  return [...seeds].sort((a, b) => a - b);
}

/** `agent.learningRate=1e-3,3e-4`: values are JSON when they parse as JSON, strings otherwise. */
export function parseAxis(text: string): SweepAxis {
  const eq = text.indexOf('=');
  const path = text.slice(0, eq).trim();
  if (eq <= 0 || !/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(path) || eq === text.length - 1) {
    throw new UserError(`--set must look like path.to.field=value1,value2, got ${JSON.stringify(text)}`);
  }
  const values = text
    .slice(eq + 1)
    .split(',')
    .map((raw) => {
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        return raw;
      }
    });
  return { path, values };
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    node[key] = typeof next === 'object' && next !== null && !Array.isArray(next) ? { ...next } : {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

/** Every combination of the axes' values (one empty combination when there are no axes). */
function combinations(axes: readonly SweepAxis[]): Record<string, unknown>[] {
  return axes.reduce<Record<string, unknown>[]>((acc, axis) => acc.flatMap((combo) => axis.values.map((v) => ({ ...combo, [axis.path]: v }))), [{}]);
}

/** A directory-safe name of a setting: `base`, or `agent.learningRate=0.001+agent.hidden=64x64`. */
function settingName(overrides: Record<string, unknown>): string {
  const text = (v: unknown): string => (Array.isArray(v) ? v.map(text).join('x') : typeof v === 'string' ? v : JSON.stringify(v));
  const parts = Object.entries(overrides).map(([path, v]) => `${path}=${text(v)}`);
  return parts.length === 0 ? 'base' : parts.join('+').replace(/[^A-Za-z0-9._=+-]/g, '_');
}

/**
 * The runs of `execgym sweep`: every setting (combination of --set values) times every seed.
 * Each setting's config is validated up front, so a bad value fails before any run starts.
 * @throws UserError naming the config file, or the swept field, its value and what is allowed
 */
export function planSweep(configPath: string, seeds: number[], axes: readonly SweepAxis[]): SweepPlan {
  const base = readJsonObject(configPath, 'config file');
  const repeated = axes.find((axis, i) => axes.findIndex((a) => a.path === axis.path) !== i);
  if (repeated) throw new UserError(`--set ${repeated.path} was given twice; give its values once, comma-separated: --set ${repeated.path}=v1,v2`);
  const settings = combinations(axes).map((overrides) => {
    const json: Record<string, unknown> = { ...base };
    delete json.$schema;
    for (const [path, value] of Object.entries(overrides)) setPath(json, path, value);
    const config = parseOrThrow(runConfigSchema, json, 'config');
    checkRunnable(config);
    return { name: settingName(overrides), overrides, config };
  });
  const runs = settings.flatMap((s) => seeds.map((seed) => ({ setting: s.name, seed, dir: join(s.name, `seed-${seed}`) })));
  return { settings, seeds, runs };
}
