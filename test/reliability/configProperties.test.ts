/**
 * Property-based: the config parser never crashes — it parses or refuses with a ConfigError. Seeded
 * (FC_SEED overrides) so that CI is reproducible; an unseeded run once found the eigen-solver stall
 * now pinned in test/core/linalg.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config.ts';
import { ConfigError } from '../../src/core/errors.ts';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261204) });

const KEYS = ['K', 'M', 'D', 'rule', 'eta', 'eta2', 'noise', 'activation', 'teacherActivation', 'tmax', 'points', 'times', 'init', 'feedbackWeights', 'theory', 'sim'];

function parsesOrRefusesCleanly(value: unknown): void {
  try {
    const c = parseConfig(value);
    // a parsed config is fully resolved
    expect(c.eta2).toBeGreaterThan(0);
    expect(Number.isInteger(c.K)).toBe(true);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).field.length).toBeGreaterThan(0);
  }
}

describe('config parser properties', () => {
  it('random JSON values never crash it', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => parsesOrRefusesCleanly(v)), { numRuns: 500 });
  });

  it('objects with the real keys and random values never crash it', () => {
    const value = fc.oneof(fc.jsonValue(), fc.integer({ min: -3, max: 5 }), fc.double(), fc.constantFrom('erf', 'afa', 'dfa', 'mc', 'weights', 'overlaps'));
    const config = fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 6 });
    fc.assert(fc.property(config, (v) => parsesOrRefusesCleanly(v)), { numRuns: 1000 });
  });

  it('overlaps inits with random matrices never crash it', () => {
    const mat = (r: number, c: number) => fc.array(fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: c, maxLength: c }), { minLength: r, maxLength: r });
    const vec = (n: number) => fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: n, maxLength: n });
    const init = fc.record({
      kind: fc.constant('overlaps'), Q: mat(2, 2), R: mat(2, fc.sample(fc.integer({ min: 1, max: 2 }), { numRuns: 1, seed: Number(process.env.FC_SEED ?? 20261204) })[0]), T: mat(2, 2),
      W2: vec(2), W2t: vec(2), f: vec(2), ft: vec(2), qf: fc.double({ min: -1, max: 3, noNaN: true }),
    });
    fc.assert(fc.property(init, (i) => parsesOrRefusesCleanly({ init: i })), { numRuns: 300 });
  });
});
