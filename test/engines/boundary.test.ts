/**
 * The architecture's boundary, checked on the source text (issue 10 "Evidence of the boundary"):
 * the engines (theory/, sim/) never read the application's Config, and nothing but the rule
 * registry compares rule names. Problems refuse bad input with a ConfigError naming the field.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import { emptyOverlaps } from '../../src/core/overlaps.ts';
import type { LearningSetupSpec } from '../../src/core/learningSetup.ts';
import { theoryProblem } from '../../theory/problem.ts';
import { simProblem } from '../../sim/problem.ts';
import { runCli } from '../cli/runCli.ts';

const root = new URL('../../', import.meta.url).pathname;

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const p = join(root, dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(relative(root, p)));
    else if (/\.(ts|mjs|js)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

describe('engine boundary', () => {
  it('no file in theory/ or sim/ imports src/core/config.ts', () => {
    const offenders = [...sources('theory'), ...sources('sim')].filter((f) => /from ['"][^'"]*core\/config\.ts['"]/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });

  it('only the rule registry compares rule names (grep -rnE "rule ===?" src theory sim)', () => {
    const hits: string[] = [];
    for (const f of [...sources('src'), ...sources('theory'), ...sources('sim')]) {
      readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
        if (/rule ===?/.test(line)) hits.push(`${relative(root, f)}:${i + 1}`);
      });
    }
    expect(hits.every((h) => h.startsWith('src/core/rules/index.ts:'))).toBe(true);
  });
});

describe('problems refuse bad input once, naming the field', () => {
  const setup: LearningSetupSpec = { rule: 'bp', eta: 0.1, eta2: 0.1, noise: 0, activation: 'erf', teacherActivation: 'erf', feedbackWeights: null };
  const initial = () => {
    const o = emptyOverlaps(2, 2);
    o.Q.set([1, 0, 0, 1]);
    o.T.set([1, 0, 0, 1]);
    o.W2t.set([1, 1]);
    o.qf = 1;
    return o;
  };
  const field = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as ConfigError).field;
    }
    throw new Error('no error');
  };
  it.each([
    ['rule', { ...setup, rule: 'nope' as never }],
    ['feedbackWeights', { ...setup, rule: 'dfa' as const }],
    ['eta', { ...setup, eta: 0 }],
    ['noise', { ...setup, noise: -1 }],
    ['activation', { ...setup, activation: 'sigmoid' as never }],
  ])('%s', (want, s) => {
    expect(field(() => theoryProblem({ setup: s, initial: initial(), times: [0, 1] }))).toBe(want);
  });
  it('times must increase', () => {
    expect(field(() => theoryProblem({ setup, initial: initial(), times: [0, 2, 1] }))).toBe('times[2]');
  });
  it('the initial covariance must be PSD', () => {
    const o = initial();
    o.f.set([2, 0]);
    expect(field(() => theoryProblem({ setup, initial: o, times: [0, 1] }))).toBe('init');
  });
  it('simulation weights must match K, M, D', () => {
    const D = 10;
    const w = { K: 2, M: 2, D, W1: new Float64Array(2 * D), W1t: new Float64Array(2 * D), W2: new Float64Array(2), W2t: new Float64Array(2), F: new Float64Array(D - 1) };
    expect(field(() => simProblem({ setup, weights: w, seeds: [1], times: [0, 1] }))).toBe('weights.F');
  });
});

describe('invalid rule/field combinations: refused once, before anything runs (exit 2, field named, nothing written)', () => {
  const combos: [string, Record<string, unknown>, RegExp][] = [
    ['closed forms asked for a Sec. 3 rule', { rule: 'pepita-hebbian', theory: { averages: 'analytic' } }, /theory\.averages: "analytic" needs a feedback-alignment rule/],
    ['closed forms asked for ReLU units', { rule: 'afa', activation: 'relu', theory: { averages: 'analytic' } }, /theory\.averages: .*relu/],
    ['first-order PEPITA for another rule', { rule: 'ff', theory: { model: 'pepita-first-order' } }, /theory\.model: "pepita-first-order" expands the PEPITA ODE; the rule is "ff"/],
    ['first-order PEPITA with tanh units', { rule: 'pepita', activation: 'tanh', theory: { model: 'pepita-first-order' } }, /theory\.model: .*erf and linear units only/],
    ['dfa without feedbackWeights', { rule: 'dfa' }, /feedbackWeights: required for rule "dfa"/],
  ];
  for (const [name, config, message] of combos) {
    for (const command of ['theory', 'simulate']) {
      it(`${command}: ${name}`, async () => {
        const dir = mkdtempSync(join(tmpdir(), 'pepita-combo-'));
        writeFileSync(join(dir, 'c.json'), JSON.stringify(config));
        const out = join(dir, 'out');
        const r = await runCli([command, '--config', join(dir, 'c.json'), '--out', out]);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(message);
        expect(existsSync(out)).toBe(false);
      });
    }
  }
});
