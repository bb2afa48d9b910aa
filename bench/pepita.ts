/**
 * Benchmark and validation figures of the Monte Carlo engine and the exact PEPITA ODE
 * (issue 4). Standalone: `npx tsx bench/pepita.ts` (or via bench/run.ts). Prints and returns:
 *   - RHS cost per evaluation (MC pepita and afa at the default sample count; analytic afa);
 *   - the PEPITA ODE for the Fig. 2 setting to t = 5000 at the default sample count: wall time,
 *     RHS evaluations and steps;
 *   - MC vs analytic AFA curves over t ∈ [0, 10⁴] at the default sample count (max and median
 *     relative deviation of εg);
 *   - PEPITA ODE vs PEPITA simulation at D = 500 (mean εg of 4 data streams, same initial
 *     weights) on two configurations, with the AFA ODE's deviation from the same runs beside it.
 * Nothing here passes or fails on time. Budgets can be cut for a quick look with
 * PEPITA_BENCH_QUICK=1 (fewer samples, shorter horizons).
 */
import { median } from 'simple-statistics';
import { parseConfig, type Config } from '../src/core/config.ts';
import { initialOverlaps } from '../src/core/init.ts';
import { describeFailure } from '../src/core/trajectory.ts';
import { rhsOf, simulateOf, solveTheoryOf } from '../src/app/fromConfig.ts';

const QUICK = process.env.PEPITA_BENCH_QUICK === '1';
const SAMPLES = QUICK ? 10_000 : 100_000;

/** `count` log-spaced times in [t0, tmax], rounded to multiples of 1/D (so the simulation observes exactly there), plus t = 0. */
export function comparisonTimes(t0: number, tmax: number, count: number, D: number): Float64Array {
  const out: number[] = [0];
  for (let i = 0; i < count; i++) {
    const t = Math.round(t0 * (tmax / t0) ** (i / (count - 1)) * D) / D;
    if (t > out[out.length - 1]) out.push(t);
  }
  return Float64Array.from(out);
}

/** Relative deviations |a/b − 1| at t > 0 where both exist. */
function relDevs(times: Float64Array, a: Float64Array, b: Float64Array): number[] {
  const out: number[] = [];
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (times[i] > 0) out.push(Math.abs(a[i] / b[i] - 1));
  return out;
}

function summary(d: number[]) {
  return { median: median(d), max: Math.max(...d), p90: [...d].sort((x, y) => x - y)[Math.floor(0.9 * (d.length - 1))] };
}

/** ms per RHS evaluation, averaged over `reps` after a warm-up. */
function rhsCost(rhs: (t: number, y: Float64Array, dy: Float64Array) => void, y: Float64Array, reps: number): number {
  const dy = new Float64Array(y.length);
  for (let i = 0; i < 3; i++) rhs(0, y, dy);
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) rhs(0, y, dy);
  return (performance.now() - t0) / reps;
}

/** A config's theory block with Monte Carlo averages at `samples` (pinned: "auto" may choose another backend). */
function mcTheory(config: Config, samples: number): Config['theory'] {
  return { ...config.theory, averages: 'mc', mcSamples: samples };
}

/** The first-order-in-f PEPITA solve of a config (theory.model "pepita-first-order"). */
function solvePepitaFirstOrder(config: Config, opts: { times: Float64Array }) {
  return solveTheoryOf({ ...config, rule: 'pepita', theory: { ...config.theory, model: 'pepita-first-order' } }, opts);
}

/** PEPITA ODE, AFA ODE and the mean of the PEPITA simulation runs on one configuration. */
export async function pepitaVsSimulation(config: Config, t0: number, count: number, samples: number) {
  const times = comparisonTimes(t0, config.tmax, count, config.D);
  const pep = solveTheoryOf({ ...config, rule: 'pepita', theory: mcTheory(config, samples) }, { times });
  const afa = solveTheoryOf({ ...config, rule: 'afa', theory: { ...config.theory, averages: 'analytic' } }, { times });
  const sim = await simulateOf({ ...config, rule: 'pepita' }, { times });
  const n = times.length;
  const mean = new Float64Array(n);
  for (const r of sim.runs) {
    if (r.failure) throw new Error(`simulation run ${r.seed} failed: ${describeFailure(r.failure)}`);
    for (let i = 0; i < n; i++) mean[i] += r.eg[i] / sim.runs.length;
  }
  const simTimes = sim.runs[0].times;
  for (let i = 0; i < n; i++) {
    if (Math.abs(simTimes[i] - times[i]) > 1e-9) throw new Error(`sim time ${simTimes[i]} ≠ ${times[i]}`);
  }
  // after the plateau: times where the simulated εg fell by ≥ 10 % (the informative part)
  const late = times.map((t, i) => (mean[i] < 0.9 * mean[0] ? t : 0));
  return {
    times, pep, afa, sim, mean,
    pepita: summary(relDevs(times, pep.eg, mean)),
    afaDev: summary(relDevs(times, afa.eg, mean)),
    pepitaLate: summary(relDevs(late, pep.eg, mean)),
    afaLate: summary(relDevs(late, afa.eg, mean)),
  };
}

