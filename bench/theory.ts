/**
 * Theory-engine benchmark (issue 2): for BP, K = M = 2, η = 0.5, t ∈ [0, 1000] (default initial
 * weights), the solve time and the εg(1000) error of `solveTheory` (odex, default tolerances)
 * next to a fixed-step Euler integration of the same right-hand side with dt = 0.01 (the method
 * and step of the established C++ tools), run in this process. The reference εg(1000) comes from
 * a very tight-tolerance solve. Then the RHS cost per evaluation for K = M = 2, 4, 8.
 *
 *   npx tsx bench/theory.ts          (standalone)
 *   npm run bench                    (with the other benches)
 */
import { solveTheoryOf, theoryProblemOf } from '../src/app/fromConfig.ts';
import { parseConfig, type Config } from '../src/core/config.ts';
import { generalisationError } from '../src/core/eg.ts';
import { initialOverlaps } from '../src/core/init.ts';
import type { Overlaps } from '../src/core/overlaps.ts';
import { buildAnalyticRhs } from '../theory/rhs.ts';
import { odeSystem, packState, unpackState, type OdeSystem } from '../theory/state.ts';

const TMAX = 1000;
const EULER_DT = 0.01;

/** The bench measures odex: theory.solver pinned (the default "auto" may switch to a stiff method). */
function benchConfig(theory: Record<string, unknown> = {}): Config {
  return parseConfig({ rule: 'bp', eta: 0.5, K: 2, M: 2, tmax: TMAX, theory: { solver: 'odex', ...theory } });
}

/** The resolved ODE system of a config at given initial overlaps. */
function systemOf(config: Config, initial: Overlaps): OdeSystem {
  return odeSystem(theoryProblemOf(config, { initial }));
}

/** εg(tmax) by fixed-step Euler on the analytic RHS; the RHS is the same function odex sees. */
function eulerEg(config: Config, dt: number): { eg: number; seconds: number; rhsEvals: number } {
  const initial = initialOverlaps(config);
  const start = performance.now();
  const p = systemOf(config, initial);
  const rhs = buildAnalyticRhs(p);
  const y = packState(initial);
  const dy = new Float64Array(y.length);
  const steps = Math.round(config.tmax / dt);
  let t = 0;
  for (let s = 0; s < steps; s++) {
    rhs(t, y, dy);
    for (let i = 0; i < y.length; i++) y[i] += dt * dy[i];
    t += dt;
  }
  const eg = generalisationError(unpackState(y, p), p.student, p.teacher);
  return { eg, seconds: (performance.now() - start) / 1000, rhsEvals: steps };
}

/** Microseconds per RHS evaluation at K = M. */
function rhsCost(K: number): number {
  const config = parseConfig({ rule: 'bp', eta: 0.5, K, M: K });
  const initial = initialOverlaps(config);
  const rhs = buildAnalyticRhs(systemOf(config, initial));
  const y = packState(initial);
  const dy = new Float64Array(y.length);
  for (let i = 0; i < 200; i++) rhs(0, y, dy); // warm-up
  let evals = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < 300) {
    for (let i = 0; i < 100; i++) rhs(0, y, dy);
    evals += 100;
    elapsed = performance.now() - start;
  }
  return (elapsed * 1000) / evals;
}

export async function runTheoryBench(): Promise<Record<string, unknown>> {
  const config = benchConfig();
  const times = Float64Array.from([0, TMAX]);
  const ref = solveTheoryOf(benchConfig({ rtol: 1e-13, atol: 1e-16 }), { times });
  const egRef = ref.eg[1];

  // warm-up (JIT) for both methods, then timed runs: best of 3 each
  solveTheoryOf(config, { times });
  eulerEg(config, EULER_DT);
  let sol = solveTheoryOf(config, { times });
  let euler = eulerEg(config, EULER_DT);
  for (let r = 0; r < 2; r++) {
    const s = solveTheoryOf(config, { times });
    if (s.stats.seconds < sol.stats.seconds) sol = s;
    const e = eulerEg(config, EULER_DT);
    if (e.seconds < euler.seconds) euler = e;
  }
  const odexErr = Math.abs(sol.eg[1] - egRef);
  const eulerErr = Math.abs(euler.eg - egRef);
  const speedup = euler.seconds / sol.stats.seconds;
  const accuracy = eulerErr / Math.max(odexErr, Number.MIN_VALUE);

  const cost: Record<string, number> = {};
  for (const K of [2, 4, 8]) cost[`K${K}`] = rhsCost(K);

  const lines = [
    `BP, K = M = 2, eta = 0.5, t in [0, ${TMAX}], default initial weights (init.seed ${config.init.seed}, D = ${config.D})`,
    `default tolerances: rtol = ${config.theory.rtol}, atol = ${config.theory.atol}`,
    `reference eg(${TMAX}) = ${egRef.toExponential(10)}  (rtol 1e-13, atol 1e-16; ${ref.stats.rhsEvals} RHS evals)`,
    `odex (solveTheory):  ${(sol.stats.seconds * 1000).toFixed(2)} ms, ${sol.stats.rhsEvals} RHS evals, ${sol.stats.accepted} accepted / ${sol.stats.rejected} rejected steps, |eg error| = ${odexErr.toExponential(2)} (relative ${(odexErr / egRef).toExponential(2)})`,
    `Euler dt = ${EULER_DT}:     ${(euler.seconds * 1000).toFixed(2)} ms, ${euler.rhsEvals} RHS evals, |eg error| = ${eulerErr.toExponential(2)} (relative ${(eulerErr / egRef).toExponential(2)})`,
    `ratios: ${speedup.toFixed(1)}x faster (goal >= 10x), ${accuracy.toExponential(2)}x more accurate (goal >= 100x)`,
    `RHS cost per evaluation: ${Object.entries(cost).map(([k, v]) => `K = M = ${k.slice(1)}: ${v.toFixed(2)} us`).join(', ')}`,
  ];
  for (const l of lines) console.log(l);
  return {
    problem: { rule: 'bp', K: 2, M: 2, eta: 0.5, tmax: TMAX },
    tolerances: { rtol: config.theory.rtol, atol: config.theory.atol },
    egRef,
    odex: { seconds: sol.stats.seconds, rhsEvals: sol.stats.rhsEvals, accepted: sol.stats.accepted, rejected: sol.stats.rejected, egError: odexErr },
    euler: { dt: EULER_DT, seconds: euler.seconds, rhsEvals: euler.rhsEvals, egError: eulerErr },
    speedup,
    accuracyRatio: accuracy,
    rhsMicrosecondsPerEval: cost,
  };
}

const isEntry = process.argv[1] && /bench[/\\]theory\.ts$/.test(process.argv[1]);
if (isEntry) await runTheoryBench();
