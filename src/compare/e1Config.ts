/**
 * The documented default state of the early-time checks (Supp. E.1 setting), used by
 * `pepita-ode early` without --config and by the Fig. 2 job:
 *   K = M = 2, D = 500, η = η₂ = 0.05, erf; W2(0) = 0, R(0) = 0, T = I, Q(0) = q0·I with q0 = 0.5,
 *   f(0) = (0.4, −0.25), f̃ = (0.6, 0.3), q_f = 1.5, W̃2 = (1, 1).
 * (C is PSD: q_f = 1.5 ≥ ‖f‖²/q0 + ‖f̃‖² = 0.895.) The printed eq. 29 denominator
 * √((1+q0)(1+q_f) − f_k²) and the corrected √(2(1+q0)) differ by ≈ 9 % here, so the check
 * can tell them apart; output times 0, 0.25, …, 10 (the expansions' range: t ≪ 1/η).
 * @example
 * ```ts
 * const report = earlyChecksOf(parseConfig({ ...E1_DEFAULT_CONFIG, eta: 0.02 }));
 * ```
 */
export const E1_DEFAULT_CONFIG = {
  K: 2,
  M: 2,
  D: 500,
  eta: 0.05,
  activation: 'erf',
  teacherActivation: 'erf',
  rule: 'afa',
  tmax: 10,
  times: Array.from({ length: 41 }, (_, i) => i * 0.25),
  init: {
    kind: 'overlaps',
    seed: 2,
    Q: [[0.5, 0], [0, 0.5]],
    R: [[0, 0], [0, 0]],
    T: [[1, 0], [0, 1]],
    W2: [0, 0],
    W2t: [1, 1],
    f: [0.4, -0.25],
    ft: [0.6, 0.3],
    qf: 1.5,
  },
  sim: { seed: 1, seeds: 4, threads: 2 },
} as const;
