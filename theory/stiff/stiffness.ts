/**
 * When `auto` switches between odex and RODAS4 — the stiffness test, documented and tested
 * (test/theory/stiffAuto.test.ts).
 *
 * A problem is stiff where the explicit method's step is held by stability, not accuracy: then
 * h·ρ(J) sits at the edge of its stability region, whatever the tolerance (ρ = spectral radius of
 * ∂f/∂y, the fastest rate). Measured for odex on y' = −λ(y − cos t) (λ = 10³, 10⁵) at rtol 1e-4 …
 * 1e-11: stability-held steps have median h·λ between 2.8 and 6.4. But odex is of high order, and
 * on a non-stiff oscillator (ρ = 1) its accuracy-held steps reach h·ρ ≈ 2.6–3.7 too, so h·ρ alone
 * cannot tell the two apart (dopri5's test, h·ρ > 3.25, relies on a low order). Hence two stages,
 * as LSODA compares the two methods' steps:
 *
 *  1. suspect (odex running): every CHECK_EVERY accepted steps estimate ρ by power iteration on
 *     finite-difference Jacobian–vector products (ODEX_RHO_ITERS + 1 RHS evaluations); stiffness is
 *     suspected after CONFIRM consecutive estimates with h·ρ ≥ STIFF_H_RHO.
 *  2. confirm by cost (RODAS4 running): after TRIAL_STEPS steps (its step size ramps up by ≤ 5× per
 *     step from odex's), compare RHS evaluations per unit time with odex's over its last window.
 *     RODAS4 stays only if it is cheaper; otherwise odex resumes and the next suspicion needs twice
 *     as many checks (backoff), so a non-stiff problem pays a bounded, shrinking overhead.
 *
 * Back to odex: when RODAS4's own accepted steps have h·ρ(J) < NONSTIFF_H_RHO for NONSTIFF_STEPS
 * steps in a row (ρ from the Jacobian it already has, no RHS cost), the explicit method would be
 * stable at that step and, being of higher order, cheaper.
 */
import type { RhsFunction } from '../state.ts';
import type { StepMonitor } from './segment.ts';
import type { LongTimeStats } from './solverStats.ts';
import { SpectralRadius } from './spectralRadius.ts';

export const STIFF_H_RHO = 2;
export const CHECK_EVERY = 20;
export const CONFIRM = 3;
export const ODEX_RHO_ITERS = 6;
export const TRIAL_STEPS = 15;
export const NONSTIFF_H_RHO = 0.5;
export const NONSTIFF_STEPS = 20;

export type SwitchReason = 'stiff: h·ρ at the stability limit' | 'trial: rodas4 costlier than odex' | 'non-stiff: h·ρ small';

/** The state of the switching policy across pieces of one integration. */
export class StiffnessPolicy {
  private readonly rho: SpectralRadius;
  /** checks needed in a row before suspecting stiffness (grows after a failed trial) */
  private confirm = CONFIRM;
  /** odex's RHS evaluations per unit time over its last window before the switch */
  private odexRate = Infinity;
  /** set when the monitor stopped a piece: why */
  reason: SwitchReason | null = null;

  constructor(private readonly rhs: RhsFunction, n: number, private readonly stats: LongTimeStats) {
    this.rho = new SpectralRadius(n);
  }

  /** The monitor for an odex piece: stops it (returning h·ρ) once stiffness is suspected. */
  odexMonitor(): StepMonitor {
    let steps = 0;
    let streak = 0;
    let windowT = Number.NaN, windowEvals = 0;
    return (t, y, h) => {
      if (++steps % CHECK_EVERY !== 0) return null;
      const { rho, evals } = this.rho.ofRhs(this.rhs, t, y, ODEX_RHO_ITERS);
      this.stats.rhsEvals += evals;
      this.stats.solver.stiffnessEvals += evals;
      const hRho = h * rho;
      if (hRho >= STIFF_H_RHO) {
        if (streak++ === 0) {
          windowT = t;
          windowEvals = this.stats.rhsEvals;
        }
      } else streak = 0;
      if (streak >= this.confirm && t > windowT) {
        this.odexRate = (this.stats.rhsEvals - windowEvals) / (t - windowT);
        this.reason = 'stiff: h·ρ at the stability limit';
        return hRho;
      }
      return null;
    };
  }

  /** The monitor for a RODAS4 piece: the cost trial first, then the non-stiffness watch. */
  rodasMonitor(): StepMonitor {
    let steps = 0;
    let small = 0;
    let trialT = Number.NaN, trialEvals = 0;
    let trialDone = !Number.isFinite(this.odexRate);
    return (t, _y, h, J) => {
      steps++;
      const hRho = J ? h * this.rho.ofMatrix(J) : Number.NaN;
      if (!trialDone) {
        // measure over the second half of the trial, once the step size has ramped up
        if (steps === TRIAL_STEPS >> 1) {
          trialT = t;
          trialEvals = this.stats.rhsEvals;
        } else if (steps === TRIAL_STEPS) {
          trialDone = true;
          const rate = (this.stats.rhsEvals - trialEvals) / (t - trialT);
          if (rate > this.odexRate) {
            this.confirm *= 2;
            this.reason = 'trial: rodas4 costlier than odex';
            return hRho;
          }
          this.confirm = CONFIRM;
        }
        return null;
      }
      small = hRho < NONSTIFF_H_RHO ? small + 1 : 0;
      if (small >= NONSTIFF_STEPS) {
        this.reason = 'non-stiff: h·ρ small';
        return hRho;
      }
      return null;
    };
  }
}
