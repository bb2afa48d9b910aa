/**
 * The sweep spec (README "Sweeps"): one zod schema, unknown keys are errors, JSON Schema via
 * `pepita-ode schema --sweep`.
 *
 *   {
 *     "base": { "rule": "afa", "tmax": 2000 },                       partial config shared by every point
 *     "grid": { "eta": [0.05, 0.1], "init.feedback.std": [0.3, 1] }, Cartesian product (last key fastest)
 *     "zip":  { "rule": ["afa", "pepita"], "sim.seed": [1, 1] },      varied together (equal lengths)
 *     "run":  ["theory", "sim"],
 *     "metrics": { "egAt": [100, 1000], "egBelow": [0.1, 0.01] }
 *   }
 */
import { z } from 'zod';
import { jsonSchemaOf } from '../core/configSchema.ts';
import { ConfigError } from '../core/errors.ts';
import { RULE_IDS } from '../core/rules/index.ts';

const json = z.json();
const values = z.array(json).min(1, 'must list at least one value');
const keyPaths = z.record(z.string(), values);

export const PLATEAU_DEFAULTS = { drop: 0.5, flat: 0.1 } as const;

export const metricsSchema = z.strictObject({
  egAt: z.array(z.number().min(0, 'must be ≥ 0')).default([]).describe('times at which εg is reported (added to the output times, so the theory is exact there); e.g. [100, 1000]'),
  egBelow: z.array(z.number().positive('must be > 0')).default([]).describe('thresholds: the first time εg falls below each (log-linear interpolation between output times); e.g. [0.1, 0.01]'),
  plateau: z.strictObject({
    drop: z.number().gt(0, 'must be > 0').lt(1, 'must be < 1').default(PLATEAU_DEFAULTS.drop).describe('a plateau lies below drop·εg(0) and is left when εg falls below drop·height (the escape time); default 0.5'),
    flat: z.number().positive('must be > 0').default(PLATEAU_DEFAULTS.flat).describe('largest |d ln εg / d ln t| at the plateau row; default 0.1'),
  }).prefault({}).describe('plateau height and escape time (README "Sweep metrics")'),
  vsRule: z.enum(RULE_IDS).nullable().default(null).describe('theory only: also solve each point with this rule and report max_t |ln(εg/εg_vsRule)|; e.g. "pepita"'),
});

export const figureSchema = z.strictObject({
  color: z.string().optional().describe('swept key that colours the εg(t) curves (default: the first swept key)'),
  cellValues: z.boolean().optional().describe('write each heatmap cell\'s value in it (default: true up to 144 cells)'),
  heatmap: z.strictObject({
    x: z.string().describe('swept key on the x axis'),
    y: z.string().describe('swept key on the y axis'),
    metric: z.string().describe('a column of sweep.csv, e.g. "theory.escapeTime"'),
    logX: z.boolean().default(false).describe('log x axis when x is the only swept key (then the metric is drawn as a line); heatmap cells are one per value'),
    logY: z.boolean().default(false).describe('log y axis of that line'),
  }).optional().describe('heatmap of a metric over two swept keys, one equal-sized cell per pair of values (default: the first two swept keys and the first metric column)'),
});

export const sweepSpecSchema = z.strictObject({
  $schema: z.string().optional().describe('path or URL of the JSON Schema (from `pepita-ode schema --sweep`); ignored'),
  base: z.record(z.string(), json).default({}).describe('the config every point starts from (any config keys; see `pepita-ode schema`)'),
  grid: keyPaths.default({}).describe('dotted key path → list of values; the Cartesian product of the lists (the last key varies fastest)'),
  zip: keyPaths.default({}).describe('dotted key path → list of values, all lists of the same length, varied together'),
  run: z.array(z.enum(['theory', 'sim'])).min(1, 'must list "theory" and/or "sim"').default(['theory']).describe('what each point computes: ["theory"], ["sim"] or ["theory", "sim"]'),
  metrics: metricsSchema.prefault({}),
  figure: figureSchema.prefault({}),
});

export type SweepSpec = z.infer<typeof sweepSpecSchema>;
export type SweepMetricsSpec = SweepSpec['metrics'];

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[') || '(spec)';
}

/** Validate a sweep spec (parsed JSON). Throws ConfigError naming the field. */
export function parseSweepSpec(input: unknown): SweepSpec {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new ConfigError('(spec)', 'must be a JSON object');
  const r = sweepSpecSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      const key = (issue as { keys: string[] }).keys[0];
      throw new ConfigError(issue.path.length ? `${where}.${key}` : key, 'unknown key in a sweep spec; allowed: $schema, base, grid, zip, run, metrics, figure (metrics: egAt, egBelow, plateau, vsRule)');
    }
    throw new ConfigError(where, issue.message);
  }
  const spec = r.data;
  const gridKeys = Object.keys(spec.grid);
  const zipKeys = Object.keys(spec.zip);
  if (gridKeys.length + zipKeys.length === 0) throw new ConfigError('grid', 'the sweep is empty: give at least one key path with values in grid or zip');
  for (const k of zipKeys) if (k in spec.grid) throw new ConfigError(`zip.${k}`, 'is also in grid; a key is swept in one of them only');
  const lengths = zipKeys.map((k) => spec.zip[k].length);
  if (new Set(lengths).size > 1) {
    throw new ConfigError('zip', `lists must have equal lengths (${zipKeys.map((k, i) => `${k}: ${lengths[i]}`).join(', ')})`);
  }
  if (new Set(spec.run).size !== spec.run.length) throw new ConfigError('run', 'lists "theory" or "sim" twice');
  for (let i = 1; i < spec.metrics.egAt.length; i++) if (!(spec.metrics.egAt[i] > spec.metrics.egAt[i - 1])) throw new ConfigError(`metrics.egAt[${i}]`, 'times must be strictly increasing');
  return spec;
}

/** Read a spec given as JSON text; malformed JSON is a ConfigError naming the source. */
export function parseSweepSpecText(text: string, source = '--spec'): SweepSpec {
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(source, `is not valid JSON (${(e as Error).message})`);
  }
  return parseSweepSpec(j);
}

/** JSON Schema (draft 2020-12) of the sweep spec, from the zod schema. */
export function sweepJsonSchema(): Record<string, unknown> {
  return jsonSchemaOf(sweepSpecSchema, 'pepita-ode sweep spec',
    'A family of pepita-ode runs: base config, grid (Cartesian) and zip (varied together) of dotted key paths, what to run, metrics. ' +
      'Every point\'s config is validated by pepita-ode before anything runs (rules JSON Schema cannot express: equal zip lengths, a key in grid or zip only).');
}
