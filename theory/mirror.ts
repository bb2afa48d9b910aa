/**
 * The mirror step in the D → ∞ limit (docs/rules.md "Weight mirroring"): the finite-D mirror step
 * (sim/steps/mirror.ts) adds, per unit time, with Γ = diag E[g'(z_j)] and z ~ N(0, σ_n² Q)
 * (src/core/mirror.ts `mirrorAverages`; Stein's lemma on E[(F1^i·ξ/√D) g(z_j)] = σ_n² P_ji Γ_j):
 *
 *   dP  = η_m σ_n² Q Γ − η_m λ_m P          dP̃ = η_m σ_n² Rᵀ Γ − η_m λ_m P̃
 *   dF2 = η_m σ_n² W2 − η_m λ_m F2
 *   dG  = η_m σ_n² (PᵀΓ + ΓP) + η_m² σ_n² E[g(z) g(z)ᵀ] − 2 η_m λ_m G
 *
 * (the η_m² term: ξ·ξ/D = σ_n²), and to the carried f slot df = dP F2 + P dF2. With `normalise`
 * the rescaling c = (q_f(0)/q_f)^{1/4} ≈ 1 − s/4 per unit time, s = (dq_f from the terms above)/q_f,
 * dq_f = 2 F2ᵀG dF2 + F2ᵀ dG F2, adds −(s/4)·(P, P̃, F2), −(s/2)·G and −(s/2)·f: q_f stays fixed.
 */
import { mirrorAverages, type MirrorSpec } from '../src/core/mirror.ts';
import { emptyOverlaps } from '../src/core/overlaps.ts';
import type { Activation } from '../src/core/activations.ts';
import { qIndex, stateLayout, unpackState, type OdeSystem, type RhsFunction } from './state.ts';

type MirrorSystem = Pick<OdeSystem, 'K' | 'M' | 'T' | 'W2t' | 'ft' | 'qf' | 'student'> & { readonly mirror: MirrorSpec };

/** The right-hand side with the mirror step's terms added (`rhs` null: the mirror terms alone, learning off — the pre-phase). */
export function withMirrorTerms(rhs: RhsFunction | null, sys: MirrorSystem): RhsFunction {
  const { K, M } = sys;
  const m = sys.mirror;
  const L = stateLayout(K, M, true);
  const o = emptyOverlaps(K, M);
  const c = new Float64Array(K * K);
  const gamma = new Float64Array(K);
  const gg = new Float64Array(K * K);
  const dP = new Float64Array(K * K);
  const dG = new Float64Array(K * K);
  const dF2 = new Float64Array(K);
  const g: Activation = sys.student;
  const em = m.rate, s2 = m.noise * m.noise, lm = m.rate * m.decay;
  return (t, y, dy) => {
    if (rhs === null) dy.fill(0);
    else rhs(t, y, dy);
    unpackState(y, sys, o);
    const { P, Pt, G, F2 } = o.mirror!;
    for (let i = 0; i < K * K; i++) c[i] = s2 * o.Q[i];
    mirrorAverages(g, c, K, gamma, gg);
    for (let k = 0; k < K; k++) for (let j = 0; j < K; j++) dP[k * K + j] = em * s2 * o.Q[k * K + j] * gamma[j] - lm * P[k * K + j];
    for (let j = 0; j < K; j++) dF2[j] = em * s2 * o.W2[j] - lm * F2[j];
    for (let i = 0; i < K; i++) {
      for (let j = 0; j < K; j++) {
        dG[i * K + j] = em * s2 * (P[j * K + i] * gamma[j] + gamma[i] * P[i * K + j]) + em * em * s2 * gg[i * K + j] - 2 * lm * G[i * K + j];
      }
    }
    // normalisation rate s = dq_f/q_f of the mirror terms (0 when not normalising)
    let sr = 0;
    if (m.normalise && o.qf > 0) {
      let dq = 0;
      for (let i = 0; i < K; i++) {
        for (let j = 0; j < K; j++) dq += 2 * F2[i] * G[i * K + j] * dF2[j] + F2[i] * dG[i * K + j] * F2[j];
      }
      sr = dq / o.qf;
    }
    for (let k = 0; k < K; k++) {
      let df = 0;
      for (let j = 0; j < K; j++) {
        const v = dP[k * K + j] - 0.25 * sr * P[k * K + j];
        dy[L.offP + k * K + j] += v;
        df += dP[k * K + j] * F2[j] + P[k * K + j] * dF2[j];
      }
      dy[L.offF + k] += df - 0.5 * sr * o.f[k];
    }
    for (let p = 0; p < M; p++) {
      for (let j = 0; j < K; j++) dy[L.offPt + p * K + j] += em * s2 * o.R[j * M + p] * gamma[j] - lm * Pt[p * K + j] - 0.25 * sr * Pt[p * K + j];
    }
    for (let i = 0; i < K; i++) for (let j = i; j < K; j++) dy[L.offG + qIndex(K, i, j)] += dG[i * K + j] - 0.5 * sr * G[i * K + j];
    for (let j = 0; j < K; j++) dy[L.offF2 + j] += dF2[j] - 0.25 * sr * F2[j];
  };
}
