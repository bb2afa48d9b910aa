/**
 * Choice of right-hand side: closed-form averages when they exist (rule bp/dfa/afa, erf or
 * linear units, theory.averages = "analytic"), the Monte Carlo RHS otherwise (other
 * activations, the exact PEPITA ODE, or theory.averages = "mc").
 */
import type { Config } from '../src/core/config.ts';
import { buildAnalyticRhs, hasAnalyticRhs } from './rhs.ts';
import { buildMcRhs } from './rhsMc.ts';
import type { RhsFunction, TheoryProblem } from './state.ts';

export function buildRhs(p: TheoryProblem, theory: Config['theory']): { rhs: RhsFunction; averages: 'analytic' | 'mc' } {
  if (theory.averages === 'analytic' && hasAnalyticRhs(p)) return { rhs: buildAnalyticRhs(p), averages: 'analytic' };
  return { rhs: buildMcRhs(p, { samples: theory.mcSamples, seed: theory.mcSeed }), averages: 'mc' };
}
