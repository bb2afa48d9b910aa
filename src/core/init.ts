/**
 * Initial conditions shared by theory and simulation, so that both start from the same
 * order parameters at t = 0.
 *   - `weights`: seeded sampling of W̃1, W̃2, W1, W2(0), F (DESIGN.md "Initial conditions").
 *   - `overlaps`: given order parameters, realised exactly at finite D (see realiseOverlaps).
 * Random draws come from one Rng(init.seed) in a fixed order: W̃1, W1, F.
 */
import type { Config } from './config.ts';
import { overlapsFromJson, overlapsFromWeights, type Overlaps, type OverlapsJson, type Weights } from './overlaps.ts';
import { Rng } from './rng.ts';

/** Orthogonalise the rows of an m×D matrix in place (modified Gram–Schmidt), then scale each to norm √D. */
export function orthogonaliseRows(a: Float64Array, m: number, D: number): void {
  for (let i = 0; i < m; i++) {
    for (let pass = 0; pass < 2; pass++) {
      // two passes: re-orthogonalisation keeps |row_i·row_j| at rounding level
      for (let j = 0; j < i; j++) {
        let d = 0;
        for (let x = 0; x < D; x++) d += a[i * D + x] * a[j * D + x];
        d /= D; // rows j < i already have norm² = D
        for (let x = 0; x < D; x++) a[i * D + x] -= d * a[j * D + x];
      }
    }
    let n2 = 0;
    for (let x = 0; x < D; x++) n2 += a[i * D + x] * a[i * D + x];
    const s = Math.sqrt(D / n2);
    for (let x = 0; x < D; x++) a[i * D + x] *= s;
  }
}

/** Sample the weights of a `weights` init at dimension D. */
export function sampleWeights(config: Config): Weights {
  const init = config.init;
  if (init.kind !== 'weights') throw new Error('sampleWeights needs init.kind = "weights"');
  const { K, M, D } = config;
  const rng = new Rng(init.seed);
  const W1t = new Float64Array(M * D);
  rng.fillNormal(W1t, 0, M * D);
  if (init.teacher.W1 === 'orthogonal') {
    if (M > D) throw new Error(`init.teacher.W1 = "orthogonal" needs M ≤ D (M = ${M}, D = ${D})`);
    orthogonaliseRows(W1t, M, D);
  }
  const W1 = new Float64Array(K * D);
  rng.fillNormal(W1, 0, K * D);
  const s1 = init.student.W1std;
  for (let i = 0; i < W1.length; i++) W1[i] *= s1;
  const F = new Float64Array(D);
  rng.fillNormal(F, 0, D);
  const sF = init.feedback.std;
  for (let i = 0; i < D; i++) F[i] *= sF;
  const W2 = init.student.W2 === 'zeros' ? new Float64Array(K) : Float64Array.from(init.student.W2);
  const W2t = Float64Array.from(init.teacher.W2 ?? new Array(M).fill(1));
  return { K, M, D, W1, W1t, W2, W2t, F };
}

/** The order parameters at t = 0 that theory and simulation share. */
export function initialOverlaps(config: Config): Overlaps {
  if (config.init.kind === 'overlaps') return overlapsFromJson(config.init as OverlapsJson);
  return overlapsFromWeights(sampleWeights(config));
}
