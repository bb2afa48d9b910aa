/**
 * `pepita-ode fixedpoint`: the teacher solution from --from initial (JSON), bad flags (exit 2,
 * nothing run), the escape figure of a plateau, and the library metric for sweeps. (The plain
 * "did not converge" message is tested on the library in fixedPoint.test.ts.)
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedPointMetrics } from '../../src/app/fixedPoint.ts';
import { parseConfig } from '../../src/core/config.ts';
import { parseFigureHtml } from '../../src/figures/html.ts';
import { runCli } from '../cli/runCli.ts';

const dir = mkdtempSync(join(tmpdir(), 'fixedpoint-'));
// BP K = M = 2 at the teacher solution exactly (T = I, W̃2 = 1; f = f̃ so that df/dt = 0 too)
const teacher = {
  rule: 'bp', K: 2, M: 2, eta: 0.2, tmax: 10,
  init: { kind: 'overlaps', Q: [[1, 0], [0, 1]], R: [[1, 0], [0, 1]], T: [[1, 0], [0, 1]], W2: [1, 1], W2t: [1, 1], f: [0.1, 0.2], ft: [0.1, 0.2], qf: 1 },
};
const teacherFile = join(dir, 'teacher.json');
writeFileSync(teacherFile, JSON.stringify(teacher));

describe('pepita-ode fixedpoint', () => {
  it('--from initial at the BP teacher solution: converged, stable, εg = 0 (JSON)', async () => {
    const r = await runCli(['fixedpoint', '--config', teacherFile, '--from', 'initial', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.converged).toBe(true);
    expect(j.eg).toBeLessThan(1e-20);
    expect(j.unstable).toBe(0);
    expect(j.stable + j.neutral).toBe(11);
    expect(j.classification).toMatch(/stable/);
    expect(j.eigenvalues.length).toBe(11);
  });

  it('refuses a bad --from or --escape with exit 2', async () => {
    expect((await runCli(['fixedpoint', '--config', teacherFile, '--from', 'middle'])).code).toBe(2);
    const r = await runCli(['fixedpoint', '--config', teacherFile, '--escape', join(dir, 'x.png')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--escape/);
  });

  it('--escape on the symmetric BP plateau writes the figure; fixedPointMetrics for sweeps', async () => {
    const plateau = {
      rule: 'bp', K: 2, M: 2, eta: 0.2, tmax: 2000,
      init: { kind: 'overlaps', Q: [[0.5, 0], [0, 0.5]], R: [[0.01, 0.01], [0.01, 0.01]], T: [[1, 0], [0, 1]], W2: [0.1, 0.1], W2t: [1, 1], f: [0, 0], ft: [0, 0], qf: 1 },
    };
    const file = join(dir, 'plateau.json');
    writeFileSync(file, JSON.stringify(plateau));
    const html = join(dir, 'escape.html');
    const r = await runCli(['fixedpoint', '--config', file, '--escape', html, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.classification).toMatch(/^saddle \(1 unstable/);
    expect(Math.abs(j.escape.measuredSlope / j.escape.predictedSlope - 1)).toBeLessThan(0.05);
    const fig = parseFigureHtml(readFileSync(html, 'utf8'));
    expect(fig.data.map((d) => d.name)).toEqual(['measured escape time', 'predicted (1/λ_u)·ln(1/δ) + c']);
    const m = fixedPointMetrics(parseConfig(plateau));
    expect(m.fp_converged).toBe(true);
    expect(m.fp_unstable).toBe(1);
    expect(Math.abs((m.fp_lambda_u as number) - 0.012536)).toBeLessThan(1e-5);
  });
});
