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
import { checkTheoryChoices, closedFormApplies } from '../src/core/checks.ts';
import { CUBATURE_CHECK_EVERY, CubatureBackend } from '../src/core/cubature/backend.ts';
import { chooseCubatureRule, gaussHermiteSuits } from '../src/core/cubature/ruleChoice.ts';
import { MonteCarloBackend } from '../src/core/mcBackend.ts';
import { isOddActivation } from '../src/core/montecarlo.ts';
import { THEORY_DEFAULTS } from '../src/core/theoryDefaults.ts';
import { controlVariateFor, type ControlVariate } from './controlVariate.ts';
import { buildPepitaFirstOrderRhs } from './pepitaFirstOrder.ts';
import { buildAnalyticRhs } from './rhs.ts';
import { buildGeneralRhs } from './rhsGeneral.ts';
import type { OdeSystem, RhsFunction } from './state.ts';
import type { ResolvedTheoryOptions } from './options.ts';

/**
 * Node scale of the teacher dimensions under a control variate, 1/√1.1 (with the adaptive student
 * scale, src/core/cubature/backend.ts). Chosen by measurement (bench/RESULTS.md "Cubature"): on the
 * Fig. 2 PEPITA trajectory at Smolyak level 7, scales 1, 1/√1.1, 1/√1.2 gave max εg errors 1.28e-5,
 * 7.8e-6, 8.2e-6 against level 10; the late, slow part (t > 1000, where the RHS is small) gains most.
 */
export const CONTROLLED_TEACHER_SCALE = 1 / Math.sqrt(1.1);

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
 * The averaging backend of a general-RHS solve. `psd`: "trial" inside the integrator (trial stages
 * may leave the PSD cone), "strict" for the output states and one-off evaluations.
 */
export function averagingBackend(sys: OdeSystem, opts: ResolvedTheoryOptions, psd: 'strict' | 'trial', controlled = false): GaussianAveragingBackend {
  const even = isOddActivation(sys.student) && isOddActivation(sys.teacher);
  if (opts.averages === 'mc') return new MonteCarloBackend({ fields: sys.K + sys.M + 1, samples: opts.mcSamples, seed: opts.mcSeed, evenIntegrands: even, psd });
  // "auto" without a closed form, and "cubature": deterministic cubature (src/core/cubature/) —
  // Gauss–Hermite rules for smooth units, the QMC lattice for relu (kinks)
  const noisy = sys.noise > 0;
  const budget = opts.cubatureNodes ?? (controlled ? THEORY_DEFAULTS.cubatureNodesControlled : THEORY_DEFAULTS.cubatureNodes);
  return new CubatureBackend({ K: sys.K, M: sys.M, noisy }, {
    rule: chooseCubatureRule(sys.K + sys.M + (noisy ? 1 : 0), budget, gaussHermiteSuits(sys.student, sys.teacher)),
    psd,
    // the integrator's backend estimates its error every CUBATURE_CHECK_EVERY averages; the output-state one never
    checkEvery: psd === 'trial' ? CUBATURE_CHECK_EVERY : 0,
    evenIntegrands: even,
    // the state-adapted scale suits the difference to the control variate, the fixed 1/√2 the full integrand
    ...(controlled ? { scale: 'adaptive' as const, teacherScale: CONTROLLED_TEACHER_SCALE } : {}),
  });
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

export function selectRhs(sys: OdeSystem, opts: ResolvedTheoryOptions): SelectedRhs {
  checkTheoryChoices(opts, sys.rule, sys.student, sys.teacher);
  if (opts.model === 'pepita-first-order') return { rhs: buildPepitaFirstOrderRhs(sys), averages: 'analytic', backend: null };
  const analytic = hasAnalyticRhs(sys);
  if (analytic && (opts.averages === 'analytic' || opts.averages === 'auto')) return { rhs: buildAnalyticRhs(sys), averages: 'analytic', backend: null };
  const mc = opts.averages === 'mc';
  const control = controlVariateOf(sys, opts);
  const backend = averagingBackend(sys, opts, 'trial', control !== null);
  return { rhs: buildGeneralRhs(sys, backend, control), averages: mc ? 'mc' : 'cubature', backend, controlVariate: control?.description ?? null };
}
