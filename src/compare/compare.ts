/**
 * The comparison layer: from ONE config, the ODE solution and the simulation of each of a list of
 * rules, all from the same initial weights and on the same output times, plus their agreement.
 * The engines are reached through src/app/fromConfig.ts only.
 *
 *   const r = await compare(parseConfig({ rule: 'pepita' }));           // PEPITA and AFA (the default)
 *   const r = await compare(config, { rules: ['bp', 'pepita-hebbian'] });
 *   r.rules, r.theory.pepita?.eg, r.sims.afa?.runs[0].eg, r.agreement.entries
 *
 * Rules: `opts.rules` (ids or rule objects), by default the config's rule plus its companion
 * (AFA for PEPITA; src/compare/ruleList.ts). Each simulation is compared with its own rule's ODE;
 * with `cross` also with every other rule's ODE.
 * Shared initial state: `initialOverlaps(config)` is computed once and passed as `initial` to
 * every theory solve; the simulations sample their weights from the same `config.init` (seed),
 * so they start from exactly these order parameters (checked: a mismatch is an error).
 * Shared times: the simulation can only observe at steps μ, so the times asked of both engines
 * are the realised ones, μ/D with μ = round(t·D) for the config's output times.
 */
import type { Config } from '../core/config.ts';
import { initialOverlaps } from '../core/init.ts';
import type { Overlaps } from '../core/overlaps.ts';
import type { LearningRule, RuleId } from '../core/rules/index.ts';
import { outputTimes, stepsForTimes } from '../core/times.ts';
import type { SimSolution, TheorySolution } from '../core/trajectory.ts';
import { simulateManyOf, solveTheoryOf } from '../app/fromConfig.ts';
import { agreement, type Agreement } from './agreement.ts';
import { checkRulesRunnable, defaultCompareRules, resolveRules, type RuleRef } from './ruleList.ts';

/** Which rules a comparison runs, whether each simulation is also compared with the other rules' ODEs, threads, progress. */
export interface CompareOptions {
  /** the rules to run, in this order (default: the config's rule, plus AFA when it is PEPITA) */
  rules?: readonly RuleRef[];
  /** the rules whose ODE is solved (default: every rule run); the others are simulated only */
  theoryRules?: readonly RuleRef[];
  /** also compare each simulation with the other rules' ODEs (default false: its own only) */
  cross?: boolean;
  /** worker threads of the simulations (default config.sim.threads) */
  threads?: number;
  /** progress: phase name and its fraction done in [0, 1] */
  onProgress?: (phase: ComparePhase, fraction: number) => void;
}

/** A phase of a comparison, e.g. "sim pepita" or "theory afa". */
export type ComparePhase = `${'sim' | 'theory'} ${RuleId}`;

/** The shared initial overlaps and times, each rule's ODE solution and simulation, their agreement and the timings. */
export interface CompareResult {
  config: Config;
  /** the rules run, in order */
  rules: LearningRule[];
  /** the shared initial order parameters */
  initial: Overlaps;
  /** the shared output times μ/D */
  times: Float64Array;
  /** the ODE solution of each rule whose theory was solved, by rule id */
  theory: Partial<Record<RuleId, TheorySolution>>;
  /** the simulation of each rule, by rule id */
  sims: Partial<Record<RuleId, SimSolution>>;
  agreement: Agreement;
  /** wall times: the ODEs (one after another), and the simulations' pool from start to end (the ODEs run meanwhile) */
  timings: { theorySeconds: number; simSeconds: number };
}

/** Output times both engines can honour: μ/D for μ = round(t·D), deduplicated. */
export function realisedTimes(config: Config): Float64Array {
  return Float64Array.from(stepsForTimes(outputTimes(config), config.D), (mu) => mu / config.D);
}

/** Largest |a − b| over every order parameter (Q, R, T, W2, W̃2, f, f̃, q_f). */
export function overlapsDistance(a: Overlaps, b: Overlaps): number {
  let d = Math.abs(a.qf - b.qf);
  for (const key of ['Q', 'R', 'T', 'W2', 'W2t', 'f', 'ft'] as const) {
    const x = a[key], y = b[key];
    if (x.length !== y.length) return Infinity;
    for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i] - y[i]));
  }
  return d;
}

/** Tolerance on the initial-state match: both engines compute the same dot products (rounding only). */
export const INITIAL_MATCH_TOL = 1e-12;

/** The rules and ODEs a comparison will run, validated against the config (ConfigError naming `field`). */
export function comparePlan(config: Config, opts: Pick<CompareOptions, 'rules' | 'theoryRules'> = {}, field = 'rules') {
  const rules = opts.rules ? resolveRules(opts.rules, field) : defaultCompareRules(config);
  checkRulesRunnable(config, rules, field);
  const theoryRules = opts.theoryRules ? resolveRules(opts.theoryRules, 'theoryRules').filter((r) => rules.includes(r)) : rules;
  return { rules, theoryRules };
}

