/**
 * Statistics of the long-time integrators (integrateRodas4, integrateAuto): the counts every
 * integrator reports plus, under `solver`, which method ran and where `auto` switched — what
 * run.json records.
 */
export type SolverId = 'odex' | 'rodas4';

/** One switch of `auto`: at time t to method `to`, and why. */
export interface SolverSwitch {
  t: number;
  to: SolverId;
  /** accepted step × spectral-radius estimate when the switch was decided */
  hRho: number;
  reason: string;
}

export interface SolverReport {
  [key: string]: unknown;
  /** the configured solver: "auto" or one method */
  method: 'auto' | SolverId;
  /** the method running at t = 0 */
  initial: SolverId;
  /** every switch of `auto`, in time order */
  switches: SolverSwitch[];
  /** accepted steps of each method */
  acceptedBy: Record<SolverId, number>;
  /** Jacobians formed (finite differences, n + 1 RHS evaluations each) */
  jacobians: number;
  /** RHS evaluations spent on stiffness estimates (auto only; included in rhsEvals) */
  stiffnessEvals: number;
}

export interface LongTimeStats {
  rhsEvals: number;
  steps: number;
  accepted: number;
  rejected: number;
  solver: SolverReport;
}

export function emptyLongTimeStats(method: 'auto' | SolverId, initial: SolverId): LongTimeStats {
  return {
    rhsEvals: 0, steps: 0, accepted: 0, rejected: 0,
    solver: { method, initial, switches: [], acceptedBy: { odex: 0, rodas4: 0 }, jacobians: 0, stiffnessEvals: 0 },
  };
}
