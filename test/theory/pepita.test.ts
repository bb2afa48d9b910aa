/**
 * The exact PEPITA ODE (docs/rules.md "One form for every rule", PEPITA block; theory/rhsGeneral.ts with Monte Carlo averages) against
 * independent routes:
 *   1. a limit with a known answer: for a small feedback F → εF (f → εf, f̃ → εf̃, q_f → ε²q_f)
 *      the modulated pass becomes a first-order perturbation and PEPITA reduces to AFA
 *      (eqs. 22–23 with b = f): every block of the RHS equals AFA's times 1 + O(ε);
 *   2. finite-D consistency: D × the mean one-step change of the order parameters under the
 *      simulation's PEPITA step (sim/steps/modulation.ts) at a frozen state equals the RHS (exact at any D
 *      for R, W2, f, which are linear in the step; O(η²/D) for Q);
 *   3. PEPITA ODE vs PEPITA simulation (sim/run.ts) at D = 500, mean of 4 data streams with the
 *      same initial weights, on two configurations (CI budgets; full horizons in bench/pepita.ts);
 *   4. the first-order-in-f closed form (theory/pepitaFirstOrder.ts) against the exact RHS, and a
 *      large-feedback case where only the exact ODE follows the simulation (divergence).
 */
import { genericK2M2State } from '../core/gaussianMc.ts';
import { deviations, gridTimes } from './simVsTheory.ts';
import { describe, expect, it } from 'vitest';
import { linearRegression } from 'simple-statistics';
import { setupOf, simulateOf, solveTheoryOf, theoryProblemOf } from '../../src/app/fromConfig.ts';
import { activation } from '../../src/core/activations.ts';
import { parseConfig, type Config } from '../../src/core/config.ts';
import { sampleWeights } from '../../src/core/init.ts';
import { resolveLearningSetup } from '../../src/core/learningSetup.ts';
import { GaussianAverager } from '../../src/core/montecarlo.ts';
import { covarianceOf, overlapsFromWeights, type Overlaps, type Weights } from '../../src/core/overlaps.ts';
import { Rng } from '../../src/core/rng.ts';
import { buildAnalyticRhs } from '../../theory/rhs.ts';
import { buildPepitaFirstOrderRhs } from '../../theory/pepitaFirstOrder.ts';
import { odeSystem, packState, stateLayout, type OdeSystem } from '../../theory/state.ts';
import { applyStep } from '../../sim/steps/index.ts';
import { mcRhsOf, mcRhsWithStdErr, systemOf } from './systems.ts';

function problemOf(o: Overlaps, rule: 'pepita' | 'afa', noise = 0): OdeSystem {
  return systemOf(o, rule, { eta: 0.5, eta2: 0.3, noise, student: 'erf', teacher: 'erf' });
}

/**
 * A generic state whose feedback overlaps are scaled by ε (F → εF). q_f = 2.5ε²: the covariance is
 * PSD iff q_f ≥ ≈ 2.04ε² here (Schur complement of ρ, the same at every ε); the former 1.5ε² was
 * indefinite (smallest eigenvalue −0.06ε²), which the problem's validation now refuses.
 */
function scaledState(eps: number): Overlaps {
  return genericK2M2State({ W2t: [1, 0.8], f: [0.6 * eps, -0.4 * eps], ft: [0.5 * eps, 0.2 * eps], qf: 2.5 * eps * eps });
}

