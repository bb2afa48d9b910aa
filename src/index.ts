/**
 * The public API of pepita-ode: `import { solveTheory, simulate, compare } from 'pepita-ode'`.
 * Everything here is re-exported from the module that owns it (one concept per file).
 */
export { parseConfig, parseConfigText, defaultConfig, configSchema, RULES, type Config, type Rule } from './core/config.ts';
export { ConfigError, NumericalError } from './core/errors.ts';
export { initialOverlaps, sampleWeights } from './core/init.ts';
export { initialWeights, realiseOverlaps } from './core/init.ts';
export { outputTimes } from './core/times.ts';
export type { Overlaps, OverlapsJson } from './core/overlaps.ts';
export type { Trajectory, TheorySolution, SimSolution, SimRun, Failure } from './core/trajectory.ts';
export { solveTheory, type SolveOptions } from '../theory/solve.ts';
export { simulate, type SimulateOptions } from '../sim/run.ts';
export { compare, type CompareOptions, type CompareResult } from './compare/compare.ts';
export { earlyChecks, earlyCurves, e1Setting, type EarlyReport, type EarlyCheck } from '../theory/early.ts';
export { earlyStudy, type EarlyStudy } from './compare/earlyRun.ts';
export { E1_DEFAULT_CONFIG } from './compare/e1Config.ts';
export { agreement, agreementOf, type Agreement, type AgreementEntry } from './compare/agreement.ts';
export { seedStats, egOf, feedbackNormOf } from './compare/seedStats.ts';
export { fig2bSpec } from './figures/fig2b.ts';
export { fig2cSpec } from './figures/fig2c.ts';
export { fig7Spec } from './figures/fig7.ts';
export { earlyFigureSpec } from './figures/early.ts';
export { figureHtml, figureJson, type FigureSpec, type Trace } from './figures/html.ts';
export { figureCsv, parseFigureHtml } from './figures/html.ts';
export { exportPngs, findChromium, type PngJob, type PngResult } from './figures/png.ts';
export { writeCompareOutputs, writeEarlyOutputs, compareFigures } from './compare/outputs.ts';
export { angleDeg, degenerateCopies, closestDegenerate, fig2cAngles, type DegenerateCopy } from './compare/angles.ts';
export { fig2Config } from './compare/fig2Config.ts';
export { buildExplorerHtml, writeExplorer } from './explorer/build.ts';
export { I2, I3, I4, J2, pairAverage, unitKind, UNIT_ERF, UNIT_LINEAR, type UnitKind } from './core/integrals.ts';
export { generalisationError, egFromCovariance } from './core/eg.ts';
export { integrateRhs, stateNames } from '../theory/solve.ts';
export { buildRunRecord, type RunRecordArgs } from './io/runRecord.ts';
export { egMonteCarlo, egMonteCarloWithError, GaussianAverager, NormalBank, QuadraticControls, choleskyPsd, isOddActivation, type McEstimate } from './core/montecarlo.ts';
export { buildMcRhs, mcRhsWithStdErr, assertPsdState, McRhsKernel, type McRhsOptions, type McRhsEvaluation } from '../theory/rhsMc.ts';
export { buildPepitaFirstOrderRhs, solvePepitaFirstOrder } from '../theory/pepitaFirstOrder.ts';
