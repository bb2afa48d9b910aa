/**
 * Sweep benchmark (issue 12), side by side in one process:
 *   1. a 64-point η-sweep of the BP ODE (K = M = 2, erf, default initial weights, t ≤ 1000) through
 *      `runSweep` (warm theory workers on every core, odex with the default tolerances, files
 *      written) vs 64 runs of bench/c/bp_euler.c (gcc -O3, fixed-step Euler, dt = 0.01, the
 *      established tools' method) on the same problems: wall time and the median |εg(1000) − ref|,
 *      ref from a tight odex solve (rtol 1e-13); the sweep once more with rtol 1e-9 (still far below
 *      Euler's error). The Euler error is cross-checked by halving dt on a
 *      few problems (first order: the error should halve), so the reference is not taken on trust.
 *   2. points per second of a small PEPITA sweep (exact PEPITA ODE, Monte Carlo averages) and of a
 *      small PEPITA simulation sweep.
 * Prints figures and ratios; never passes or fails on time.
 *
 *   npx tsx bench/sweep.ts [--points 1000] [--bp-only] [--json]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from 'simple-statistics';
import { parseConfig, type Config } from '../src/core/config.ts';
import { initialOverlaps } from '../src/core/init.ts';
import { solveTheoryOf } from '../src/app/fromConfig.ts';
import { sweepPoints } from '../src/sweep/points.ts';
import { runSweep } from '../src/sweep/run.ts';
import { parseSweepSpec } from '../src/sweep/spec.ts';

/** points of the BP η-sweep: 64, or `--points N` (the 1 000-point case of issue 24: `--points 1000 --bp-only`) */
const pointsArg = process.argv.indexOf('--points');
const N = pointsArg > 0 ? Number(process.argv[pointsArg + 1]) : 64;
const TMAX = 1000;
const DT = 0.01;
const ETAS = Array.from({ length: N }, (_, i) => Number((0.05 * (2 / 0.05) ** (i / (N - 1))).toPrecision(6)));

export function compileEuler(dir: string): string | null {
  const exe = join(dir, 'bp_euler');
  try {
    execFileSync('gcc', ['-O3', '-o', exe, fileURLToPath(new URL('./c/bp_euler.c', import.meta.url)), '-lm'], { stdio: 'pipe' });
    return exe;
  } catch (e) {
    console.log(`C baseline skipped: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'gcc not found' : (e as Error).message.slice(0, 200)}`);
    return null;
  }
}

/** Problems in bp_euler.c's input format (exported for bench/stiff.ts). */
export function eulerInput(configs: Config[], dt: number): string {
  const lines = [String(configs.length)];
  for (const c of configs) {
    const o = initialOverlaps(c);
    lines.push([c.K, c.M, c.eta, c.eta2, c.noise, c.tmax, dt, ...o.Q, ...o.R, ...o.T, ...o.W2, ...o.W2t].join(' '));
  }
  return lines.join('\n') + '\n';
}

export function runEuler(exe: string, configs: Config[], dt: number): { eg: number[]; seconds: number; wall: number } {
  const t0 = performance.now();
  const out = execFileSync(exe, { input: eulerInput(configs, dt), encoding: 'utf8', maxBuffer: 1 << 24 });
  const wall = (performance.now() - t0) / 1000;
  const eg = [...out.matchAll(/^eg (\S+)$/gm)].map((m) => Number(m[1]));
  const seconds = Number(/^seconds (\S+)$/m.exec(out)![1]);
  return { eg, seconds, wall };
}

