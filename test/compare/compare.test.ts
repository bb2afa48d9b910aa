/**
 * The comparison layer end to end on a small config (D = 100, t ≤ 20, 2 seeds): theory and
 * simulation start from identical order parameters and report identical times; the CLI writes
 * the CSVs, agreement.json, run.json and the figures, and the t = 0 rows of every CSV agree.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compare, overlapsDistance, realisedTimes } from '../../src/compare/compare.ts';
import { parseConfig } from '../../src/core/config.ts';
import { initialOverlaps } from '../../src/core/init.ts';
import { parseCsv } from '../../src/io/csv.ts';
import { runCli } from '../cli/runCli.ts';

const SMALL = { D: 100, tmax: 20, points: 12, sim: { seeds: 2, threads: 1 }, theory: { mcSamples: 2000 } };

describe('compare', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pepita-compare-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('theory and simulations share the initial order parameters and the output times', async () => {
    const config = parseConfig(SMALL);
    const r = await compare(config);
    const init = initialOverlaps(config);
    // the same dot products of the same weights: equal up to rounding (exactly, in practice)
    expect(overlapsDistance(r.initial, init)).toBe(0);
    for (const s of [r.theory.afa, r.theory.pepita!]) {
      expect(overlapsDistance(s.initial, init)).toBe(0);
      expect(overlapsDistance(s.states[0], init)).toBeLessThanOrEqual(1e-15);
      expect(Array.from(s.times)).toEqual(Array.from(r.times));
    }
    for (const s of [r.sims.pepita, r.sims.afa]) {
      expect(overlapsDistance(s.initial, init)).toBeLessThanOrEqual(1e-12);
      for (const run of s.runs) {
        expect(Array.from(run.times)).toEqual(Array.from(r.times));
        expect(overlapsDistance(run.states[0], init)).toBeLessThanOrEqual(1e-12);
        // εg(0) from the same overlaps with the same formula
        expect(run.eg[0]).toBeCloseTo(r.theory.afa.eg[0], 12);
      }
    }
    // times are realisable steps μ/D
    expect(Array.from(r.times)).toEqual(Array.from(realisedTimes(config)));
    for (const t of r.times) expect(Math.abs(t * config.D - Math.round(t * config.D))).toBeLessThan(1e-9);
    expect(r.agreement.entries).toHaveLength(4);
    // the rule of the config is irrelevant
    expect(r.sims.pepita.rule).toBe('pepita');
    expect(r.theory.pepita!.rule).toBe('pepita');
  });

  it('CLI: compare --config --out writes CSVs, agreement.json, run.json, figures; t = 0 rows agree', async () => {
    const cfg = join(dir, 'small.json');
    writeFileSync(cfg, JSON.stringify(SMALL));
    const out = join(dir, 'out');
    const res = await runCli(['compare', '--config', cfg, '--out', out, '--json', '--no-png']);
    expect(res.code, res.stderr).toBe(0);
    const printed = JSON.parse(res.stdout);
    expect(printed.agreement.entries).toHaveLength(4);
    for (const f of ['theory-afa.csv', 'theory-pepita.csv', 'sim-pepita.csv', 'sim-afa.csv', 'agreement.json', 'run.json', 'fig2b.html', 'fig2c.html', 'fig7.html', 'fig2b.csv']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    const th = parseCsv(readFileSync(join(out, 'theory-afa.csv'), 'utf8'));
    const sm = parseCsv(readFileSync(join(out, 'sim-pepita.csv'), 'utf8'));
    expect(sm.header.slice(1)).toEqual(th.header);
    const cols = th.header.filter((h) => /^(Q|R|W2|f)_/.test(h));
    for (const c of cols) {
      const a = th.rows[0][th.header.indexOf(c)];
      const b = sm.rows[0][sm.header.indexOf(c)];
      expect(Math.abs(a - b), c).toBeLessThanOrEqual(1e-12);
    }
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(run.command).toBe('compare');
    expect(run.initial.Q[0][0]).toBeCloseTo(th.rows[0][th.header.indexOf('Q_1_1')], 14);
    expect(run.theories.pepita.averages).toBe('mc');
    expect(run.sims.afa.runs).toBe(2);
  });

  it('CLI: a run that blows up exits 1 naming the quantity and time, after writing what was computed', async () => {
    // linear units, b = f = 1 fixed by the overlaps, η = 5 and a frozen second layer: the first
    // layer's error obeys du/dt ≈ η(η − 2)u (as for BP with b = 1) and overflows quickly
    const exploding = {
      activation: 'linear', teacherActivation: 'linear', K: 1, M: 1, eta: 5, eta2: 5e-324, tmax: 100, points: 30, D: 200,
      init: { kind: 'overlaps', Q: [[1]], R: [[0]], T: [[1]], W2: [1], W2t: [1], f: [1], ft: [0], qf: 2 },
      sim: { seeds: 2, threads: 1 }, theory: { mcSamples: 2000 },
    };
    const cfg = join(dir, 'exploding.json');
    writeFileSync(cfg, JSON.stringify(exploding));
    const out = join(dir, 'exploding');
    const res = await runCli(['compare', '--config', cfg, '--out', out, '--no-png']);
    expect(res.code, res.stderr).toBe(1);
    expect(res.stderr).toMatch(/numerical failure: .* at t=[0-9.e-]+/);
    for (const f of ['theory-afa.csv', 'sim-afa.csv', 'agreement.json', 'run.json', 'fig2b.html']) expect(existsSync(join(out, f)), f).toBe(true);
    expect(parseCsv(readFileSync(join(out, 'theory-afa.csv'), 'utf8')).rows.length).toBeGreaterThan(0);
  });
});
