/**
 * Control variates for the general RHS (issue 11, docs/averages.md): a per-sample
 * integrand φ₁ close to the rule's own φ whose Gaussian average E[φ₁] is known in closed form. The
 * cubature backend then averages only φ − φ₁ and the RHS is E[φ₁] + cubature(φ − φ₁): the same
 * average, but the rule's error is that of the (smaller) difference.
 *
 * PEPITA's φ₁ is its first-order expansion in f (theory/pepitaFirstOrder.ts), closed form for erf
 * and linear units. Measured on the Fig. 2 PEPITA states (bench/RESULTS.md "Cubature"): with the
 * state-adapted student scale of the backend, Smolyak level 7 with φ₁ is as accurate as level 9
 * without it (RHS error 5e-7 … 3.5e-5 relative), at a quarter of the nodes.
 *
 * Reached from the rule's form (src/core/rules/rule.ts `RuleForm`), like the fused simulation
 * kernels (sim/steps/): the modulation form has this control variate; the other forms, and units
 * without closed forms, have none.
 */
import type { FieldIntegrand } from '../src/core/averaging.ts';
import type { Overlaps } from '../src/core/overlaps.ts';
import { buildPepitaFirstOrderRhs, PepitaFirstOrderIntegrand } from './pepitaFirstOrder.ts';
import type { OdeSystem, RhsFunction } from './state.ts';

/** φ₁ as an integrand of its own, and given the error e, h = g(λ) and g'(λ) that the exact integrand computed. */
export interface ControlIntegrand extends FieldIntegrand {
  setState(o: Overlaps): void;
  accumulateGiven(fields: Float64Array, e: number, h: Float64Array, slope: Float64Array, weight: number, acc: Float64Array): void;
}

/** φ₁ (set to a state before each average) and E[φ₁] as a RHS of the same layout. */
export interface ControlVariate {
  /** what it is, for run.json, e.g. "first-order PEPITA (closed form)" */
  readonly description: string;
  readonly integrand: ControlIntegrand;
  readonly mean: RhsFunction;
}

/** The control variate of a system's rule, or null (none for the rule's form, or no closed forms for its units). */
export function controlVariateFor(sys: OdeSystem): ControlVariate | null {
  if (sys.student.closedForm === null || sys.teacher.closedForm === null) return null;
  if (sys.rule.form.kind !== 'modulation') return null;
  return { description: 'first-order PEPITA in f (closed form)', integrand: new PepitaFirstOrderIntegrand(sys), mean: buildPepitaFirstOrderRhs(sys) };
}
