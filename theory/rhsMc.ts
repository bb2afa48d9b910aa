/**
 * STUB (owned by the Monte Carlo work, issue 4): right-hand sides with Monte Carlo averages for
 * bp/dfa/afa with any activations, and the exact PEPITA ODE.
 */
import type { RhsFunction, TheoryProblem } from './state.ts';

export interface McRhsOptions {
  samples: number;
  seed: number;
}

export function buildMcRhs(_p: TheoryProblem, _opts: McRhsOptions): RhsFunction {
  throw new Error('Monte Carlo right-hand sides are not implemented yet');
}
