/**
 * Every bad input is refused the same way: exit code 2, one message that names the field and says
 * what is allowed (or what to do), no stack trace, and nothing created in --out.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../cli/runCli.ts';

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
  // line 3, column 10: the comma where the value of "eta" should be
  { name: 'malformed JSON: line and column', config: '{\n  "K": 2,\n  "eta": ,\n}', field: /--config: ".*config\.json" is not valid JSON.*value expected at line 3, column 10 \(.*config\.json:3:10/ },
  { name: 'unterminated JSON: line and column', config: '{\n  // comments are fine\n  "K": 2', field: /close brace expected at line 3, column 9/ },
  { name: 'unknown key suggests the nearest', config: { eat: 0.2 }, field: /eat: unknown key \(did you mean eta\?\); allowed keys here: / },
  { name: 'unknown nested key suggests the nearest', config: { sim: { sedes: 2 } }, field: /sim\.sedes: unknown key \(did you mean seeds\?\)/ },
  { name: 'overlaps init without R: required when kind is overlaps', config: { init: { kind: 'overlaps', Q: E1.Q } }, field: /init\.R: required when init\.kind is "overlaps"/ },
  { name: 'bad --set path', config: {}, args: ['--set', 'theory.rtoll=1e-8'], field: /--set theory\.rtoll: unknown key "rtoll" \(did you mean rtol\?\)/ },
  { name: 'bad --set value', config: {}, args: ['--set', 'K=0'], field: /\bK: must be ≥ 1 \(from --set K=0\)/ },
  { name: 'config is an array', config: '[1, 2]', field: /\(config\).*JSON object|--config/ },
  { name: 'unknown top-level key', config: { etaa: 0.1 }, field: /etaa: unknown key/ },
  { name: 'unknown nested key', config: { theory: { method: 'rk4' } }, field: /theory\.method: unknown key/ },
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
  { name: 'unknown rule', config: { rule: 'sgd' }, field: /rule: (?=.*"afa")(?=.*"pepita")(?=.*"bp")(?=.*"dfa")/ },
  { name: 'misspelt rule suggests the nearest', config: { rule: 'pepitta' }, field: /rule: .* \(did you mean "pepita"\?\)/ },
  { name: 'unknown activation', config: { activation: 'sigmoid' }, field: /activation: .*erf.*relu.*tanh.*linear/ },
  { name: 'unknown teacher activation', config: { teacherActivation: 'gelu' }, field: /teacherActivation: / },
  { name: 'unknown averages', config: { theory: { averages: 'quadrature' } }, field: /theory\.averages: .*analytic.*mc/ },
  { name: 'mcSamples = 0', config: { theory: { mcSamples: 0 } }, field: /theory\.mcSamples: must be ≥ 2/ },
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

  it('a config with comments and trailing commas is JSONC, as tsconfig, and passes validation', async () => {
    // a bad --out after a good config: the config was read without complaint, the --out check speaks
    const dir = mkdtempSync(join(tmpdir(), 'pepita-bad-'));
    writeFileSync(join(dir, 'c.jsonc'), '{\n  // Fig. 2 with BP\n  "rule": "bp", /* block */\n  "sim": { "seeds": 1, },\n}\n');
    writeFileSync(join(dir, 'afile'), 'x');
    const r = await runCli(['theory', '--config', join(dir, 'c.jsonc'), '--out', join(dir, 'afile')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: invalid input: --out: /);
  });

  it('an --out that is a file, or inside a file: exit 2 saying what to do, the file untouched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pepita-bad-'));
    const afile = join(dir, 'afile');
    writeFileSync(afile, 'keep me');
    for (const cmd of ['theory', 'simulate', 'compare', 'fig2', 'family', 'early', 'explore']) {
      const r = await runCli([cmd, '--out', afile]);
      expect(r.code, `${cmd}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/--out: ".*afile" is a file, not a folder: give a folder path \(it is created when missing\), e\.g\. --out [\w/]+, or move the file away/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      const inside = await runCli([cmd, '--out', join(afile, 'sub')]);
      expect(inside.code, `${cmd}: ${inside.stderr}`).toBe(2);
      expect(inside.stderr).toMatch(/--out: ".*afile\/sub" is inside ".*afile", which is a file, not a folder/);
    }
    expect(readFileSync(afile, 'utf8')).toBe('keep me');
  });

  it('an --out in a folder this user cannot write to: exit 2 naming it', async ({ skip }) => {
    // root may write anywhere, so then the CLI runs as the unprivileged user "nobody" (uid 65534) —
    // which needs to read the checkout: not so in a private folder (a clone in /root, mode 0700)
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      const tsx = fileURLToPath(new URL('../../node_modules/tsx/package.json', import.meta.url));
      const probe = spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(tsx)}, require('fs').constants.R_OK)`], { uid: 65534 });
      if (probe.status !== 0) {
        const why = 'skipped: running as root, and the user "nobody" (uid 65534) cannot read this checkout (a private folder), so no unprivileged user can run the CLI to meet a read-only folder';
        console.log(why);
        skip(why);
      }
    }
    const dir = mkdtempSync(join(tmpdir(), 'pepita-ro-'));
    chmodSync(dir, 0o555);
    const out = join(dir, 'out');
    const r = asRoot
      ? await spawnCli(['simulate', '--out', out], { uid: 65534, env: { HOME: tmpdir() } })
      : await runCli(['simulate', '--out', out]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--out: cannot write in ".*pepita-ro-\w+" \(EACCES\) to create ".*out": choose a folder you can write to, e\.g\. --out results\/simulate/);
    expect(existsSync(out)).toBe(false);
  });

  it('compare and family refuse a rule list that names no rule, or dfa without feedbackWeights', async () => {
    for (const cmd of ['compare', 'family']) {
      for (const [rules, message] of [['bp,nope', /--rules: .*"nope".*(?=.*pepita-hebbian)(?=.*ff)/], ['dfa', /feedbackWeights/]] as const) {
        const dir = mkdtempSync(join(tmpdir(), 'pepita-bad-'));
        const out = join(dir, 'out');
        const r = await runCli([cmd, '--rules', rules, '--out', out]);
        expect(r.code, `${cmd} --rules ${rules}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toMatch(message);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        expect(existsSync(out)).toBe(false);
      }
    }
  });

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
