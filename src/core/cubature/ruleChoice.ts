/**
 * Which cubature rule for a dimension and a node budget (measurements in bench/RESULTS.md
 * "Cubature"):
 *   - dimension ≤ 2: tensor Gauss–Hermite with n = ⌊budget^{1/d}⌋ nodes per dimension, at most
 *     MAX_TENSOR_NODES;
 *   - dimension 3 to LATTICE_FROM_DIMENSION − 1 (= 9): the Smolyak sparse grid (pointSet.ts) of the
 *     highest level with at most `budget` points;
 *   - dimension ≥ LATTICE_FROM_DIMENSION: the rank-1 lattice of `budget` points (lattice.ts), as for
 *     kinked integrands (below). Measured on the Fig. 2 PEPITA states and on random erf AFA states at
 *     K = M = 2 (d = 4), with the student scaling of backend.ts: level 8 (28 017 points) is as
 *     accurate as the 16⁴ = 65 536-point tensor rule, level 7 (12 609) as 12⁴ = 20 736.
 * The default budget, DEFAULT_CUBATURE_NODES = 60 000, gives level 9 (58 297 points) at K + M = 4
 * (the plain rule on Fig. 2: εg within 8.6e-6 of level 10), level 7 with label noise (d = 5), level 5
 * at K + M = 8 (d = 8 and 9), a 60 000-point lattice from K + M = 10 on. Where the control variate applies (theory/select.ts) the default is
 * THEORY_DEFAULTS.cubatureNodesControlled = 15 000: level 7 at d = 4, level 6 at d = 5. Kinked (relu)
 * integrands get the rank-1 lattice of `budget` points instead (lattice.ts, gaussHermiteSuits).
 */
import type { Activation } from '../activations.ts';
import { MIN_CUBATURE_NODES, THEORY_DEFAULTS } from '../theorySettings.ts';
import { smolyakPointCount } from './pointSet.ts';

export type CubatureRule =
  | { readonly kind: 'tensor'; readonly n: number }
  | { readonly kind: 'smolyak'; readonly level: number }
  /** randomised QMC (lattice.ts): `points` lattice points, shift from `seed` */
  | { readonly kind: 'lattice'; readonly points: number; readonly seed: number };

/** Default node budget of the cubature backend: the config's theory.cubatureNodes default, defined once in THEORY_DEFAULTS. */
export const DEFAULT_CUBATURE_NODES = THEORY_DEFAULTS.cubatureNodes;
/**
 * Node cap per dimension of the low-dimensional tensor rule: on the hardest 1-D integrand measured
 * (the PEPITA composition g(λ − c·g(λ)) at the Fig. 2 plateau escape, variance 1.7) Gauss–Hermite
 * reaches 1e-9 at 48 nodes; more only costs (a K = M = 1 solve at the default budget would
 * otherwise use 200² nodes).
 */
export const MAX_TENSOR_NODES = 48;

export { MIN_CUBATURE_NODES };

export function describeRule(rule: CubatureRule, dim: number): string {
  if (rule.kind === 'lattice') return `rank-1 lattice (randomised QMC) with ${rule.points} points, ${dim} dimensions`;
  return rule.kind === 'tensor' ? `tensor Gauss–Hermite ${rule.n}^${dim}` : `Smolyak Gauss–Hermite level ${rule.level}, ${dim} dimensions`;
}

/**
 * The coarser rule of the same family that the error estimate compares with: Smolyak level − 1,
 * tensor n − 4 (n − 2 was measured to underestimate the error of n in the pre-asymptotic range,
 * e.g. a BP state at n = 8: difference 1.7e-2, error 2.2e-2).
 */
export function coarserRule(rule: CubatureRule): CubatureRule | null {
  // a lattice: a quarter of the points (its error ∝ N^{-1} on kinked integrands: ≈ 4× the error of N)
  if (rule.kind === 'lattice') return rule.points >= 8 ? { kind: 'lattice', points: Math.floor(rule.points / 4), seed: rule.seed } : null;
  if (rule.kind === 'tensor') return rule.n > 4 ? { kind: 'tensor', n: rule.n - 4 } : rule.n > 1 ? { kind: 'tensor', n: 1 } : null;
  return rule.level > 0 ? { kind: 'smolyak', level: rule.level - 1 } : null;
}

