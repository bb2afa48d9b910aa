/**
 * Test-only bridges from a bare state to the theory engine's pieces: the resolved ODE system of a
 * rule at given overlaps (through the validated problem, as solveTheory builds it), and Monte Carlo
 * right-hand sides on the engine's own backend (src/core/mcBackend.ts) with the general integrand
 * (theory/rhsGeneral.ts) — with standard errors per component for the statistical checks.
 */
import type { ActivationId } from '../../src/core/activations.ts';
import { MonteCarloBackend } from '../../src/core/mcBackend.ts';
import { covarianceOf, type Overlaps } from '../../src/core/overlaps.ts';
import type { RuleId } from '../../src/core/rules/index.ts';
import { theoryProblem } from '../../theory/problem.ts';
import { buildGeneralRhs, GeneralOdeIntegrand } from '../../theory/rhsGeneral.ts';
import { odeSystem, unpackState, type OdeSystem, type RhsFunction } from '../../theory/state.ts';

export interface SystemOptions {
  eta?: number;
  eta2?: number;
  noise?: number;
  student?: ActivationId;
  teacher?: ActivationId;
  feedbackWeights?: readonly number[] | null;
}

/** The ODE system of `rule` at the constants (T, W̃2, f̃, q_f) of `o`; defaults η = 0.5, η₂ = 0.3, σ = 0, erf/erf. */
export function systemOf(o: Overlaps, rule: RuleId, opts: SystemOptions = {}): OdeSystem {
  const setup = {
    rule, eta: opts.eta ?? 0.5, eta2: opts.eta2 ?? 0.3, noise: opts.noise ?? 0,
    activation: opts.student ?? 'erf', teacherActivation: opts.teacher ?? 'erf', feedbackWeights: opts.feedbackWeights ?? null,
  } as const;
  return odeSystem(theoryProblem({ setup, initial: o, times: [0] }));
}

export interface McOptions {
  samples: number;
  seed: number;
  /** "trial" (default; as inside a solve) clamps an indefinite covariance, "strict" throws */
  psd?: 'strict' | 'trial';
}

/** The Monte Carlo backend a solve with averages "mc" uses for this system. */
export function mcBackendOf(sys: OdeSystem, opts: McOptions): MonteCarloBackend {
  return new MonteCarloBackend({
    fields: sys.K + sys.M + 1, samples: opts.samples, seed: opts.seed,
    evenIntegrands: sys.student.odd && sys.teacher.odd, psd: opts.psd ?? 'trial',
  });
}

/** The general RHS with Monte Carlo averages (common random numbers: a deterministic function of y). */
export function mcRhsOf(sys: OdeSystem, opts: McOptions): { rhs: RhsFunction; backend: MonteCarloBackend } {
  const backend = mcBackendOf(sys, opts);
  return { rhs: buildGeneralRhs(sys, backend), backend };
}

/** One Monte Carlo RHS evaluation at state y with the standard error of every component (strict PSD check). */
export function mcRhsWithStdErr(sys: OdeSystem, opts: Omit<McOptions, 'psd'>, y: Float64Array, t = 0): { dy: Float64Array; stdErr: Float64Array } {
  const backend = mcBackendOf(sys, { ...opts, psd: 'strict' });
  const o = unpackState(y, sys);
  const integrand = new GeneralOdeIntegrand(sys);
  integrand.setState(o);
  const dy = new Float64Array(y.length);
  const stdErr = new Float64Array(y.length);
  backend.averageWithErrors(covarianceOf(o), integrand, dy, stdErr, t);
  return { dy, stdErr };
}
