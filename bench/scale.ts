/**
 * Cubature at scale (issue 23), side by side in this process: PEPITA (erf, η = 0.05, weights seed 8,
 * t ≤ 1000, 60 output times) at K = M = 2, 3, 4, 6, 8 with the default settings (at K = M ≥ 6 the
 * feedback std is 0.5: with std 1 PEPITA diverges there, in the ODE and in a D = 500 simulation alike). For each: the
 * engine time (and the coarser solve of the solve-level estimate), the reported estimates
 * (solve-level and per-average), Monte Carlo at 10⁵ samples (time, its distance to the reference),
 * and the actual error against a reference solve: two or three Smolyak levels finer at K = M ≤ 4
 * (its own error estimated by the level below it: docs/averages.md), a lattice of 4× the default's
 * points at K = M = 6, 8 (the lattice error falls ≈ 4× per 4× points there, so the reference is
 * ≈ 4× finer; Monte Carlo 10⁵ against it shows its independent distance). Cubature solves use the
 * machine's cores (theory.threads "auto"); Monte Carlo runs on one.
 *
 *   npx tsx bench/scale.ts [2,3,4,6,8] [--no-mc]     (≈ 15 min for all; K = M = 2–4 ≈ 3 min)
 *   npx tsx bench/scale.ts rules                     per-average errors of the rules by dimension
 *   npx tsx bench/scale.ts threads                   one solve on 1 and on 2 threads (≈ 2 min)
 */
import { solveTheoryOf } from '../src/app/fromConfig.ts';
import { parseConfig } from '../src/core/config.ts';
import { smolyakPointCount } from '../src/core/cubature/pointSet.ts';
import type { TheorySolution } from '../src/core/trajectory.ts';
import type { GaussianAveragingBackend } from '../src/core/averaging.ts';
import { CubatureBackend } from '../src/core/cubature/backend.ts';
import type { CubatureRule } from '../src/core/cubature/ruleChoice.ts';
import { MonteCarloBackend } from '../src/core/mcBackend.ts';
import { THEORY_DEFAULTS } from '../src/core/theorySettings.ts';
import { randomStateIntegrand, relErr } from '../test/core/gaussianMc.ts';

/** the reference's theory settings: a finer Smolyak level (K = M ≤ 4) or a 4× lattice (K = M ≥ 6, the default rule there) */
const REFERENCE: Record<number, { nodes: number; text: string }> = {
  2: { nodes: smolyakPointCount(4, 10), text: 'Smolyak level 10' },
  3: { nodes: smolyakPointCount(6, 8), text: 'Smolyak level 8' },
  4: { nodes: smolyakPointCount(8, 7), text: 'Smolyak level 7' },
  6: { nodes: 480_000, text: 'lattice 480 000' },
  8: { nodes: 480_000, text: 'lattice 480 000' },
};

function solve(K: number, theory: Record<string, unknown>): { sol: TheorySolution; seconds: number } {
  const init = K >= 6 ? { seed: 8, feedback: { std: 0.5 } } : { seed: 8 };
  const config = parseConfig({ rule: 'pepita', K, M: K, tmax: 1000, points: 60, init, theory });
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
    const reference = REFERENCE[K];
    const ref = reference === undefined ? null : solve(K, { cubatureNodes: reference.nodes, errorEstimate: 'averages' });
    const m = mc ? solve(K, { averages: 'mc' }) : null;
    const actual = ref ? maxRelative(d.sol.eg, ref.sol.eg) : undefined;
    const mcOff = m ? maxRelative(m.sol.eg, (ref ?? d).sol.eg) : undefined;
    const row = {
      K, rule: d.sol.stats.averager?.description, seconds: d.sol.stats.seconds, coarserSeconds: est?.seconds, solveEstimate: est?.value,
      perAverageMax: d.sol.stats.averager?.errorEstimateMax, actual, reference: reference?.text ?? null, referenceSeconds: ref?.seconds,
      mcSeconds: m?.seconds, mcOff, mcStdErr: m?.sol.stats.averager?.errorEstimateMax, result: d.sol.result,
    };
    rows.push(row);
    const refText = ref ? `${reference!.text}, ${ref.seconds.toFixed(0)} s` : 'none';
    const mcText = m ? `${m.seconds.toFixed(1)} s, ${e(mcOff)} ${ref ? '' : '(vs default) '}(its per-average std. error ${e(row.mcStdErr)})` : '—';
    console.log(`| ${K} | ${(row.rule ?? '').replace('cubature: ', '').replace(/, \d+ dimensions.*/, '')} | ${d.sol.stats.seconds.toFixed(1)} + ${est ? est.seconds.toFixed(1) : '—'} s | ${e(est?.value)} | ${e(row.perAverageMax)} | ${e(actual)} | ${refText} | ${mcText} |`);
  }
  return rows;
}

