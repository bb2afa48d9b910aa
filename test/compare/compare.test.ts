/**
 * The comparison layer end to end on a small config (D = 100, t ≤ 20, 2 seeds): the rules run are
 * exactly those asked for (default: the config's rule, plus AFA for PEPITA), each simulation is
 * compared with its own ODE (others' only with `cross`), theory and simulation start from
 * identical order parameters and report identical times; the CLI writes neutrally named CSVs
 * (theory.csv/sim.csv for one rule, theory-<id>.csv/sim-<id>.csv for several), agreement.json,
 * run.json and the curves figure, and refuses bad --rules with exit 2 before writing anything.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compare, overlapsDistance, realisedTimes } from '../../src/compare/compare.ts';
import { agreementOf } from '../../src/compare/agreement.ts';
import { parseConfig } from '../../src/core/config.ts';
import { initialOverlaps } from '../../src/core/init.ts';
import { RULE_IDS } from '../../src/core/rules/index.ts';
import { parseFigureHtml } from '../../src/figures/html.ts';
import { parseCsv } from '../../src/io/csv.ts';
import { runCli } from '../cli/runCli.ts';

const SMALL = { D: 100, tmax: 20, points: 12, sim: { seeds: 2, threads: 1 }, theory: { mcSamples: 2000 } };

describe('compare', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pepita-compare-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('default for a PEPITA config: PEPITA and AFA, each against its own ODE; shared initial state and times', async () => {
    const config = parseConfig({ ...SMALL, rule: 'pepita' });
    const r = await compare(config);
    expect(r.rules.map((x) => x.id)).toEqual(['pepita', 'afa']);
    expect(Object.keys(r.sims).sort()).toEqual(['afa', 'pepita']);
    expect(Object.keys(r.theory).sort()).toEqual(['afa', 'pepita']);
    const init = initialOverlaps(config);
    // the same dot products of the same weights: equal up to rounding (exactly, in practice)
    expect(overlapsDistance(r.initial, init)).toBe(0);
    for (const s of [r.theory.afa!, r.theory.pepita!]) {
      expect(overlapsDistance(s.initial, init)).toBe(0);
      expect(overlapsDistance(s.states[0], init)).toBeLessThanOrEqual(1e-15);
      expect(Array.from(s.times)).toEqual(Array.from(r.times));
    }
    for (const s of [r.sims.pepita!, r.sims.afa!]) {
      expect(overlapsDistance(s.initial, init)).toBeLessThanOrEqual(1e-12);
      for (const run of s.runs) {
        expect(Array.from(run.times)).toEqual(Array.from(r.times));
        expect(overlapsDistance(run.states[0], init)).toBeLessThanOrEqual(1e-12);
        // εg(0) from the same overlaps with the same formula
        expect(run.eg[0]).toBeCloseTo(r.theory.afa!.eg[0], 12);
      }
    }
    // times are realisable steps μ/D
    expect(Array.from(r.times)).toEqual(Array.from(realisedTimes(config)));
    for (const t of r.times) expect(Math.abs(t * config.D - Math.round(t * config.D))).toBeLessThan(1e-9);
    // own ODE only, in rule order
    expect(r.agreement.entries.map((e) => `${e.sim}/${e.theory}`)).toEqual(['pepita/pepita', 'afa/afa']);
    expect(r.sims.pepita!.rule).toBe('pepita');
    expect(r.theory.pepita!.rule).toBe('pepita');
  });

  it('explicit rules: exactly those run, in that order, each simulation against its own ODE (cross adds the others)', async () => {
    const config = parseConfig({ ...SMALL, rule: 'pepita', eta: 0.2, tmax: 200 });
    const r = await compare(config, { rules: ['bp', 'afa'] });
    expect(r.rules.map((x) => x.id)).toEqual(['bp', 'afa']);
    expect(Object.keys(r.sims).sort()).toEqual(['afa', 'bp']); // the config's rule (pepita) is not run
    expect(Object.keys(r.theory).sort()).toEqual(['afa', 'bp']);
    for (const id of ['bp', 'afa'] as const) {
      expect(r.sims[id]!.rule).toBe(id);
      expect(r.theory[id]!.rule).toBe(id);
    }
    expect(r.agreement.entries.map((e) => `${e.sim}/${e.theory}`)).toEqual(['bp/bp', 'afa/afa']);
    expect(r.agreement.entries[0]).toEqual(agreementOf(r.sims.bp!, r.theory.bp!));
    expect(r.agreement.entries[1]).toEqual(agreementOf(r.sims.afa!, r.theory.afa!));
    // the AFA simulation follows its own ODE, not BP's: BP leaves the plateau by t = 200 at this η,
    // AFA (f(0) = O(1/√D)) does not (measured: max rel. dev. 1.7 % vs 350 %)
    const crossed = await compare(config, { rules: ['bp', 'afa'], cross: true });
    expect(crossed.agreement.entries.map((e) => `${e.sim}/${e.theory}`)).toEqual(['bp/bp', 'afa/afa', 'bp/afa', 'afa/bp']);
    const [, own, , cross] = crossed.agreement.entries;
    expect(cross.maxRelDev).toBeGreaterThan(10 * own.maxRelDev);
    // same seeds, same numbers
    expect(crossed.agreement.entries.slice(0, 2)).toEqual(r.agreement.entries);
  });

  it('CLI: --rules bp,pepita writes per-rule CSVs, agreement.json, run.json and the curves figure; t = 0 rows agree', async () => {
    const cfg = join(dir, 'small.json');
    writeFileSync(cfg, JSON.stringify(SMALL));
    const out = join(dir, 'out');
    const res = await runCli(['compare', '--config', cfg, '--rules', 'bp,pepita', '--out', out, '--json', '--no-png']);
    expect(res.code, res.stderr).toBe(0);
    const printed = JSON.parse(res.stdout);
    expect(printed.rules).toEqual(['bp', 'pepita']);
    expect(printed.agreement.entries.map((e: { sim: string; theory: string }) => `${e.sim}/${e.theory}`)).toEqual(['bp/bp', 'pepita/pepita']);
    for (const f of ['theory-bp.csv', 'sim-bp.csv', 'theory-pepita.csv', 'sim-pepita.csv', 'agreement.json', 'run.json', 'curves.html', 'curves.csv']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    // nothing of a rule not asked for, and no Fig. 2 file names
    for (const f of ['theory-afa.csv', 'sim-afa.csv', 'theory.csv', 'fig2b.html', 'fig7.html']) expect(existsSync(join(out, f)), f).toBe(false);
    const th = parseCsv(readFileSync(join(out, 'theory-bp.csv'), 'utf8'));
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
    expect(run.rules).toEqual(['bp', 'pepita']);
    expect(run.files.pepita).toEqual({ theory: 'theory-pepita.csv', sim: 'sim-pepita.csv' });
    expect(run.initial.Q[0][0]).toBeCloseTo(th.rows[0][th.header.indexOf('Q_1_1')], 14);
    expect(run.sims.bp.runs).toBe(2);
    const names = parseFigureHtml(readFileSync(join(out, 'curves.html'), 'utf8')).data.map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(['theory: BP ODE', 'simulation: BP', 'theory: PEPITA ODE', 'simulation: PEPITA']));
    expect(names.some((n) => /AFA/.test(n))).toBe(false);
  }, 120_000);

  it('CLI: one rule (the config\'s, here the default afa) writes theory.csv and sim.csv (docs/outputs.md names)', async () => {
    const cfg = join(dir, 'one.json');
    writeFileSync(cfg, JSON.stringify({ ...SMALL, rule: 'bp' }));
    const out = join(dir, 'one');
    const res = await runCli(['compare', '--config', cfg, '--out', out, '--no-png']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/BP sim\s+BP ODE/);
    for (const f of ['theory.csv', 'sim.csv', 'agreement.json', 'run.json', 'curves.html']) expect(existsSync(join(out, f)), f).toBe(true);
    expect(existsSync(join(out, 'theory-bp.csv'))).toBe(false);
    expect(JSON.parse(readFileSync(join(out, 'agreement.json'), 'utf8')).entries).toHaveLength(1);
  });

  it.each([
    ['bp,nope', /unknown rule "nope"/],
    [',', /at least one rule/],
    ['dfa', /rule "dfa" needs feedbackWeights/],
  ])('CLI: --rules %s → exit 2 naming --rules (and the allowed values), nothing written', async (value, why) => {
    const out = join(dir, `bad-${value.replace(/\W/g, '_')}`);
    const res = await runCli(['compare', '--rules', value, '--out', out, '--no-png']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/invalid input: --rules: /);
    expect(res.stderr).toMatch(why);
    if (value !== 'dfa') expect(res.stderr).toContain(`allowed: ${RULE_IDS.join(', ')}`);
    expect(existsSync(out)).toBe(false);
  });

  it('CLI: a run that blows up exits 1 naming the quantity and time, after writing what was computed', async () => {
    // linear units, b = f = 1 fixed by the overlaps, η = 5 and a frozen second layer: the first
    // layer's error obeys du/dt ≈ η(η − 2)u (as for BP with b = 1) and overflows quickly
    const exploding = {
      rule: 'pepita', // compare runs PEPITA and AFA
      activation: 'linear', teacherActivation: 'linear', K: 1, M: 1, eta: 5, eta2: 5e-324, tmax: 100, points: 30, D: 200,
      init: { kind: 'overlaps', Q: [[1]], R: [[0]], T: [[1]], W2: [1], W2t: [1], f: [1], ft: [0], qf: 2 },
      sim: { seeds: 2, threads: 1 }, theory: { averages: 'mc', mcSamples: 2000 }, // Monte Carlo: the cubature RHS takes ≈ 2 min to reach the step-size underflow (BOARD)
    };
    const cfg = join(dir, 'exploding.json');
    writeFileSync(cfg, JSON.stringify(exploding));
    const out = join(dir, 'exploding');
    const res = await runCli(['compare', '--config', cfg, '--out', out, '--no-png']);
    expect(res.code, res.stderr).toBe(1);
    expect(res.stderr).toMatch(/numerical failure: .* at t=[0-9.e-]+/);
    // the time of the failure is stated once
    const t = /at t=([0-9.e-]+)\s*$/.exec(res.stderr)![1];
    expect(res.stderr.split(`at t=${t}`).length - 1).toBe(1);
    for (const f of ['theory-afa.csv', 'sim-afa.csv', 'theory-pepita.csv', 'agreement.json', 'run.json', 'curves.html']) expect(existsSync(join(out, f)), f).toBe(true);
    expect(parseCsv(readFileSync(join(out, 'theory-afa.csv'), 'utf8')).rows.length).toBeGreaterThan(0);
  });
});