describe('PEPITA RHS: small-feedback limit', () => {
  it('reduces to AFA blockwise, PEPITA = AFA·(1 + O(ε)) for F → εF', () => {
    const epsilons = [0.2, 0.1, 0.05];
    const L = stateLayout(2, 2);
    const blocks: [string, number, number][] = [['Q', 0, L.offR], ['R', L.offR, L.offW2], ['W2', L.offW2, L.offF], ['f', L.offF, L.size]];
    const rel: Record<string, [number, number][]> = { Q: [], R: [], W2: [], f: [] };
    let firstOrderW2 = 0;
    for (const eps of epsilons) {
      const o = scaledState(eps);
      const y = packState(o);
      // same bank for both rules (common random numbers): the difference carries only the MC
      // noise of the (small) difference itself
      const pep = new Float64Array(y.length), afa = new Float64Array(y.length);
      mcRhsOf(problemOf(o, 'pepita'), { samples: 40_000, seed: 8 }).rhs(0, y, pep);
      mcRhsOf(problemOf(o, 'afa'), { samples: 40_000, seed: 8 }).rhs(0, y, afa);
      for (const [name, a, b] of blocks) {
        let d2 = 0, a2 = 0;
        for (let i = a; i < b; i++) {
          d2 += (pep[i] - afa[i]) ** 2;
          a2 += afa[i] ** 2;
        }
        rel[name].push([Math.log(eps), 0.5 * Math.log(d2 / a2)]);
      }
      if (eps === 0.05) firstOrderW2 = (pep[L.offW2] - afa[L.offW2]) / eps;
    }
    for (const name of Object.keys(rel)) {
      const { m } = linearRegression(rel[name]);
      // the relative difference is O(ε): slope 1 (the next order, O(ε²), bends it by ≲ 0.15 over a
      // factor 4 in ε at these sizes)
      expect(m, `block ${name}: slope ${m}`).toBeGreaterThan(0.8);
      expect(m, `block ${name}: slope ${m}`).toBeLessThan(1.2);
      // and it is small at the smallest ε — except for f, where AFA's df/dt is itself suppressed
      // (ρ correlates with the other fields only through f, f̃ = O(ε), so AFA's df/dt = O(ε²))
      // and the relative O(ε) correction −η E[Δh (−q_f e)] ≈ η q_f f E[g' e²] has a large
      // coefficient (≈ 10 here): only its slope is checked
      if (name !== 'f') expect(Math.exp(rel[name][rel[name].length - 1][1]), `block ${name}`).toBeLessThan(0.15);
    }
    // leading correction of dW2: −η₂E[(g(λ−fe) − g(λ))e] ≈ η₂ f E[g'(λ) e²] (per unit ε), by an
    // independent average on a raw bank
    // (E[g'(λ) e²] involves λ, ν only: average over their 4×4 covariance block)
    const o = scaledState(1);
    const C5 = covarianceOf(o);
    const C4 = new Float64Array(16);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) C4[i * 4 + j] = C5[i * 5 + j];
    const avg = new GaussianAverager(4, 0, 200_000, 77);
    avg.setCovariance(C4);
    const g = activation('erf').g, dg = activation('erf').dg;
    const c = avg.average((x) => {
      const e = o.W2[0] * g(x[0]) + o.W2[1] * g(x[1]) - o.W2t[0] * g(x[2]) - o.W2t[1] * g(x[3]);
      return 0.3 * o.f[0] * dg(x[0]) * e * e;
    });
    // first-order coefficient vs the ε = 0.05 finite difference: they differ by O(ε) ≈ 5–10 %
    expect(Math.abs(firstOrderW2 / c.mean - 1)).toBeLessThan(0.15);
  });
});

