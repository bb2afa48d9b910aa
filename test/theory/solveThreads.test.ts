/**
 * Threads sharing the cubature averages of one solve (theory/threads/team.ts,
 * src/core/cubature/nodeSplit.ts; docs/averages.md "Threads"):
 *  - the parts of a point set cover it exactly, and the parted sum is still exact where the rule is
 *    (E[λ_i λ_j] = C_ij to rounding on a 29 221-point folded Smolyak set);
 *  - a solve on 1, 2 and 3 threads gives bit-identical εg and states (each average is summed in fixed
 *    parts added in part order, whatever thread summed them), and records its thread count;
 *  - a rule of fewer points runs on one thread; a user rule from a module goes to the threads (the
 *    worker loads the module), one given as an object stays on one thread — same numbers either way;
 *  - a worker that fails mid-solve makes the solve throw with the worker's own message, promptly;
 *  - theory.threads is validated by the config (field named, what is allowed).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { solveTheoryOf } from '../../src/app/fromConfig.ts';
import { parseConfig } from '../../src/core/config.ts';
import { ConfigError } from '../../src/core/errors.ts';
import { CubatureBackend } from '../../src/core/cubature/backend.ts';
import { partPoints, partsOf, SPLIT_MIN_POINTS, SPLIT_PARTS } from '../../src/core/cubature/nodeSplit.ts';
import { loadRuleModule } from '../../src/core/rules/ruleModule.ts';
import type { TheorySolution } from '../../src/core/trajectory.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/rules/', import.meta.url));

/** PEPITA K = M = 2 without the control variate: Smolyak level 9, 58 441 points, 29 221 folded (≥ SPLIT_MIN_POINTS: 8 parts) */
function config(threads: number | 'auto', extra: Record<string, unknown> = {}) {
  return parseConfig({ rule: 'pepita', eta: 0.1, tmax: 20, points: 8, init: { seed: 3 }, theory: { controlVariate: false, errorEstimate: 'averages', threads }, ...extra });
}

function expectIdentical(a: TheorySolution, b: TheorySolution): void {
  expect(a.result).toBe('success');
  expect(b.result).toBe('success');
  expect(Array.from(b.eg)).toEqual(Array.from(a.eg));
  expect(b.stats.rhsEvals).toBe(a.stats.rhsEvals);
  for (let i = 0; i < a.states.length; i++) {
    for (const key of ['Q', 'R', 'W2', 'f'] as const) expect(Array.from(b.states[i][key])).toEqual(Array.from(a.states[i][key]));
  }
}

describe('parts of a point set', () => {
  it('cover every point once, in order, for counts around the threshold', () => {
    for (const count of [1, SPLIT_MIN_POINTS - 1, SPLIT_MIN_POINTS, 29_221, 60_001]) {
      const parts = partsOf(count);
      expect(parts).toBe(count >= SPLIT_MIN_POINTS ? SPLIT_PARTS : 1);
      let next = 0;
      for (let p = 0; p < parts; p++) {
        const [a, b] = partPoints(count, parts, p);
        expect(a).toBe(next);
        expect(b).toBeGreaterThan(a);
        next = b;
      }
      expect(next).toBe(count);
    }
  });

  it('a parted average is exact where the rule is: E[λ_i λ_j] = C_ij to rounding', () => {
    const K = 2, M = 2, n = K + M + 1;
    const C = new Float64Array(n * n);
    const A = [[1.2, 0.3, 0.1, -0.2, 0.4], [0.3, 0.9, -0.3, 0.2, 0.1], [0.1, -0.3, 1.1, 0.25, -0.2], [-0.2, 0.2, 0.25, 1, 0.3], [0.4, 0.1, -0.2, 0.3, 0.8]];
    // C = A Aᵀ / 2: positive definite
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { let s = 0; for (let k = 0; k < n; k++) s += A[i][k] * A[j][k]; C[i * n + j] = s / 2; }
    const b = new CubatureBackend({ K, M, noisy: false }, { rule: { kind: 'smolyak', level: 9 }, psd: 'strict', checkEvery: 0, evenIntegrands: true, scale: 1 });
    // unscaled nodes (exact for polynomials up to the level); the second moments of (λ, ν) and the ρ̄
    // cross moments (E[x_i ρ̄] = E[x_i ρ] = C_iρ): degree 2, even
    const size = (n - 1) * n;
    const integrand = {
      size,
      accumulate(x: Float64Array, _xi: number, w: number, acc: Float64Array) {
        for (let i = 0, o = 0; i < n - 1; i++) for (let j = 0; j < n; j++, o++) acc[o] += w * x[i] * x[j];
      },
    };
    const out = new Float64Array(size);
    b.average(C, integrand, out, 0);
    expect(partsOf(b.stats.nodes)).toBe(SPLIT_PARTS);
    for (let i = 0, o = 0; i < n - 1; i++) for (let j = 0; j < n; j++, o++) expect(Math.abs(out[o] - C[i * n + j])).toBeLessThan(1e-13);
  });
});

