/**
 * Initial conditions: the exact finite-D realisation of given overlaps (the Gram matrix of the
 * realised W1, W̃1, F divided by D reproduces Q, R, T, f, f̃, q_f to 1e-12, also for a PSD-singular
 * C), refusal of a non-PSD C, and initialWeights for both init kinds.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config.ts';
import { ConfigError } from '../../src/core/errors.ts';
import { initialOverlaps, initialWeights, pivotedCholesky, realiseOverlaps, sampleWeights } from '../../src/core/init.ts';
import { covarianceOf, overlapsFromJson, overlapsFromWeights, type Overlaps, type OverlapsJson } from '../../src/core/overlaps.ts';

function maxDiff(a: Overlaps, b: Overlaps): number {
  let d = Math.abs(a.qf - b.qf);
  for (const key of ['Q', 'R', 'T', 'f', 'ft', 'W2', 'W2t'] as const) {
    for (let i = 0; i < a[key].length; i++) d = Math.max(d, Math.abs(a[key][i] - b[key][i]));
  }
  return d;
}

const generic: OverlapsJson = {
  Q: [[0.5, 0.1], [0.1, 0.7]], R: [[0.2, 0], [0, 0.3]], T: [[1, 0.2], [0.2, 1]],
  W2: [0.1, 0.2], W2t: [1, 1], f: [0.3, 0.1], ft: [0.2, 0.4], qf: 1,
};
// PSD but singular: student unit 2 = teacher unit 1 (Q22 = T11 = R21), F = student unit 1 (f1 = Q11 = q_f, f2 = Q12)
const singular: OverlapsJson = {
  Q: [[1, 0.3], [0.3, 1]], R: [[0.3, 0.1], [1, 0.2]], T: [[1, 0.2], [0.2, 1]],
  W2: [0, 0], W2t: [1, 1], f: [1, 0.3], ft: [0.3, 0.1], qf: 1,
};
// the early-time setting of Supp. E.1: W2 = 0, R = 0, T = I, Q = q0·I
const early: OverlapsJson = {
  Q: [[0.01, 0], [0, 0.01]], R: [[0, 0], [0, 0]], T: [[1, 0], [0, 1]],
  W2: [0, 0], W2t: [1, 1], f: [0, 0], ft: [0, 0], qf: 1,
};

describe('realiseOverlaps', () => {
  for (const [name, o, D] of [['generic', generic, 50], ['PSD-singular', singular, 40], ['early-time (E.1)', early, 500], ['D = rank', generic, 5]] as const) {
    it(`reproduces Q, R, T, f, f̃, q_f to 1e-12 (${name}, D = ${D})`, () => {
      const want = overlapsFromJson(o);
      const w = realiseOverlaps(want, D, 3);
      expect(w.W1.length).toBe(2 * D);
      expect(maxDiff(overlapsFromWeights(w), want)).toBeLessThan(1e-12);
    });
  }

  it('the singular case has rank 3 < 5 and still factors exactly (C = L Lᵀ to 1e-15)', () => {
    const C = covarianceOf(overlapsFromJson(singular));
    const { L, rank } = pivotedCholesky(C, 5);
    expect(rank).toBe(3);
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 5; j++) {
        let s = 0;
        for (let r = 0; r < rank; r++) s += L[i * rank + r] * L[j * rank + r];
        expect(Math.abs(s - C[i * 5 + j])).toBeLessThan(1e-15);
      }
    }
  });

  it('different seeds give different weights with the same overlaps', () => {
    const o = overlapsFromJson(generic);
    const a = realiseOverlaps(o, 30, 1), b = realiseOverlaps(o, 30, 2);
    expect(Array.from(a.W1)).not.toEqual(Array.from(b.W1));
    expect(maxDiff(overlapsFromWeights(a), overlapsFromWeights(b))).toBeLessThan(1e-12);
  });

  it('refuses a C that is not positive semi-definite (ConfigError naming init)', () => {
    const bad = overlapsFromJson({ ...generic, f: [2, 0.1] }); // |f1| > √(Q11 q_f)
    expect(() => realiseOverlaps(bad, 50, 1)).toThrow(ConfigError);
    expect(() => realiseOverlaps(bad, 50, 1)).toThrow(/init: .*positive semi-definite/);
  });

  it('refuses D below the rank of C', () => {
    expect(() => realiseOverlaps(overlapsFromJson(generic), 4, 1)).toThrow(/D: must be at least the rank 5/);
  });
});

describe('initialWeights', () => {
  it('kind "weights": exactly sampleWeights', () => {
    const c = parseConfig({ D: 30 });
    const a = initialWeights(c), b = sampleWeights(c);
    expect(Array.from(a.W1)).toEqual(Array.from(b.W1));
    expect(Array.from(a.F)).toEqual(Array.from(b.F));
  });
  it('kind "overlaps": realises initialOverlaps(config) at config.D from init.seed', () => {
    const c = parseConfig({ D: 60, init: { kind: 'overlaps', seed: 9, ...generic } });
    const w = initialWeights(c);
    expect(w.D).toBe(60);
    expect(maxDiff(overlapsFromWeights(w), initialOverlaps(c))).toBeLessThan(1e-12);
  });
});
