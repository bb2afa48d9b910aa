/**
 * The choice of right-hand side and averaging backend for a system and the solve options
 * (docs/averages.md): `analytic` — the closed-form erf/linear RHS of the
 * feedback-alignment family (theory/rhs.ts), an error where it does not apply; `mc` — the general
 * RHS (theory/rhsGeneral.ts) with Monte Carlo averages; `cubature` — the general RHS with
 * deterministic cubature; `auto` (default) — analytic where it applies, else cubature (Monte Carlo for
 * relu units a randomised QMC lattice instead of Gauss–Hermite rules, whose kinks defeat them:
 * src/core/cubature/ruleChoice.ts gaussHermiteSuits).
 */
import type { GaussianAveragingBackend } from '../src/core/averaging.ts';
export { CONTROLLED_TEACHER_SCALE } from '../src/core/averagingBackend.ts';
import { checkDeepTheory, checkTheoryChoices, closedFormApplies } from '../src/core/checks.ts';
import { buildDeepRhs } from './deep.ts';
import { averagingBackendFor } from '../src/core/averagingBackend.ts';
import { controlVariateFor, type ControlVariate } from './controlVariate.ts';
import { buildPepitaFirstOrderRhs } from './pepitaFirstOrder.ts';
import { buildAnalyticRhs } from './rhs.ts';
import { buildGeneralRhs } from './rhsGeneral.ts';
import type { OdeSystem, RhsFunction } from './state.ts';
import { withMirrorTerms } from './mirror.ts';
import { withWeightDecay } from './weightDecay.ts';
import type { ResolvedTheoryOptions } from './options.ts';

/**
 * The control variate is used up to this integration dimension (K + M, +1 with label noise).
 * Measured (bench/RESULTS.md "Cubature", RHS errors on trajectory states): at d = 4 (Fig. 2) and
 * d = 5 (label noise) the controlled rule at the 15 000 budget beats the plain one at 60 000
 * everywhere; at d = 8 (K = M = 4) it is better at small f but 3× worse where |f| ≈ 0.75 (the
 * adaptive scale slows the polynomial parts at such coarse levels), so larger problems keep the plain rule.
 */
export const MAX_CONTROLLED_DIM = 5;

/** True when the closed-form RHS serves the system: an alignment-family rule with erf or linear units. */
export function hasAnalyticRhs(sys: Pick<OdeSystem, 'rule' | 'student' | 'teacher'>): boolean {
  return closedFormApplies(sys.rule, sys.student, sys.teacher);
}

/**
 * The averaging backend of a general-RHS solve (src/core/averagingBackend.ts). `psd`: "trial" inside
 * the integrator (trial stages may leave the PSD cone), "strict" for one-off evaluations.
 */
export function averagingBackend(sys: OdeSystem, opts: ResolvedTheoryOptions, psd: 'strict' | 'trial', controlled = false): GaussianAveragingBackend {
  return averagingBackendFor({ K: sys.K, M: sys.M, noisy: sys.noise > 0, student: sys.student, teacher: sys.teacher }, opts, psd, controlled);
}

/**
 * The control variate a general-RHS solve uses (theory/controlVariate.ts), or null: cubature only
 * (Monte Carlo stays the independent check of the cubature), when enabled, where the rule has one,
 * up to MAX_CONTROLLED_DIM integration dimensions.
 */
export function controlVariateOf(sys: OdeSystem, opts: Pick<ResolvedTheoryOptions, 'averages' | 'controlVariate'>): ControlVariate | null {
  const dim = sys.K + sys.M + (sys.noise > 0 ? 1 : 0);
  if (opts.averages === 'mc' || !opts.controlVariate || dim > MAX_CONTROLLED_DIM) return null;
  return controlVariateFor(sys);
}

export interface SelectedRhs {
  rhs: RhsFunction;
  /** "analytic", "mc" or "cubature" */
  averages: string;
  /** the backend of a general RHS (null for closed forms) */
  backend: GaussianAveragingBackend | null;
  /** the control variate of a cubature RHS (theory/controlVariate.ts), or null */
  controlVariate?: string | null;
}

/**
 * The right-hand side of a system: its rule's (closed form, first-order model or general), with the
 * setup's weight decay added (theory/weightDecay.ts; linear in the state, so every route keeps it)
 * and the mirror step's terms when F is mirrored during learning (theory/mirror.ts; general RHS only).
 */
export function selectRhs(sys: OdeSystem, opts: ResolvedTheoryOptions): SelectedRhs {
  const selected = selectRuleRhs(sys, opts);
  const rhs = withWeightDecay(selected.rhs, sys);
  const m = sys.mirror;
  return { ...selected, rhs: m !== null && m.during ? withMirrorTerms(rhs, { ...sys, mirror: m }) : rhs };
}

function selectRuleRhs(sys: OdeSystem, opts: ResolvedTheoryOptions): SelectedRhs {
  if (sys.deep !== null) {
    // a deeper student: no closed forms or control variate, the deep RHS by cubature or Monte Carlo
    checkDeepTheory(opts);
    const backend = averagingBackend(sys, opts, 'trial', false);
    return { rhs: buildDeepRhs(sys, backend), averages: opts.averages === 'mc' ? 'mc' : 'cubature', backend, controlVariate: null };
  }
  checkTheoryChoices(opts, sys.rule, sys.student, sys.teacher, sys.mirror !== null);
  if (sys.mirror !== null) {
    // no closed forms or control variate cover the learning part of P: the general RHS
    const backend = averagingBackend(sys, opts, 'trial', false);
    return { rhs: buildGeneralRhs(sys, backend, null), averages: opts.averages === 'mc' ? 'mc' : 'cubature', backend, controlVariate: null };
  }
  if (opts.model === 'pepita-first-order') return { rhs: buildPepitaFirstOrderRhs(sys), averages: 'analytic', backend: null };
  const analytic = hasAnalyticRhs(sys);
  if (analytic && (opts.averages === 'analytic' || opts.averages === 'auto')) return { rhs: buildAnalyticRhs(sys), averages: 'analytic', backend: null };
  const mc = opts.averages === 'mc';
  const control = controlVariateOf(sys, opts);
  const backend = averagingBackend(sys, opts, 'trial', control !== null);
  return { rhs: buildGeneralRhs(sys, backend, control), averages: mc ? 'mc' : 'cubature', backend, controlVariate: control?.description ?? null };
}
