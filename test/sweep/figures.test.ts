/**
 * The merged sweep figure: one εg(t) line per point coloured by the colour key (one legend entry
 * per value), and a heatmap whose cells are the metric of the right point — also when an axis is
 * a zip key (its zip partners move with it) and with other keys held at their first value; titles
 * in words (swept keys, the metric with its unit on the colour bar), cell values, vsRule curves.
 */
import { describe, expect, it } from 'vitest';
import { sweepFigure, type PointCurves } from '../../src/sweep/figures.ts';
import { sweepPoints } from '../../src/sweep/points.ts';
import { parseSweepSpec } from '../../src/sweep/spec.ts';
import { metricLabel } from '../../src/sweep/metrics.ts';

describe('sweep figure', () => {
  it('heatmap over a grid key × a zip key, legend per colour value', () => {
    const spec = parseSweepSpec({
      grid: { eta: [0.1, 0.2, 0.4], noise: [0, 0.1] },
      zip: { K: [2, 3], M: [2, 3] },
      figure: { color: 'eta', heatmap: { x: 'eta', y: 'K', metric: 'theory.m' } },
    });
    const curves: PointCurves[] = sweepPoints(spec).map((point) => ({
      point, theory: { t: [0, 1, 10], eg: [0.3, 0.1, 0.01] }, sim: [],
      // metric encodes the point: 100·η + K + 1000·noise
      metrics: { 'theory.m': 100 * point.config.eta + point.config.K + 1000 * point.config.noise },
    }));
    const fig = sweepFigure(spec, curves, ['theory.m']);
    const lines = fig.data.filter((d) => d.type === 'scatter');
    expect(lines).toHaveLength(12);
    expect(lines.filter((d) => d.showlegend).map((d) => d.name)).toEqual(['learning rate η = 0.1', 'learning rate η = 0.2', 'learning rate η = 0.4']);
    const heat = fig.data.find((d) => d.type === 'heatmap')!;
    // rows K = 2, 3; columns η = 0.1, 0.2, 0.4; noise held at its first value 0
    expect(heat.z).toEqual([[12, 22, 42], [13, 23, 43]]);
    expect((fig.layout.xaxis2 as { ticktext: string[] }).ticktext).toEqual(['0.1', '0.2', '0.4']);
    expect((fig.layout.yaxis2 as { ticktext: string[] }).ticktext).toEqual(['2', '3']);
    // 6 cells: their values written in them; an unknown metric column keeps its name
    expect([heat.texttemplate, heat.text]).toEqual(['%{text}', [['12', '22', '42'], ['13', '23', '43']]]);
    expect((heat.colorbar as { title: { text: string } }).title.text).toBe('theory.m');
    expect((fig.layout.xaxis2 as { title: { text: string } }).title.text).toBe('learning rate η');
    expect((fig.layout.yaxis2 as { title: { text: string } }).title.text).toBe('student hidden units K');
  });

  it('colour bar titled in words with units; cell values optional; vsRule curves dashed', () => {
    const spec = parseSweepSpec({
      base: { rule: 'afa' }, grid: { eta: [0.05, 0.1], 'init.feedback.std': [0.5, 1] }, metrics: { vsRule: 'pepita' },
      figure: { cellValues: false, heatmap: { x: 'eta', y: 'init.feedback.std', metric: 'theory.maxAbsLnRatioVs_pepita' } },
    });
    const curves: PointCurves[] = sweepPoints(spec).map((point) => ({
      point, theory: { t: [0, 1, 10], eg: [0.3, 0.1, 0.01] }, other: { rule: 'pepita', t: [0, 1, 10], eg: [0.3, 0.2, 0.02] }, sim: [],
      metrics: { 'theory.maxAbsLnRatioVs_pepita': 0.7, 'theory.onPlateauAtTmax': point.config.eta === 0.05 ? 1 : 0 },
    }));
    const fig = sweepFigure(spec, curves, ['theory.maxAbsLnRatioVs_pepita']);
    const heat = fig.data.find((d) => d.type === 'heatmap')!;
    expect((heat.colorbar as { title: { text: string } }).title.text.replace(/<br>/g, ' ')).toBe('max over t of |ln(εg / εg of PEPITA)| (theory)');
    expect(heat.texttemplate).toBeUndefined();
    // with values: a gap on a point still on its plateau is starred, and the star explained
    const shown = sweepFigure({ ...spec, figure: { ...spec.figure, cellValues: true } }, curves, ['theory.maxAbsLnRatioVs_pepita']);
    expect(shown.data.find((d) => d.type === 'heatmap')!.text).toEqual([['0.7 *', '0.7'], ['0.7 *', '0.7']]);
    expect((shown.layout.annotations as { text: string }[])[0].text).toMatch(/^\* a curve is still on its initial plateau at t_max/);
    expect((fig.layout.yaxis2 as { title: { text: string } }).title.text).toBe('feedback std s_F');
    const dashed = fig.data.filter((d) => (d.line as { dash?: string } | undefined)?.dash === 'dash');
    expect(dashed.map((d) => d.x.length)).toEqual([2, 2, 2, 2, 1]); // 4 points' PEPITA curves (t > 0) and their legend entry
    expect(dashed.at(-1)!.name).toBe('dashed: PEPITA ODE (metrics.vsRule)');
    expect(metricLabel('sim.tBelow_0.01.se')).toBe('standard error of first time with εg ≤ 0.01 [t = μ/D] (simulation, seed mean)');
    expect(metricLabel('theory.onPlateauAtTmax')).toBe('still on the initial plateau at t_max (1 = yes) (theory)');
  });
});
