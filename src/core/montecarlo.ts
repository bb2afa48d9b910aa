/**
 * STUB (owned by the Monte Carlo work, issue 4): Gaussian averages by Monte Carlo with a fixed
 * bank of samples (common random numbers), Cholesky mapping, antithetic pairs, standard errors.
 */
import type { Activation } from './activations.ts';
import type { Overlaps } from './overlaps.ts';

/** εg = ½E[(ŷ − y)²] (noiseless teacher) by Monte Carlo. */
export function egMonteCarlo(_o: Overlaps, _student: Activation, _teacher: Activation, _opts?: { samples?: number; seed?: number }): number {
  throw new Error('Monte Carlo averages are not implemented yet');
}
