/**
 * Every bad input is refused the same way: exit code 2, one message that names the field and says
 * what is allowed, no stack trace, and nothing created in --out.
 */
import { existsSync, mkdtempSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/runCli.ts';

const E1 = { Q: [[1, 0], [0, 1]], R: [[0, 0], [0, 0]], T: [[1, 0], [0, 1]], W2: [0, 0], W2t: [1, 1], f: [0.3, 0.2], ft: [0.2, 0.1], qf: 1 };
const overlaps = (patch: Record<string, unknown>) => ({ init: { kind: 'overlaps', ...E1, ...patch } });

interface Case {
  name: string;
  /** config object, or raw file text when a string */
  config?: unknown;
  /** extra CLI arguments */
  args?: string[];
  /** the message must match (it names the field) */
  field: RegExp;
}

const cases: Case[] = [
  { name: 'malformed JSON', config: '{"K": 2,, }', field: /--config.*not valid JSON/ },
  { name: 'config is an array', config: '[1, 2]', field: /\(config\).*JSON object|--config/ },
  { name: 'unknown top-level key', config: { etaa: 0.1 }, field: /etaa: unknown key/ },
  { name: 'unknown nested key', config: { theory: { solver: 'rk4' } }, field: /theory\.solver: unknown key/ },
  { name: 'K = 0', config: { K: 0 }, field: /\bK: must be ≥ 1/ },
  { name: 'K not an integer', config: { K: 1.5 }, field: /\bK: must be an integer/ },
  { name: 'M negative', config: { M: -1 }, field: /\bM: must be ≥ 1/ },
  { name: 'K too large', config: { K: 1000 }, field: /\bK: must be ≤ 64/ },
  { name: 'D = 0', config: { D: 0 }, field: /\bD: must be ≥ 1/ },
  { name: 'eta = 0', config: { eta: 0 }, field: /\beta: must be > 0/ },
  { name: 'eta a string', config: { eta: 'fast' }, field: /\beta: must be a finite number/ },
  { name: 'eta2 negative', config: { eta2: -1 }, field: /eta2: must be > 0/ },
  { name: 'noise negative', config: { noise: -0.1 }, field: /noise: must be ≥ 0/ },
  { name: 'tmax = 0', config: { tmax: 0 }, field: /tmax: must be > 0/ },
  { name: 'points = 1', config: { points: 1 }, field: /points: must be ≥ 2/ },
  { name: 'times not increasing', config: { times: [0, 2, 1] }, field: /times\[2\].*increasing/ },
  { name: 'times negative', config: { times: [-1, 2] }, field: /times\[0\]: must be ≥ 0/ },
  { name: 'times empty', config: { times: [] }, field: /times: must list at least one time/ },
  { name: 'unknown rule', config: { rule: 'sgd' }, field: /rule: .*afa.*pepita.*bp.*dfa/ },
  { name: 'unknown activation', config: { activation: 'sigmoid' }, field: /activation: .*erf.*relu.*tanh.*linear/ },
  { name: 'unknown teacher activation', config: { teacherActivation: 'gelu' }, field: /teacherActivation: / },
  { name: 'unknown averages', config: { theory: { averages: 'quadrature' } }, field: /theory\.averages: .*analytic.*mc/ },
  { name: 'mcSamples = 0', config: { theory: { mcSamples: 0 } }, field: /theory\.mcSamples: must be ≥ 1/ },
  { name: 'mcSamples absurd', config: { theory: { mcSamples: 1e12 } }, field: /theory\.mcSamples: must be ≤/ },
  { name: 'rtol ≥ 1', config: { theory: { rtol: 2 } }, field: /theory\.rtol: must be < 1/ },
  { name: 'sim.seeds = 0', config: { sim: { seeds: 0 } }, field: /sim\.seeds: must be ≥ 1/ },
  { name: 'sim.threads absurd', config: { sim: { threads: 1000 } }, field: /sim\.threads: must be ≤ 256/ },
  { name: 'sim.seed negative', config: { sim: { seed: -1 } }, field: /sim\.seed: must be ≥ 0/ },
  { name: 'dfa without feedbackWeights', config: { rule: 'dfa' }, field: /feedbackWeights: required for rule "dfa"/ },
  { name: 'feedbackWeights wrong length', config: { rule: 'dfa', feedbackWeights: [1, 2, 3] }, field: /feedbackWeights: must have 2 entries/ },
  { name: 'unknown init kind', config: { init: { kind: 'random' } }, field: /init\.kind: must be "weights" or "overlaps"/ },
  { name: 'teacher W1 unknown', config: { init: { kind: 'weights', teacher: { W1: 'uniform' } } }, field: /init\.teacher\.W1: .*gaussian.*orthogonal/ },
  { name: 'teacher W2 wrong length', config: { init: { kind: 'weights', teacher: { W2: [1, 1, 1] } } }, field: /init\.teacher\.W2: must have 2 entries/ },
  { name: 'student W2 wrong length', config: { init: { kind: 'weights', student: { W2: [1] } } }, field: /init\.student\.W2: must have 2 entries/ },
  { name: 'W1std negative', config: { init: { kind: 'weights', student: { W1std: -1 } } }, field: /init\.student\.W1std: must be ≥ 0/ },
  { name: 'overlaps Q wrong shape', config: overlaps({ Q: [[1, 0, 0], [0, 1, 0]] }), field: /init\.Q: must be a 2×2 matrix/ },
  { name: 'overlaps R wrong shape', config: overlaps({ R: [[0, 0]] }), field: /init\.R: must be a 2×2 matrix/ },
  { name: 'overlaps T wrong shape', config: overlaps({ T: [[1]] }), field: /init\.T: must be a 2×2 matrix/ },
  { name: 'overlaps f wrong length', config: overlaps({ f: [0.1] }), field: /init\.f: must have 2 entries/ },
  { name: 'overlaps Q not symmetric', config: overlaps({ Q: [[1, 0.2], [0.1, 1]] }), field: /init\.Q: must be symmetric/ },
  { name: 'overlaps T not symmetric', config: overlaps({ T: [[1, 0.5], [0, 1]] }), field: /init\.T: must be symmetric/ },
  { name: 'overlaps covariance not PSD', config: overlaps({ f: [2, 0] }), field: /init: .*positive semi-definite/ },
  { name: 'overlaps qf negative', config: overlaps({ qf: -1 }), field: /init\.qf: must be ≥ 0/ },
  { name: 'missing overlaps key', config: { init: { kind: 'overlaps', Q: E1.Q } }, field: /init\.R: / },
  { name: 'unknown CLI option', config: {}, args: ['--frobnicate'], field: /--frobnicate/ },
];

function setup(c: Case): { dir: string; out: string; argv: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'pepita-bad-'));
  const out = join(dir, 'out');
  const file = join(dir, 'config.json');
  writeFileSync(file, typeof c.config === 'string' ? c.config : JSON.stringify(c.config ?? {}));
  return { dir, out, argv: ['--config', file, '--out', out, ...(c.args ?? [])] };
}

