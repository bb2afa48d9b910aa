/**
 * agreement.json statistics on synthetic curves with known answers (computed by hand here).
 */
import { describe, expect, it } from 'vitest';
import { agreement, agreementOf } from '../../src/compare/agreement.ts';
import { comparisonPairs } from '../../src/compare/compare.ts';
import { AFA, BP, FF, PEPITA, type LearningRule } from '../../src/core/rules/index.ts';
import { sim, theory } from './synthetic.ts';

describe('agreement of simulated and theoretical εg', () => {
  const times = [0, 1, 2, 3, 4];
  const th = theory('afa', times, () => 0.2);
  it('relative deviations and z-scores of the seed mean', () => {
    // two seeds at 0.2·(1 ± a): mean 0.2, sd = 0.2·a·√2, so relDev 0 — shift one by δ
    // seed values 0.2 + c_t + d, 0.2 + c_t − d with c_t = 0.01·t: mean 0.2 + c_t, sd = √2·d, SE = d
    const d = 0.004;
    const s = sim('pepita', times, [(t) => 0.2 + 0.01 * t + d, (t) => 0.2 + 0.01 * t - d]);
    const a = agreementOf(s, th);
    expect(a.points).toBe(4); // t = 0 excluded
    // relDev_t = 0.01 t / 0.2 = 0.05 t for t = 1..4: median 0.125, max 0.2 at t = 4
    expect(a.medianRelDev).toBeCloseTo(0.125, 12);
    expect(a.maxRelDev).toBeCloseTo(0.2, 12);
    expect(a.tAtMaxRelDev).toBe(4);
    // z_t = 0.01 t / d = 2.5 t: median 6.25, max 10
    expect(a.medianAbsZ).toBeCloseTo(6.25, 9);
    expect(a.maxAbsZ).toBeCloseTo(10, 9);
    expect(a.sim).toBe('pepita');
    expect(a.theory).toBe('afa');
  });

  it('one seed: no standard error, z is NaN; the pairs are reported in the order given', () => {
    const s1 = sim('afa', times, [(t) => 0.2 * (1 + 0.1 * t)]);
    expect(agreementOf(s1, th).medianAbsZ).toBeNaN();
    const s2 = sim('pepita', times, [() => 0.2, () => 0.2]);
    const thP = theory('pepita', times, () => 0.2);
    const all = agreement([[s1, th], [s2, thP], [s2, th]]);
    expect(all.entries.map((e) => `${e.sim}/${e.theory}`)).toEqual(['afa/afa', 'pepita/pepita', 'pepita/afa']);
    expect(all.entries[0]).toEqual(agreementOf(s1, th));
  });

  it('comparisonPairs: each rule with its own ODE; with cross, then every other ODE; never a rule without an ODE', () => {
    const ids = (p: [LearningRule, LearningRule][]) => p.map(([a, b]) => `${a.id}/${b.id}`);
    expect(ids(comparisonPairs([BP, PEPITA, FF], [BP, PEPITA, FF], false))).toEqual(['bp/bp', 'pepita/pepita', 'ff/ff']);
    expect(ids(comparisonPairs([PEPITA, AFA], [PEPITA, AFA], true))).toEqual(['pepita/pepita', 'afa/afa', 'pepita/afa', 'afa/pepita']);
    expect(ids(comparisonPairs([PEPITA, AFA], [AFA], true))).toEqual(['afa/afa', 'pepita/afa']);
  });
});
