/**
 * The choice of Gaussian averaging backend for a problem shape, its activations and the averaging
 * settings (docs/averages.md): Monte Carlo on request (`averages: "mc"`), otherwise deterministic
 * cubature — Gauss–Hermite rules for smooth units, the randomised QMC lattice for units with kinks
 * (src/core/cubature/ruleChoice.ts). One place, used by the ODE solve (theory/select.ts), by εg
 * wherever it has no closed form (src/core/eg.ts: the public `generalisationError`, the solve's
 * output states and the simulation's εg all go through it).
 */
import type { Activation } from './activations.ts';
import type { GaussianAveragingBackend } from './averaging.ts';
import { CUBATURE_CHECK_EVERY, CubatureBackend } from './cubature/backend.ts';
import { chooseCubatureRule, gaussHermiteSuits, LATTICE_FROM_DIMENSION } from './cubature/ruleChoice.ts';
import { MonteCarloBackend } from './mcBackend.ts';
import { THEORY_DEFAULTS } from './theorySettings.ts';

/**
 * Node scale of the teacher dimensions under a control variate, 1/√1.1 (with the adaptive student
 * scale, src/core/cubature/backend.ts). Chosen by measurement (bench/RESULTS.md "Cubature"): on the
 * Fig. 2 PEPITA trajectory at Smolyak level 7, scales 1, 1/√1.1, 1/√1.2 gave max εg errors 1.28e-5,
 * 7.8e-6, 8.2e-6 against level 10; the late, slow part (t > 1000, where the RHS is small) gains most.
 */
export const CONTROLLED_TEACHER_SCALE = 1 / Math.sqrt(1.1);

/** What the averages are over: K student fields, M teacher fields (and ρ), ξ a dimension when noisy. */
export interface AveragedFields {
  readonly K: number;
  readonly M: number;
  readonly noisy: boolean;
  readonly student: Activation;
  readonly teacher: Activation;
}

/** The averaging settings of the theory options (`theory.averages`, `mcSamples`, `mcSeed`, `cubatureNodes`). */
export interface AveragingSettings {
  readonly averages: string;
  readonly mcSamples: number;
  readonly mcSeed: number;
  /** null: the default of the problem (defaultCubatureNodes below) */
  readonly cubatureNodes: number | null;
}

/** The defaults of every averaging setting (THEORY_DEFAULTS). */
export const DEFAULT_AVERAGING: AveragingSettings = {
  averages: THEORY_DEFAULTS.averages, mcSamples: THEORY_DEFAULTS.mcSamples, mcSeed: THEORY_DEFAULTS.mcSeed, cubatureNodes: null,
};

/**
 * The default node budget (theory.cubatureNodes null): 15 000 under a control variate, 120 000 for
 * the lattice of smooth problems in ≥ LATTICE_FROM_DIMENSION dimensions (K = M ≥ 5, whose error
 * falls only ≈ N⁻¹; its averages are shared by the solve's threads), 60 000 elsewhere (THEORY_DEFAULTS).
 */
export function defaultCubatureNodes(dim: number, smooth: boolean, controlled: boolean): number {
  if (controlled) return THEORY_DEFAULTS.cubatureNodesControlled;
  return smooth && dim >= LATTICE_FROM_DIMENSION ? THEORY_DEFAULTS.cubatureNodesLattice : THEORY_DEFAULTS.cubatureNodes;
}

/**
 * The backend of a numerical average. `psd`: "trial" inside an integrator (trial stages may leave
 * the PSD cone; the cubature then estimates its error every CUBATURE_CHECK_EVERY averages), "strict"
 * for output states and one-off evaluations (never checks). `controlled`: the averages are of the
 * difference to a control variate (theory/controlVariate.ts): the smaller default budget and the
 * state-adapted student scale, which suits that difference (the fixed 1/√2 suits the full integrand).
 */
export function averagingBackendFor(fields: AveragedFields, settings: AveragingSettings, psd: 'strict' | 'trial', controlled = false): GaussianAveragingBackend {
  const even = fields.student.odd && fields.teacher.odd;
  const { K, M, noisy } = fields;
  if (settings.averages === 'mc') return new MonteCarloBackend({ fields: K + M + 1, samples: settings.mcSamples, seed: settings.mcSeed, evenIntegrands: even, psd });
  const dim = K + M + (noisy ? 1 : 0);
  const smooth = gaussHermiteSuits(fields.student, fields.teacher);
  const budget = settings.cubatureNodes ?? defaultCubatureNodes(dim, smooth, controlled);
  return new CubatureBackend({ K, M, noisy }, {
    rule: chooseCubatureRule(dim, budget, smooth),
    psd,
    checkEvery: psd === 'trial' ? CUBATURE_CHECK_EVERY : 0,
    evenIntegrands: even,
    ...(controlled ? { scale: 'adaptive' as const, teacherScale: CONTROLLED_TEACHER_SCALE } : {}),
  });
}
