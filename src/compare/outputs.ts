/**
 * Writing a comparison to a folder (used by `pepita-ode compare` and `pepita-ode fig2`):
 *   theory-afa.csv, theory-pepita.csv   wide CSV of the ODE solutions (src/io/csv.ts)
 *   sim-pepita.csv, sim-afa.csv         wide CSV of every run (seed column first)
 *   agreement.json                      src/compare/agreement.ts
 *   run.json                            resolved config, the shared initial overlaps, timings, solver stats
 *   fig2b / fig2c / fig7 .html .png .csv
 * and, for an early-time study, early.json and early .html .png .csv.
 * Every file is written atomically; PNGs need chromium (png.ts) and are skipped with a reason
 * when it is missing.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.ts';
import { simCsv, theoryCsv } from '../io/csv.ts';
import type { Failure, SimSolution, TheorySolution } from '../core/trajectory.ts';
import { NumericalError } from '../core/errors.ts';
import { figureCsv, figureHtml, type FigureSpec } from '../figures/html.ts';
import { exportPngs, type PngResult } from '../figures/png.ts';
import { fig2bSpec } from '../figures/fig2b.ts';
import { fig2cSpec } from '../figures/fig2c.ts';
import { fig7Spec } from '../figures/fig7.ts';
import { earlyFigureSpec } from '../figures/early.ts';
import { agreementJson } from './agreement.ts';
import type { CompareResult } from './compare.ts';
import type { EarlyStudy } from './earlyRun.ts';
import { buildRunRecord } from '../io/runRecord.ts';

export interface WrittenOutputs {
  files: string[];
  png: PngResult;
}

/** HTML + CSV of each figure now; PNGs in one chromium session afterwards. */
async function writeFigures(dir: string, figures: Record<string, FigureSpec>, png: boolean): Promise<WrittenOutputs> {
  const files: string[] = [];
  const jobs = [];
  for (const [name, spec] of Object.entries(figures)) {
    const html = figureHtml(spec);
    writeFileAtomic(join(dir, `${name}.html`), html);
    writeFileAtomic(join(dir, `${name}.csv`), figureCsv(spec));
    files.push(join(dir, `${name}.html`), join(dir, `${name}.csv`));
    jobs.push({ html, path: join(dir, `${name}.png`), width: spec.width, height: spec.height });
  }
  const pngResult = png ? await exportPngs(jobs) : { ok: false, written: [], reason: 'PNG export not requested' };
  return { files: [...files, ...pngResult.written], png: pngResult };
}

/** The figures of a comparison (Fig. 2b, 2c, 7). */
export function compareFigures(r: CompareResult, opts: { snapshots?: number[] } = {}): Record<string, FigureSpec> {
  const sub = `D = ${r.config.D}, K = ${r.config.K}, M = ${r.config.M}, η = ${r.config.eta}, ${r.config.activation}`;
  return {
    fig2b: fig2bSpec(r, sub),
    fig2c: fig2cSpec({ theory: r.theory.afa, otherTheory: r.theory.pepita, sim: r.sims.afa, snapshots: opts.snapshots, theoryLabel: 'AFA ODE' }),
    fig7: fig7Spec(r, sub),
  };
}

/**
 * The first numerical failure of a comparison (theories, then simulation runs), as a
 * NumericalError to throw after the outputs are written (results before it are kept), or null.
 */
export function compareFailure(r: CompareResult): NumericalError | null {
  const found: { what: string; f: Failure }[] = [];
  for (const s of [r.theory.afa, r.theory.pepita]) if (s?.failure) found.push({ what: `${s.rule} ODE`, f: s.failure });
  for (const s of [r.sims.pepita, r.sims.afa]) for (const run of s.runs) if (run.failure) found.push({ what: `${s.rule} simulation (seed ${run.seed})`, f: run.failure });
  if (!found.length) return null;
  const first = found.reduce((a, b) => (b.f.t < a.f.t ? b : a));
  const others = found.length > 1 ? ` (${found.length - 1} more failure${found.length > 2 ? 's' : ''}: ${found.filter((x) => x !== first).map((x) => `${x.what} at t=${x.f.t}`).join(', ')})` : '';
  return new NumericalError(first.f.quantity, first.f.t, `${first.what}: ${first.f.message}; rows before it were written${others}`);
}

/** Write everything of a comparison into `dir`. */
export async function writeCompareOutputs(dir: string, r: CompareResult, opts: { png?: boolean; snapshots?: number[]; extra?: Record<string, unknown>; command?: string } = {}): Promise<WrittenOutputs> {
  const files: string[] = [];
  const put = (name: string, text: string) => {
    writeFileAtomic(join(dir, name), text);
    files.push(join(dir, name));
  };
  const { K, M } = r.config;
  put('theory-afa.csv', theoryCsv(r.theory.afa, K, M));
  if (r.theory.pepita) put('theory-pepita.csv', theoryCsv(r.theory.pepita, K, M));
  put('sim-pepita.csv', simCsv(r.sims.pepita.runs, K, M));
  put('sim-afa.csv', simCsv(r.sims.afa.runs, K, M));
  put('agreement.json', JSON.stringify(agreementJson(r.agreement), null, 2) + '\n');
  // run.json (src/io/runRecord.ts): `solver`/`sim` hold the AFA ODE and the PEPITA simulation;
  // every theory and simulation is listed under `theories` / `sims`
  const base = { command: opts.command ?? 'compare', config: r.config, initial: r.initial, timings: r.timings };
  const solverOf = (s: TheorySolution) => buildRunRecord({ ...base, solver: s }).solver;
  const simOf = (s: SimSolution) => buildRunRecord({ ...base, sim: s }).sim;
  const record = buildRunRecord({
    ...base,
    solver: r.theory.afa,
    sim: r.sims.pepita,
    extra: {
      theories: { afa: solverOf(r.theory.afa), pepita: r.theory.pepita ? solverOf(r.theory.pepita) : null },
      sims: { pepita: simOf(r.sims.pepita), afa: simOf(r.sims.afa) },
      outputTimes: r.times.length,
      ...(opts.extra ?? {}),
    },
  });
  put('run.json', JSON.stringify(record, null, 2) + '\n');
  const figs = await writeFigures(dir, compareFigures(r, opts), opts.png ?? true);
  return { files: [...files, ...figs.files], png: figs.png };
}

/** Write early.json and the early.html/.png/.csv figure into `dir`. */
export async function writeEarlyOutputs(dir: string, study: EarlyStudy, opts: { png?: boolean } = {}): Promise<WrittenOutputs> {
  writeFileAtomic(join(dir, 'early.json'), JSON.stringify(study.report, null, 2) + '\n');
  const figs = await writeFigures(dir, { early: earlyFigureSpec(study) }, opts.png ?? true);
  return { files: [join(dir, 'early.json'), ...figs.files], png: figs.png };
}
