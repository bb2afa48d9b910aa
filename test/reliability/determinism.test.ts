/**
 * Same config (seeds included) → byte-identical CSVs across runs; run.json records what is needed
 * to rerun (the resolved config with every seed, versions). Thread-count independence of sim.csv
 * is tested in test/sim/run.test.ts.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config.ts';
import { runCli } from '../cli/runCli.ts';

const config = { rule: 'pepita', D: 120, tmax: 4, points: 12, theory: { mcSamples: 2000 }, sim: { seeds: 2, threads: 2 } };

async function runTwice(command: string, file: string): Promise<[string, string]> {
  const dir = mkdtempSync(join(tmpdir(), 'pepita-det-'));
  writeFileSync(join(dir, 'c.json'), JSON.stringify(config));
  const outs = [join(dir, 'a'), join(dir, 'b')];
  for (const out of outs) {
    const r = await runCli([command, '--config', join(dir, 'c.json'), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
  }
  return [readFileSync(join(outs[0], file), 'utf8'), readFileSync(join(outs[1], file), 'utf8')];
}

describe('same seed, same bytes', () => {
  it('theory.csv (PEPITA ODE, Monte Carlo averages) is byte-identical across runs', async () => {
    const [a, b] = await runTwice('theory', 'theory.csv');
    expect(a.split('\n').length).toBeGreaterThan(10);
    expect(a).toBe(b);
  });

  it('sim.csv is byte-identical across runs, and run.json holds the resolved config with its seeds', async () => {
    const [a, b] = await runTwice('simulate', 'sim.csv');
    expect(a).toBe(b);
    const dir = mkdtempSync(join(tmpdir(), 'pepita-det-'));
    writeFileSync(join(dir, 'c.json'), JSON.stringify(config));
    await runCli(['simulate', '--config', join(dir, 'c.json'), '--out', join(dir, 'o')]);
    const run = JSON.parse(readFileSync(join(dir, 'o', 'run.json'), 'utf8'));
    // rerunnable: the recorded config parses back to the same resolved config
    expect(parseConfig(run.config)).toEqual(parseConfig(config));
    expect(run.config.init.seed).toBeTypeOf('number');
    expect(run.config.sim.seed).toBeTypeOf('number');
    expect(run.versions?.node).toBe(process.version);
    expect(run.initial?.Q).toHaveLength(2);
  });
});