describe('PEPITA RHS to first order in f (closed form, theory/pepitaFirstOrder.ts)', () => {
  it('matches the exact PEPITA RHS up to O(f²), while AFA misses O(f) terms', () => {
    // f → εf with f̃ = (0.3, 0.2), q_f = 1 fixed; noise on. The exact − AFA difference is taken on
    // one bank for both MC rules (its noise scales with the difference); first-order − AFA is
    // closed form. Their gap is the O(f²) remainder.
    const L = stateLayout(2, 2);
    const blocks: [string, number, number][] = [['R', L.offR, L.offW2], ['W2', L.offW2, L.offF], ['f', L.offF, L.size]];
    const gap: Record<string, [number, number][]> = { R: [], W2: [], f: [] };
    const miss: Record<string, [number, number][]> = { R: [], W2: [], f: [] };
    for (const eps of [0.4, 0.2, 0.1]) {
      const o = scaledState(eps);
      o.ft.set([0.3, 0.2]);
      o.qf = 1;
      const y = packState(o);
      const pep = new Float64Array(y.length), afaMc = new Float64Array(y.length), fo = new Float64Array(y.length), afa = new Float64Array(y.length);
      mcRhsOf(problemOf(o, 'pepita', 0.3), { samples: 100_000, seed: 8 }).rhs(0, y, pep);
      mcRhsOf(problemOf(o, 'afa', 0.3), { samples: 100_000, seed: 8 }).rhs(0, y, afaMc);
      buildPepitaFirstOrderRhs(problemOf(o, 'pepita', 0.3))(0, y, fo);
      buildAnalyticRhs(problemOf(o, 'afa', 0.3))(0, y, afa);
      for (const [name, a, b] of blocks) {
        let g2 = 0, m2 = 0;
        for (let i = a; i < b; i++) {
          g2 += ((pep[i] - afaMc[i]) - (fo[i] - afa[i])) ** 2;
          m2 += (pep[i] - afaMc[i]) ** 2;
        }
        gap[name].push([Math.log(eps), 0.5 * Math.log(g2)]);
        miss[name].push([Math.log(eps), 0.5 * Math.log(m2)]);
      }
    }
    for (const name of Object.keys(gap)) {
      const sGap = linearRegression(gap[name]).m;
      const sMiss = linearRegression(miss[name]).m;
      // remainder O(f²): slope 2, measured 1.6–1.9 (third-order terms at ε = 0.4 and the MC noise
      // of the same-bank difference, ≈ 0.3 % of it, at ε = 0.1 bend it); an O(f) error in the
      // first-order terms would give slope 1, so [1.4, 2.4] separates the two. What AFA misses is
      // O(f): slope 1 ± 0.3
      expect(sGap, `block ${name}: gap slope`).toBeGreaterThan(1.4);
      expect(sGap, `block ${name}: gap slope`).toBeLessThan(2.4);
      expect(sMiss, `block ${name}: AFA miss slope`).toBeGreaterThan(0.7);
      expect(sMiss, `block ${name}: AFA miss slope`).toBeLessThan(1.3);
      // at ε = 0.1 the first-order terms account for ≥ 95 % of what AFA misses (measured ≈ 99 %)
      const last = gap[name].length - 1;
      expect(Math.exp(gap[name][last][1] - miss[name][last][1]), `block ${name}`).toBeLessThan(0.05);
    }
  });
});

