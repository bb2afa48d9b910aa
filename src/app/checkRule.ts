/**
 * Certification of a learning rule (any rule: a built-in or a user's module; docs/rules.md "Your
 * own rule"): are its finite-D step and its ODE the same dynamics? Two checks, as the built-ins'
 * own tests make them:
 *
 *  1. Step = RHS: at several random states (realised exactly at finite D from random overlaps),
 *     D × the mean one-step change of the simulation step over fresh samples against the ODE
 *     right-hand side the theory uses there. z = Δ / SE per component (SE of the sample mean, plus
 *     the RHS's own error estimate); pass when every |z| < Z_MAX. The η² part of dQ carries an
 *     O((K+M+1)/D) relative bias at finite D (|x|²/D), below the standard error at D = 500.
 *  2. Simulation = ODE: `seeds` runs at dimension D against the ODE from the same initial state
 *     (the config's), εg compared on log-spaced times; pass when the median relative deviation over
 *     t > 0 is below MEDIAN_MAX (the PEPITA sim-vs-theory criterion of the tests; the max is reported).
 *
 *   const report = await checkRule(config, { states: 4, samples: 30_000 });
 *   report.verdict   // "pass" | "fail", with report.reasons
 */
import { median } from 'simple-statistics';
import { ConfigError } from '../core/errors.ts';
import type { Config } from '../core/config.ts';
import { parseConfig } from '../core/config.ts';
import { Rng } from '../core/rng.ts';
import { ruleById } from '../core/rules/index.ts';
import { gridTimes } from '../core/times.ts';
import { meanOneStepChange } from './meanStep.ts';
import { rhsOf, simulateOf, solveTheoryOf } from './fromConfig.ts';

/** |z| above this at any component of any state fails the step check (≈ 60 components: a false alarm ~ 4e-4). */
export const Z_MAX = 4.5;
/** median relative εg deviation (sim mean vs ODE) above this fails the simulation check */
export const MEDIAN_MAX = 0.03;

/** How much work each check does (defaults: 4 states × 30 000 samples, 4 seeds at D = 500, t ≤ min(tmax, 200)). */
export interface CheckRuleOptions {
  /** random states of the step check (default 4) */
  states?: number;
  /** fresh samples per state (default 30 000) */
  samples?: number;
  /** seeds of the simulation check (default 4) */
  seeds?: number;
  /** dimension of both checks (default 500) */
  D?: number;
  /** last time of the simulation check (default min(config.tmax, 200)) */
  tmax?: number;
  /** worker threads of the simulation check (default config.sim.threads) */
  threads?: number;
  /** seed of the random states (default 1) */
  seed?: number;
}

/** The step-vs-RHS check at one random state. */
export interface StateCheck {
  /** the state's index (its overlaps are in `overlaps`) */
  index: number;
  overlaps: Record<string, unknown>;
  /** the largest |z| over the ODE components, and which component */
  zMax: number;
  worst: string;
  /** per component: name, D × mean step, its SE, the RHS */
  components: { name: string; step: number; se: number; rhs: number; z: number }[];
}

/** Both checks of `checkRule` and the verdict (reasons empty when it passes). */
export interface RuleCheckReport {
  rule: string;
  label: string;
  D: number;
  states: StateCheck[];
  simulation: { seeds: number; tmax: number; median: number; max: number; times: number };
  verdict: 'pass' | 'fail';
  reasons: string[];
}

/** A random PSD covariance C of (λ, ν, ρ) (n = K + M + 1) with O(1) entries and T's diagonal near 1, as overlaps JSON. */
function randomOverlaps(K: number, M: number, rng: Rng): Record<string, unknown> {
  const n = K + M + 1;
  const A = Array.from({ length: n }, () => Array.from({ length: n }, () => 0.45 * rng.normal()));
  const C = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => {
    let s = i === j ? 0.6 : 0;
    for (let k = 0; k < n; k++) s += A[i][k] * A[j][k];
    return s;
  }));
  const block = (r0: number, r1: number, c0: number, c1: number) => C.slice(r0, r1).map((row) => row.slice(c0, c1));
  return {
    kind: 'overlaps', seed: Math.floor(rng.nextU32() / 2),
    Q: block(0, K, 0, K), R: block(0, K, K, K + M), T: block(K, K + M, K, K + M),
    f: C.slice(0, K).map((row) => row[n - 1]), ft: C.slice(K, K + M).map((row) => row[n - 1]), qf: C[n - 1][n - 1],
    W2: Array.from({ length: K }, () => 0.7 * rng.normal()), W2t: Array.from({ length: M }, () => 1 + 0.3 * rng.normal()),
  };
}

