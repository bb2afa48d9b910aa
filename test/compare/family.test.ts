/**
 * `pepita-ode family`: the milestone arithmetic on curves with known answers, and the command on a
 * tiny config — every rule of the family simulated and solved, every rule's traces in the figure
 * (εg for all, ‖f‖ for the rules that use the feedback vector), one milestone row per rule — and
 * bad --rules refused with exit 2 before anything is written.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FAMILY_RULES, familyMilestones, firstTimeBelow, milestonesCsv, valueAt } from '../../src/compare/family.ts';
import { LEARNING_RULES, RULE_IDS } from '../../src/core/rules/index.ts';
import { parseFigureHtml } from '../../src/figures/html.ts';
import { FEEDBACK_PREFIX } from '../../src/figures/ruleCurves.ts';
import { traceName } from '../../src/figures/traces.ts';
import { runCli } from '../cli/runCli.ts';
import { sim, theory } from './synthetic.ts';

describe('family milestones', () => {
  it('interpolation in (log t, log εg) is exact on a power law and refuses to extrapolate', () => {
    const ts = [0, 1, 4, 16, 64];
    const eg = ts.map((t) => (t > 0 ? 0.5 * t ** -0.7 : 1));
    expect(valueAt(ts, eg, 10)).toBeCloseTo(0.5 * 10 ** -0.7, 13);
    expect(valueAt(ts, eg, 16)).toBe(eg[3]);
    expect(valueAt(ts, eg, 100)).toBeNaN();
    // 0.5 t^−0.7 = 0.05 at t = 10^{1/0.7}
    expect(firstTimeBelow(ts, eg, 0.05)).toBeCloseTo(10 ** (1 / 0.7), 10);
    expect(firstTimeBelow(ts, eg, 1e-3)).toBeNaN();
  });

  it('one row per rule: ODE and seed-mean simulation', () => {
    const ts = [0, 1, 10, 100, 1000, 5000, 10000];
    const f = (t: number) => 0.3 / (1 + t / 20);
    const r = {
      rules: [FAMILY_RULES[0]],
      theory: { [FAMILY_RULES[0].id]: theory(FAMILY_RULES[0].id, ts, f) },
      sims: { [FAMILY_RULES[0].id]: sim(FAMILY_RULES[0].id, ts, [(t) => 1.1 * f(t), (t) => 0.9 * f(t)]) },
    } as unknown as Parameters<typeof familyMilestones>[0];
    const [row] = familyMilestones(r);
    expect(row.theoryEg).toEqual([f(10), f(100), f(1000), f(5000)]);
    row.simEg.forEach((v, i) => expect(v).toBeCloseTo(row.theoryEg[i], 14));
    // f = 0.3/(1 + t/20) = 0.05 at t = 100 exactly, an output time (to rounding); the sim mean is the same curve
    expect(row.theoryBelow).toBeCloseTo(100, 9);
    expect(row.simBelow).toBeCloseTo(100, 9);
    const csv = milestonesCsv([row]).trim().split('\n');
    expect(csv).toHaveLength(2);
    expect(csv[1].startsWith(`${FAMILY_RULES[0].id},${FAMILY_RULES[0].label},`)).toBe(true);
  });

  it('the family: BP, AFA, PEPITA, PEPITA-Hebbian, PEPITA-time-local, FF (the Sec. 3 comparison; not DFA/DRTP, which need fixed weights, nor PEPITA as first coded)', () => {
    expect(FAMILY_RULES.map((r) => r.label)).toEqual(['BP', 'AFA', 'PEPITA', 'PEPITA-Hebbian', 'PEPITA-time-local', 'FF']);
    expect(LEARNING_RULES.filter((r) => !FAMILY_RULES.includes(r)).map((r) => r.id)).toEqual(['dfa', 'drtp', 'pepita-modulated-error']);
  });
});

describe('pepita-ode family', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pepita-family-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const small = { D: 100, tmax: 20, points: 10, eta: 0.2, sim: { seeds: 2, threads: 1 }, theory: { mcSamples: 2000 } };

  it('writes every rule\'s traces, trajectories and milestones', async () => {
    const cfg = join(dir, 'small.json');
    writeFileSync(cfg, JSON.stringify(small));
    const out = join(dir, 'out');
    const res = await runCli(['family', '--config', cfg, '--out', out, '--json', '--no-png']);
    expect(res.code, res.stderr).toBe(0);
    const s = JSON.parse(res.stdout);
    expect(s.rules).toEqual(FAMILY_RULES.map((r) => r.id));
    expect(s.milestones.map((m: { rule: string }) => m.rule)).toEqual(FAMILY_RULES.map((r) => r.id));
    expect(s.agreement.entries.map((e: { sim: string; theory: string }) => `${e.sim}/${e.theory}`)).toEqual(FAMILY_RULES.map((r) => `${r.id}/${r.id}`));
    const names = parseFigureHtml(readFileSync(join(out, 'family.html'), 'utf8')).data.map((d) => d.name);
    for (const rule of FAMILY_RULES) {
      expect(names).toContain(traceName.theory(rule));
      expect(names).toContain(traceName.sim(rule));
      for (const kind of [traceName.theory(rule), traceName.sim(rule)]) expect(names.includes(FEEDBACK_PREFIX + kind)).toBe(rule.usesFeedbackVector);
      expect(existsSync(join(out, `theory-${rule.id}.csv`)), rule.id).toBe(true);
      expect(existsSync(join(out, `sim-${rule.id}.csv`)), rule.id).toBe(true);
    }
    for (const f of ['family.csv', 'milestones.csv', 'agreement.json', 'run.json']) expect(existsSync(join(out, f)), f).toBe(true);
    const rows = readFileSync(join(out, 'milestones.csv'), 'utf8').trim().split('\n');
    expect(rows.map((l) => l.split(',')[0])).toEqual(['rule', ...FAMILY_RULES.map((r) => r.id)]);
    // every ODE starts where its simulation starts (the same initial weights)
    const figCsv = readFileSync(join(out, 'family.csv'), 'utf8');
    expect(figCsv.startsWith('trace,x,y,error\n')).toBe(true);
  }, 300_000);

  it('bad --rules: exit 2 naming --rules and the allowed values, nothing written', async () => {
    const out = join(dir, 'bad');
    const res = await runCli(['family', '--rules', 'pepita,hebbian', '--out', out, '--no-png']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/invalid input: --rules: unknown rule "hebbian"/);
    expect(res.stderr).toContain(`allowed: ${RULE_IDS.join(', ')}`);
    expect(existsSync(out)).toBe(false);
  });
});
