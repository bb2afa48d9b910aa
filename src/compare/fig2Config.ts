/**
 * The Fig. 2 setting of the paper, as run by `pepita-ode fig2` (and `npm start`): exactly the
 * global config defaults of src/core/config.ts.
 *
 * Printed in the paper: D = 500, η = 0.05, erf activation, K = M = 2. Chosen here:
 *   - teacher: W̃1 i.i.d. N(0, 1) rows (T ≈ I up to O(1/√D)), W̃2 = (1, 1);
 *   - student: W1 i.i.d. N(0, 1) (Q(0) ≈ I), W2(0) = 0;
 *   - feedback: F i.i.d. N(0, 1) (q_f ≈ 1), so f(0) = W1F/D and f̃ = W̃1F/D are O(1/√D) ≈ 0.05;
 *   - init seed 8: it gives W̃2·f̃ = +0.079 > 0, so the AFA feedback grows (eq. 29) and the plateau
 *     is escaped. The sign of W̃2·f̃ decides it for AFA: with seed 2, W̃2·f̃ = −0.098 and the AFA
 *     ODE is still at εg ≈ 0.26 at t = 5000 (seeds 1–12: W̃2·f̃ > 0 for 1, 5, 6, 8, 9, 11, 12, which
 *     all escape by t ≈ 10³–5·10³);
 *   - η₂ = η, no label noise; the exact PEPITA ODE with 100 000 Monte Carlo samples;
 *   - t_max = 5000 with 200 log-spaced output times from 0.05, 4 simulation seeds (data streams).
 * With f(0) = O(1/√D) the first layer barely moves at first (its update is ∝ f): εg sits on a
 * plateau (εg ≈ 0.33 here) until f and R have grown, and escapes for t ≈ 10²–10³, as in Fig. 2b.
 */
import { defaultConfig, type Config } from '../core/config.ts';

/** The resolved Fig. 2 config (the global defaults). */
export function fig2Config(): Config {
  return defaultConfig();
}
