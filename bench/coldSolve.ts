/**
 * Where the time of one cold theory solve goes (issue 24 item 3): the BP problem of bench/sweep.ts
 * (K = M = 2, erf, default initial weights, η = 0.5, t ≤ 1000, default tolerances), in a fresh
 * process, split into module loading, config parsing, the first solve (cold: JIT warm-up of the RHS
 * and the integrator), the same solve again (warm), and the warm solve with odex alone (no stiffness
 * detection); against one run of bench/c/bp_euler.c (gcc -O3, Euler dt = 0.01) on the same problem.
 * Figures and ratios only, no pass/fail.
 *
 *   npx tsx bench/coldSolve.ts
 */
const t0 = performance.now();
const { parseConfig } = await import('../src/core/config.ts');
const { solveTheoryOf } = await import('../src/app/fromConfig.ts');
const tImport = performance.now() - t0;
const { mkdtempSync } = await import('node:fs');
const { tmpdir } = await import('node:os');
const { join } = await import('node:path');
const { compileEuler, runEuler } = await import('./sweep.ts');

const raw = { rule: 'bp', eta: 0.5, tmax: 1000, points: 200 };
const t1 = performance.now();
const config = parseConfig(raw);
const tParse = performance.now() - t1;
const timed = (f: () => { stats: { rhsEvals: number } }) => {
  const s = performance.now();
  const r = f();
  return { ms: performance.now() - s, rhsEvals: r.stats.rhsEvals };
};
const cold = timed(() => solveTheoryOf(config));
const warm = timed(() => solveTheoryOf(config));
const odexConfig = parseConfig({ ...raw, theory: { solver: 'odex' } });
timed(() => solveTheoryOf(odexConfig));
const odexWarm = timed(() => solveTheoryOf(odexConfig));
const warm2 = timed(() => solveTheoryOf(config));

const exe = compileEuler(mkdtempSync(join(tmpdir(), 'pepita-bench-cold-')));
const euler = exe ? runEuler(exe, [config], 0.01) : null;
console.log(`module loading (config + engines): ${tImport.toFixed(0)} ms; parseConfig: ${tParse.toFixed(1)} ms`);
console.log(`first solve (cold): ${cold.ms.toFixed(1)} ms, ${cold.rhsEvals} RHS evaluations (${((1e3 * cold.ms) / cold.rhsEvals).toFixed(1)} µs each)`);
console.log(`same solve, warm: ${warm.ms.toFixed(1)} ms, again ${warm2.ms.toFixed(1)} ms, ${warm.rhsEvals} RHS (${((1e3 * warm.ms) / warm.rhsEvals).toFixed(1)} µs each)`);
console.log(`odex alone, warm: ${odexWarm.ms.toFixed(1)} ms, ${odexWarm.rhsEvals} RHS`);
if (euler) {
  console.log(`C Euler, one run (engine time): ${(1e3 * euler.seconds).toFixed(1)} ms`);
  console.log(`ratios (C / ours): cold ${((1e3 * euler.seconds) / cold.ms).toFixed(2)}×, warm ${((1e3 * euler.seconds) / Math.min(warm.ms, warm2.ms)).toFixed(2)}×, warm odex ${((1e3 * euler.seconds) / odexWarm.ms).toFixed(2)}×`);
}
