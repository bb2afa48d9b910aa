/**
 * Randomised quasi-Monte Carlo for N(0, I_d): a rank-1 lattice rule of Korobov type, shifted and
 * tent-transformed, mapped through the inverse normal CDF (docs/averages.md: the
 * cubature family's rule for non-smooth integrands). Built once per (N, d, seed) off the hot path.
 *
 *   u_k = tent({k·z/N + Δ}),  z_k = Φ⁻¹(u_k)  (componentwise, k = 0..N−1),  weights 1/N,
 *
 * with z = (1, a, a², …, a^{d−1}) mod N, a chosen among `KOROBOV_CANDIDATES` odd multipliers by the
 * smallest P₂ figure of merit (the worst-case error in the Korobov space of smoothness 1 with product
 * weights γ: P₂ = −1 + (1/N) Σ_k Π_j (1 + γ 2π² B₂({k z_j/N})), B₂(x) = x² − x + 1/6), Δ uniform on
 * [0, 1)^d from the seeded generator, and the tent (baker's) map tent(x) = 1 − |2x − 1|, which makes
 * a lattice rule converge like N^{-2+ε} on smooth non-periodic integrands (Hickernell 2002) and like
 * ≈ N^{-1} on integrands with kinks, where Monte Carlo gives N^{-1/2}.
 *
 *   const set = latticePointSet(4, 60_000, 1);   // PointSet of 60 000 points in 4 dimensions
 */
import { erfc } from '../activations.ts';
import { Rng } from '../rng.ts';
import type { PointSet } from './pointSet.ts';

/** Multipliers tried for the Korobov generating vector (a fixed, seeded sample of odd numbers < N). */
export const KOROBOV_CANDIDATES = 64;

/** Φ(x), accurate in both tails. */
export function normalCdf(x: number): number {
  return x < 0 ? 0.5 * erfc(-x * Math.SQRT1_2) : 1 - 0.5 * erfc(x * Math.SQRT1_2);
}

/**
 * Φ⁻¹(u) for u ∈ (0, 1): Abramowitz & Stegun 26.2.23 (|error| < 4.5e-4) refined by Newton steps
 * on the tail-accurate Φ (for u > ½ by symmetry), to ≈ 1e-15 relative.
 */
export function inverseNormalCdf(u: number): number {
  if (!(u > 0 && u < 1)) throw new Error(`inverseNormalCdf: u must be in (0, 1) (got ${u})`);
  const upper = u > 0.5;
  const p = upper ? 1 - u : u; // the lower tail probability, ≤ ½
  const t = Math.sqrt(-2 * Math.log(p));
  let x = -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t));
  for (let it = 0; it < 6; it++) {
    const density = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    const step = (normalCdf(x) - p) / density;
    x -= step;
    if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(x))) break;
  }
  return upper ? -x : x;
}

/**
 * Product weight γ of every dimension in P₂: γ < 1 favours the one- and two-dimensional projections,
 * where the ODE integrands (functions of a few fields through their pairs) live. Measured on the
 * second moments of a 5-dimensional set of 60 000 points: γ = 1 left one 2-D projection poor
 * (off-diagonal moment 1.8e-3, Monte Carlo ≈ 5e-3), γ = 0.3 and 0.1 gave 2e-4.
 */
export const LATTICE_WEIGHT = 0.3;

/** P₂ with product weights γ of the generating vector z (length d) for N points (see the file comment). */
export function p2FigureOfMerit(N: number, z: ArrayLike<number>, gamma = LATTICE_WEIGHT): number {
  const d = z.length;
  const c = gamma * 2 * Math.PI * Math.PI;
  let sum = 0;
  for (let k = 0; k < N; k++) {
    let prod = 1;
    for (let j = 0; j < d; j++) {
      const x = ((k * z[j]) % N) / N;
      prod *= 1 + c * (x * x - x + 1 / 6);
    }
    sum += prod;
  }
  return sum / N - 1;
}

/** Korobov vector (1, a, a², …) mod N. */
function korobov(N: number, d: number, a: number): number[] {
  const z = [1];
  for (let j = 1; j < d; j++) z.push((z[j - 1] * a) % N);
  return z;
}

const VECTORS = new Map<string, number[]>();

/** The generating vector for (N, d): the best of KOROBOV_CANDIDATES multipliers by P₂ (cached). */
export function latticeGenerator(N: number, d: number): number[] {
  const key = `${N},${d}`;
  const hit = VECTORS.get(key);
  if (hit) return hit;
  const rng = new Rng(0x1a771ce);
  let best: number[] = korobov(N, d, 1);
  let bestMerit = Infinity;
  for (let c = 0; c < KOROBOV_CANDIDATES; c++) {
    const a = 1 + 2 * Math.floor(rng.uniform() * Math.floor((N - 1) / 2)); // odd, in [1, N)
    const z = korobov(N, d, a);
    const merit = p2FigureOfMerit(N, z);
    if (merit < bestMerit) {
      bestMerit = merit;
      best = z;
    }
  }
  VECTORS.set(key, best);
  return best;
}

/** The shifted, tent-transformed lattice mapped to N(0, I_d) (see the file comment). */
export function latticePointSet(dim: number, N: number, seed: number): PointSet {
  if (!(Number.isInteger(N) && N >= 2)) throw new Error(`latticePointSet: N must be an integer ≥ 2 (got ${N})`);
  const z = latticeGenerator(N, dim);
  const rng = new Rng(seed);
  const shift = Array.from({ length: dim }, () => rng.uniform());
  const nodes = new Float64Array(N * dim);
  const weights = new Float64Array(N).fill(1 / N);
  const tiny = 2 ** -53;
  for (let k = 0; k < N; k++) {
    for (let j = 0; j < dim; j++) {
      let x = ((k * z[j]) % N) / N + shift[j];
      if (x >= 1) x -= 1;
      let u = 1 - Math.abs(2 * x - 1);
      // keep Φ⁻¹ finite (u = 0 or 1 only on a measure-zero set of shifts)
      if (u < tiny) u = tiny;
      else if (u > 1 - tiny) u = 1 - tiny;
      nodes[k * dim + j] = inverseNormalCdf(u);
    }
  }
  return { dim, count: N, nodes, weights, description: `rank-1 lattice (Korobov, tent-transformed, shift seed ${seed}) with ${N} points in ${dim} dimensions` };
}
