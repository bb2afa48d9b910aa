/**
 * The mirror step at finite D (docs/rules.md "Weight mirroring"; paper Sec. 6, after Akrout et al.
 * 2019 layer-wise, as the authors' code): after the learning step (and its weight decay), with the
 * mirror's own noise stream (sim/state.ts `MirrorState`),
 *
 *   ξ ~ N(0, σ_n² I_D), z = W1ξ/√D:  F1^j ← (1 − η_mλ_m/D) F1^j + (η_m/√D) g(z_j) ξ
 *   ζ ~ N(0, σ_n² I_K), u = W2·ζ:    F2 ← (1 − η_mλ_m/D) F2 + (η_m/D) u ζ
 *   F = F1 F2;  normalise: F1, F2 ← c·F1, c·F2 with c = (q_f(0)/q_f)^{1/4} (so F ← c²F)
 *
 * then q_f = F·F/D and f = W1F/D from fresh products (F changes every step, so f is not kept by
 * rank-one updates here). Cost per step ≈ 4K·D + D normals: about a learning step's.
 */
import type { LearningSetup } from '../../src/core/learningSetup.ts';
import { productFeedback, type MirrorSpec } from '../../src/core/mirror.ts';
import { dot, gemv } from '../kernels.ts';
import { flushPending, refreshFeedback, type SimState, type StepFunction } from '../state.ts';

/** One mirror step on a state whose F is mirrored (its pending learning update applied first). */
export function mirrorStep(s: SimState, m: MirrorSpec, g: (x: number) => number): void {
  const ms = s.mirror;
  if (ms === null) throw new Error('mirrorStep needs a state with mirrored F (weights with F1, F2)');
  const { K, D, sqrtD } = s;
  const { F1, F2, xi, z, zeta, rng } = ms;
  const keep = 1 - (m.rate * m.decay) / D;
  const sn = m.noise;
  rng.fillNormal(xi, 0, D);
  if (sn !== 1) for (let x = 0; x < D; x++) xi[x] *= sn;
  gemv(K, D, 1 / sqrtD, s.W1, 0, xi, 0, z, 0);
  for (let j = 0; j < K; j++) {
    const c = (m.rate * g(z[j])) / sqrtD;
    const o = j * D;
    for (let x = 0; x < D; x++) F1[o + x] = keep * F1[o + x] + c * xi[x];
  }
  rng.fillNormal(zeta, 0, K);
  let u = 0;
  for (let k = 0; k < K; k++) {
    zeta[k] *= sn;
    u += s.W2[k] * zeta[k];
  }
  const c2 = (m.rate * u) / D;
  for (let j = 0; j < K; j++) F2[j] = keep * F2[j] + c2 * zeta[j];
  productFeedback(F1, F2, K, D, s.F);
  s.qf = dot(D, s.F, 0, s.F, 0) / D;
  if (m.normalise) {
    const c = Math.sqrt(Math.sqrt(ms.qf0 / s.qf));
    for (let i = 0, n = K * D; i < n; i++) F1[i] *= c;
    for (let j = 0; j < K; j++) F2[j] *= c;
    const cc = c * c;
    for (let x = 0; x < D; x++) s.F[x] *= cc;
    s.qf = dot(D, s.F, 0, s.F, 0) / D;
  }
  refreshFeedback(s);
}

/** The step followed by a mirror step when the setup mirrors during learning (the step itself otherwise). */
export function withMirror(step: StepFunction, p: Pick<LearningSetup, 'mirror' | 'student'>): StepFunction {
  const m = p.mirror;
  if (m === null || !m.during) return step;
  const g = p.student.g;
  return (s, setup, x, xi, ws) => {
    const e = step(s, setup, x, xi, ws);
    flushPending(s, ws);
    mirrorStep(s, m, g);
    return e;
  };
}

/** Pre-mirroring: round(pre·D) mirror steps with learning off, before t = 0 (none when there is no mirror or pre = 0). */
export function preMirror(s: SimState, p: Pick<LearningSetup, 'mirror' | 'student'>): void {
  const m = p.mirror;
  if (m === null || m.pre === 0) return;
  const n = Math.round(m.pre * s.D);
  for (let i = 0; i < n; i++) mirrorStep(s, m, p.student.g);
}