/** Points of a rule in `dim` dimensions (Smolyak: counted before the few whose weights cancel are dropped). */
export function rulePointCount(rule: CubatureRule, dim: number): number {
  return rule.kind === 'tensor' ? rule.n ** dim : rule.kind === 'smolyak' ? smolyakPointCount(dim, rule.level) : rule.points;
}

/**
 * The node budget for which chooseCubatureRule returns the coarser rule of `rule` (coarserRule) in
 * `dim` dimensions; null when that rule would fall below MIN_CUBATURE_NODES.
 */
export function coarserBudget(rule: CubatureRule, dim: number): number | null {
  const c = coarserRule(rule);
  if (c === null) return null;
  const points = rulePointCount(c, dim);
  return points >= MIN_CUBATURE_NODES ? points : null;
}

/**
 * The rule with at most `budget` points in `dim` dimensions (see the file comment; Smolyak points
 * counted before the few whose weights cancel are dropped). `smooth` false (kinked integrands,
 * gaussHermiteSuits): the rank-1 lattice of `budget` points instead.
 */
export function chooseCubatureRule(dim: number, budget: number, smooth = true): CubatureRule {
  if (!(Number.isInteger(budget) && budget >= MIN_CUBATURE_NODES)) throw new Error(`cubature node budget must be an integer ≥ ${MIN_CUBATURE_NODES} (got ${budget})`);
  if (!smooth || dim >= LATTICE_FROM_DIMENSION) return { kind: 'lattice', points: budget, seed: LATTICE_SEED };
  if (dim <= 2) {
    let n = Math.floor(budget ** (1 / dim) + 1e-9);
    while (n ** dim > budget) n--;
    return { kind: 'tensor', n: Math.min(n, MAX_TENSOR_NODES) };
  }
  let level = 1;
  while (smolyakPointCount(dim, level + 1) <= budget) level++;
  return { kind: 'smolyak', level };
}

/**
 * From this many integration dimensions on, smooth integrands get the lattice rule too: per average
 * on random PSD PEPITA states (`npx tsx bench/scale.ts rules`, docs/averages.md "Rule by dimension")
 * the Smolyak grid of the budget is 2.9e-2 off at d = 10 (level 4), 5e-2 at d = 12 (level 4) and
 * 0.36 at d = 16 (level 3), the lattice of 15 000 points 1.0–1.7e-3, 4–8e-3 and 2–5e-3; at d = 8
 * the two are within a factor 2–3 of each other per average, and equal at equal cost along the
 * K = M = 4 PEPITA trajectory (level 5 4.0e-3 in 4.3 s, 15 000 points 4.3e-3 in 5.7 s).
 */
export const LATTICE_FROM_DIMENSION = 10;

/** Seed of the lattice rule's random shift (a fixed rule: the RHS is a deterministic function of the state). */
export const LATTICE_SEED = 1;

/**
 * Whether Gauss–Hermite rules suit these activations: yes for the smooth ones (erf, tanh, linear),
 * no for relu. Its kinks (and, in the alignment family, the jump of g' = 1(λ > 0)) make Gauss–Hermite
 * converge only algebraically and Smolyak grids hardly at all (bench/RESULTS.md "Cubature",
 * `npx tsx bench/cubature.ts kinks`: an AFA relu state, error vs a 2·10⁶-point lattice that 10⁷-sample
 * Monte Carlo confirms to its standard errors). There the randomised QMC lattice (lattice.ts) is
 * ≈ 10× more accurate than Monte Carlo at the same point count (10⁵ points: 3e-5 … 1.7e-4 over
 * three shifts vs 8.7e-4 … 1.7e-3 over three seeds), so relu problems get the lattice rule.
 */
export function gaussHermiteSuits(student: Activation, teacher: Activation): boolean {
  return student.smooth && teacher.smooth;
}
