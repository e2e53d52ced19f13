import type { z } from 'zod';
import type { ImpactModel } from './impact-model.js';
import { almgren2005 } from './almgren-2005.js';
import { linear } from './linear.js';
import { power } from './power.js';
import { sqrtVolume } from './sqrt-volume.js';
import { transient } from './transient.js';

/** Every impact model, one line each: a new model is its module and one line here. */
const models = [linear, power, sqrtVolume, transient, almgren2005] as const;

/** The name an impact model goes by in a spec (`impact.model`). */
export type ImpactModelName = (typeof models)[number]['name'];

/** The registry: each model by its spec name. Callers look a model up here; nobody switches on its name. */
export const impactModels: Readonly<Record<ImpactModelName, ImpactModel>> = Object.freeze(Object.fromEntries(models.map((m) => [m.name, m as ImpactModel])) as Record<ImpactModelName, ImpactModel>);

/** The spec schema variants of every model, in registry order, for the `impact` discriminated union. */
export const impactSchemas = models.map((m) => m.schema) as unknown as SchemasOf<typeof models>;

type SchemasOf<T extends readonly unknown[]> = { -readonly [I in keyof T]: T[I] extends { schema: infer S } ? S : never };

/** The spec section of any registered impact model. */
export type ImpactSpecOf = z.output<(typeof models)[number]['schema']>;
