/**
 * Every specialised theory path against the general RHS, on every shape (K, M ∈ 1..4, σ = 0 and
 * 0.3), on random PSD states (issue 19):
 *
 *  - the closed-form erf/linear RHS of the alignment form (theory/rhs.ts; BP, DFA, AFA), which
 *    `auto` uses whenever it applies;
 *  - the control variate of the modulation form (theory/controlVariate.ts; PEPITA): the closed-form
 *    mean E[φ₁] of its first-order integrand φ₁, and the controlled cubature RHS that `auto` selects
 *    up to its dimension limit.
 *
 * Two routes of reference. The general RHS (theory/rhsGeneral.ts, the rule's own coefficients) by
 * Monte Carlo with a standard error per component: |Δ| < 5 SE (+1e-12 for components that vanish),
 * a false alarm per component ≈ 6e-7, ≈ 6 000 components in all. And where a tensor Gauss–Hermite
 * rule is affordable (K + M ≤ 3), with the state-adapted node scale of the backend: 40 nodes per
 * dimension up to 3 dimensions, 24 in 4 (K + M = 3 with noise), relative 1e-6. The rule converges
 * geometrically to the closed forms on these states (measured for BP, max over the K + M ≤ 3 states:
 * 4e-5, 2.9e-7, 1.4e-11 at 16, 24, 40 nodes; the fixed scale 1 only 5e-2, 1e-2, 3e-4), and a missing
 * or wrong term is O(1) of some component.
 */
import { describe, expect, it } from 'vitest';
import type { ActivationId } from '../../src/core/activations.ts';
import type { FieldIntegrand } from '../../src/core/averaging.ts';
import { CubatureBackend } from '../../src/core/cubature/backend.ts';
import { covarianceOf, type Overlaps } from '../../src/core/overlaps.ts';
import { LEARNING_RULES, type LearningRule } from '../../src/core/rules/index.ts';
import { controlVariateFor } from '../../theory/controlVariate.ts';
import { resolveTheoryOptions } from '../../theory/options.ts';
import { buildAnalyticRhs } from '../../theory/rhs.ts';
import { GeneralOdeIntegrand } from '../../theory/rhsGeneral.ts';
import { MAX_CONTROLLED_DIM, selectRhs } from '../../theory/select.ts';
import { packState, type OdeSystem } from '../../theory/state.ts';
import { randomOverlaps, relErr } from '../core/gaussianMc.ts';
import { mcBackendOf, systemOf } from '../theory/systems.ts';

const Z = 5;
const MC_SAMPLES = 40_000;
const SHAPES: [number, number][] = [];
for (let K = 1; K <= 4; K++) for (let M = 1; M <= 4; M++) SHAPES.push([K, M]);

function sys(rule: LearningRule, o: Overlaps, noise: number, student: ActivationId = 'erf'): OdeSystem {
  return systemOf(o, rule.id, {
    eta: 0.7, eta2: 0.4, noise, student,
    feedbackWeights: rule.needsFeedbackWeights ? Array.from({ length: o.K }, (_, k) => 0.8 - 0.45 * k) : null,
  });
}

/** A state away from symmetric points; W2, W̃2 of order one (randomOverlaps draws them standard normal). */
function state(K: number, M: number, seed: number): Overlaps {
  return randomOverlaps(K, M, seed);
}

/** E[integrand] by Monte Carlo with standard errors (the engine's MC backend, strict PSD). */
function mcAverage(s: OdeSystem, o: Overlaps, integrand: FieldIntegrand & { setState(o: Overlaps): void }, seed: number): { mean: Float64Array; se: Float64Array } {
  integrand.setState(o);
  const mean = new Float64Array(integrand.size), se = new Float64Array(integrand.size);
  mcBackendOf(s, { samples: MC_SAMPLES, seed, psd: 'strict' }).averageWithErrors(covarianceOf(o), integrand, mean, se, 0);
  return { mean, se };
}

/**
 * E[integrand] by a tensor Gauss–Hermite rule: 40 nodes per dimension up to 3 dimensions, else 24;
 * the state-adapted scale for erf students (their g' factors), the unscaled rule for linear ones
 * (polynomial in λ, integrated exactly by the unscaled rule and not by the reweighted one: 8e-6).
 */
function tensorAverage(s: OdeSystem, o: Overlaps, integrand: FieldIntegrand & { setState(o: Overlaps): void }): Float64Array {
  integrand.setState(o);
  const out = new Float64Array(integrand.size);
  const n = s.K + s.M + (s.noise > 0 ? 1 : 0) <= 3 ? 40 : 24;
  new CubatureBackend({ K: s.K, M: s.M, noisy: s.noise > 0 }, { rule: { kind: 'tensor', n }, psd: 'strict', checkEvery: 0, evenIntegrands: true, scale: s.student.id === 'linear' ? 1 : 'adaptive' })
    .average(covarianceOf(o), integrand, out, 0);
  return out;
}

function zFailures(label: string, got: Float64Array, ref: { mean: Float64Array; se: Float64Array }): string[] {
  const out: string[] = [];
  for (let i = 0; i < got.length; i++) {
    const d = Math.abs(got[i] - ref.mean[i]);
    if (!(d < Z * ref.se[i] + 1e-12)) out.push(`${label} component ${i}: ${got[i]} vs ${ref.mean[i]} ± ${ref.se[i]}`);
  }
  return out;
}

