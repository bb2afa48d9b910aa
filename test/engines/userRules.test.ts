/**
 * Users' own rules (issue 20; docs/rules.md "Your own rule"), against independent routes:
 *  - a module equal to a built-in (test/fixtures/rules/hebbian-copy.mjs = PEPITA-Hebbian) reproduces
 *    it: the ODE identical to 1e-12, the simulation bit-identical (its runs on worker threads, which
 *    load the module themselves), through the API and through the CLI;
 *  - a rule object given in code (no module) runs too, in-process;
 *  - `check-rule` passes the built-ins and refuses a deliberately wrong rule (the last layer learns
 *    from the previous call's error: its step and its ODE differ), exit 1 with the reason;
 *  - bad rule modules are refused with exit 2 naming the property, nothing written;
 *  - a user rule through a sweep split into 2 shards and merged = the same sweep in one piece.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkRule } from '../../src/app/checkRule.ts';
import { simulateOf, solveTheoryOf } from '../../src/app/fromConfig.ts';
import { parseConfig } from '../../src/core/config.ts';
import { LEARNING_RULES, ruleById } from '../../src/core/rules/index.ts';
import { loadRuleModule } from '../../src/core/rules/ruleModule.ts';
import { runCli } from '../cli/runCli.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = join(ROOT, 'test/fixtures/rules');
const work = mkdtempSync(join(tmpdir(), 'pepita-user-rules-'));

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe('a user rule module equal to a built-in reproduces it', () => {
  it('API: ODE within 1e-12, simulation bit-identical on 2 worker threads', async () => {
    const path = join(FIXTURES, 'hebbian-copy.mjs');
    const rule = await loadRuleModule(path);
    expect(rule.id).toBe('hebbian-copy');
    expect(ruleById(path)).toBe(rule);
    const base = { eta: 0.2, tmax: 30, points: 12, noise: 0.1, sim: { seeds: 2 } };
    const mine = parseConfig({ ...base, rule: path });
    const builtin = parseConfig({ ...base, rule: 'pepita-hebbian' });
    const [a, b] = [solveTheoryOf(mine), solveTheoryOf(builtin)];
    expect(a.result).toBe('success');
    expect(maxAbsDiff(a.eg, b.eg)).toBeLessThanOrEqual(1e-12);
    for (let i = 0; i < a.states.length; i++) expect(maxAbsDiff(a.states[i].Q, b.states[i].Q)).toBeLessThanOrEqual(1e-12);
    const [sa, sb] = [await simulateOf(mine, { threads: 2 }), await simulateOf(builtin, { threads: 2 })];
    for (let r = 0; r < 2; r++) {
      expect(Array.from(sa.runs[r].eg)).toEqual(Array.from(sb.runs[r].eg));
      expect(Array.from(sa.runs[r].states.at(-1)!.Q)).toEqual(Array.from(sb.runs[r].states.at(-1)!.Q));
    }
  });

  it('CLI: sim.csv byte-identical to the built-in\'s (the rule path relative to the config file)', async () => {
    const cfg = join(work, 'copy.json');
    // a path relative to the config file's folder
    writeFileSync(cfg, JSON.stringify({ rule: relative(work, join(FIXTURES, 'hebbian-copy.mjs')), tmax: 5, points: 6, D: 200, sim: { seeds: 2, threads: 2 } }));
    const builtinCfg = join(work, 'builtin.json');
    writeFileSync(builtinCfg, JSON.stringify({ rule: 'pepita-hebbian', tmax: 5, points: 6, D: 200, sim: { seeds: 2, threads: 2 } }));
    const a = await runCli(['simulate', '--config', cfg, '--out', join(work, 'a')]);
    const b = await runCli(['simulate', '--config', builtinCfg, '--out', join(work, 'b')]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(readFileSync(join(work, 'a/sim.csv'), 'utf8')).toBe(readFileSync(join(work, 'b/sim.csv'), 'utf8'));
    const run = JSON.parse(readFileSync(join(work, 'a/run.json'), 'utf8'));
    expect(run.config.rule).toBe(join(FIXTURES, 'hebbian-copy.mjs')); // recorded as the absolute path
  });

  it('the example rule of examples/ loads from its config and solves', async () => {
    const r = await runCli(['theory', '--config', join(ROOT, 'examples/my-rule.config.json'), '--set', 'tmax=2', '--set', 'points=4', '--out', join(work, 'example'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).eg).toHaveLength(4);
  });
});

describe('a rule object given in code', () => {
  it('runs in both engines (the simulation in-process even when threads are asked for)', async () => {
    const hebb = ruleById('pepita-hebbian')!;
    const mine = { ...hebb, id: 'in-code-hebbian', form: undefined, alignmentFeedback: undefined, approximation: undefined };
    const config = parseConfig({ rule: mine, eta: 0.2, tmax: 3, points: 4, D: 100, sim: { seeds: 2 } });
    expect(config.rule).toBe('in-code-hebbian');
    const ref = parseConfig({ rule: 'pepita-hebbian', eta: 0.2, tmax: 3, points: 4, D: 100, sim: { seeds: 2 } });
    const [a, b] = [await simulateOf(config, { threads: 2 }), await simulateOf(ref, { threads: 2 })];
    expect(Array.from(a.runs[1].eg)).toEqual(Array.from(b.runs[1].eg));
  });
});

describe('check-rule', () => {
  const quick = { states: 3, samples: 20_000, tmax: 60 };
  it.each(LEARNING_RULES.map((r) => r.id))('passes the built-in %s', async (id) => {
    const rule = ruleById(id)!;
    const config = parseConfig({ rule: id, eta: 0.2, feedbackWeights: rule.needsFeedbackWeights ? [1, -0.5] : null, sim: { threads: 2 } });
    const report = await checkRule(config, quick);
    expect(report.reasons).toEqual([]);
    expect(report.verdict).toBe('pass');
  });

  it('refuses a deliberately wrong rule (a delayed error: its step and its ODE differ): exit 1 with the reason', async () => {
    const r = await runCli(['check-rule', '--config', join(FIXTURES, 'delayed-error.json'), '--states', '2', '--samples', '20000', '--tmax', '40']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/verdict: FAIL/);
    expect(r.stdout).toMatch(/D × mean step of W2_\d = .* but the ODE says/);
    expect(r.stderr).toMatch(/failed its certification/);
  });
});

describe('bad rule modules: exit 2, the property named, nothing written', () => {
  const cases: [string, string, RegExp][] = [
    ['missing-modulated.mjs', 'a missing function', /rule: the rule module ".*missing-modulated\.mjs": "modulated" must be a function/],
    ['missing-flag.mjs', 'a missing flag', /rule: the rule module .*: "usesFeedbackVector" must be true or false/],
    ['throws.mjs', 'a module that throws', /rule: the rule module .* failed to load: this module cannot be loaded/],
    ['no-such-rule.mjs', 'a module that does not exist', /rule: the rule module .*no-such-rule\.mjs" does not exist/],
  ];
  for (const [file, name, message] of cases) {
    it(name, async () => {
      const cfg = join(work, `bad-${file}.json`);
      writeFileSync(cfg, JSON.stringify({ rule: join(FIXTURES, file), tmax: 2 }));
      const out = join(work, `out-${file}`);
      const r = await runCli(['theory', '--config', cfg, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
    });
  }
  it('a rule id of a built-in, and a rule value that is neither an id nor a module path', async () => {
    expect(() => parseConfig({ rule: { ...ruleById('bp')!, form: undefined } })).toThrow(/"id" "bp" is a built-in rule's/);
    expect(() => parseConfig({ rule: 'pepitaa' })).toThrow(/rule: must be one of .* or the path of a rule module ending in \.mjs or \.js .*did you mean "pepita"/);
  });
});

describe('a user rule through a sweep', () => {
  it('2 shards and a merge = one piece (byte-identical sweep.csv, curves.csv)', async () => {
    writeFileSync(join(work, 'my-rule.mjs'), readFileSync(join(FIXTURES, 'hebbian-copy.mjs'), 'utf8').replace("id: 'hebbian-copy'", "id: 'sweep-copy'"));
    const spec = join(work, 'spec.json');
    writeFileSync(spec, JSON.stringify({
      base: { rule: './my-rule.mjs', tmax: 4, points: 5, D: 100, sim: { seeds: 1 } },
      grid: { eta: [0.1, 0.3] }, run: ['theory', 'sim'], metrics: { egAt: [4] },
    }));
    const one = join(work, 'sweep-one'), sharded = join(work, 'sweep-sharded');
    const r1 = await runCli(['sweep', '--spec', spec, '--out', one, '--threads', '2', '--no-png']);
    expect(r1.code, r1.stderr).toBe(0);
    for (const i of [0, 1]) {
      const r = await runCli(['sweep', '--spec', spec, '--out', sharded, '--shard', `${i}/2`, '--threads', '1']);
      expect(r.code, r.stderr).toBe(0);
    }
    const m = await runCli(['sweep', 'merge', sharded, '--no-png']);
    expect(m.code, m.stderr).toBe(0);
    for (const f of ['sweep.csv', 'curves.csv']) expect(readFileSync(join(sharded, f), 'utf8')).toBe(readFileSync(join(one, f), 'utf8'));
    expect(readFileSync(join(one, 'curves.csv'), 'utf8').split('\n').length).toBeGreaterThan(10);
  });
});