describe('PEPITA RHS vs the finite-D PEPITA step', () => {
  it('equals D × the mean one-step change of the order parameters at a frozen state', () => {
    const D = 200;
    const eta = 0.5, eta2 = 0.3, noise = 0.3;
    const config = parseConfig({ K: 2, M: 2, D, rule: 'pepita', eta, eta2, noise, init: { kind: 'weights', seed: 5, student: { W2: [0.7, -0.4] } } });
    const w0 = sampleWeights(config);
    // make f and f̃ O(1) so the modulated pass matters: F ← F/2 + 0.5 W1¹ − 0.3 W1² + 0.4 W̃1¹
    for (let i = 0; i < D; i++) w0.F[i] = 0.5 * w0.F[i] + 0.5 * w0.W1[i] - 0.3 * w0.W1[D + i] + 0.4 * w0.W1t[i];
    const o0 = overlapsFromWeights(w0);
    const p = odeSystem(theoryProblemOf(config, { initial: o0 }));
    const y0 = packState(o0);
    const size = y0.length;
    const theory = mcRhsWithStdErr(p, { samples: 100_000, seed: 17 }, y0);

    const rp = resolveLearningSetup(setupOf(config), config.K);
    const rng = new Rng(31);
    const x = new Float64Array(D);
    const N = 20_000;
    const sum = new Float64Array(size), sum2 = new Float64Array(size);
    const W1 = new Float64Array(w0.W1.length), W2 = new Float64Array(2);
    const w: Weights = { ...w0, W1, W2 };
    for (let s = 0; s < N; s++) {
      W1.set(w0.W1);
      W2.set(w0.W2);
      rng.fillNormal(x, 0, D);
      applyStep(w, rp, x, rng.normal());
      const y1 = packState(overlapsFromWeights(w));
      for (let i = 0; i < size; i++) {
        const d = D * (y1[i] - y0[i]);
        sum[i] += d;
        sum2[i] += d * d;
      }
    }
    for (let i = 0; i < size; i++) {
      const mean = sum[i] / N;
      const se = Math.sqrt(Math.max(0, sum2[i] / N - mean * mean) / (N - 1));
      const tol = 4.5 * Math.hypot(se, theory.stdErr[i]);
      // the O(η²/D) finite-D part of dQ (‖x_err‖²/D − 1 = O(1/√D) with mean O(1/D)) is
      // ≈ η²·E[Δh Δh]·q_f E[e²]/D ≲ 2e-5 here, far below the tolerance (≈ 1e-3)
      expect(Math.abs(mean - theory.dy[i]), `component ${i}: sim ${mean} ± ${se} vs ODE ${theory.dy[i]} ± ${theory.stdErr[i]}`).toBeLessThan(tol);
    }
    // the check has teeth: the RHS is well resolved (every |component| ≥ 3 tolerances, or tiny)
    let resolved = 0;
    for (let i = 0; i < size; i++) if (Math.abs(theory.dy[i]) > 0.01) resolved++;
    expect(resolved).toBeGreaterThanOrEqual(8);
  });
});

async function compareWithSimulation(config: Config, t0: number) {
  const times = gridTimes(t0, config.tmax, 24, config.D);
  const ode = solveTheoryOf(config, { times });
  const afa = solveTheoryOf({ ...config, rule: 'afa', theory: { ...config.theory, averages: 'analytic' } }, { times });
  const sim = await simulateOf(config, { times, threads: 2 });
  expect(ode.averages).toBe('mc');
  expect(ode.failure).toBeNull();
  expect(sim.runs.length).toBeGreaterThanOrEqual(4);
  const mean = new Float64Array(times.length);
  for (const r of sim.runs) {
    expect(r.failure).toBeNull();
    for (let i = 0; i < times.length; i++) mean[i] += r.eg[i] / sim.runs.length;
  }
  // only the part after the plateau says much: times where the simulated εg fell by ≥ 10 %
  const late = times.map((t, i) => (mean[i] < 0.9 * mean[0] ? t : 0));
  return { pepita: deviations(times, ode.eg, mean), afa: deviations(times, afa.eg, mean), pepitaLate: deviations(late, ode.eg, mean), afaLate: deviations(late, afa.eg, mean), mean };
}

