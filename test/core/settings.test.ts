// The allowed values and ranges are defined once (src/core/theorySettings.ts, src/core/ranges.ts):
// a config file and an API caller are refused for the same values, on the same field, in the same
// words, and accept the same ones.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config.ts';
import { ConfigError } from '../../src/core/errors.ts';
import { resolveLearningSetup } from '../../src/core/learningSetup.ts';
import { rangeViolation, SEED_RANGE } from '../../src/core/ranges.ts';
import { AVERAGES, SOLVER_NAMES, THEORY_DEFAULTS, THEORY_MODELS } from '../../src/core/theorySettings.ts';
import { resolveTheoryOptions } from '../../theory/options.ts';

function refusal(f: () => unknown): { field: string; message: string } | null {
  try {
    f();
    return null;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return { field: e.field, message: e.message };
  }
}

describe('theory settings: config and API agree', () => {
  const bad: [string, unknown][] = [
    ['rtol', 0], ['rtol', 1], ['rtol', -1e-3], ['atol', 0], ['mcSamples', 1], ['mcSamples', 2.5], ['mcSamples', 6e7],
    ['mcSeed', -1], ['mcSeed', 2 ** 32], ['cubatureNodes', 99], ['cubatureNodes', 5e6], ['cubatureNodes', 150.5],
    ['averages', 'exact'], ['model', 'first-order'], ['solver', 'rk4'],
  ];
  for (const [field, v] of bad) {
    it(`theory.${field} = ${String(v)} is refused by both, on theory.${field}`, () => {
      const api = refusal(() => resolveTheoryOptions({ [field]: v }));
      const cfg = refusal(() => parseConfig({ theory: { [field]: v } }));
      expect(api?.field).toBe(`theory.${field}`);
      expect(cfg?.field).toBe(`theory.${field}`);
      // the same rule worded the same: the API message (which adds "(got …)") starts with the config's
      const core = (m: string) => m.replace(/^theory\.\w+: /, '').replace(/ \(got .*\)$/, '').replace(/;.*$/, '');
      expect(core(api!.message)).toBe(core(cfg!.message));
    });
  }
  const good: [string, unknown][] = [['rtol', 0.5], ['mcSamples', 2], ['mcSeed', 2 ** 32 - 1], ['cubatureNodes', 100], ...AVERAGES.map((a) => ['averages', a] as [string, unknown]),
    ...THEORY_MODELS.map((m) => ['model', m] as [string, unknown]), ...SOLVER_NAMES.map((s) => ['solver', s] as [string, unknown])];
  it('the same values are accepted by both', () => {
    for (const [field, v] of good) {
      expect(refusal(() => resolveTheoryOptions({ [field]: v }))).toBeNull();
      // model "pepita-first-order" needs rule pepita, "analytic" averages a rule with closed forms
      const rule = field === 'model' ? 'pepita' : 'bp';
      expect(refusal(() => parseConfig({ rule, theory: { [field]: v } }))).toBeNull();
    }
  });
  it('defaults are the same object for both', () => {
    const cfg = parseConfig({}).theory;
    const api = resolveTheoryOptions();
    for (const k of ['rtol', 'atol', 'averages', 'mcSamples', 'mcSeed', 'controlVariate', 'model', 'solver'] as const) {
      expect(cfg[k]).toBe(THEORY_DEFAULTS[k]);
      expect(api[k]).toBe(THEORY_DEFAULTS[k]);
    }
  });
});

describe('rates, noise and seeds: config and API agree', () => {
  const spec = { rule: 'bp' as const, eta: 0.1, eta2: 0.1, noise: 0, activation: 'erf' as const, teacherActivation: 'erf' as const, feedbackWeights: null };
  for (const [field, v] of [['eta', 0], ['eta', -1], ['eta2', 0], ['noise', -0.1]] as const) {
    it(`${field} = ${v}`, () => {
      const api = refusal(() => resolveLearningSetup({ ...spec, [field]: v }, 2));
      const cfg = refusal(() => parseConfig({ [field]: v }));
      expect(api?.field).toBe(field);
      expect(cfg?.field).toBe(field);
      expect(api!.message.replace(/ \(got .*\)$/, '')).toBe(cfg!.message.replace(/;.*$/, ''));
    });
  }
  it('seed range', () => {
    expect(rangeViolation(2 ** 32, SEED_RANGE)).toBe(`must be ≤ ${2 ** 32 - 1}`);
    expect(rangeViolation(0, SEED_RANGE)).toBeNull();
    expect(refusal(() => parseConfig({ sim: { seed: 2 ** 32 } }))?.field).toBe('sim.seed');
  });
});
