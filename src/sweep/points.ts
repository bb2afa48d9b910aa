/**
 * The points of a sweep, in a fixed order: the grid's Cartesian product (keys in spec order, the
 * last key varying fastest) times the zip's columns (innermost). Point p has id `p` + p written
 * with at least 4 digits (p0000, p0001, …), so ids sort like the order. `--shard i/n` takes the
 * points with p mod n = i.
 *
 * Every point's config is built (base + its key paths) and validated with `parseConfig` before
 * anything runs; the first bad point is a ConfigError naming the point, its values and the field.
 */
import { checkConfigKeyPath, parseConfig, type Config } from '../core/config.ts';
import { ConfigError } from '../core/errors.ts';
import { setKeyPath } from './keyPath.ts';
import type { SweepSpec } from './spec.ts';

export interface SweepPoint {
  /** position in the fixed order */
  index: number;
  id: string;
  /** swept key path → value, grid keys then zip keys */
  values: Record<string, unknown>;
  /** the raw JSON config of the point (base + values), as written to config.json */
  raw: Record<string, unknown>;
  config: Config;
}

export function pointId(index: number, total: number): string {
  return 'p' + String(index).padStart(Math.max(4, String(Math.max(0, total - 1)).length), '0');
}

/** The swept key paths in column order: grid keys, then zip keys. */
export function sweptKeys(spec: SweepSpec): string[] {
  return [...Object.keys(spec.grid), ...Object.keys(spec.zip)];
}

/** The swept values of every point, in order (no validation). */
export function enumerateValues(spec: SweepSpec): Record<string, unknown>[] {
  const gridKeys = Object.keys(spec.grid);
  const zipKeys = Object.keys(spec.zip);
  const zipLength = zipKeys.length ? spec.zip[zipKeys[0]].length : 1;
  let combos: Record<string, unknown>[] = [{}];
  for (const k of gridKeys) {
    const next: Record<string, unknown>[] = [];
    for (const c of combos) for (const v of spec.grid[k]) next.push({ ...c, [k]: v });
    combos = next;
  }
  const out: Record<string, unknown>[] = [];
  for (const c of combos) {
    for (let j = 0; j < zipLength; j++) {
      const row = { ...c };
      for (const k of zipKeys) row[k] = spec.zip[k][j];
      out.push(row);
    }
  }
  return out;
}

/** Short text of a point's values for messages: eta=0.1, rule="dfa". */
export function describeValues(values: Record<string, unknown>): string {
  return Object.entries(values).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
}

/** The raw config of one point: base with each swept key path set. */
export function pointRaw(base: Record<string, unknown>, values: Record<string, unknown>, field: (key: string) => string): Record<string, unknown> {
  let raw: Record<string, unknown> = structuredClone(base);
  for (const [k, v] of Object.entries(values)) raw = setKeyPath(raw, k, v, field(k));
  return raw;
}

/** Every point of the spec, each config validated. Throws ConfigError for the first bad point. */
export function sweepPoints(spec: SweepSpec): SweepPoint[] {
  const all = enumerateValues(spec);
  const where = (k: string) => (k in spec.grid ? `grid.${k}` : `zip.${k}`);
  return all.map((values, index) => {
    const id = pointId(index, all.length);
    const name = `point ${id} (${describeValues(values)})`;
    try {
      for (const k of Object.keys(values)) checkConfigKeyPath(k, where(k));
      const raw = pointRaw(spec.base, values, where);
      const config = parseConfig(raw);
      const tmaxOf = config.times ? config.times[config.times.length - 1] : config.tmax;
      for (const t of spec.metrics.egAt) {
        if (t > tmaxOf) throw new ConfigError('metrics.egAt', `time ${t} is beyond the point's last output time ${tmaxOf}`);
      }
      return { index, id, values, raw, config };
    } catch (e) {
      if (e instanceof ConfigError) {
        const detail = e.message.startsWith(`${e.field}: `) ? e.message.slice(e.field.length + 2) : e.message;
        throw new ConfigError(`${name}: ${e.field}`, detail);
      }
      throw e;
    }
  });
}

/** Parse `--shard i/n` (0 ≤ i < n). */
export function parseShard(text: string | undefined): { i: number; n: number } {
  if (text === undefined) return { i: 0, n: 1 };
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m || Number(m[2]) < 1 || Number(m[1]) >= Number(m[2])) {
    throw new ConfigError('--shard', `"${text}" must be i/n with 0 ≤ i < n, e.g. 0/4`);
  }
  return { i: Number(m[1]), n: Number(m[2]) };
}

/** The points of shard i/n: p mod n = i. */
export function shardPoints<T extends { index: number }>(points: T[], shard: { i: number; n: number }): T[] {
  return points.filter((p) => p.index % shard.n === shard.i);
}
