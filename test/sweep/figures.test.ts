/**
 * The merged sweep figure: one εg(t) line per point coloured by the colour key (one legend entry
 * per value), and a heatmap whose cells are the metric of the right point — also when an axis is
 * a zip key (its zip partners move with it) and with other keys held at their first value.
 */
import { describe, expect, it } from 'vitest';
import { sweepFigure, type PointCurves } from '../../src/sweep/figures.ts';
import { sweepPoints } from '../../src/sweep/points.ts';
import { parseSweepSpec } from '../../src/sweep/spec.ts';

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
    expect(lines.filter((d) => d.showlegend).map((d) => d.name)).toEqual(['eta = 0.1', 'eta = 0.2', 'eta = 0.4']);
    const heat = fig.data.find((d) => d.type === 'heatmap')!;
    // rows K = 2, 3; columns η = 0.1, 0.2, 0.4; noise held at its first value 0
    expect(heat.z).toEqual([[12, 22, 42], [13, 23, 43]]);
    expect((fig.layout.xaxis2 as { ticktext: string[] }).ticktext).toEqual(['0.1', '0.2', '0.4']);
    expect((fig.layout.yaxis2 as { ticktext: string[] }).ticktext).toEqual(['2', '3']);
  });
});
