/**
 * The figures: the HTML pages are self-contained and carry the expected traces (parsed back from
 * the embedded JSON), the CSV holds the plotted numbers, and — when chromium is installed — the
 * PNG export produces a real image of the requested size.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fig2bSpec } from '../../src/figures/fig2b.ts';
import { fig2cSpec, FIG2C_TRACES } from '../../src/figures/fig2c.ts';
import { fig7Spec } from '../../src/figures/fig7.ts';
import { FEEDBACK_PREFIX, ruleCurvesSpec } from '../../src/figures/ruleCurves.ts';
import { traceName } from '../../src/figures/traces.ts';
import { AFA, BP, PEPITA } from '../../src/core/rules/index.ts';
import { earlyFigureSpec } from '../../src/figures/early.ts';
import { figureCsv, figureHtml, parseFigureHtml } from '../../src/figures/html.ts';
import { exportPngs, findChromium } from '../../src/figures/png.ts';
import { parseConfig } from '../../src/core/config.ts';
import { E1_DEFAULT_CONFIG } from '../../src/compare/e1Config.ts';
import { e1Setting, earlyCurves } from '../../theory/early.ts';
import { theoryProblemOf } from '../../src/app/fromConfig.ts';
import { sim, stateAt, theory } from '../compare/synthetic.ts';

const times = [0, 0.5, 5, 50, 500, 5000];
const eg = (t: number) => 0.3 / (1 + t / 300);
const input = {
  theory: { afa: theory('afa', times, eg), pepita: theory('pepita', times, (t) => 0.3 / (1 + t / 100)) },
  sims: { pepita: sim('pepita', times, [(t) => eg(t) * 1.01, (t) => eg(t) * 0.99]), afa: sim('afa', times, [eg, (t) => eg(t) * 1.02]) },
};

// the overlay traces of Fig. 2b and Fig. 7, named after the rules' labels
const TR = { simPepita: traceName.sim(PEPITA), simAfa: traceName.sim(AFA), theoryAfa: traceName.theory(AFA), theoryPepita: traceName.theory(PEPITA) };

function names(html: string): string[] {
  return parseFigureHtml(html).data.map((d) => d.name);
}

describe('figures', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pepita-fig-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fig2b: theory lines and simulation markers with error bars, log–log, t > 0 only', () => {
    const html = figureHtml(fig2bSpec(input));
    expect(html).not.toMatch(/<script[^>]+src=/); // self-contained: no external script
    expect(html).toContain('Plotly.newPlot');
    const fig = parseFigureHtml(html);
    expect(names(html)).toEqual([TR.simPepita, TR.simAfa, TR.theoryAfa, TR.theoryPepita]);
    expect((fig.layout.xaxis as { type: string }).type).toBe('log');
    expect((fig.layout.yaxis as { type: string }).type).toBe('log');
    const afa = fig.data.find((d) => d.name === TR.theoryAfa)!;
    expect(afa.x).toEqual(times.slice(1));
    expect(afa.y).toEqual(times.slice(1).map(eg));
    // PEPITA markers: mean of 1.01·εg and 0.99·εg = εg; sd = √2·0.01·εg/… (sample sd of two values = |a − b|/√2)
    const pep = fig.data.find((d) => d.name === TR.simPepita) as unknown as { y: number[]; error_y: { array: number[] } };
    pep.y.forEach((y, i) => expect(y).toBeCloseTo(eg(times[i + 1]), 12));
    pep.error_y.array.forEach((e, i) => expect(e).toBeCloseTo((0.02 * eg(times[i + 1])) / Math.SQRT2, 12));
  });

  it('fig7: ‖f‖ lines and markers', () => {
    const fig = parseFigureHtml(figureHtml(fig7Spec(input)));
    expect(fig.data.map((d) => d.name)).toEqual([TR.simPepita, TR.simAfa, TR.theoryAfa, TR.theoryPepita]);
    const o = stateAt(50);
    expect(fig.data.find((d) => d.name === TR.theoryAfa)!.y[2]).toBeCloseTo(Math.hypot(...o.f), 12);
  });

  it('trace names come from the rule labels (the paper\'s names for PEPITA and AFA)', () => {
    expect(TR).toEqual({ simPepita: 'simulation: PEPITA', simAfa: 'simulation: AFA', theoryAfa: 'theory: AFA ODE', theoryPepita: 'theory: PEPITA ODE' });
  });

  it('rule curves: εg per rule in the left panel, ‖f‖ only for rules using the feedback vector, ODE lines over markers', () => {
    const curves = {
      rules: [BP, PEPITA],
      theory: { bp: theory('bp', times, (t) => 0.3 / (1 + t / 50)), pepita: input.theory.pepita },
      sims: { bp: sim('bp', times, [(t) => 0.3 / (1 + t / 50), (t) => 0.31 / (1 + t / 50)]), pepita: input.sims.pepita },
    };
    const fig = parseFigureHtml(figureHtml(ruleCurvesSpec(curves, { title: 'test' })));
    const n = fig.data.map((d) => d.name);
    const eg = [traceName.sim(BP), traceName.sim(PEPITA), traceName.theory(BP), traceName.theory(PEPITA)];
    // BP does not use F: no ‖f‖ traces for it
    const fn = [FEEDBACK_PREFIX + traceName.sim(PEPITA), FEEDBACK_PREFIX + traceName.theory(PEPITA)];
    expect(n).toEqual([eg[0], eg[1], fn[0], eg[2], eg[3], fn[1]]);
    const bpLine = fig.data.find((d) => d.name === traceName.theory(BP))!;
    expect(bpLine.y).toEqual(times.slice(1).map((t) => 0.3 / (1 + t / 50)));
    const fLine = fig.data.find((d) => d.name === fn[1])!;
    expect(fLine.xaxis).toBe('x2');
    expect(fLine.y[2]).toBeCloseTo(Math.hypot(...stateAt(50).f), 12);
    // BP markers: mean of the two seeds, ± their sample sd
    const bpSim = fig.data.find((d) => d.name === traceName.sim(BP)) as unknown as { y: number[]; error_y: { array: number[] } };
    bpSim.y.forEach((y, i) => expect(y).toBeCloseTo(0.305 / (1 + times[i + 1] / 50), 12));
    bpSim.error_y.array.forEach((e, i) => expect(e).toBeCloseTo(0.01 / (1 + times[i + 1] / 50) / Math.SQRT2, 12));
    // different rules, different colours
    const color = (name: string) => (fig.data.find((d) => d.name === name)!.line as { color: string }).color;
    expect(color(traceName.theory(BP))).not.toBe(color(traceName.theory(PEPITA)));
  });

  it('fig2c: three angle curves (theory + simulation), snapshot lines, and K = 2 unit-vector panels', () => {
    const spec = fig2cSpec({ theory: input.theory.afa, otherTheory: input.theory.pepita, sim: input.sims.pepita, snapshots: [5, 500] });
    const fig = parseFigureHtml(figureHtml(spec));
    const n = fig.data.map((d) => d.name);
    for (const key of ['teacher', 'degenerate', 'feedback'] as const) {
      expect(n).toContain(`${FIG2C_TRACES[key]} — theory: AFA ODE`);
      expect(n).toContain(`${FIG2C_TRACES[key]} — simulation: PEPITA`);
      expect(n).toContain(`${FIG2C_TRACES[key]} — theory: PEPITA ODE`);
    }
    expect(n).toContain('snapshot t=5');
    expect(n).toContain('snapshot t=500');
    // snapshot panels: unit vectors of W2, f, W̃2 and the other degenerate copies, on axes x2, x3
    const w2 = fig.data.find((d) => d.name === 't=500 W2 (student)')!;
    expect(w2.xaxis).toBe('x3');
    const u = stateAt(500).W2;
    const nrm = Math.hypot(u[0], u[1]);
    expect(w2.x[1]).toBeCloseTo(u[0] / nrm, 12);
    expect(w2.y[1]).toBeCloseTo(u[1] / nrm, 12);
    expect(n.filter((x) => x.startsWith('t=5 degenerate copy')).length).toBe(3); // (1,1) has 4 distinct copies, one is W̃2
    // the theory angle to W̃2 at t = 500, recomputed here
    const th = fig.data.find((d) => d.name === `${FIG2C_TRACES.teacher} — theory: AFA ODE`)!;
    const cos = (u[0] + u[1]) / (nrm * Math.SQRT2);
    expect(th.y[times.indexOf(500) - 1]).toBeCloseTo((Math.acos(cos) * 180) / Math.PI, 10);
    // non-finite values travel as null, never as NaN (invalid JSON)
    const withNaN = { ...spec, data: [...spec.data, { name: 'gap', x: [1, 2], y: [NaN, 1] }] };
    const block = /id="figure-data">([\s\S]*?)<\/script>/.exec(figureHtml(withNaN))![1];
    expect(block.includes('NaN')).toBe(false);
    expect(parseFigureHtml(figureHtml(withNaN)).data.at(-1)!.y).toEqual([null, 1]);
  });

  it('early.html: theory, expansions (printed and corrected eq. 30) and simulation traces for R, W2, f', () => {
    const config = parseConfig(JSON.parse(JSON.stringify(E1_DEFAULT_CONFIG)));
    const s = e1Setting(theoryProblemOf(config));
    const ts = [0, 1, 2];
    const th = theory('afa', ts, () => 0.3);
    const spec = earlyFigureSpec({ theory: th, sims: [sim('afa', ts, [() => 0.3, () => 0.3])], curves: earlyCurves(s) });
    const n = names(figureHtml(spec));
    for (const x of ['R_1_1 theory: AFA ODE', 'R_2_2 eq. 27: t·dR/dt(0)', 'W2_1 eq. 28: ½t²·d²W2/dt²(0)', 'f_2 eq. 30 as printed', 'f_2 eq. 30 corrected', 'f_1 simulation: AFA']) {
      expect(n).toContain(x);
    }
    const fc = parseFigureHtml(figureHtml(spec)).data.find((d) => d.name === 'f_1 eq. 30 corrected')!;
    expect(fc.y[2]).toBeCloseTo(earlyCurves(s).fCorrected(2)[0], 14);
  });

  it('CSV: one row per plotted point, with error bars', () => {
    const spec = fig2bSpec(input);
    const lines = figureCsv(spec).trim().split('\n');
    expect(lines[0]).toBe('trace,x,y,error');
    expect(lines.length - 1).toBe(spec.data.reduce((s, d) => s + d.x.length, 0));
    const row = lines.find((l) => l.startsWith(`${TR.simAfa},5000,`))!;
    expect(Number(row.split(',')[2])).toBeCloseTo(eg(5000) * 1.01, 12);
  });

  it.skipIf(!findChromium())('PNG export through chromium: a PNG of the requested size', async () => {
    const path = join(dir, 'fig7.png');
    const r = await exportPngs([{ html: figureHtml({ ...fig7Spec(input), width: 400, height: 300 }), path, width: 400, height: 300 }]);
    expect(r.ok, r.reason).toBe(true);
    const png = readFileSync(path);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // IHDR width and height (big-endian at bytes 16 and 20)
    expect(png.readUInt32BE(16)).toBe(400);
    expect(png.readUInt32BE(20)).toBe(300);
  }, 120_000);
});
