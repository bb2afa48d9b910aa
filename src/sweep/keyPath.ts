/**
 * Dotted key paths into a JSON config: `init.feedback.std`, `sim.seed`, `theory.rtol`. Used by
 * sweep specs (`grid`, `zip`) and by `--set key.path=value`. A path only builds the raw JSON
 * object; `parseConfig` afterwards decides whether the key exists and the value is allowed.
 *
 *   setKeyPath({ init: { kind: 'weights' } }, 'init.feedback.std', 0.3)
 *     → { init: { kind: 'weights', feedback: { std: 0.3 } } }   (the input is not modified)
 *   parseKeyValue('init.feedback.std=0.3') → { path: 'init.feedback.std', value: 0.3 }
 */
import { ConfigError } from '../core/errors.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const SEGMENT = /^[A-Za-z_$][\w$]*$/;

/** The segments of a dotted path; `field` names the spec entry in errors. */
export function splitKeyPath(path: string, field = path): string[] {
  const parts = path.split('.');
  for (const p of parts) {
    if (!SEGMENT.test(p)) {
      throw new ConfigError(field, `"${path}" is not a dotted key path (segments are names such as eta, init.feedback.std, sim.seed)`);
    }
  }
  return parts;
}

const isObject = (x: unknown): x is JsonObject => x !== null && typeof x === 'object' && !Array.isArray(x);

/**
 * A copy of `obj` with the value at `path` replaced (objects on the way are copied, missing ones
 * created). Throws ConfigError when the path runs through a value that is not an object.
 */
export function setKeyPath<T extends object>(obj: T, path: string, value: unknown, field = path): T {
  const parts = splitKeyPath(path, field);
  const root: JsonObject = { ...(obj as JsonObject) };
  let cur = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = cur[parts[i]];
    if (next !== undefined && !isObject(next)) {
      throw new ConfigError(field, `cannot set "${path}": ${parts.slice(0, i + 1).join('.')} is ${JSON.stringify(next)}, not an object`);
    }
    const copy: JsonObject = { ...(next ?? {}) };
    cur[parts[i]] = copy;
    cur = copy;
  }
  cur[parts[parts.length - 1]] = value as Json;
  return root as T;
}

/** The value at `path`, or undefined. */
export function getKeyPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const p of path.split('.')) {
    if (!isObject(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

/** `key.path=value`: the value is JSON when it parses as JSON (0.3, true, [1,2], "x"), else the raw string. */
export function parseKeyValue(text: string, field = '--set'): { path: string; value: unknown } {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new ConfigError(field, `"${text}" must look like key.path=value, e.g. init.feedback.std=0.3`);
  const path = text.slice(0, eq).trim();
  splitKeyPath(path, field);
  const raw = text.slice(eq + 1).trim();
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // a bare word such as pepita stays a string
  }
  return { path, value };
}
