/**
 * `--set key.path=value` and `--config` (JSONC) as every config-reading command loads them
 * (src/cli/common.ts loadConfig): typed values, nested paths, the order of overrides, a bad path
 * or value → exit 2 naming it; and end to end through `simulate`, with the merged-output-times
 * warning on stderr and its count in run.json.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configOptionHint, loadConfig } from '../../src/cli/common.ts';
import { commands } from '../../src/cli/commands/index.ts';
import { buildProgram } from '../../src/cli/main.ts';
import { E1_DEFAULT_CONFIG } from '../../src/compare/e1Config.ts';
import { ConfigError } from '../../src/core/errors.ts';
import { runCli } from './runCli.ts';

const work = mkdtempSync(join(tmpdir(), 'pepita-set-'));
const file = (name: string, text: string) => {
  const p = join(work, name);
  writeFileSync(p, text);
  return p;
};

describe('loadConfig with --set', () => {
  it('values are JSON when they parse (numbers, booleans, null, arrays), else strings', async () => {
    const c = await loadConfig({
      set: ['eta=0.2', 'rule=pepita', 'eta2=null', 'times=[0,0.5,2]', 'sim.seeds=3', 'activation="tanh"', 'feedbackWeights=[1, -1]'],
    });
    expect(c.eta).toBe(0.2);
    expect(c.rule).toBe('pepita'); // not JSON: a string
    expect(c.eta2).toBe(0.2); // null → η₂ = η
    expect(c.times).toEqual([0, 0.5, 2]);
    expect(c.sim.seeds).toBe(3);
    expect(c.activation).toBe('tanh');
    expect(c.feedbackWeights).toEqual([1, -1]);
  });

  it('nested paths change one key and keep the others of the file', async () => {
    const p = file('base.jsonc', '{ // a comment\n "rule": "bp", "sim": { "seeds": 5, "threads": 1 }, "init": { "feedback": { "std": 2 } }, }');
    const c = await loadConfig({ config: p, set: ['sim.seeds=2', 'init.feedback.std=0.5', 'init.student.W1std=0.3'] });
    expect(c.rule).toBe('bp');
    expect(c.sim).toMatchObject({ seeds: 2, threads: 1 });
    expect(c.init).toMatchObject({ kind: 'weights', feedback: { std: 0.5 }, student: { W1std: 0.3 } });
  });

  it('later --set wins; a whole object may be set', async () => {
    expect((await loadConfig({ set: ['eta=0.1', 'eta=0.3'] })).eta).toBe(0.3);
    expect((await loadConfig({ set: ['sim={"seeds":7}'] })).sim.seeds).toBe(7);
  });

  it('applies over the command\'s own default config (early: the E.1 state)', async () => {
    const c = await loadConfig({ set: ['init.qf=2'] }, E1_DEFAULT_CONFIG);
    expect(c.init.kind).toBe('overlaps');
    expect((c.init as { qf: number }).qf).toBe(2);
    expect(E1_DEFAULT_CONFIG.init.qf).toBe(1.5); // the default object itself is untouched
  });

  it('a path not in the config, a path through a value, a value not allowed: ConfigError naming it', async () => {
    const msg = async (set: string[]) => {
      try {
        await loadConfig({ set });
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
      }
      throw new Error('expected a ConfigError');
    };
    expect(await msg(['sim.sedes=2'])).toBe('--set sim.sedes: unknown key "sedes" (did you mean seeds?); keys of sim: seed, seeds, threads');
    expect(await msg(['eat=0.2'])).toMatch(/^--set eat: unknown key "eat" \(did you mean eta\?\)/);
    expect(await msg(['eta.fast=1'])).toMatch(/^--set eta\.fast: unknown key "fast": eta has no keys/);
    expect(await msg(['eta=-1'])).toBe('eta: must be > 0 (from --set eta=-1)');
    expect(await msg(['sim.seeds=two'])).toMatch(/^sim\.seeds: .* \(from --set sim\.seeds=two\)$/);
    expect(await msg(['eta'])).toMatch(/^--set: "eta" must look like key\.path=value/);
    expect(await msg(['a..b=1'])).toMatch(/^--set: "a\.\.b" is not a dotted key path/);
  });
});

describe('an unknown option that names a config key points to --set', () => {
  it('--seeds 2 → --set sim.seeds=…; --eta=0.1 → --set eta=0.1; a misspelt key → its nearest; other flags → nothing', async () => {
    expect(await configOptionHint("error: unknown option '--seeds'")).toBe('hint: config values are set with --set key.path=value, e.g. --set sim.seeds=<value>');
    expect(await configOptionHint("error: unknown option '--eta=0.1'")).toMatch(/--set eta=0\.1$/);
    expect(await configOptionHint("error: unknown option '--rtoll'")).toMatch(/--set theory\.rtol=<value>$/);
    expect(await configOptionHint("error: unknown option '--frobnicate'")).toBeNull();
    expect(await configOptionHint('error: too many arguments')).toBeNull();
  });
});

describe('--set and --config on the command line', () => {
  it('a bad --set path: exit 2 naming it, nothing written', async () => {
    const out = join(work, 'bad-set');
    const r = await runCli(['simulate', '--set', 'init.feedback.sdt=1', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--set init\.feedback\.sdt: unknown key "sdt" \(did you mean std\?\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('every command that takes --config also takes --set (including commands added later)', async () => {
    const withConfig: string[] = [];
    for (const entry of commands) {
      const program = await buildProgram([entry.name]);
      const cmd = program.commands.find((c) => c.name() === entry.name)!;
      for (const c of [cmd, ...cmd.commands]) {
        const flags = c.options.map((o) => o.long);
        if (!flags.includes('--config')) continue;
        withConfig.push(c.name());
        expect(flags, `${entry.name} ${c.name()}`).toContain('--set');
      }
    }
    expect(withConfig).toEqual(expect.arrayContaining(['theory', 'simulate', 'compare', 'early', 'fig2']));
  });

  it('simulate: --set values reach run.json; merged output times are warned about and counted', async () => {
    const cfg = file('sim.jsonc', '{\n  // small and fast\n  "rule": "bp", "tmax": 100, "points": 50,\n  "sim": { "seeds": 1, "threads": 1 },\n}\n');
    const out = join(work, 'sim-out');
    const r = await runCli(['simulate', '--config', cfg, '--set', 'D=300', '--set', 'eta=0.1', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const record = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(record.config).toMatchObject({ D: 300, eta: 0.1, rule: 'bp', points: 50 });
    const printed = JSON.parse(r.stdout);
    const rows = printed.runs[0].rows;
    // 50 log-spaced times at D = 300: the first ones are closer than 1/D and share steps
    expect(rows).toBeLessThan(50);
    expect(record.times).toMatchObject({ spacing: 'log', requested: 50, distinctSteps: rows, merged: 50 - rows });
    expect(r.stderr).toContain(`warning: the 50 requested output times map to ${rows} distinct simulation steps μ = round(t·D) at D = 300`);
  });

  it('simulate with "spacing": "linear": one row per time, no warning', async () => {
    const out = join(work, 'sim-linear');
    const r = await runCli(['simulate', '--set', 'rule=bp', '--set', 'D=300', '--set', 'tmax=100', '--set', 'points=50', '--set', 'spacing=linear',
      '--set', 'sim={"seeds":1,"threads":1}', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/warning/);
    const printed = JSON.parse(r.stdout);
    expect(printed.runs[0].rows).toBe(50);
    const record = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(record.times).toMatchObject({ spacing: 'linear', requested: 50, distinctSteps: 50, merged: 0 });
  });
});
