/**
 * Writing a comparison to a folder (used by `pepita-ode compare`, `family` and `fig2`):
 *   theory.csv, sim.csv                 one rule: wide CSV of the ODE solution and of every run (docs/outputs.md)
 *   theory-<id>.csv, sim-<id>.csv       several rules: the same per rule (e.g. theory-pepita.csv)
 *   agreement.json                      src/compare/agreement.ts
 *   run.json                            resolved config, the rules, the shared initial overlaps, timings, solver stats
 *   figures as .html .csv + .png .svg .pdf (src/figures/write.ts; `curves` by default: εg and ‖f‖
 *                                       per rule; fig2 passes fig2b / fig2c / fig7)
 * and, for an early-time study, early.json and the early figure.
 * Every file is written atomically; the images need chromium (png.ts) and are skipped with a
 * reason when it is missing.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.ts';
import { simCsv, theoryCsv } from '../io/csv.ts';
import type { Failure, SimSolution, TheorySolution } from '../core/trajectory.ts';
import { NumericalError } from '../core/errors.ts';
import type { FigureSpec } from '../figures/html.ts';
import { writeFigures, type FigureWriting, type WrittenFigures } from '../figures/write.ts';
import { fig2bSpec } from '../figures/fig2b.ts';
import { fig2cSpec } from '../figures/fig2c.ts';
import { fig7Spec } from '../figures/fig7.ts';
import { earlyFigureSpec } from '../figures/early.ts';
import { ruleCurvesSpec } from '../figures/ruleCurves.ts';
import type { LearningRule } from '../core/rules/index.ts';
import { agreementJson } from './agreement.ts';
import type { CompareResult } from './compare.ts';
import type { EarlyStudy } from './earlyRun.ts';
import { buildRunRecord } from '../io/runRecord.ts';

export type WrittenOutputs = WrittenFigures;

function settingNote(r: CompareResult): string {
  return `D = ${r.config.D}, K = ${r.config.K}, M = ${r.config.M}, η = ${r.config.eta}, ${r.config.activation}`;
}

/** The figure of a comparison: εg and ‖f‖ of every rule run (src/figures/ruleCurves.ts). */
export function compareFigures(r: CompareResult): Record<string, FigureSpec> {
  const c = r.config;
  return { curves: ruleCurvesSpec(r, { title: 'Learning curves', subtitle: `K = ${c.K}, M = ${c.M}, η = ${c.eta}, ${c.activation}` }) };
}

/** The paper's Fig. 2b, 2c and 7, from a comparison that ran PEPITA and AFA. */
export function fig2Figures(r: CompareResult, opts: { snapshots?: number[] } = {}): Record<string, FigureSpec> {
  const sub = settingNote(r);
  const { afa, pepita } = r.theory;
  if (!afa || !r.sims.afa) throw new Error('fig2Figures: the comparison must have run AFA (theory and simulation)');
  return {
    fig2b: fig2bSpec(r, sub),
    fig2c: fig2cSpec({ theory: afa, otherTheory: pepita, sim: r.sims.afa, snapshots: opts.snapshots, theoryLabel: 'AFA ODE' }),
    fig7: fig7Spec(r, sub),
  };
}

/**
 * The first numerical failure of a comparison (theories, then simulation runs), as a
 * NumericalError to throw after the outputs are written (results before it are kept), or null.
 */
export function compareFailure(r: CompareResult): NumericalError | null {
  const found: { what: string; f: Failure }[] = [];
  for (const rule of r.rules) {
    const s = r.theory[rule.id];
    if (s?.failure) found.push({ what: `${rule.label} ODE`, f: s.failure });
  }
  for (const rule of r.rules) {
    for (const run of r.sims[rule.id]?.runs ?? []) if (run.failure) found.push({ what: `${rule.label} simulation (seed ${run.seed})`, f: run.failure });
  }
  return firstFailure(found);
}

