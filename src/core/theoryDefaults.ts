/**
 * Defaults of the theory engine's options, in one place: the config schema (`theory.*`) and the
 * solve options of a library caller both read them.
 *   rtol/atol 1e-11/1e-14: εg right to ≈ 2e-9 relative down to εg ≈ 1e-6 (the former 1e-8/1e-10
 *   gave 5.2e-4 there, bench/RESULTS.md).
 */
export const THEORY_DEFAULTS = {
  rtol: 1e-11,
  atol: 1e-14,
  averages: 'auto',
  mcSamples: 100_000,
  mcSeed: 12345,
  /**
   * cubature node budget: the largest rule with at most this many points (src/core/cubature/ruleChoice.ts);
   * 60 000 = Smolyak level 9 at K = M = 2, εg within 8.6e-6 of level 10 along the Fig. 2 PEPITA run
   */
  cubatureNodes: 60_000,
  /**
   * the budget where a control variate applies (PEPITA with erf/linear units, theory/controlVariate.ts):
   * 15 000 = Smolyak level 7 at K = M = 2 (bench/RESULTS.md "Cubature")
   */
  cubatureNodesControlled: 15_000,
  /** subtract the rule's closed-form control variate before cubature (theory/controlVariate.ts) */
  controlVariate: true,
} as const;
