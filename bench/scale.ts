/**
 * Cubature at scale (issue 23), side by side in this process: PEPITA (erf, η = 0.05, weights seed 8,
 * t ≤ 1000, 60 output times) at K = M = 2, 3, 4, 6, 8 with the default settings. For each: the
 * engine time (and the coarser solve of the solve-level estimate), the reported estimates
 * (solve-level and per-average), Monte Carlo at 10⁵ samples (time, its distance to the reference),
 * and, where one is affordable, the actual error against a reference solve two or three Smolyak
 * levels finer (its own solve-level estimate printed beside it: a reference is trusted only when
 * that is ≤ a tenth of the error measured with it). At K = M = 6, 8 no reference is affordable
 * (level 6 in 12 dimensions is 4·10⁶ points): the default is compared with Monte Carlo 10⁵ only,
 * whose standard error bounds what that comparison can say.
 *
 *   npx tsx bench/scale.ts [2,3,4,6,8] [--no-mc]     (≈ 10 min for all; K = M = 2–4 ≈ 3 min)
 */
import { solveTheoryOf } from '../src/app/fromConfig.ts';
import { parseConfig } from '../src/core/config.ts';
import { smolyakPointCount } from '../src/core/cubature/pointSet.ts';
import type { TheorySolution } from '../src/core/trajectory.ts';

const REFERENCE_LEVEL: Record<number, number> = { 2: 10, 3: 8, 4: 7 };

function solve(K: number, theory: Record<string, unknown>): { sol: TheorySolution; seconds: number } {
  const config = parseConfig({ rule: 'pepita', K, M: K, tmax: 1000, points: 60, init: { seed: 8 }, theory });
  const t0 = performance.now();
  const sol = solveTheoryOf(config);
  return { sol, seconds: (performance.now() - t0) / 1000 };
}

function maxRelative(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.abs(b[i]));
  return m;
}

const e = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '—' : x.toExponential(1));

export function runScaleBench(sizes: number[], mc: boolean): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  console.log('| K = M | default rule | time (solve + coarser) | solve estimate | per-average max | actual (vs reference) | reference | MC 10⁵: time, vs reference (or vs default) |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const K of sizes) {
    const d = solve(K, {});
    const est = d.sol.stats.egErrorEstimate;
    const level = REFERENCE_LEVEL[K];
    const ref = level === undefined ? null : solve(K, { cubatureNodes: smolyakPointCount(2 * K, level), errorEstimate: 'averages' });
    const m = mc ? solve(K, { averages: 'mc' }) : null;
    const actual = ref ? maxRelative(d.sol.eg, ref.sol.eg) : undefined;
    const mcOff = m ? maxRelative(m.sol.eg, (ref ?? d).sol.eg) : undefined;
    const row = {
      K, rule: d.sol.stats.averager?.description, seconds: d.sol.stats.seconds, coarserSeconds: est?.seconds, solveEstimate: est?.value,
      perAverageMax: d.sol.stats.averager?.errorEstimateMax, actual, referenceLevel: level ?? null, referenceSeconds: ref?.seconds,
      mcSeconds: m?.seconds, mcOff, mcStdErr: m?.sol.stats.averager?.errorEstimateMax, result: d.sol.result,
    };
    rows.push(row);
    const refText = ref ? `level ${level}, ${ref.seconds.toFixed(0)} s` : 'none affordable';
    const mcText = m ? `${m.seconds.toFixed(1)} s, ${e(mcOff)} ${ref ? '' : '(vs default) '}(its per-average std. error ${e(row.mcStdErr)})` : '—';
    console.log(`| ${K} | ${(row.rule ?? '').replace('cubature: ', '').replace(/, \d+ dimensions.*/, '')} | ${d.sol.stats.seconds.toFixed(1)} + ${est ? est.seconds.toFixed(1) : '—'} s | ${e(est?.value)} | ${e(row.perAverageMax)} | ${e(actual)} | ${refText} | ${mcText} |`);
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = (process.argv.slice(2).find((a) => /^[\d,]+$/.test(a)) ?? '2,3,4,6,8').split(',').map(Number);
  runScaleBench(sizes, !process.argv.includes('--no-mc'));
}