/**
 * Run both checks on a validated config's rule (its K, M, rates, noise, activations).
 * @example
 * ```ts
 * await loadRuleModule('./my-rule.mjs');
 * const report = await checkRule(parseConfig({ rule: resolve('./my-rule.mjs') }));
 * report.verdict;   // "pass" or "fail"; report.reasons says why
 * ```
 */
export async function checkRule(config: Config, opts: CheckRuleOptions = {}): Promise<RuleCheckReport> {
  const rule = ruleById(config.rule);
  if (!rule) throw new ConfigError('rule', `unknown rule ${JSON.stringify(config.rule)}`);
  const D = opts.D ?? 500;
  const nStates = opts.states ?? 4, samples = opts.samples ?? 30_000, seeds = opts.seeds ?? 4;
  const tmax = opts.tmax ?? Math.min(config.tmax, 200);
  const rng = new Rng(opts.seed ?? 1);
  const reasons: string[] = [];

  const states: StateCheck[] = [];
  for (let i = 0; i < nStates; i++) {
    const overlaps = randomOverlaps(config.K, config.M, rng);
    const at = parseConfig({ ...config, D, times: [0], init: overlaps, sim: { ...config.sim, seeds: 1 } });
    const { mean, se } = meanOneStepChange(at, samples, 1000 + i);
    const r = rhsOf(at);
    const dy = new Float64Array(r.y0.length);
    r.rhs(0, r.y0, dy);
    const components = r.names.map((name, c) => {
      const z = (mean[c] - dy[c]) / Math.max(se[c], 1e-300);
      return { name, step: mean[c], se: se[c], rhs: dy[c], z: Number.isFinite(z) ? z : mean[c] === dy[c] ? 0 : Infinity };
    });
    let worst = components[0];
    for (const c of components) if (Math.abs(c.z) > Math.abs(worst.z)) worst = c;
    states.push({ index: i, overlaps, zMax: Math.abs(worst.z), worst: worst.name, components });
    if (!(Math.abs(worst.z) < Z_MAX)) {
      reasons.push(`state ${i}: D × mean step of ${worst.name} = ${worst.step.toPrecision(4)} ± ${worst.se.toPrecision(2)} but the ODE says ${worst.rhs.toPrecision(4)} (z = ${worst.z.toFixed(1)}, allowed |z| < ${Z_MAX})`);
    }
  }

  const simConfig = parseConfig({ ...config, D, times: null, tmax, sim: { ...config.sim, seeds } });
  const times = gridTimes(0.5, tmax, 24, D);
  const ode = solveTheoryOf(simConfig, { times });
  const sim = await simulateOf(simConfig, { times, threads: opts.threads ?? config.sim.threads });
  const dev: number[] = [];
  const n = Math.min(ode.eg.length, ...sim.runs.map((r) => r.eg.length));
  for (let j = 0; j < n; j++) {
    if (times[j] <= 0) continue;
    let m = 0;
    for (const run of sim.runs) m += run.eg[j] / sim.runs.length;
    dev.push(Math.abs(m / ode.eg[j] - 1));
  }
  if (ode.failure) reasons.push(`the ODE failed: ${ode.failure.message}`);
  for (const run of sim.runs) if (run.failure) reasons.push(`simulation seed ${run.seed} failed: ${run.failure.message}`);
  const med = dev.length ? median(dev) : Number.NaN, max = dev.length ? Math.max(...dev) : Number.NaN;
  if (!(med < MEDIAN_MAX)) reasons.push(`the ${seeds}-seed simulation at D = ${D} is off its ODE by ${(100 * med).toFixed(2)} % (median over t ≤ ${tmax}; allowed ${100 * MEDIAN_MAX} %)`);
  return {
    rule: rule.id, label: rule.label, D, states,
    simulation: { seeds, tmax, median: med, max, times: dev.length },
    verdict: reasons.length ? 'fail' : 'pass', reasons,
  };
}
