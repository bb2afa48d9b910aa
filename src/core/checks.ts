/**
 * The checks shared by the two boundaries where input enters: `parseConfig` (a user's config) and
 * the problem constructors of the engines (`theoryProblem`, `simProblem`, for library users who
 * build problems directly). One check, one error class (ConfigError naming the field), so the
 * same mistake reads the same wherever it is caught.
 */
import type { Activation } from './activations.ts';
import { ConfigError } from './errors.ts';
import { unitKind } from './integrals.ts';
import { isPositiveSemiDefinite } from './linalg/symmetricEigen.ts';
import type { MirrorOverlaps } from './mirror.ts';
import { covarianceOf, mirrorCovarianceOf, type Overlaps } from './overlaps.ts';
import type { LearningRule } from './rules/index.ts';

/** Output times: finite, ≥ 0 and strictly increasing. */
export function checkTimes(times: ArrayLike<number>, field = 'times'): void {
  if (times.length === 0) throw new ConfigError(field, 'must list at least one time');
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (!(Number.isFinite(t) && t >= 0)) throw new ConfigError(`${field}[${i}]`, `must be a finite time ≥ 0 (got ${t})`);
    if (i > 0 && !(t > times[i - 1])) throw new ConfigError(`${field}[${i}]`, `times must be strictly increasing (${times[i - 1]} then ${t})`);
  }
}

/** The fixed feedback weights of a rule that reads them: K finite numbers. */
export function checkFeedbackWeights(ruleId: string, needs: boolean, fb: ArrayLike<number> | null, K: number): void {
  if (fb === null) {
    if (needs) throw new ConfigError('feedbackWeights', `required for rule "${ruleId}": give K = ${K} numbers`);
    return;
  }
  if (fb.length !== K) throw new ConfigError('feedbackWeights', `must have ${K} entries (one per student unit, K), got ${fb.length}`);
  for (let k = 0; k < K; k++) if (!Number.isFinite(fb[k])) throw new ConfigError(`feedbackWeights[${k}]`, 'must be a finite number');
}

/** The covariance C = [[Q,R,f],[Rᵀ,T,f̃],[fᵀ,f̃ᵀ,q_f]] of initial overlaps must be positive semi-definite. */
export function checkCovariancePsd(o: Overlaps, field = 'init'): void {
  const n = o.K + o.M + 1;
  const psd = isPositiveSemiDefinite(covarianceOf(o), n);
  if (!psd.ok) {
    throw new ConfigError(field, `the covariance C = [[Q,R,f],[Rᵀ,T,f̃],[fᵀ,f̃ᵀ,q_f]] must be positive semi-definite (smallest eigenvalue ${psd.minEig.toExponential(3)})`);
  }
}

/**
 * With weight mirroring the fields of (W1, W̃1, F1) must have a PSD covariance
 * [[Q, R, P], [Rᵀ, T, P̃], [Pᵀ, P̃ᵀ, G]] (it is a Gram matrix /D). ConfigError on `field`.
 */
export function checkMirrorCovariancePsd(o: Overlaps, field = 'init'): void {
  if (!o.mirror) return;
  const n = 2 * o.K + o.M;
  const psd = isPositiveSemiDefinite(mirrorCovarianceOf(o as Overlaps & { mirror: MirrorOverlaps }), n);
  if (!psd.ok) {
    throw new ConfigError(field, `with a mirror the covariance of (W1, W̃1, F1), [[Q,R,P],[Rᵀ,T,P̃],[Pᵀ,P̃ᵀ,G]], must be positive semi-definite (smallest eigenvalue ${psd.minEig.toExponential(3)})`);
  }
}

/** The closed-form RHS (theory/rhs.ts) serves a feedback-alignment rule with erf or linear units. */
export function closedFormApplies(rule: LearningRule, student: Activation, teacher: Activation): boolean {
  return rule.alignmentFeedback !== null && unitKind(student) !== null && unitKind(teacher) !== null;
}

/**
 * The theory options that depend on the rule and the activations: `averages: "analytic"` needs the
 * closed forms, `model: "pepita-first-order"` expands PEPITA with erf or linear units. Checked by
 * parseConfig (before anything runs) and by the solve itself (for problems built directly).
 */
export function checkTheoryChoices(theory: { averages?: string; model?: string }, rule: LearningRule, student: Activation, teacher: Activation, mirrored = false): void {
  if (mirrored && theory.model === 'pepita-first-order') throw new ConfigError('theory.model', '"pepita-first-order" has no mirror terms; with "mirror" set use "exact"');
  if (mirrored && theory.averages === 'analytic') throw new ConfigError('theory.averages', '"analytic" has no closed forms for the mirror block (P, P̃, G); with "mirror" set use "auto" (cubature), "cubature" or "mc"');
  if (theory.model === 'pepita-first-order') {
    if (rule.form.kind !== 'modulation') throw new ConfigError('theory.model', `"pepita-first-order" expands the PEPITA ODE; the rule is "${rule.id}" (of the ${rule.form.kind} form; it needs the modulation form)`);
    if (unitKind(student) === null || unitKind(teacher) === null) {
      throw new ConfigError('theory.model', `"pepita-first-order" has closed forms for erf and linear units only (got ${student.id}/${teacher.id})`);
    }
    return;
  }
  if (theory.averages === 'analytic' && !closedFormApplies(rule, student, teacher)) {
    throw new ConfigError('theory.averages', `"analytic" needs a feedback-alignment rule (bp, dfa, afa) with erf or linear units (got rule "${rule.id}", ${student.id}/${teacher.id}); use "auto", "cubature" or "mc"`);
  }
}

/** A deeper student has no closed forms and no first-order model: its averages are numerical. ConfigError on theory.model / theory.averages. */
export function checkDeepTheory(theory: { averages?: string; model?: string }): void {
  if (theory.model === 'pepita-first-order') throw new ConfigError('theory.model', '"pepita-first-order" is the one-hidden-layer expansion; with "hidden" set use "exact"');
  if (theory.averages === 'analytic') throw new ConfigError('theory.averages', '"analytic" has no closed forms for a deeper student; with "hidden" set use "auto" (cubature), "cubature" or "mc"');
}
