import type { PriceModel } from './price-model.js';
import { abm } from './abm.js';
import { gbm } from './gbm.js';
import { ouAlpha } from './ou-alpha.js';
import { jumpDiffusion } from './jump-diffusion.js';
import { garch } from './garch.js';
import { replay } from './replay.js';

/** Every price model, one line each: a new model is its module and one line here. */
const models = [abm, gbm, replay, ouAlpha, jumpDiffusion, garch] as const;

/** The name a price model goes by in a spec (`price.model`). */
export type PriceModelName = (typeof models)[number]['name'];

/** The registry: each model by its spec name. Callers look a model up here; nobody switches on its name. */
export const priceModels: Readonly<Record<PriceModelName, PriceModel>> = Object.freeze(Object.fromEntries(models.map((m) => [m.name, m as PriceModel])) as Record<PriceModelName, PriceModel>);

/** The spec schema variants of every model, in registry order, for the `price` discriminated union. */
export const priceSchemas = models.map((m) => m.schema) as unknown as SchemasOf<typeof models>;

type SchemasOf<T extends readonly unknown[]> = { -readonly [I in keyof T]: T[I] extends { schema: infer S } ? S : never };
