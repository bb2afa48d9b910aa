/**
 * The figures: the HTML pages are self-contained (or share one plotly.min.js per folder) and carry
 * the expected traces (parsed back from the embedded JSON), the CSV holds the plotted numbers,
 * every figure spec has axis titles, log axes labelled at every decade and no raw column names in
 * its titles, and — when chromium is installed — the PNG (at --scale), SVG and PDF exports produce
 * real files and a shared-plotly page draws itself.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
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
import { exportBundleFor, figureCsv, figureHtml, figureJson, parseFigureHtml } from '../../src/figures/html.ts';
import { disposePreparedExport, exportFigures, exportPngs, findChromium, prepareFigureExport, CHROMIUM_FLAGS } from '../../src/figures/png.ts';
import { escapeFigure } from '../../src/figures/escape.ts';
import { mirrorFigure } from '../../src/figures/mirror.ts';
import { decadeRange } from '../../src/figures/axes.ts';
import { thinRows, MAX_MARKERS } from '../../src/figures/traces.ts';
import { writeFigures } from '../../src/figures/write.ts';
import { DEFAULT_MIRROR, mirrorVariants, type MirrorStudy } from '../../src/compare/mirrorStudy.ts';
import { sweepFigure, type PointCurves } from '../../src/sweep/figures.ts';
import { metricColumns } from '../../src/sweep/merge.ts';
import { sweepPoints } from '../../src/sweep/points.ts';
import { parseSweepSpec } from '../../src/sweep/spec.ts';
import type { FigureSpec } from '../../src/figures/html.ts';
import { parseConfig } from '../../src/core/config.ts';
import { E1_DEFAULT_CONFIG } from '../../src/compare/e1Config.ts';
import { e1Setting, earlyCurves } from '../../theory/early.ts';
import { theoryProblemOf } from '../../src/app/fromConfig.ts';
import { sim, stateAt, theory } from '../compare/synthetic.ts';
import { runCli } from '../cli/runCli.ts';

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

  it('every figure spec: axis titles, every decade labelled on log axes, no raw column names in titles', () => {
    for (const [name, spec] of Object.entries(allSpecs())) {
      const layout = spec.layout as Record<string, Record<string, unknown>>;
      const axes = Object.keys(layout).filter((k) => /^[xy]axis\d*$/.test(k));
      expect(axes.length, name).toBeGreaterThan(0);
      for (const k of axes) {
        const ax = layout[k];
        if (ax.showticklabels === false) continue; // the Fig. 2d unit-vector insets: no scale to read
        const title = (ax.title as { text?: string } | undefined)?.text;
        expect(title, `${name} ${k} title`).toMatch(/\S/);
        if (ax.type !== 'log') continue;
        // one "10ⁿ" label per decade, over whole decades, at least two of them
        expect([ax.dtick, ax.exponentformat], `${name} ${k}`).toEqual([1, 'power']);
        const range = ax.range as [number, number];
        expect(Number.isInteger(range[0]) && Number.isInteger(range[1]), `${name} ${k} range ${range}`).toBe(true);
        expect(range[1] - range[0], `${name} ${k}`).toBeGreaterThanOrEqual(1);
      }
      for (const text of titlesOf(spec)) {
        expect(text, `${name}: "${text}"`).not.toMatch(/\b(theory|sim)\.[A-Za-z]/); // sweep.csv metric columns
        expect(text, `${name}: "${text}"`).not.toMatch(/\b(init|mirror|weightDecay)\.[A-Za-z]/); // config key paths
        expect(text, `${name}: "${text}"`).not.toMatch(/[a-z][A-Z][A-Za-z]*_|egAt_|tBelow_|onPlateau/); // metric names such as maxAbsLnRatioVs_pepita
      }
    }
  });

  it('log axes span whole decades around the data; markers thinned to ≤ MAX_MARKERS, ends kept', () => {
    expect(decadeRange([0.0145, 0.334])).toEqual([-2, 0]);
    expect(decadeRange([0.05, 5000])).toEqual([-2, 4]);
    expect(decadeRange([0.1, 0.1])).toEqual([-1, 0]);
    expect(decadeRange([])).toBeNull();
    const t = [0, ...Array.from({ length: 199 }, (_, i) => 5000 * 10 ** (-5 + (5 * i) / 198))];
    const rows = thinRows(t, true);
    expect(rows.length).toBeLessThanOrEqual(MAX_MARKERS);
    expect(rows.length).toBeGreaterThan(MAX_MARKERS - 5);
    expect([rows[0], rows.at(-1)]).toEqual([1, 199]); // t = 0 is not on a log axis
    expect(thinRows([0, 1, 2], false)).toEqual([0, 1, 2]);
    // fig2b: the simulation markers are thinned, the ODE lines keep every time and are drawn last
    const dense = Array.from({ length: 200 }, (_, i) => 10 ** (-2 + (5 * i) / 199));
    const spec = fig2bSpec({ theory: { afa: theory('afa', dense, eg) }, sims: { afa: sim('afa', dense, [eg, eg]) } });
    expect(spec.data.map((d) => [d.name, d.x.length])).toEqual([[TR.simAfa, MAX_MARKERS], [TR.theoryAfa, 200]]);
  });

  it('shared HTML: one plotly.min.js per folder, small pages that load it; standalone inlines it', async () => {
    const out = join(dir, 'shared');
    const w = await writeFigures(out, { fig2b: fig2bSpec(input), fig7: fig7Spec(input) }, { output: { formats: [], scale: 1, html: 'shared' } });
    expect(w.files.map((f) => f.slice(out.length + 1))).toEqual(['plotly.min.js', 'fig2b.html', 'fig2b.csv', 'fig7.html', 'fig7.csv']);
    const page = readFileSync(join(out, 'fig2b.html'), 'utf8');
    expect(page).toContain('<script src="plotly.min.js"></script>');
    expect(page.length).toBeLessThan(100_000);
    expect(statSync(join(out, 'plotly.min.js')).size).toBeGreaterThan(3e6);
    expect(names(page)).toEqual([TR.simPepita, TR.simAfa, TR.theoryAfa, TR.theoryPepita]);
    const solo = join(dir, 'standalone');
    await writeFigures(solo, { fig7: fig7Spec(input) }, { output: { formats: [], scale: 1, html: 'standalone' } });
    expect(existsSync(join(solo, 'plotly.min.js'))).toBe(false);
    expect(readFileSync(join(solo, 'fig7.html'), 'utf8')).not.toMatch(/<script[^>]+src=/);
    expect(statSync(join(solo, 'fig7.html')).size).toBeGreaterThan(3e6);
  });

  it.skipIf(!findChromium())('a shared-plotly page draws itself from file:// (chromium, no network)', async () => {
    const out = join(dir, 'shared-draw');
    await writeFigures(out, { fig7: fig7Spec(input) }, { output: { formats: [], scale: 1, html: 'shared' } });
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: findChromium()!, headless: true, args: CHROMIUM_FLAGS });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`file://${join(out, 'fig7.html')}`);
      await page.waitForSelector('body[data-ready="1"]', { timeout: 60_000 });
      expect(await page.locator('.main-svg').count()).toBeGreaterThan(0);
      expect(requests.every((u) => u.startsWith('file://')), requests.join(' ')).toBe(true);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it.skipIf(!findChromium())('the cartesian export bundle draws the same PNG bytes as the full plotly bundle; a session prepared ahead is used', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fig-bundle-'));
    const figures = [figureJson(fig2bSpec(input)), figureJson(fig7Spec(input))];
    expect(exportBundleFor(figures)).toBe('cartesian');
    const paths = (tag: string) => figures.map((figure, i) => ({ figure, paths: { png: join(dir, `${tag}-${i}.png`) } }));
    const full = await exportFigures(paths('full'), { bundle: 'full' });
    prepareFigureExport();
    const cart = await exportFigures(paths('cart'));
    expect(full.ok && cart.ok).toBe(true);
    for (let i = 0; i < figures.length; i++) expect(readFileSync(join(dir, `cart-${i}.png`)).equals(readFileSync(join(dir, `full-${i}.png`)))).toBe(true);
    // a trace type outside the partial bundle takes the full one
    expect(exportBundleFor([{ data: [{ type: 'scatterpolar' }] }])).toBe('full');
    await disposePreparedExport();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it.skipIf(!findChromium())('vector export: SVG (plotly markup) and PDF (one page) beside a PNG at --scale 2, one session', async () => {
    const spec = { ...fig2bSpec(input), width: 400, height: 300 };
    const paths = { png: join(dir, 'v.png'), svg: join(dir, 'v.svg'), pdf: join(dir, 'v.pdf') };
    const fig7Png = join(dir, 'v7.png');
    const r = await exportFigures([{ figure: figureJson(spec), paths }, { figure: figureJson({ ...fig7Spec(input), width: 300, height: 200 }), paths: { png: fig7Png } }], { scale: 2 });
    expect(r.ok, r.reason).toBe(true);
    expect(r.written).toEqual([paths.png, paths.svg, paths.pdf, fig7Png]);
    const png = readFileSync(paths.png);
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([800, 600]); // 2 × 400 × 300
    expect([readFileSync(fig7Png).readUInt32BE(16), readFileSync(fig7Png).readUInt32BE(20)]).toEqual([600, 400]);
    const svg = readFileSync(paths.svg, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('class="main-svg"');
    expect(svg).toMatch(/width="400" height="300"/); // vector: the figure's size, not scaled
    expect(svg).toContain(TR.theoryAfa); // the legend text is in the markup
    const pdf = readFileSync(paths.pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)).toHaveLength(1);
    console.log(`export of 2 figures (PNG+SVG+PDF, PNG) in one session: ${r.seconds!.toFixed(2)} s`);
  }, 120_000);

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

describe('figure options on the command line', () => {
  const commands = [['fig2'], ['compare'], ['family'], ['early'], ['mirror'], ['sweep'], ['sweep', 'merge']];
  it.each(commands)('%s %s takes --formats, --scale, --standalone-html and --no-png', async (...cmd) => {
    const r = await runCli([...cmd.filter((c) => typeof c === 'string'), '--help']);
    for (const flag of ['--formats <list>', '--scale <factor>', '--standalone-html', '--no-png']) expect(r.stdout, `${cmd.join(' ')} ${flag}`).toContain(flag);
  });

  it.each([
    [['--formats', 'gif'], /--formats: "gif" is not a figure format; allowed: png, svg, pdf/],
    [['--formats', ','], /--formats: must list at least one of png, svg, pdf/],
    [['--scale', '0'], /--scale: "0" must be a number > 0 and ≤ 8/],
    [['--scale', 'big'], /--scale: "big" must be a number/],
    [['--no-png', '--formats', 'svg'], /--no-png: writes no images, so --formats has nothing to do/],
  ])('refuses %j before any work: exit 2, nothing written', async (args, message) => {
    const out = join(mkdtempSync(join(tmpdir(), 'pepita-figopt-')), 'out');
    for (const cmd of [['compare', '--set', 'tmax=1'], ['fig2', '--set', 'tmax=1']]) {
      const r = await runCli([...cmd, ...args, '--out', out]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
    }
  });
});

/** Every kind of figure the commands write, on synthetic inputs. */
function allSpecs(): Record<string, FigureSpec> {
  const config = parseConfig(JSON.parse(JSON.stringify(E1_DEFAULT_CONFIG)));
  const ts = [0, 1, 2];
  const early = earlyFigureSpec({ theory: theory('afa', ts, () => 0.3), sims: [sim('afa', ts, [() => 0.3, () => 0.3])], curves: earlyCurves(e1Setting(theoryProblemOf(config))) });
  const variants = mirrorVariants(DEFAULT_MIRROR, 5);
  const byVariant = <T,>(f: (i: number) => T) => Object.fromEntries(variants.map((v, i) => [v.id, f(i)])) as Record<(typeof variants)[number]['id'], T>;
  const study = {
    config: parseConfig({ rule: 'pepita' }), rule: 'pepita', pre: 5, variants, configs: byVariant(() => parseConfig({ rule: 'pepita' })), times: Float64Array.from(times),
    theory: byVariant((i) => theory('pepita', times, (t) => 0.3 / (1 + t / (100 * (i + 1))))),
    sims: byVariant(() => sim('pepita', times, [eg, eg])), summary: [], timings: { theorySeconds: 0, simSeconds: 0 },
  } as unknown as MirrorStudy;
  const sweepSpec = (extra: object) => parseSweepSpec({ base: { rule: 'afa' }, metrics: { vsRule: 'pepita' }, ...extra });
  const curves = (spec: ReturnType<typeof parseSweepSpec>): PointCurves[] => sweepPoints(spec).map((point, i) => ({
    point, theory: { t: times, eg: times.map(eg) }, other: { rule: 'pepita', t: times, eg: times.map((t) => eg(t) * 0.9) }, sim: [],
    metrics: { 'theory.maxAbsLnRatioVs_pepita': 0.1 * i, 'theory.escapeTime': 100 + i, 'theory.onPlateauAtTmax': i === 0 ? 1 : 0 },
  }));
  const heat = sweepSpec({ grid: { eta: [0.05, 0.1], 'init.feedback.std': [0.5, 1] }, figure: { heatmap: { x: 'eta', y: 'init.feedback.std', metric: 'theory.maxAbsLnRatioVs_pepita' } } });
  const line = sweepSpec({ grid: { 'init.feedback.std': [0.1, 1, 10] }, figure: { heatmap: { x: 'init.feedback.std', y: 'init.feedback.std', metric: 'theory.escapeTime', logX: true, logY: true } } });
  return {
    fig2b: fig2bSpec(input),
    fig2c: fig2cSpec({ theory: input.theory.afa, otherTheory: input.theory.pepita, sim: input.sims.afa, snapshots: [5, 500] }),
    fig7: fig7Spec(input),
    early,
    family: ruleCurvesSpec({ rules: [BP, AFA, PEPITA], theory: { bp: input.theory.afa, afa: input.theory.afa, pepita: input.theory.pepita }, sims: input.sims }, { title: 'The forward-only family' }),
    mirror: mirrorFigure(study),
    escape: escapeFigure({ lambdaU: 0.1, deltas: [1e-2, 1e-3], measured: [40, 60], predicted: [41, 64], measuredSlope: 9, predictedSlope: 10, intercept: 0 }),
    sweepHeatmap: sweepFigure(heat, curves(heat), metricColumns(heat)),
    sweepLine: sweepFigure(line, curves(line), metricColumns(line)),
  };
}

/** Every title a reader sees: the figure's, annotations, the axes', colour bars', legend group titles and legend entries. */
function titlesOf(spec: FigureSpec): string[] {
  const out: string[] = [];
  const layout = spec.layout as Record<string, { text?: string; title?: { text?: string } }>;
  if (layout.title?.text) out.push(layout.title.text);
  for (const a of (spec.layout.annotations as { text: string }[] | undefined) ?? []) out.push(a.text);
  for (const [k, v] of Object.entries(layout)) if (/^[xy]axis\d*$/.test(k) && v.title?.text) out.push(v.title.text);
  for (const tr of spec.data) {
    const cb = (tr.colorbar as { title?: { text?: string } } | undefined)?.title?.text;
    if (cb) out.push(cb);
    const gt = (tr.legendgrouptitle as { text?: string } | undefined)?.text;
    if (gt) out.push(gt);
    if (tr.showlegend !== false && tr.type !== 'heatmap' && !/^[RWf]2?_\d/.test(tr.name)) out.push(tr.name); // R_1_1 …: the paper's component names
  }
  return out;
}