/**
 * Per-average RHS errors (relative to the whole RHS) of the rules the budget buys, on random PSD
 * PEPITA states (seeds 21, 22) at K = M = 4, 5, 6, 8: the Smolyak grid of the default budget, the
 * lattice of 15 000 and 60 000 points (three shifts), Monte Carlo 10⁵ (two seeds), against a lattice
 * of 2²⁰ points (its distance to another shift of itself printed: the floor of what is resolved).
 * What LATTICE_FROM_DIMENSION (src/core/cubature/ruleChoice.ts) rests on.
 */
export function runRuleBench(): void {
  for (const K of [4, 5, 6, 8]) {
    for (const seed of [21, 22]) {
      const { integrand, C } = randomStateIntegrand(K, seed);
      const average = (backend: GaussianAveragingBackend) => {
        const out = new Float64Array(integrand.size);
        backend.average(C, integrand, out, 0);
        return out;
      };
      const cubature = (rule: CubatureRule) => average(new CubatureBackend({ K, M: K, noisy: false }, { rule, psd: 'strict', checkEvery: 0, evenIntegrands: true }));
      const ref = cubature({ kind: 'lattice', points: 1 << 20, seed: 1 });
      const err = (out: Float64Array) => relErr(out, ref).toExponential(1);
      const smolyak = { kind: 'smolyak' as const, level: 1 };
      while (smolyakPointCount(2 * K, smolyak.level + 1) <= THEORY_DEFAULTS.cubatureNodes) smolyak.level++;
      const lattice = (N: number) => [1, 2, 3].map((s) => err(cubature({ kind: 'lattice', points: N, seed: s }))).join(', ');
      const mc = [1, 2].map((s) => err(average(new MonteCarloBackend({ fields: 2 * K + 1, samples: 100_000, seed: s, evenIntegrands: true, psd: 'strict' })))).join(', ');
      console.log(`K = M = ${K} (d = ${2 * K}), state ${seed}: reference floor ${err(cubature({ kind: 'lattice', points: 1 << 20, seed: 2 }))}; Smolyak level ${smolyak.level} ${err(cubature(smolyak))}; lattice 15 000: ${lattice(15_000)}; 60 000: ${lattice(60_000)}; MC 10⁵: ${mc}`);
    }
  }
}

/**
 * The same cubature solve on 1 and 2 threads (theory.threads; docs/averages.md "Threads"), side by
 * side: K = M = 4 at Smolyak level 6 (240 000 budget) and K = M = 8 at the 60 000- and 120 000-point
 * lattices; the wall time of each and whether the εg values are bit-identical.
 */
export function runThreadBench(): void {
  console.log('| K = M | rule | 1 thread | 2 threads | speed-up | εg identical |');
  console.log('|---|---|---|---|---|---|');
  for (const [K, nodes] of [[4, 240_000], [8, 60_000], [8, 120_000]]) {
    const [one, two] = [1, 2].map((threads) => solve(K, { cubatureNodes: nodes, errorEstimate: 'averages', threads }));
    const same = one.sol.eg.length === two.sol.eg.length && one.sol.eg.every((v, i) => Object.is(v, two.sol.eg[i]));
    console.log(`| ${K} | ${(one.sol.stats.averager?.description ?? '').replace('cubature: ', '').replace(/, \d+ dimensions.*/, '')} | ${one.seconds.toFixed(1)} s | ${two.seconds.toFixed(1)} s | ${(one.seconds / two.seconds).toFixed(2)}× | ${same} |`);
  }
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === 'rules') runRuleBench();
else if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === 'threads') runThreadBench();
else if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = (process.argv.slice(2).find((a) => /^[\d,]+$/.test(a)) ?? '2,3,4,6,8').split(',').map(Number);
  runScaleBench(sizes, !process.argv.includes('--no-mc'));
}