/** The earliest of several numerical failures as one NumericalError naming the others (null when none). */
export function firstFailure(found: readonly { what: string; f: Failure }[]): NumericalError | null {
  if (!found.length) return null;
  const first = found.reduce((a, b) => (b.f.t < a.f.t ? b : a));
  const others = found.filter((x) => x !== first).map((x) => `${x.what} at t=${x.f.t}`);
  const also = others.length ? `; ${others.length} more failure${others.length > 1 ? 's' : ''}: ${others.join(', ')}` : '';
  // the time of the first failure is written once, by NumericalError (describeFailure)
  return new NumericalError({ ...first.f, message: `${first.what} (rows before it were written${also}): ${first.f.message}` });
}

/** File names of a rule's trajectories: theory.csv / sim.csv when one rule is run, else theory-<id>.csv / sim-<id>.csv. */
export function trajectoryFiles(rules: readonly LearningRule[], rule: LearningRule): { theory: string; sim: string } {
  return rules.length === 1 ? { theory: 'theory.csv', sim: 'sim.csv' } : { theory: `theory-${rule.id}.csv`, sim: `sim-${rule.id}.csv` };
}

/**
 * Write everything of a comparison into `dir`: trajectories, agreement.json, run.json, figures
 * (default compareFigures) as `opts.output` says (images now, or their jobs into `opts.defer`).
 */
export async function writeCompareOutputs(
  dir: string,
  r: CompareResult,
  opts: FigureWriting & { figures?: Record<string, FigureSpec>; extra?: Record<string, unknown>; command?: string } = {},
): Promise<WrittenOutputs> {
  const files: string[] = [];
  const put = (name: string, text: string) => {
    writeFileAtomic(join(dir, name), text);
    files.push(join(dir, name));
  };
  const { K, M } = r.config;
  for (const rule of r.rules) {
    const names = trajectoryFiles(r.rules, rule);
    const th = r.theory[rule.id];
    if (th) put(names.theory, theoryCsv(th, K, M));
    put(names.sim, simCsv(r.sims[rule.id]!.runs, K, M));
  }
  put('agreement.json', JSON.stringify(agreementJson(r.agreement), null, 2) + '\n');
  // run.json (src/io/runRecord.ts): `solver`/`sim` hold the first rule's ODE and simulation;
  // every theory and simulation is listed under `theories` / `sims` by rule id
  const base = { command: opts.command ?? 'compare', config: r.config, initial: r.initial, timings: r.timings };
  const solverOf = (s: TheorySolution) => buildRunRecord({ ...base, solver: s }).solver;
  const simOf = (s: SimSolution) => buildRunRecord({ ...base, sim: s }).sim;
  const theories: Record<string, unknown> = {};
  const sims: Record<string, unknown> = {};
  for (const rule of r.rules) {
    const th = r.theory[rule.id];
    theories[rule.id] = th ? solverOf(th) : null;
    sims[rule.id] = simOf(r.sims[rule.id]!);
  }
  const firstTheory = r.rules.map((x) => r.theory[x.id]).find((x) => x);
  const record = buildRunRecord({
    ...base,
    solver: firstTheory,
    sim: r.sims[r.rules[0].id],
    extra: {
      rules: r.rules.map((x) => x.id),
      files: Object.fromEntries(r.rules.map((x) => [x.id, trajectoryFiles(r.rules, x)])),
      theories,
      sims,
      outputTimes: r.times.length,
      ...(opts.extra ?? {}),
    },
  });
  put('run.json', JSON.stringify(record, null, 2) + '\n');
  const figs = await writeFigures(dir, opts.figures ?? compareFigures(r), opts);
  return { files: [...files, ...figs.files], images: figs.images };
}

/** Write early.json and the early figure into `dir` (`opts` as in writeCompareOutputs). */
export async function writeEarlyOutputs(dir: string, study: EarlyStudy, opts: FigureWriting = {}): Promise<WrittenOutputs> {
  writeFileAtomic(join(dir, 'early.json'), JSON.stringify(study.report, null, 2) + '\n');
  const figs = await writeFigures(dir, { early: earlyFigureSpec(study) }, opts);
  return { files: [join(dir, 'early.json'), ...figs.files], images: figs.images };
}
