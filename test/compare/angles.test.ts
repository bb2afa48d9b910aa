/**
 * Degenerate solutions and the angles of Fig. 2c (src/compare/angles.ts).
 * Independent routes: the symmetry itself (a degenerate copy computes the same function as the
 * teacher, checked on random inputs with sampled weights), explicit permutation/sign enumeration,
 * and elementary geometry.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { angleDeg, closestDegenerate, degenerateCopies, fig2cAngles } from '../../src/compare/angles.ts';
import { TestRng } from '../core/gaussianMc.ts';

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

describe('degenerate solutions of the erf network', () => {
  it('K = M: G = {P S W̃2} has K!·2^K elements, and the angle is 0 at every one of them', () => {
    const rng = new TestRng(3);
    for (const K of [1, 2, 3, 4]) {
      const W2t = Array.from({ length: K }, () => rng.normal());
      const copies = degenerateCopies(W2t, K);
      expect(copies.length).toBe([1, 1, 2, 6, 24][K] * 2 ** K);
      // build P S W̃2 independently: every permutation × every sign pattern
      for (const perm of permutations(K)) {
        for (let mask = 0; mask < 1 << K; mask++) {
          const v = perm.map((m, k) => ((mask >> k) & 1 ? -1 : 1) * W2t[m]);
          expect(copies.some((c) => c.W2.every((x, i) => x === v[i]))).toBe(true);
          // θ_deg = 0 exactly at the copy (acos of a cosine rounded to ≤ 1: below 1e-6 degrees)
          expect(closestDegenerate(v, copies).angle).toBeLessThan(1e-6);
          // and at any positive multiple of it (angles ignore the norm)
          expect(closestDegenerate(v.map((x) => 2.5 * x), copies).angle).toBeLessThan(1e-6);
        }
      }
    }
  });

  it('every copy realises the same function as the teacher (erf is odd): Σ s W̃2^π(k) g(s ν^π(k)) = Σ W̃2^m g(ν^m)', () => {
    const rng = new TestRng(11);
    const K = 3;
    const W2t = [0.7, -1.3, 2.1];
    const g = (x: number) => Math.tanh(x); // any odd function: the symmetry only uses g(−x) = −g(x)
    for (const c of degenerateCopies(W2t, K)) {
      for (let trial = 0; trial < 5; trial++) {
        const nu = Array.from({ length: K }, () => rng.normal());
        const teacher = W2t.reduce((s, w, m) => s + w * g(nu[m]), 0);
        // student unit k has W1^k = s_k W̃1^{π(k)}, so λ^k = s_k ν^{π(k)}
        const student = c.W2.reduce((s, w, k) => s + w * g(c.sign[k] * nu[c.slot[k]]), 0);
        expect(student).toBeCloseTo(teacher, 12);
      }
    }
  });

  it('the closest copy is never farther than the teacher itself, and is the argmin', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.double({ min: 0.1, max: 3, noNaN: true }), { minLength: 3, maxLength: 3 }),
        (W2, W2t) => {
          const copies = degenerateCopies(W2t, 3);
          const { angle, copy } = closestDegenerate(W2, copies);
          const teacher = angleDeg(W2, W2t);
          if (!Number.isFinite(teacher)) return; // W2 = 0
          expect(angle).toBeLessThanOrEqual(teacher + 1e-9);
          expect(angle).toBeCloseTo(Math.min(...copies.map((c) => angleDeg(W2, c.W2))), 12);
          expect(angleDeg(W2, copy!.W2)).toBe(angle);
        },
      ),
      { numRuns: 200, seed: 5 },
    );
  });

  it('W̃2 = (1, 1), W2 = (−0.9, −0.7): the sign-flipped copy (−1, −1) is the closest, at the angle elementary geometry gives', () => {
    const a = fig2cAngles([-0.9, -0.7], [1, 1], [0.1, 0.1], degenerateCopies([1, 1], 2));
    expect(a.teacher).toBeGreaterThan(170);
    expect(a.degenerate).toBeCloseTo((Math.atan2(0.9, 0.7) - Math.PI / 4) * (180 / Math.PI), 10);
    expect(closestDegenerate([-0.9, -0.7], degenerateCopies([1, 1], 2)).copy!.W2).toEqual([-1, -1]);
    // f ∥ W̃2 here, so ∠(W2, f) = ∠(W2, W̃2)
    expect(a.feedback).toBeCloseTo(a.teacher, 10);
  });

  it('angleDeg: elementary values; NaN for a zero vector', () => {
    expect(angleDeg([1, 0], [0, 3])).toBeCloseTo(90, 12);
    expect(angleDeg([1, 1], [-2, -2])).toBeCloseTo(180, 6);
    expect(angleDeg([1, 0], [1, 1])).toBeCloseTo(45, 12);
    expect(angleDeg([0, 0], [1, 1])).toBeNaN();
  });

  it('K > M: teacher units embedded in K slots (others switched off); K < M: no copies (NaN)', () => {
    const c = degenerateCopies([1, 2], 3);
    // injective placements 3·2 = 6, times 2^2 signs
    expect(c.length).toBe(24);
    expect(c.every((x) => x.W2.filter((v) => v === 0).length === 1)).toBe(true);
    expect(closestDegenerate([0, -2, 1], c).angle).toBeLessThan(1e-6);
    expect(degenerateCopies([1, 2, 3], 2)).toEqual([]);
    expect(closestDegenerate([1, 1], []).angle).toBeNaN();
    expect(fig2cAngles([1, 1, 1], [1, 1], [1, 0, 0], c).teacher).toBeNaN();
  });
});