/**
 * The phases of a comparison in the order their progress is reported: every ODE (solved while the
 * simulations start on the worker pool), then every simulation.
 */
export function comparePhases(rules: readonly LearningRule[], theoryRules: readonly LearningRule[] = rules): ComparePhase[] {
  return [...theoryRules.map((r) => `theory ${r.id}` as ComparePhase), ...rules.map((r) => `sim ${r.id}` as ComparePhase)];
}

/**
 * The (simulated rule, ODE rule) pairs a comparison reports: each rule with its own ODE, in order;
 * with `cross`, then each rule with every other rule's ODE.
 */
export function comparisonPairs(rules: readonly LearningRule[], theoryRules: readonly LearningRule[], cross: boolean): [LearningRule, LearningRule][] {
  const pairs: [LearningRule, LearningRule][] = rules.filter((r) => theoryRules.includes(r)).map((r) => [r, r]);
  if (cross) for (const r of rules) for (const th of theoryRules) if (th !== r) pairs.push([r, th]);
  return pairs;
}

/**
 * Solve and simulate several rules of one config from the same initial weights on the same output
 * times (the realised step times μ/D), and measure how each simulation agrees with its own ODE (and
 * with the others' with `cross`). What `pepita-ode compare` runs.
 * @example
 * ```ts
 * const r = await compare(parseConfig({ tmax: 200 }), { rules: ['pepita', 'afa'], cross: true });
 * r.theory.pepita?.eg; r.sims.afa?.runs; r.agreement.entries
 * ```
 */
export async function compare(config: Config, opts: CompareOptions = {}): Promise<CompareResult> {
  const { rules, theoryRules } = comparePlan(config, opts);
  const initial = initialOverlaps(config);
  const times = realisedTimes(config);
  const tmax = times[times.length - 1];
  const progress = opts.onProgress ?? (() => undefined);
  const threads = opts.threads ?? config.sim.threads;

  // every rule's runs go to one worker pool; the ODEs are solved on this thread meanwhile (they
  // are synchronous, so the pool's progress messages wait for them — hence theory phases first)
  const t0 = performance.now();
  let poolStarted!: () => void;
  const started = new Promise<void>((resolve) => (poolStarted = resolve));
  const simRun = simulateManyOf(rules.map((rule) => ({ ...config, rule: rule.id })), {
    times,
    threads,
    onStarted: poolStarted,
    onProgress: (done: number, total: number) => {
      // one bar over the simulation phases, in rule order
      const f = total > 0 ? (done / total) * rules.length : 0;
      const i = Math.min(rules.length - 1, Math.floor(f));
      progress(`sim ${rules[i].id}`, f - i);
    },
  });
  // a failure to start the simulations surfaces after the ODEs (not as an unhandled rejection)
  simRun.catch(() => undefined);
  // the pool is created after the engine's module loads (an await): wait for it, so the ODEs below
  // run while the workers do (with one thread the runs go inline and finish first)
  await Promise.race([started, simRun.then(() => undefined, () => undefined)]);

  const theory: CompareResult['theory'] = {};
  let theorySeconds = 0;
  for (const rule of theoryRules) {
    const phase: ComparePhase = `theory ${rule.id}`;
    progress(phase, 0);
    const ts = performance.now();
    theory[rule.id] = solveTheoryOf({ ...config, rule: rule.id }, {
      times,
      initial,
      onProgress: (t: number) => progress(phase, tmax > 0 ? t / tmax : 1),
    });
    theorySeconds += (performance.now() - ts) / 1000;
    progress(phase, 1);
  }

  const simList = await simRun;
  const simSeconds = (performance.now() - t0) / 1000;
  const sims: CompareResult['sims'] = {};
  rules.forEach((rule, i) => {
    const sim = simList[i];
    const gap = overlapsDistance(sim.initial, initial);
    if (!(gap <= INITIAL_MATCH_TOL * Math.max(1, initial.qf))) {
      throw new Error(`compare: the ${rule.id} simulation starts from other order parameters than the theory (max difference ${gap})`);
    }
    progress(`sim ${rule.id}`, 1);
    sims[rule.id] = sim;
  });

  return {
    config,
    rules,
    initial,
    times,
    theory,
    sims,
    agreement: agreement(comparisonPairs(rules, theoryRules, opts.cross ?? false).map(([s, th]) => [sims[s.id]!, theory[th.id]!] as const)),
    timings: { theorySeconds, simSeconds },
  };
}