export async function runPepitaBench(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { samples: SAMPLES, quick: QUICK };

  // 1. RHS cost per evaluation at the Fig. 2 initial state
  const fig2 = parseConfig({ rule: 'pepita' });
  const init = initialOverlaps(fig2);
  const mc = { ...fig2.theory, averages: 'mc', mcSamples: SAMPLES, mcSeed: 12345 } as const;
  const pepMc = rhsOf({ ...fig2, theory: mc }, init);
  const afaMc = rhsOf({ ...fig2, rule: 'afa', theory: mc }, init);
  const afaAnalytic = rhsOf({ ...fig2, rule: 'afa', theory: { ...fig2.theory, averages: 'analytic' } }, init);
  const y0 = pepMc.y0;
  const cost = {
    pepitaMcMs: rhsCost(pepMc.rhs, y0, 20),
    afaMcMs: rhsCost(afaMc.rhs, y0, 20),
    afaAnalyticMs: rhsCost(afaAnalytic.rhs, y0, 2000),
  };
  out.rhsCostPerEvaluation = cost;
  console.log(`RHS per evaluation (${SAMPLES} samples): pepita MC ${cost.pepitaMcMs.toFixed(2)} ms, afa MC ${cost.afaMcMs.toFixed(2)} ms, afa analytic ${(cost.afaAnalyticMs * 1000).toFixed(1)} µs`);

  // 2. PEPITA ODE, Fig. 2 setting, to t = 5000
  const tP = QUICK ? 1000 : 5000;
  const pep = solveTheoryOf(parseConfig({ rule: 'pepita', tmax: tP, theory: { averages: 'mc', mcSamples: SAMPLES } }));
  out.pepitaOde = { tmax: tP, solver: pep.stats.solver ?? null, seconds: pep.stats.seconds, rhsEvals: pep.stats.rhsEvals, steps: pep.stats.steps, rejected: pep.stats.rejected, msPerEval: (1000 * pep.stats.seconds) / pep.stats.rhsEvals, egFinal: pep.eg[pep.eg.length - 1], failure: pep.failure && describeFailure(pep.failure) };
  console.log(`PEPITA ODE (Fig. 2, t ≤ ${tP}, ${SAMPLES} samples): ${pep.stats.seconds.toFixed(1)} s, ${pep.stats.rhsEvals} RHS evaluations, ${pep.stats.steps} steps, εg(${tP}) = ${pep.eg[pep.eg.length - 1].toExponential(4)}`);

  // 3. MC vs analytic AFA, t ∈ [0, 10⁴]
  out.afaMcVsAnalytic = runAfaMcCheck();

  // 4. PEPITA ODE vs simulation (D = 500, 4 data streams), two configurations
  const configs: [string, Config, number][] = [
    ['fig2 default (η = 0.05, W̃2 = (1, 1))', parseConfig({ rule: 'pepita', tmax: QUICK ? 1000 : 5000, sim: { seeds: 4, threads: 2 } }), 1],
    ['η = 0.2, W̃2 = (1, −0.6)', parseConfig({ rule: 'pepita', eta: 0.2, tmax: QUICK ? 300 : 2000, init: { kind: 'weights', teacher: { W2: [1, -0.6] } }, sim: { seeds: 4, threads: 2 } }), 0.25],
  ];
  const comparisons: Record<string, unknown>[] = [];
  for (const [name, cfg, t0] of configs) {
    const r = await pepitaVsSimulation(cfg, t0, 60, SAMPLES);
    const row = {
      name, D: cfg.D, seeds: cfg.sim.seeds, tmax: cfg.tmax, points: r.times.length,
      pepitaOde: r.pepita, afaOde: r.afaDev, pepitaOdeAfterPlateau: r.pepitaLate, afaOdeAfterPlateau: r.afaLate,
      pepitaOdeSeconds: r.pep.stats.seconds, simSeconds: r.sim.stats.seconds,
      egStart: r.mean[0], egEnd: r.mean[r.mean.length - 1], egPepitaOdeEnd: r.pep.eg[r.pep.eg.length - 1], egAfaOdeEnd: r.afa.eg[r.afa.eg.length - 1],
    };
    comparisons.push(row);
    console.log(`${name}: PEPITA ODE vs sim median ${(100 * r.pepita.median).toFixed(2)} % (p90 ${(100 * r.pepita.p90).toFixed(2)} %, max ${(100 * r.pepita.max).toFixed(2)} %; after the plateau median ${(100 * r.pepitaLate.median).toFixed(2)} %); AFA ODE vs PEPITA sim median ${(100 * r.afaDev.median).toFixed(2)} % (max ${(100 * r.afaDev.max).toFixed(2)} %; after the plateau median ${(100 * r.afaLate.median).toFixed(2)} %); εg ${row.egStart.toFixed(4)} → sim ${row.egEnd.toExponential(3)}, PEPITA ODE ${row.egPepitaOdeEnd.toExponential(3)}, AFA ODE ${row.egAfaOdeEnd.toExponential(3)}`);
  }
  out.pepitaVsSimulation = comparisons;
  out.firstOrder = await runFirstOrderStudy(QUICK ? 10_000 : 40_000);
  return out;
}

