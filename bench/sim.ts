/**
 * Simulation-engine benchmark (issue 3): online steps per second of each rule at D = 500,
 * K = M = 2, erf, one thread, through the engine's own run loop (`simulateRun`: D normals, the
 * rule's step, the divergence checks, the f refresh every D steps) — the four original rules on
 * their hand-fused kernels, and the Sec. 3 rules (pepita-hebbian, pepita-time-local, ff; issue 10)
 * on the generic coefficient step (sim/steps/generic.ts) — next to a C baseline of the AFA
 * step (bench/c/afa_step.c: gcc -O3, xoshiro256+ with Marsaglia polar normals, libm erf) compiled
 * and run in this process run. Measurements are interleaved (JS AFA, C, the other rules, repeated)
 * and the best of REPEATS is kept for each, so that a loaded machine penalises both sides alike.
 *
 *   npx tsx bench/sim.ts [--json]    (standalone)
 *   npx tsx bench/sim.ts --trend     (finite-size trend: 4-seed mean εg of AFA vs theory at D = 250, 500, 1000)
 *   pepita-ode bench --json          (with the other benches)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simProblemOf, simulateOf, solveTheoryOf } from '../src/app/fromConfig.ts';
import { parseConfig, type Config, type Rule } from '../src/core/config.ts';
import { ruleById } from '../src/core/rules/index.ts';
import { coefficientStep, stepFor } from '../sim/steps/index.ts';
import type { SimProblem } from '../sim/problem.ts';
import { simulateRun } from '../sim/runOne.ts';

const D = 500;
const STEPS = 50_000;
const C_STEPS = 50_000;
const REPEATS = 9;
/** The four original rules (fused kernels) as before, then the Sec. 3 rules (generic coefficient step). */
const RULES: Rule[] = ['afa', 'pepita', 'bp', 'dfa', 'pepita-hebbian', 'pepita-time-local', 'ff'];

export interface SimBenchResult {
  simStepsPerSecond: Record<Rule, number>;
  /** which step each rule runs: its hand-fused kernel or the generic coefficient step */
  stepKind: Record<Rule, 'fused' | 'generic'>;
  /** each rule's cost per step over AFA's */
  costOverAfa: Record<Rule, number>;
  cBaseline: { afaStepsPerSecond: number | null; note?: string };
  ratioAfaToC: number | null;
  pepitaCostOverAfa: number;
}

function benchConfig(rule: Rule): Config {
  return parseConfig({
    rule, D, K: 2, M: 2, eta: 0.05, activation: 'erf', teacherActivation: 'erf',
    feedbackWeights: ruleById(rule)!.needsFeedbackWeights ? [1, 1] : null, sim: { seeds: 1, threads: 1 },
  });
}

/** The problem of a bench run: the config's initial weights, one output at step STEPS. */
function benchProblem(config: Config): SimProblem {
  return simProblemOf(config, [STEPS / D]);
}

/** Steps per second of one run of STEPS steps of `rule` through simulateRun (single thread). */
function measureJs(problem: SimProblem, seed: number): number {
  const t0 = performance.now();
  simulateRun({ problem, seed });
  return STEPS / ((performance.now() - t0) / 1000);
}

/** Compile bench/c/afa_step.c; null with a note when no compiler is available. */
function compileC(): { exe: string; dir: string } | { note: string } {
  const src = fileURLToPath(new URL('./c/afa_step.c', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'pepita-bench-c-'));
  const exe = join(dir, 'afa_step');
  try {
    execFileSync('gcc', ['-O3', '-o', exe, src, '-lm'], { stdio: 'pipe' });
    return { exe, dir };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
    return { note: err.code === 'ENOENT' ? 'gcc not found: C baseline skipped' : `gcc failed: ${String(err.stderr ?? err.message).slice(0, 200)}` };
  }
}

function measureC(exe: string, seed: number): number {
  const out = execFileSync(exe, [String(D), '2', '2', String(C_STEPS), String(seed)], { encoding: 'utf8' });
  const m = /steps_per_second\s+([0-9.eE+-]+)/.exec(out);
  if (!m) throw new Error(`unexpected output of the C baseline: ${out}`);
  return Number(m[1]);
}