describe('a solve on several threads', () => {
  it('gives bit-identical numbers on 1, 2 and 3 threads and records the count', () => {
    const one = solveTheoryOf(config(1));
    expect(one.stats.threads).toBeUndefined();
    expect(partsOf(one.stats.averager!.nodes)).toBe(SPLIT_PARTS);
    const two = solveTheoryOf(config(2));
    expect(two.stats.threads).toBe(2);
    expectIdentical(one, two);
    // 3 threads take 2, 3 and 3 of the 8 parts; the same numbers (the machine's core count does not matter)
    const three = solveTheoryOf(config(3));
    expect(three.stats.threads).toBe(3);
    expectIdentical(one, three);
    // the workers are kept: a second solve on 2 threads again
    expectIdentical(one, solveTheoryOf(config(2)));
  }, 120_000);

  it('a rule of fewer points than SPLIT_MIN_POINTS runs on one thread', () => {
    // the control variate's default budget: Smolyak level 7 (12 609 points, 6 305 folded)
    const sol = solveTheoryOf(parseConfig({ rule: 'pepita', tmax: 5, points: 4, theory: { threads: 2, errorEstimate: 'averages' } }));
    expect(sol.result).toBe('success');
    expect(partsOf(sol.stats.averager!.nodes)).toBe(1);
    expect(sol.stats.threads).toBeUndefined();
  });

  it('a user rule module goes to the threads; the same rule as an object stays on one', async () => {
    const path = join(FIXTURES, 'hebbian-copy.mjs');
    const rule = await loadRuleModule(path);
    const base = { rule: path, noise: 0 };
    const one = solveTheoryOf(config(1, base));
    const two = solveTheoryOf(config(2, base));
    expect(two.stats.threads).toBe(2);
    expectIdentical(one, two);
    const asObject = solveTheoryOf(config(2, { rule: { ...rule, id: 'hebbian-copy-object' } }));
    expect(asObject.stats.threads).toBeUndefined();
    expectIdentical(one, asObject);
  }, 120_000);

  it('a worker that fails mid-solve: the solve throws its message, not a hang', async () => {
    const path = join(FIXTURES, 'throws-in-worker.mjs');
    await loadRuleModule(path);
    const t0 = performance.now();
    expect(() => solveTheoryOf(config(2, { rule: path, tmax: 200 }))).toThrow(/a theory thread failed: .*deliberate failure in a worker thread/s);
    expect(performance.now() - t0).toBeLessThan(60_000);
    // on one thread the rule is fine (it throws only on worker threads)
    expect(solveTheoryOf(config(1, { rule: path, tmax: 2 })).result).toBe('success');
  }, 120_000);
});

describe('theory.threads in a config', () => {
  it('accepts "auto" and counts; refuses others naming the field', () => {
    expect(parseConfig({}).theory.threads).toBe('auto');
    expect(parseConfig({ theory: { threads: 4 } }).theory.threads).toBe(4);
    for (const bad of [0, 1.5, 65, 'many']) {
      let err: unknown;
      try {
        parseConfig({ theory: { threads: bad } });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toMatch(/theory\.threads/);
    }
  });
});
