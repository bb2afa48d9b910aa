/**
 * The config's JSON Schema (draft 2020-12), generated from the zod schema so the two never
 * disagree; editors use it to complete and check config files (`pepita-ode schema > schema.json`).
 * Cross-field rules (shapes against K and M, symmetry, PSD of C, feedbackWeights for dfa,
 * increasing times) cannot be expressed in JSON Schema; `parseConfig` enforces them.
 */
import { z } from 'zod';
import { configSchema } from './config.ts';

/**
 * The JSON Schema (draft 2020-12) of a config, generated from the zod schema.
 * @example
 * ```ts
 * writeFileSync('schema.json', JSON.stringify(configJsonSchema(), null, 2));   // then "$schema": "./schema.json" in a config
 * ```
 */
export function configJsonSchema(): Record<string, unknown> {
  return jsonSchemaOf(configSchema, 'pepita-ode config', 'Configuration of a pepita-ode run. Every key is optional; defaults are the Fig. 2 setting. ' +
      'Cross-field rules (matrix shapes against K and M, symmetry of Q and T, positive semi-definite initial covariance, ' +
      'feedbackWeights required for rule "dfa", strictly increasing times) are checked by pepita-ode itself.');
}

/** The input JSON Schema of a zod schema with a title and a description (configs and sweep specs). */
export function jsonSchemaOf(schema: z.ZodType, title: string, description: string): Record<string, unknown> {
  return { ...(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>), title, description };
}
