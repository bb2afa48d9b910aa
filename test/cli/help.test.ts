/** --help on every command, with at least one example; --version; unknown flags refused with exit 2. */
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.ts';
import { runCli } from './runCli.ts';

const COMMANDS = ['fig2', 'theory', 'simulate', 'compare', 'early', 'explore', 'bench', 'schema'];

describe('command line help', () => {
  it('registers exactly the documented commands', () => {
    expect(buildProgram().commands.map((c) => c.name()).sort()).toEqual([...COMMANDS].sort());
  });

  for (const cmd of COMMANDS) {
    it(`${cmd} --help prints usage and an example, exit 0`, async () => {
      const r = await runCli([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`Usage: pepita-ode ${cmd}`));
      expect(r.stdout).toMatch(/Examples?:\n\s+\$ /);
    });
  }

  it('top-level --help lists every command; --version prints the package version', async () => {
    const h = await runCli(['--help']);
    expect(h.code).toBe(0);
    for (const cmd of COMMANDS) expect(h.stdout).toMatch(new RegExp(`\\n\\s+${cmd}\\b`));
    const v = await runCli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('an unknown flag or command is refused with exit 2 naming it', async () => {
    const a = await runCli(['theory', '--nope']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--nope/);
    const b = await runCli(['frobnicate']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/frobnicate/);
  });
});
