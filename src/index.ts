/**
 * The public API of pepita-ode: `import { solveTheoryOf, simulateOf, parseConfig } from 'pepita-ode'`.
 * User concepts only, each re-exported from the module that owns it (one concept per file).
 *
 * Two levels:
 *   - from a config (what the CLI does): `parseConfig` → `solveTheoryOf`, `simulateOf`, `compare`;
 *   - from a problem (the engines): `theoryProblem` → `solveTheory`, `simProblem` → `simulate`.
 *
 * @example
 * ```ts
 * import { parseConfig, solveTheoryOf } from 'pepita-ode';
 * const sol = solveTheoryOf(parseConfig({ rule: 'bp', eta: 0.5, tmax: 1000 }));
 * console.log(sol.times.at(-1), sol.eg.at(-1), sol.result);
 * ```
 * @packageDocumentation
 */

// configuration
export { parseConfig, parseConfigText, defaultConfig, type Config } from './core/config.ts';
export { configJsonSchema } from './core/configSchema.ts';
export { ConfigError, NumericalError } from './core/errors.ts';

// learning rules
export { LEARNING_RULES, RULE_IDS, ruleById, type LearningRule, type RuleForm, type RuleId, type RulePass } from './core/rules/index.ts';
export { useRule } from './core/rules/userRule.ts';
export { loadRuleModule } from './core/rules/ruleModule.ts';
export { checkRule, type CheckRuleOptions, type RuleCheckReport, type StateCheck } from './app/checkRule.ts';
export type { LearningSetupSpec } from './core/learningSetup.ts';

// order parameters and initial conditions
export { initialOverlaps, initialWeights, realiseOverlaps } from './core/init.ts';
export { overlapsFromWeights, overlapsFromJson, overlapsToJson, type Overlaps, type OverlapsJson, type Weights } from './core/overlaps.ts';
export { generalisationError } from './core/eg.ts';
export { outputTimes } from './core/times.ts';

// engines: problems in, solutions out
export { theoryProblem, type TheoryProblem } from '../theory/problem.ts';
export { solveTheory } from '../theory/solve.ts';
export type { TheoryOptions } from '../theory/options.ts';
export { simProblem, type SimProblem } from '../sim/problem.ts';
export { simulate, type SimulateOptions } from '../sim/run.ts';
export type { TheorySolution, SimSolution, SimRun, Failure, FailureCode, ResultCode } from './core/trajectory.ts';

// from a config to the engines
export { solveTheoryOf, simulateOf, theoryProblemOf, simProblemOf, rhsOf, type RhsOfConfig } from './app/fromConfig.ts';

// long-time dynamics: fixed points, their stability, plateau escape
export { fixedPointOf, fixedPointMetrics, escapeStudyOf, type FixedPointReport, type EscapeStudy } from './app/fixedPoint.ts';
export { SOLVER_NAMES } from '../theory/stiff/integrators.ts';

// comparison, early-time expansions, figures
export { compare, type CompareOptions, type CompareResult } from './compare/compare.ts';
export { earlyStudy, earlyChecksOf, type EarlyStudy } from './compare/earlyRun.ts';
export { mirrorStudy, mirrorVariants, feedbackTotalAngleOf, feedbackW2AngleOf, DEFAULT_MIRROR, type MirrorStudy, type MirrorVariant, type MirrorVariantId, type CurveSummary } from './compare/mirrorStudy.ts';
export type { MirrorSpec, MirrorOverlaps } from './core/mirror.ts';
export type { EarlyReport, EarlyCheck } from '../theory/early.ts';
export { E1_DEFAULT_CONFIG } from './compare/e1Config.ts';
export { fig2bSpec } from './figures/fig2b.ts';
export { fig2cSpec } from './figures/fig2c.ts';
export { fig7Spec } from './figures/fig7.ts';
export { earlyFigureSpec } from './figures/early.ts';
export { mirrorFigure } from './figures/mirror.ts';
export { figureHtml, figureJson, type FigureSpec, type Trace } from './figures/html.ts';
export { buildExplorerHtml, writeExplorer } from './explorer/build.ts';
