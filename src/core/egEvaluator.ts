/**
 * εg of many states of one problem shape (eq. 24, noiseless teacher): the closed form when both
 * activations have one (erf, linear), otherwise an average of ½(ŷ − y)² over (λ, ν) by a backend
 * the caller owns for the whole solve or run — the averaging backend of the solve when it has one
 * (cubature or Monte Carlo), else a Monte Carlo bank at the config defaults. No module state.
 *
 *   const eg = egEvaluator(K, M, activation('relu'), activation('erf'));
 *   eg(overlaps)   // εg
 */
import type { Activation } from './activations.ts';
import type { FieldIntegrand, GaussianAveragingBackend } from './averaging.ts';
import { generalisationError } from './eg.ts';
import { unitKind } from './integrals.ts';
import { MonteCarloBackend } from './mcBackend.ts';
import { isOddActivation } from './montecarlo.ts';
import { covarianceOf, type Overlaps } from './overlaps.ts';
import { THEORY_DEFAULTS } from './theoryDefaults.ts';

export type EgFunction = (o: Overlaps, t?: number) => number;

/** ½(Σ_k W2^k g(λ^k) − Σ_m W̃2^m g̃(ν^m))² at one sample. */
class HalfSquaredError implements FieldIntegrand {
  readonly size = 1;
  W2: Float64Array = new Float64Array(0);
  W2t: Float64Array = new Float64Array(0);
  constructor(private readonly K: number, private readonly M: number, private readonly student: Activation, private readonly teacher: Activation) {}
  accumulate(fields: Float64Array, _xi: number, weight: number, acc: Float64Array): void {
    const g = this.student.g;
    const gt = this.teacher.g;
    let e = 0;
    for (let k = 0; k < this.K; k++) e += this.W2[k] * g(fields[k]);
    for (let m = 0; m < this.M; m++) e -= this.W2t[m] * gt(fields[this.K + m]);
    acc[0] += weight * 0.5 * e * e;
  }
}

/** An εg function for states with K student and M teacher units. */
export function egEvaluator(K: number, M: number, student: Activation, teacher: Activation, backend?: GaussianAveragingBackend): EgFunction {
  if (unitKind(student) !== null && unitKind(teacher) !== null) return (o) => generalisationError(o, student, teacher);
  const avg = backend ?? new MonteCarloBackend({
    fields: K + M + 1, samples: THEORY_DEFAULTS.mcSamples, seed: THEORY_DEFAULTS.mcSeed,
    evenIntegrands: isOddActivation(student) && isOddActivation(teacher), psd: 'strict',
  });
  const integrand = new HalfSquaredError(K, M, student, teacher);
  const C = new Float64Array((K + M + 1) ** 2);
  const out = new Float64Array(1);
  return (o, t = Number.NaN) => {
    integrand.W2 = o.W2;
    integrand.W2t = o.W2t;
    avg.average(covarianceOf(o, C), integrand, out, t);
    return out[0];
  };
}