describe('PEPITA ODE vs PEPITA simulation (D = 500, 4 data streams)', () => {
  // CI budgets: 10 000 MC samples (averages "mc" pinned: "auto" may choose another backend), horizons that cover the plateau and its escape (εg falls ≥ 4×;
  // the bench runs t ≤ 5000 / 2000 at 100 000 samples). The 3 % bound is the
  // issue's criterion; the finite-D fluctuations of a 4-run mean at D = 500 are ≈ 1 % (bench).
  it('Fig. 2 default (η = 0.05, W̃2 = (1, 1)): median relative deviation of εg < 3 %', async () => {
    const config = parseConfig({ rule: 'pepita', tmax: 350, theory: { averages: 'mc', mcSamples: 10_000 }, sim: { seeds: 4 } });
    const r = await compareWithSimulation(config, 1);
    console.log(`fig2: PEPITA ODE median ${(100 * r.pepita.median).toFixed(2)} % (max ${(100 * r.pepita.max).toFixed(2)} %, after plateau median ${(100 * r.pepitaLate.median).toFixed(2)} %); AFA ODE median ${(100 * r.afa.median).toFixed(2)} % (max ${(100 * r.afa.max).toFixed(2)} %, after plateau median ${(100 * r.afaLate.median).toFixed(2)} %)`);
    expect(r.pepita.median).toBeLessThan(0.03);
    expect(r.pepitaLate.median).toBeLessThan(0.03);
    // the comparison is not trivial: εg fell by ≥ 4× during the run
    expect(r.mean[r.mean.length - 1]).toBeLessThan(0.25 * r.mean[0]);
  });

  it('η = 0.2, W̃2 = (1, −0.6): median relative deviation of εg < 3 %', async () => {
    const config = parseConfig({ rule: 'pepita', eta: 0.2, tmax: 120, init: { kind: 'weights', teacher: { W2: [1, -0.6] } }, theory: { averages: 'mc', mcSamples: 10_000 }, sim: { seeds: 4 } });
    const r = await compareWithSimulation(config, 0.25);
    console.log(`η = 0.2: PEPITA ODE median ${(100 * r.pepita.median).toFixed(2)} % (max ${(100 * r.pepita.max).toFixed(2)} %, after plateau median ${(100 * r.pepitaLate.median).toFixed(2)} %); AFA ODE median ${(100 * r.afa.median).toFixed(2)} % (max ${(100 * r.afa.max).toFixed(2)} %, after plateau median ${(100 * r.afaLate.median).toFixed(2)} %)`);
    expect(r.pepita.median).toBeLessThan(0.03);
    expect(r.pepitaLate.median).toBeLessThan(0.03);
    expect(r.mean[r.mean.length - 1]).toBeLessThan(0.2 * r.mean[0]);
  });
});

describe('PEPITA with a large feedback (feedback std 2, q_f ≈ 4)', () => {
  it('the exact ODE predicts the divergence the simulation shows; AFA and first order do not', async () => {
    // measured (bench/RESULTS.md): exact ODE εg(84.8) = 3.7, εg(128) = 1.9e4; simulation 2.9–3.1 and
    // 1.5e4–1.6e4; AFA and first-order ODEs converge (εg ≈ 0.26 and 0.02)
    const config = parseConfig({ rule: 'pepita', tmax: 100, init: { kind: 'weights', feedback: { std: 2 } }, theory: { averages: 'mc', mcSamples: 10_000 }, sim: { seeds: 4 } });
    const times = Float64Array.from([0, 50, 100]);
    const ode = solveTheoryOf(config, { times });
    const afa = solveTheoryOf({ ...config, rule: 'afa', theory: { ...config.theory, averages: 'analytic' } }, { times });
    const firstOrder = solveTheoryOf({ ...config, theory: { ...config.theory, model: 'pepita-first-order' } }, { times });
    const sim = await simulateOf(config, { times, threads: 2 });
    const eg0 = ode.eg[0];
    expect(ode.failure).toBeNull();
    // both blow up by t = 100 (εg ≥ 10 εg(0)) and agree within a factor 3 (εg grows ≈ 100× per 40
    // time units here, so a factor 3 is a ≈ 10 % shift of the blow-up time)
    const simEnd = sim.runs.map((r) => r.eg[2]);
    for (const v of simEnd) expect(v).toBeGreaterThan(10 * eg0);
    expect(ode.eg[2]).toBeGreaterThan(10 * eg0);
    const meanSim = simEnd.reduce((a, b) => a + b, 0) / simEnd.length;
    expect(Math.abs(Math.log(ode.eg[2] / meanSim))).toBeLessThan(Math.log(3));
    // the AFA and first-order ODEs do not see it
    expect(afa.eg[2]).toBeLessThan(eg0);
    expect(firstOrder.eg[2]).toBeLessThan(eg0);
    console.log(`feedback std 2, εg(100): exact ODE ${ode.eg[2].toExponential(3)}, simulation ${simEnd.map((v) => v.toExponential(3)).join(' ')}, AFA ODE ${afa.eg[2].toExponential(3)}`);
  });
});