describe('the closed-form RHS of the alignment form = the general RHS (every alignment rule, every shape)', () => {
  const alignment = LEARNING_RULES.filter((r) => r.form.kind === 'alignment');
  it('the built-in alignment rules are BP, DFA and AFA', () => {
    expect(alignment.map((r) => r.id)).toEqual(['bp', 'dfa', 'afa']);
  });
  for (const rule of alignment) {
    for (const student of ['erf', 'linear'] as const) {
      it(`${rule.id}, ${student} students`, () => {
        const failures: string[] = [];
        let tensorWorst = 0;
        for (const [K, M] of SHAPES) {
          for (const noise of [0, 0.3]) {
            const o = state(K, M, 31 * K + 7 * M + (noise > 0 ? 1 : 0));
            const s = sys(rule, o, noise, student);
            const closed = new Float64Array(packState(o).length);
            buildAnalyticRhs(s)(0, packState(o), closed);
            failures.push(...zFailures(`K=${K} M=${M} σ=${noise}`, closed, mcAverage(s, o, new GeneralOdeIntegrand(s), 11 + K + M)));
            if (K + M <= 3) tensorWorst = Math.max(tensorWorst, relErr(closed, tensorAverage(s, o, new GeneralOdeIntegrand(s))));
          }
        }
        expect(failures).toEqual([]);
        expect(tensorWorst).toBeLessThan(1e-6);
      });
    }
  }
});

describe('power: the same checks reject a closed form of the wrong system', () => {
  it('BP\'s closed form against AFA\'s general RHS, and the σ = 1.5 closed form against σ = 0 (the η² noise term)', () => {
    const [bp, afa] = ['bp', 'afa'].map((id) => LEARNING_RULES.find((r) => r.id === id)!);
    for (const [K, M] of [[1, 1], [3, 2], [4, 4]] as const) {
      const o = state(K, M, 5 + K + M);
      const closed = new Float64Array(packState(o).length);
      buildAnalyticRhs(sys(bp, o, 0))(0, packState(o), closed);
      const s = sys(afa, o, 0);
      expect(zFailures('bp vs afa', closed, mcAverage(s, o, new GeneralOdeIntegrand(s), 3)).length).toBeGreaterThan(0);
      const noisy = new Float64Array(packState(o).length);
      buildAnalyticRhs(sys(afa, o, 1.5))(0, packState(o), noisy);
      expect(zFailures('σ', noisy, mcAverage(s, o, new GeneralOdeIntegrand(s), 3)).length).toBeGreaterThan(0);
    }
  });
});

describe('the control variate of the modulation form (PEPITA), every shape', () => {
  const modulation = LEARNING_RULES.filter((r) => r.form.kind === 'modulation');
  it('the built-in modulation rule is PEPITA', () => {
    expect(modulation.map((r) => r.id)).toEqual(['pepita']);
  });
  for (const rule of modulation) {
    it(`${rule.id}: E[φ₁] in closed form = the average of φ₁`, () => {
      const failures: string[] = [];
      let tensorWorst = 0;
      for (const [K, M] of SHAPES) {
        for (const noise of [0, 0.3]) {
          const o = state(K, M, 53 * K + 5 * M + (noise > 0 ? 1 : 0));
          const s = sys(rule, o, noise);
          const cv = controlVariateFor(s)!;
          const closed = new Float64Array(cv.integrand.size);
          cv.mean(0, packState(o), closed);
          failures.push(...zFailures(`K=${K} M=${M} σ=${noise}`, closed, mcAverage(s, o, cv.integrand, 17 + K + M)));
          if (K + M <= 3) tensorWorst = Math.max(tensorWorst, relErr(closed, tensorAverage(s, o, cv.integrand)));
        }
      }
      expect(failures).toEqual([]);
      expect(tensorWorst).toBeLessThan(1e-6);
    });

    it(`${rule.id}: the RHS \`auto\` selects (controlled cubature up to ${MAX_CONTROLLED_DIM} dimensions) = the plain general RHS`, () => {
      const failures: string[] = [];
      let controlledShapes = 0;
      for (const [K, M] of SHAPES) {
        for (const noise of [0, 0.3]) {
          const o = state(K, M, 71 * K + 3 * M + (noise > 0 ? 1 : 0));
          const s = sys(rule, o, noise);
          const selected = selectRhs(s, resolveTheoryOptions({}));
          if (selected.controlVariate) controlledShapes++;
          const dy = new Float64Array(packState(o).length);
          selected.rhs(0, packState(o), dy);
          const ref = mcAverage(s, o, new GeneralOdeIntegrand(s), 23 + K + M);
          // the selected cubature's own error (≤ 1e-3 relative of the largest component, issue 23 measures it) adds to the MC error
          const scale = Math.max(...ref.mean.map(Math.abs));
          for (let i = 0; i < dy.length; i++) ref.se[i] = Math.hypot(ref.se[i], (1e-3 * scale) / Z);
          failures.push(...zFailures(`K=${K} M=${M} σ=${noise} (${selected.controlVariate ?? 'plain'})`, dy, ref));
        }
      }
      // shapes with K + M (+1 with noise) ≤ 5 use the control variate: 10 + 6 of the 32
      expect(controlledShapes).toBe(16);
      expect(failures).toEqual([]);
    });
  }
});
