/**
 * Loading a user's rule module (docs/rules.md "Your own rule"): import the file, validate its
 * default export (src/core/rules/userRule.ts `checkRuleObject`), register it under its id and its
 * absolute path. Node only (the CLI, the engines' worker threads); each path is loaded once per
 * process or worker.
 *
 *   const rule = await loadRuleModule('./my-rule.mjs', dirname(configFile));   // ConfigError (exit 2) when invalid
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../errors.ts';
import { isRuleModulePath, registerRule, ruleById, type LearningRule } from './index.ts';
import { checkRuleObject } from './userRule.ts';

export { isRuleModulePath };

const LOADED = new Map<string, Promise<LearningRule>>();

/**
 * Load, validate and register the rule module at `path` (resolved against `base`, default the
 * working directory); the same path is loaded once per process. ConfigError('rule', …) when it does
 * not exist, throws while loading, or exports no valid rule.
 * @example
 * ```ts
 * const rule = await loadRuleModule('examples/my-rule.mjs');
 * const config = parseConfig({ rule: resolve('examples/my-rule.mjs'), tmax: 100 });   // the module's absolute path
 * ```
 */
export function loadRuleModule(path: string, base = process.cwd()): Promise<LearningRule> {
  const abs = isAbsolute(path) ? path : resolve(base, path);
  let p = LOADED.get(abs);
  if (!p) {
    p = importRule(abs);
    LOADED.set(abs, p);
    p.catch(() => LOADED.delete(abs));
  }
  return p;
}

async function importRule(abs: string): Promise<LearningRule> {
  if (!existsSync(abs)) throw new ConfigError('rule', `the rule module "${abs}" does not exist (a path ending in .mjs or .js, relative to the config file)`);
  let mod: { default?: unknown };
  try {
    mod = await import(pathToFileURL(abs).href);
  } catch (e) {
    throw new ConfigError('rule', `the rule module "${abs}" failed to load: ${(e as Error)?.message ?? String(e)}`);
  }
  const rule = checkRuleObject(mod.default, `the rule module "${abs}"`);
  const taken = ruleById(rule.id);
  if (taken && taken !== ruleById(abs)) throw new ConfigError('rule', `the rule module "${abs}": "id" ${JSON.stringify(rule.id)} is already used by another rule; choose another`);
  registerRule(rule, abs);
  return rule;
}

/** In a worker: make sure a setup's `rule` value is known (loads its module when it names one). */
export async function ensureRuleLoaded(rule: string): Promise<void> {
  if (ruleById(rule) === undefined && isRuleModulePath(rule)) await loadRuleModule(rule);
}