export async function runSimBench(): Promise<SimBenchResult> {
  const problems = Object.fromEntries(RULES.map((r) => [r, benchProblem(benchConfig(r))])) as Record<Rule, SimProblem>;
  for (const r of RULES) if (problems[r].steps.join() !== String(STEPS)) throw new Error(`bench problem of ${r}: steps ${problems[r].steps.join()} ≠ ${STEPS}`);
  const c = compileC();
  const best = Object.fromEntries(RULES.map((r) => [r, 0])) as Record<Rule, number>;
  let bestC = 0;
  // warm-up (JIT) for every rule
  for (const r of RULES) measureJs(problems[r], 999);
  for (let rep = 0; rep < REPEATS; rep++) {
    best.afa = Math.max(best.afa, measureJs(problems.afa, rep + 1));
    if ('exe' in c) bestC = Math.max(bestC, measureC(c.exe, rep + 1));
    for (const r of RULES) if (r !== 'afa') best[r] = Math.max(best[r], measureJs(problems[r], rep + 1));
  }
  if ('dir' in c) rmSync(c.dir, { recursive: true, force: true });
  const round = (x: number) => Math.round(x);
  const perRule = <T>(f: (r: Rule) => T) => Object.fromEntries(RULES.map((r) => [r, f(r)])) as Record<Rule, T>;
  const result: SimBenchResult = {
    simStepsPerSecond: perRule((r) => round(best[r])),
    stepKind: perRule((r) => (stepFor(ruleById(r)!) === coefficientStep ? 'generic' : 'fused')),
    costOverAfa: perRule((r) => Number((best.afa / best[r]).toFixed(3))),
    cBaseline: 'exe' in c ? { afaStepsPerSecond: round(bestC) } : { afaStepsPerSecond: null, note: c.note },
    ratioAfaToC: 'exe' in c ? Number((best.afa / bestC).toFixed(3)) : null,
    pepitaCostOverAfa: Number((best.afa / best.pepita).toFixed(3)),
  };
  console.log(`sim: D = ${D}, K = M = 2, erf, 1 thread, best of ${REPEATS} runs of ${STEPS} steps`);
  for (const r of RULES) {
    console.log(`  ${r.padEnd(17)} ${result.simStepsPerSecond[r].toLocaleString('en').padStart(9)} steps/s  (${result.stepKind[r]} step; cost / AFA ${result.costOverAfa[r].toFixed(3)})`);
  }
  console.log(`  ${'C AFA'.padEnd(17)} ${(result.cBaseline.afaStepsPerSecond?.toLocaleString('en') ?? result.cBaseline.note ?? '').padStart(9)} steps/s`);
  console.log(`  AFA / C = ${result.ratioAfaToC ?? '–'}   PEPITA cost / AFA cost = ${result.pepitaCostOverAfa}`);
  return result;
}

/** Finite-size trend: max and final relative deviation of the 4-seed mean εg of AFA from the theory, t ≤ 150, η = 0.2. */
export async function runFiniteSizeTrend(sizes = [250, 500, 1000]): Promise<{ D: number; maxRelDev: number; finalRelDev: number; egTheory150: number; egSim150: number; simSeconds: number }[]> {
  const rows = [];
  for (const d of sizes) {
    const config = parseConfig({ rule: 'afa', D: d, eta: 0.2, tmax: 150, points: 16, sim: { seeds: 4, threads: 2 } });
    const sim = await simulateOf(config);
    const theory = solveTheoryOf(config, { times: sim.runs[0].times });
    let maxRel = 0, finalRel = 0, mean = 0;
    for (let i = 0; i < theory.times.length; i++) {
      mean = 0;
      for (const r of sim.runs) mean += r.eg[i] / sim.runs.length;
      finalRel = (mean - theory.eg[i]) / theory.eg[i];
      maxRel = Math.max(maxRel, Math.abs(finalRel));
    }
    rows.push({ D: d, maxRelDev: maxRel, finalRelDev: finalRel, egTheory150: theory.eg[theory.eg.length - 1], egSim150: mean, simSeconds: sim.stats.seconds });
  }
  return rows;
}

const isEntry = process.argv[1] && /bench[/\\]sim\.ts$/.test(process.argv[1]);
if (isEntry) {
  if (process.argv.includes('--trend')) {
    const rows = await runFiniteSizeTrend();
    console.log(JSON.stringify(rows, null, 2));
  } else {
    const json = process.argv.includes('--json');
    const log = console.log;
    if (json) console.log = (...a: unknown[]) => console.error(...a);
    const r = await runSimBench();
    console.log = log;
    if (json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
  }
}