describe('bad inputs are refused: exit 2, field named, nothing written', () => {
  it('has at least 25 cases', () => expect(cases.length).toBeGreaterThanOrEqual(25));

  for (const c of cases) {
    it(c.name, async () => {
      const { out, argv } = setup(c);
      const r = await runCli(['theory', ...argv]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(c.field);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(existsSync(out)).toBe(false);
    });
  }

  it('a missing config file and a folder given as config are refused', async () => {
    for (const path of ['/nonexistent/config.json', tmpdir()]) {
      const dir = mkdtempSync(join(tmpdir(), 'pepita-bad-'));
      const r = await runCli(['theory', '--config', path, '--out', join(dir, 'out')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--config/);
      expect(existsSync(join(dir, 'out'))).toBe(false);
    }
  });

  it('an existing --out folder is left as it was', async () => {
    const c = cases.find((x) => x.name === 'unknown rule')!;
    const { out, argv } = setup(c);
    mkdirSync(out);
    const r = await runCli(['theory', ...argv]);
    expect(r.code).toBe(2);
    expect(readdirSync(out)).toEqual([]);
  });

  it('every data command refuses the same way', async () => {
    for (const cmd of ['simulate', 'compare']) {
      const { out, argv } = setup({ name: 'x', config: { eta: -1 }, field: /eta/ });
      const r = await runCli([cmd, ...argv]);
      expect(r.code, `${cmd}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/\beta: must be > 0/);
      expect(existsSync(out)).toBe(false);
    }
  });
});
