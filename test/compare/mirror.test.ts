/**
 * `pepita-ode mirror` (src/compare/mirrorStudy.ts, src/figures/mirror.ts): the angle of Fig. 3c
 * from order parameters against the same angle computed from weights in R^D; the curve summary on
 * a curve with a known answer; the command end to end on a small setting (files, variants sharing
 * their initial state, pre-mirroring moving F before t = 0, the fixed variant's F frozen); bad
 * input refused with exit 2 and nothing written.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { feedbackTotalAngleOf, feedbackW2AngleOf, summariseCurve } from '../../src/compare/mirrorStudy.ts';
import { overlapsFromWeights } from '../../src/core/overlaps.ts';
import { Rng } from '../../src/core/rng.ts';
import { parseFigureHtml } from '../../src/figures/html.ts';
import { parseCsv } from '../../src/io/csv.ts';
import { runCli } from '../cli/runCli.ts';

describe('alignment angles from order parameters = from weights', () => {
  it('∠(F, W1ᵀW2) and ∠(f, W2)', () => {
    const K = 3, M = 2, D = 50;
    const r = new Rng(3);
    const v = (n: number, s = 1) => Float64Array.from({ length: n }, () => s * r.normal());
    const w = { K, M, D, W1: v(K * D), W1t: v(M * D), W2: v(K, 0.7), W2t: v(M), F: v(D) };
    // W_tot = W1ᵀW2 in R^D, and the angle with F directly
    const Wtot = new Float64Array(D);
    for (let k = 0; k < K; k++) for (let i = 0; i < D; i++) Wtot[i] += w.W1[k * D + i] * w.W2[k];
    let ab = 0, aa = 0, bb = 0;
    for (let i = 0; i < D; i++) {
      ab += Wtot[i] * w.F[i];
      aa += Wtot[i] * Wtot[i];
      bb += w.F[i] * w.F[i];
    }
    const want = (Math.acos(ab / Math.sqrt(aa * bb)) * 180) / Math.PI;
    const o = overlapsFromWeights(w);
    expect(Math.abs(feedbackTotalAngleOf(o, 0) - want)).toBeLessThan(1e-9);
    const f = Array.from({ length: K }, (_, k) => { let s = 0; for (let i = 0; i < D; i++) s += w.W1[k * D + i] * w.F[i]; return s / D; });
    const fw = f.reduce((a, x, k) => a + x * w.W2[k], 0) / (Math.hypot(...f) * Math.hypot(...w.W2));
    expect(Math.abs(feedbackW2AngleOf(o, 0) - (Math.acos(fw) * 180) / Math.PI)).toBeLessThan(1e-9);
    // W2 = 0: undefined, NaN (not 90°)
    expect(feedbackTotalAngleOf({ ...o, W2: new Float64Array(K) }, 0)).toBeNaN();
  });
});

describe('curve summary', () => {
  it('escape time, εg(1000), end values', () => {
    const times = [0, 10, 100, 500, 1000, 2000];
    const eg = [0.4, 0.39, 0.3, 0.19, 0.1, 0.05];
    const s = summariseCurve(times, eg, () => 42);
    // εg(0)/2 = 0.2 is crossed between t = 100 and 500, interpolated in (log t, log εg)
    expect(Math.abs(s.tEscape - 100 * 5 ** (Math.log(0.2 / 0.3) / Math.log(0.19 / 0.3)))).toBeLessThan(1e-9);
    expect(s.eg1000).toBe(0.1);
    expect(s.egEnd).toBe(0.05);
    expect(s.angleFWtotEnd).toBe(42);
    const never = summariseCurve([0, 10, 100], [0.4, 0.35, 0.3], () => 1);
    expect(never.tEscape).toBeNaN();
    expect(never.eg1000).toBeNaN();
  });
});

describe('pepita-ode mirror', () => {
  it('four variants from one initial state, ODE and simulation, figure and summary', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'pepita-mirror-cmd-')), 'out');
    const r = await runCli(['mirror', '--set', 'tmax=30', '--set', 'D=200', '--set', 'points=12', '--set', 'sim.seeds=2', '--set', 'theory.averages=mc', '--set', 'theory.mcSamples=4000', '--set', 'eta=0.5', '--pre', '2', '--out', dir, '--json', '--no-png']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.summary.map((x: { variant: string }) => x.variant)).toEqual(['fixed', 'wm', 'wm-pre', 'pre']);
    for (const name of ['theory-fixed.csv', 'sim-wm-pre.csv', 'mirror-summary.csv', 'run.json', 'mirror.html', 'mirror.csv']) expect(existsSync(join(dir, name)), name).toBe(true);
    const th = (id: string) => parseCsv(readFileSync(join(dir, `theory-${id}.csv`), 'utf8'));
    const col = (t: ReturnType<typeof th>, name: string) => t.rows.map((row) => row[t.header.indexOf(name)]);
    const fixed = th('fixed'), wm = th('wm'), wmPre = th('wm-pre'), pre = th('pre');
    // the same t = 0 state without pre-mirroring; pre-mirroring moved P before t = 0, the same for both pre variants
    expect(col(wm, 'P_1_1')[0]).toBe(col(fixed, 'P_1_1')[0]);
    expect(Math.abs(col(wmPre, 'P_1_1')[0] - col(fixed, 'P_1_1')[0])).toBeGreaterThan(1e-3);
    expect(col(pre, 'G_1_1')[0]).toBe(col(wmPre, 'G_1_1')[0]);
    // F fixed: G and F2 do not move; with WM they do
    expect(col(fixed, 'G_1_1').at(-1)).toBe(col(fixed, 'G_1_1')[0]);
    expect(Math.abs(col(wm, 'F2_1').at(-1)! - col(wm, 'F2_1')[0])).toBeGreaterThan(1e-3);
    const fig = parseFigureHtml(readFileSync(join(dir, 'mirror.html'), 'utf8'));
    const names = fig.data.map((t) => t.name);
    for (const p of ['εg', '∠(F, W_tot)', '‖f‖']) {
      expect(names).toContain(`${p} — theory: WM during learning`);
      expect(names).toContain(`${p} — simulation: fixed F (no mirroring)`);
    }
    const run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    expect(run.command).toBe('mirror');
    expect(Object.keys(run.initial)).toEqual(expect.arrayContaining(['P', 'Pt', 'G', 'F2']));
  }, 120_000);

  for (const [name, args, field] of [
    ['a negative --pre', ['--pre', '-1'], /--pre/],
    ['a rule without F', ['--rule', 'bp'], /mirror/],
    ['a negative mirror rate', ['--set', 'mirror.rate=-1', '--set', 'mirror.noise=1'], /mirror\.rate/],
  ] as const) {
    it(`refuses ${name}: exit 2, nothing written`, async () => {
      const dir = join(mkdtempSync(join(tmpdir(), 'pepita-mirror-bad-')), 'out');
      const r = await runCli(['mirror', ...args, '--set', 'tmax=2', '--out', dir]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(field);
      expect(existsSync(dir)).toBe(false);
    });
  }
});

describe('sweeps and --set take the mirror keys', () => {
  it('a grid over mirror.rate (theory and simulation): one row per rate, the rates change εg', async () => {
    const work = mkdtempSync(join(tmpdir(), 'pepita-mirror-sweep-'));
    const spec = join(work, 'spec.json');
    writeFileSync(spec, JSON.stringify({
      base: { rule: 'pepita', eta: 0.5, tmax: 20, points: 8, D: 100, sim: { seeds: 2 }, mirror: { rate: 1, noise: 1 }, theory: { averages: 'mc', mcSamples: 2000 } },
      grid: { 'mirror.rate': [0.2, 3] }, run: ['theory', 'sim'], metrics: { egAt: [20] },
    }));
    const r = await runCli(['sweep', '--spec', spec, '--out', join(work, 'out'), '--threads', '2', '--no-png', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const table = parseCsvText(readFileSync(join(work, 'out', 'sweep.csv'), 'utf8'));
    expect(table.map((row) => row['mirror.rate'])).toEqual(['0.2', '3']);
    const eg = table.map((row) => Number(row['theory.egAt_20']));
    expect(Math.abs(eg[0] - eg[1])).toBeGreaterThan(1e-3);
    for (const row of table) expect(Number(row['sim.egAt_20'])).toBeGreaterThan(0);
  }, 120_000);
});

/** A CSV with a header row as objects of strings (the sweep table has text columns). */
function parseCsvText(text: string): Record<string, string>[] {
  const [head, ...rows] = text.trim().split('\n');
  const keys = head.split(',');
  return rows.map((line) => Object.fromEntries(line.split(',').map((v, i) => [keys[i], v])));
}