/**
 * Initial overlaps of a Fig. 2-like start (K = M = 2, Q ≈ I, R, f, f̃ = O(1/√D), W2 = 0) pinned so
 * that AFA escapes its plateau (W̃2·f̃ > 0, eq. 29). The default config's sampled weights depend
 * on the RNG; with the current generator they give W̃2·f̃ < 0, for which AFA's f decays and εg stays
 * on the plateau (≈ 0.257) while PEPITA still learns.
 */
export const PINNED_FIG2_OVERLAPS = {
  kind: 'overlaps', Q: [[1.06, 0.04], [0.04, 1.03]], R: [[0.03, -0.04], [0.05, 0.02]], T: [[1, 0.03], [0.03, 0.98]],
  W2: [0, 0], W2t: [1, 1], f: [-0.05, -0.044], ft: [0.04, 0.03], qf: 1,
} as const;

/** MC vs analytic AFA εg curves, t ∈ [0, 10⁴], pinned learning start and the default config. */
export function runAfaMcCheck(): Record<string, unknown> {
  const tA = QUICK ? 2000 : 10_000;
  const rows: Record<string, unknown> = {};
  for (const [name, init] of [['pinnedLearning', PINNED_FIG2_OVERLAPS], ['defaultConfig', { kind: 'weights' }]] as const) {
    const aBase = { rule: 'afa', tmax: tA, points: 120, init };
    const an = solveTheoryOf(parseConfig({ ...aBase, theory: { averages: 'analytic' } }));
    const mc = solveTheoryOf(parseConfig({ ...aBase, theory: { averages: 'mc', mcSamples: SAMPLES } }));
    const dA = summary(relDevs(an.times, mc.eg, an.eg));
    let worstT = 0, worst = 0;
    for (let i = 0; i < an.eg.length; i++) {
      const d = Math.abs(mc.eg[i] / an.eg[i] - 1);
      if (d > worst) { worst = d; worstT = an.times[i]; }
    }
    rows[name] = { tmax: tA, samples: SAMPLES, ...dA, worstAt: worstT, egStart: an.eg[0], egEnd: an.eg[an.eg.length - 1], mcSeconds: mc.stats.seconds, mcRhsEvals: mc.stats.rhsEvals, analyticSeconds: an.stats.seconds, mcFailure: mc.failure ? describeFailure(mc.failure) : null };
    console.log(`AFA MC vs analytic, ${name} (t ≤ ${tA}, ${SAMPLES} samples): max |Δεg/εg| = ${(100 * dA.max).toFixed(3)} % (at t = ${worstT.toFixed(0)}), median ${(100 * dA.median).toFixed(3)} %; εg ${an.eg[0].toFixed(4)} → ${an.eg[an.eg.length - 1].toExponential(3)}; MC solve ${mc.stats.seconds.toFixed(1)} s (${mc.stats.rhsEvals} RHS evaluations)`);
  }
  return rows;
}