export async function runSweepBench(): Promise<Record<string, unknown>> {
  const threads = availableParallelism();
  const dir = mkdtempSync(join(tmpdir(), 'pepita-bench-sweep-'));
  const result: Record<string, unknown> = { threads, points: N, tmax: TMAX, eulerDt: DT };
  try {
    // 1. BP η-sweep: default tolerances, and a looser rtol that still beats Euler's error by far
    const sweepOnce = async (name: string, theory: Record<string, unknown>) => {
      const spec = parseSweepSpec({ base: { rule: 'bp', K: 2, M: 2, tmax: TMAX, times: [0, TMAX], theory }, grid: { eta: ETAS } });
      const pts = sweepPoints(spec);
      const t0 = performance.now();
      await runSweep(spec, pts, { dir: join(dir, name), threads });
      const seconds = (performance.now() - t0) / 1000;
      const eg = pts.map((p) => JSON.parse(readFileSync(join(dir, name, 'points', p.id, 'run.json'), 'utf8')).metrics.theory.egFinal as number);
      return { pts, seconds, eg };
    };
    const def = await sweepOnce('bp', {});
    const loose = await sweepOnce('bp-loose', { rtol: 1e-9, atol: 1e-12 });
    const points = def.pts;
    const ref = points.map((p) => {
      const s = solveTheoryOf(parseConfig({ ...p.raw, times: [0, TMAX], theory: { rtol: 1e-13, atol: 1e-16 } }));
      return s.eg[s.eg.length - 1];
    });
    const errOf = (eg: number[]) => median(eg.map((e, i) => Math.abs(e - ref[i])));
    const sweepSeconds = def.seconds;
    const sweepMedian = errOf(def.eg);
    result.sweepSeconds = def.seconds;
    result.sweepPointsPerSecond = N / def.seconds;
    result.sweepMedianError = sweepMedian;
    result.sweepLooseSeconds = loose.seconds;
    result.sweepLooseMedianError = errOf(loose.eg);
    result.medianEg = median(ref);
    console.log(`BP η-sweep, ${N} points (η ${ETAS[0]}…${ETAS[N - 1]}), t ≤ ${TMAX}, ${threads} threads:`);
    console.log(`  sweep (odex, warm workers, files written), default tolerances: ${def.seconds.toFixed(2)} s (${(N / def.seconds).toFixed(1)} points/s), median |εg(1000) − ref| = ${errOf(def.eg).toExponential(2)} (median εg(1000) = ${median(ref).toExponential(2)})`);
    console.log(`  sweep with rtol 1e-9, atol 1e-12: ${loose.seconds.toFixed(2)} s (${(N / loose.seconds).toFixed(1)} points/s), median |εg(1000) − ref| = ${errOf(loose.eg).toExponential(2)}`);
    const exe = compileEuler(dir);
    if (exe) {
      const configs = points.map((p) => p.config);
      const euler = runEuler(exe, configs, DT);
      const eulerErr = euler.eg.map((e, i) => Math.abs(e - ref[i]));
      const eulerMedian = median(eulerErr);
      // first-order check of the reference on 4 problems: Euler's error at dt/2 should be half
      const pick = [0, Math.round(N / 3), Math.round((2 * N) / 3), N - 1];
      const half = runEuler(exe, pick.map((i) => configs[i]), DT / 2);
      const halving = pick.map((i, j) => eulerErr[i] / Math.abs(half.eg[j] - ref[i]));
      result.eulerSeconds = euler.wall;
      result.eulerIntegrationSeconds = euler.seconds;
      result.eulerMedianError = median(eulerErr);
      result.eulerHalvingRatios = halving;
      result.speedup = euler.wall / sweepSeconds;
      result.errorRatio = eulerMedian / sweepMedian;
      result.speedupLoose = euler.wall / loose.seconds;
      result.errorRatioLoose = eulerMedian / errOf(loose.eg);
      console.log(`  C -O3 Euler dt = ${DT} (one process, ${N} runs): ${euler.wall.toFixed(2)} s (integration ${euler.seconds.toFixed(2)} s), median |εg(1000) − ref| = ${median(eulerErr).toExponential(2)}`);
      console.log(`  Euler error ratio dt/(dt/2) on 4 problems (first order → 2): ${halving.map((x) => x.toFixed(3)).join(', ')}`);
      console.log(`  sweep vs C Euler, default tolerances: ${(euler.wall / sweepSeconds).toFixed(1)}× faster, ${(eulerMedian / sweepMedian).toExponential(2)}× smaller median error`);
      console.log(`  sweep vs C Euler, rtol 1e-9: ${(euler.wall / loose.seconds).toFixed(1)}× faster, ${(eulerMedian / errOf(loose.eg)).toExponential(2)}× smaller median error`);
    }

    // 2. PEPITA sweeps: exact PEPITA ODE (Monte Carlo averages) and simulations
    if (process.argv.includes('--bp-only')) return result;
    const pep = parseSweepSpec({
      base: { rule: 'pepita', tmax: 500, points: 100, theory: { mcSamples: 10000 } },
      grid: { eta: [0.05, 0.1], 'init.feedback.std': [0.5, 1] },
    });
    const t1 = performance.now();
    await runSweep(pep, sweepPoints(pep), { dir: join(dir, 'pepita'), threads });
    const pepSeconds = (performance.now() - t1) / 1000;
    result.pepitaTheoryPointsPerSecond = 4 / pepSeconds;
    console.log(`PEPITA ODE sweep (4 points, t ≤ 500, 10⁴ MC samples): ${pepSeconds.toFixed(2)} s, ${(4 / pepSeconds).toFixed(2)} points/s`);
    const pepSim = parseSweepSpec({
      base: { rule: 'pepita', D: 200, tmax: 200, points: 50, sim: { seeds: 2 } },
      grid: { eta: [0.05, 0.1], 'init.feedback.std': [0.5, 1] }, run: ['sim'],
    });
    const t2 = performance.now();
    await runSweep(pepSim, sweepPoints(pepSim), { dir: join(dir, 'pepita-sim'), threads });
    const simSeconds = (performance.now() - t2) / 1000;
    result.pepitaSimPointsPerSecond = 4 / simSeconds;
    console.log(`PEPITA simulation sweep (4 points, D = 200, 2 seeds, t ≤ 200 = 4·10⁴ steps per seed): ${simSeconds.toFixed(2)} s, ${(4 / simSeconds).toFixed(2)} points/s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

const isEntry = process.argv[1] && /bench[/\\]sweep\.ts$/.test(process.argv[1]);
if (isEntry) {
  const r = await runSweepBench();
  if (process.argv.includes('--json')) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
}
