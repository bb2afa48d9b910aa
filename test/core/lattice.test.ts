/**
 * The randomised QMC lattice (src/core/cubature/lattice.ts), each part against an independent route:
 *  - Φ and Φ⁻¹: tabulated quantiles, Φ(Φ⁻¹(u)) = u to rounding across 300 decades of tail;
 *  - the generating vector: its P₂ figure of merit beats the trivial vector and most candidates;
 *  - the point set: first and second moments of N(0, I) to the accuracy a lattice reaches;
 *  - on a relu AFA right-hand side (kinks, where Gauss–Hermite fails): within 4 standard errors of
 *    4·10⁶-sample Monte Carlo, converging as N grows, and more accurate than Monte Carlo at equal N.
 */
import { describe, expect, it } from 'vitest';
import { CubatureBackend } from '../../src/core/cubature/backend.ts';
import { inverseNormalCdf, latticeGenerator, latticePointSet, normalCdf, p2FigureOfMerit } from '../../src/core/cubature/lattice.ts';
import { MonteCarloBackend } from '../../src/core/mcBackend.ts';
import { covarianceOf } from '../../src/core/overlaps.ts';
import { theoryProblem } from '../../theory/problem.ts';
import { GeneralOdeIntegrand } from '../../theory/rhsGeneral.ts';
import { odeSystem } from '../../theory/state.ts';
import { genericK2M2State, relErr } from './gaussianMc.ts';

describe('normal CDF and its inverse', () => {
  it('match tabulated quantiles and invert each other down to 1e-300', () => {
    // Φ⁻¹ of 0.975, 0.99, 0.999, 1e-10 (high-precision values)
    const table: [number, number][] = [[0.975, 1.959963984540054], [0.99, 2.3263478740408408], [0.999, 3.090232306167813], [1e-10, -6.361340902404056]];
    for (const [u, x] of table) expect(Math.abs(inverseNormalCdf(u) - x)).toBeLessThan(1e-13 * Math.max(1, Math.abs(x)));
    for (let e = -300; e <= -1; e += 7) {
      const u = 10 ** e;
      // x = Φ⁻¹(u) is right to rounding, δx ≈ 1e-16·|x|, which moves Φ by a relative x·δx ≈ x²·1e-16
      const x = inverseNormalCdf(u);
      expect(Math.abs(normalCdf(x) - u) / u).toBeLessThan((1 + x * x) * 2e-16);
      // the upper tail by symmetry, where 1 − u is representable (it rounds to 1 below ≈ 1e-16)
      if (u > 1e-15) {
        const v = 1 - (1 - u);
        expect(Math.abs(inverseNormalCdf(1 - u) + inverseNormalCdf(v))).toBeLessThan(1e-14 * Math.abs(x));
      }
    }
    expect(() => inverseNormalCdf(0)).toThrow(/\(0, 1\)/);
  });
});

describe('rank-1 lattice', () => {
  it('the chosen Korobov vector has a small P₂ (worst-case error) compared with naive choices', () => {
    const N = 4001, d = 4;
    const z = latticeGenerator(N, d);
    const chosen = p2FigureOfMerit(N, z);
    expect(chosen).toBeLessThan(p2FigureOfMerit(N, [1, 1, 1, 1]) / 100);
    expect(chosen).toBeLessThan(p2FigureOfMerit(N, [1, 2, 4, 8]));
  });

  it('its points have the moments of N(0, I): the mean exactly (tent map), the covariance to 1e-3', () => {
    const d = 5, N = 60_000;
    const s = latticePointSet(d, N, 3);
    const mean = new Float64Array(d), cov = new Float64Array(d * d);
    for (let p = 0; p < N; p++) {
      for (let i = 0; i < d; i++) {
        mean[i] += s.weights[p] * s.nodes[p * d + i];
        for (let j = 0; j < d; j++) cov[i * d + j] += s.weights[p] * s.nodes[p * d + i] * s.nodes[p * d + j];
      }
    }
    // measured 7e-5 … 2.3e-4 for the covariance (shifts 1 and 3), where Monte Carlo with the same N is
    // 4.5e-3 … 1.1e-2 off; the tent map is symmetric, so the mean vanishes to rounding
    for (let i = 0; i < d; i++) {
      expect(Math.abs(mean[i])).toBeLessThan(1e-12);
      for (let j = 0; j < d; j++) expect(Math.abs(cov[i * d + j] - (i === j ? 1 : 0))).toBeLessThan(1e-3);
    }
  });

  it('relu AFA RHS: within 4 SE of 4·10⁶-sample Monte Carlo, converging in N, better than Monte Carlo at equal N', () => {
    const o = genericK2M2State({ W2t: [1, 1], f: [0.3, -0.2], ft: [0.2, 0.1], qf: 1 });
    const sys = odeSystem(theoryProblem({
      setup: { rule: 'afa', eta: 0.5, eta2: 0.5, noise: 0, activation: 'relu', teacherActivation: 'relu', feedbackWeights: null },
      initial: o, times: [0, 1],
    }));
    const C = covarianceOf(o);
    const integrand = new GeneralOdeIntegrand(sys);
    integrand.setState(o);
    const lattice = (N: number, seed: number) => {
      const v = new Float64Array(integrand.size);
      new CubatureBackend({ K: 2, M: 2, noisy: false }, { rule: { kind: 'lattice', points: N, seed }, psd: 'strict', checkEvery: 0, evenIntegrands: false, scale: 1 }).average(C, integrand, v, 0);
      return v;
    };
    const mcRef = new MonteCarloBackend({ fields: 5, samples: 4_000_000, seed: 77, evenIntegrands: false, psd: 'strict' });
    const mean = new Float64Array(integrand.size), se = new Float64Array(integrand.size);
    mcRef.averageWithErrors(C, integrand, mean, se, 0);
    const fine = lattice(500_000, 9);
    for (let i = 0; i < mean.length; i++) expect(Math.abs(fine[i] - mean[i]), `component ${i}`).toBeLessThan(4 * se[i]);
    const coarse = relErr(lattice(10_000, 1), fine), mid = relErr(lattice(100_000, 1), fine);
    expect(mid).toBeLessThan(coarse / 3);
    const mc = new Float64Array(integrand.size);
    new MonteCarloBackend({ fields: 5, samples: 100_000, seed: 1, evenIntegrands: false, psd: 'strict' }).average(C, integrand, mc, 0);
    expect(mid).toBeLessThan(relErr(mc, fine));
  }, 120_000);
});