/**
 * Range of validity of the first-order-in-f PEPITA ODE (theory/pepitaFirstOrder.ts, closed form)
 * against the exact PEPITA ODE (MC), with the AFA ODE beside it: Fig. 2 setting with feedback
 * std sF ∈ {0.5, 1, 2} (q_f ≈ sF², f grows during learning), and the η = 0.2 configuration.
 */
export async function runFirstOrderStudy(samples: number): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  const cases: [string, Record<string, unknown>][] = [
    ['fig2, sF = 0.5', { feedback: { std: 0.5 } }],
    ['fig2, sF = 1', {}],
    ['fig2, sF = 2', { feedback: { std: 2 } }],
  ];
  const run = (name: string, cfg: Config, t0: number) => {
    const times = comparisonTimes(t0, cfg.tmax, 40, cfg.D);
    const exact = solveTheoryOf({ ...cfg, rule: 'pepita', theory: mcTheory(cfg, samples) }, { times });
    const first = solvePepitaFirstOrder(cfg, { times });
    const afa = solveTheoryOf({ ...cfg, rule: 'afa', theory: { ...cfg.theory, averages: 'analytic' } }, { times });
    let maxF = 0;
    for (const st of exact.states) for (const v of st.f) maxF = Math.max(maxF, Math.abs(v));
    const late = times.map((t, i) => (i < exact.eg.length && exact.eg[i] < 0.9 * exact.eg[0] ? t : 0));
    const row = {
      name, samples, tmax: cfg.tmax, maxAbsF: maxF, qf: exact.initial.qf,
      firstOrderVsExact: summary(relDevs(times, first.eg, exact.eg)),
      afaVsExact: summary(relDevs(times, afa.eg, exact.eg)),
      firstOrderVsExactAfterPlateau: summary(relDevs(late, first.eg, exact.eg)),
      afaVsExactAfterPlateau: summary(relDevs(late, afa.eg, exact.eg)),
      egEnd: { exact: exact.eg[exact.eg.length - 1], firstOrder: first.eg[first.eg.length - 1], afa: afa.eg[afa.eg.length - 1] },
      exactFailure: exact.failure ? describeFailure(exact.failure) : null, firstOrderFailure: first.failure ? describeFailure(first.failure) : null,
    };
    rows.push(row);
    console.log(`${name}: max|f| = ${maxF.toFixed(3)}, q_f = ${row.qf.toFixed(3)}; first-order vs exact εg: median ${(100 * row.firstOrderVsExact.median).toFixed(2)} % (after the plateau ${(100 * row.firstOrderVsExactAfterPlateau.median).toFixed(2)} %), max ${(100 * row.firstOrderVsExact.max).toFixed(2)} %; AFA vs exact: median ${(100 * row.afaVsExact.median).toFixed(2)} % (after the plateau ${(100 * row.afaVsExactAfterPlateau.median).toFixed(2)} %), max ${(100 * row.afaVsExact.max).toFixed(2)} %; εg(tmax) exact ${row.egEnd.exact.toExponential(3)}, first-order ${row.egEnd.firstOrder.toExponential(3)}, AFA ${row.egEnd.afa.toExponential(3)}`);
  };
  for (const [name, fb] of cases) {
    run(name, parseConfig({ rule: 'pepita', tmax: QUICK ? 1000 : 2000, init: { kind: 'weights', ...(Object.keys(fb).length ? fb : {}) } }), 1);
  }
  run('η = 0.2, W̃2 = (1, −0.6)', parseConfig({ rule: 'pepita', eta: 0.2, tmax: QUICK ? 300 : 2000, init: { kind: 'weights', teacher: { W2: [1, -0.6] } } }), 0.25);
  return rows;
}

const isEntry = process.argv[1] && /bench[/\\]pepita\.ts$/.test(process.argv[1]);
if (isEntry) {
  const only = process.env.PEPITA_BENCH_ONLY;
  const r = only === 'firstOrder' ? { firstOrder: await runFirstOrderStudy(QUICK ? 10_000 : 40_000) }
    : only === 'afa' ? { afaMcVsAnalytic: runAfaMcCheck() }
      : await runPepitaBench();
  console.log(JSON.stringify(r, null, 2));
}
