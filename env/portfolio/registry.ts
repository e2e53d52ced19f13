import { readFileSync } from 'node:fs';
import portfolioAc from '../specs/portfolio-ac-v0.json' with { type: 'json' };
import portfolioTransition from '../specs/portfolio-transition-v0.json' with { type: 'json' };
import portfolioXetra from '../specs/portfolio-xetra-v0/spec.json' with { type: 'json' };
import { parseOrThrow, UserError } from '../errors/errors.js';
import { parseJson } from '../io/read-json.js';
import { checkNumEnvs } from '../core/validate-args.js';
import { compilePortfolio, type PortfolioParams } from './params.js';
import { PortfolioEnv } from './portfolio-env.js';
import { PortfolioVectorEnv } from './portfolio-vector-env.js';
import { portfolioSpecSchema, type PortfolioSpec, type PortfolioSpecInput } from './spec-schema.js';

/**
 * The portfolio envs (issue 24). They have a spec of their own (several names, matrices), so they
 * are made here rather than by `make`, whose envs are single-asset `ExecutionEnv`s.
 */
const registry = new Map<string, PortfolioSpecInput>();
for (const spec of [portfolioAc, portfolioTransition, portfolioXetra] as PortfolioSpecInput[]) registry.set(spec.id, spec);

/** The ids of the registered portfolio envs. */
export function portfolioIds(): string[] {
  return [...registry.keys()];
}

/** Registers a user portfolio spec under its id (validated now). */
export function registerPortfolio(spec: PortfolioSpecInput): void {
  const parsed = parseOrThrow(portfolioSpecSchema, spec, 'spec');
  compilePortfolio(parsed);
  registry.set(parsed.id, spec);
}

/** Whether `idOrPath` names a portfolio env: a registered id, or a JSON file whose `kind` is `portfolio`. */
export function isPortfolioEnv(idOrPath: string): boolean {
  if (registry.has(idOrPath)) return true;
  if (!idOrPath.endsWith('.json')) return false;
  try {
    const spec = JSON.parse(readFileSync(idOrPath, 'utf8')) as { kind?: unknown };
    return spec?.kind === 'portfolio';
  } catch {
    return false;
  }
}

/**
 * The validated portfolio spec for an id or a JSON spec file.
 * @throws UserError naming the id, the file or the invalid field
 */
export function resolvePortfolioSpec(idOrPath: string): PortfolioSpec {
  let raw: unknown = registry.get(idOrPath);
  if (raw === undefined) {
    if (!idOrPath.endsWith('.json')) throw new UserError(`env: unknown portfolio env ${JSON.stringify(idOrPath)}; registered: ${portfolioIds().join(', ')} (or a path to a .json portfolio spec)`);
    let text: string;
    try {
      text = readFileSync(idOrPath, 'utf8');
    } catch {
      throw new UserError(`env: cannot read spec file ${JSON.stringify(idOrPath)}`);
    }
    raw = parseJson(text, `env: ${idOrPath}`);
  }
  return parseOrThrow(portfolioSpecSchema, raw, 'spec');
}

/** The compiled market of a portfolio env. */
export function portfolioParams(idOrPath: string): PortfolioParams {
  return compilePortfolio(resolvePortfolioSpec(idOrPath));
}

/** @example const env = makePortfolio('portfolio-ac-v0'); env.reset({ seed: 1 }); */
export function makePortfolio(idOrPath: string): PortfolioEnv {
  return new PortfolioEnv(resolvePortfolioSpec(idOrPath));
}

export function makePortfolioVector(idOrPath: string, numEnvs: number): PortfolioVectorEnv {
  checkNumEnvs(numEnvs);
  return new PortfolioVectorEnv(resolvePortfolioSpec(idOrPath), numEnvs);
}

/** A portfolio env resolved for a training run: its id and compiled market (what an agent trains and is evaluated on). */
export interface ResolvedPortfolio {
  readonly kind: 'portfolio';
  readonly id: string;
  readonly params: PortfolioParams;
}

/** @throws UserError naming the id, the file or the invalid field */
export function resolvePortfolio(idOrPath: string): ResolvedPortfolio {
  const spec = resolvePortfolioSpec(idOrPath);
  return { kind: 'portfolio', id: spec.id, params: compilePortfolio(spec) };
}
