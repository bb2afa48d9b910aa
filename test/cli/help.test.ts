/**
 * --help on every command, with at least one example; --version; unknown flags refused with exit 2;
 * the lazy command registry (src/cli/commands/index.ts): each summary is the command's own
 * description, and --version / --help load no command module, engine or heavy library.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.ts';
import { buildProgram } from '../../src/cli/main.ts';
import { runCli } from './runCli.ts';

/** Every registered command; the original eight must stay among them. */
const COMMANDS = commands.map((c) => c.name);
const CORE = ['fig2', 'theory', 'simulate', 'compare', 'early', 'explore', 'bench', 'schema'];
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The module URLs a real `pepita-ode argv` process (from the sources, through tsx) loads. */
function modulesLoadedBy(argv: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'pepita-trace-'));
  const trace = join(dir, 'modules.txt');
  try {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--import', `${ROOT}test/cli/traceImports.mjs`, `${ROOT}src/cli/main.ts`, ...argv],
      { cwd: ROOT, env: { ...process.env, PEPITA_TRACE_IMPORTS: trace }, encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    return readFileSync(trace, 'utf8').split('\n').filter(Boolean);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('command line help', () => {
  it('registers exactly the commands of the registry, in its order, the core ones among them', async () => {
    expect((await buildProgram()).commands.map((c) => c.name())).toEqual(COMMANDS);
    expect(new Set(COMMANDS).size).toBe(COMMANDS.length);
    for (const cmd of CORE) expect(COMMANDS).toContain(cmd);
  });

  it("each registry summary is the command's own description", async () => {
    for (const entry of commands) {
      const program = new Command();
      (await entry.load()).register(program);
      expect(program.commands.map((c) => c.name())).toEqual([entry.name]);
      expect(program.commands[0].description()).toBe(entry.summary);
    }
  });

  for (const cmd of COMMANDS) {
    it(`${cmd} --help prints usage and an example, exit 0`, async () => {
      const r = await runCli([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`Usage: pepita-ode ${cmd}`));
      expect(r.stdout).toMatch(/Examples?:\n\s+\$ /);
      // the full command was loaded (its options are listed), not the summary-only stub
      expect(r.stdout).toMatch(/--help/);
      expect(r.stdout).toMatch(/Options:\n(?:.*\n)*\s+-h, --help/);
    });
  }

  it('`help <command>` shows that command\'s full help', async () => {
    const r = await runCli(['help', 'theory']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: pepita-ode theory/);
    expect(r.stdout).toMatch(/--config <file>/);
  });

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
    // a flag that names a config key points to --set
    const c = await runCli(['theory', '--seeds', '2']);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/--set sim\.seeds=/);
    const b = await runCli(['frobnicate']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/frobnicate/);
  });

  it('--version and --help load no command module, engine, plotly, mathjs, zod or playwright', () => {
    // The trace must be able to fail: `schema` does load its command module and zod.
    const schema = modulesLoadedBy(['schema']);
    expect(schema.some((u) => u.endsWith('/src/cli/commands/schema.ts'))).toBe(true);
    expect(schema.some((u) => u.includes('/node_modules/zod/'))).toBe(true);
    const heavy = /\/src\/cli\/commands\/(?!index\.ts)|\/theory\/|\/sim\/|\/src\/(?:core\/config|figures|explorer|compare)|node_modules\/(?:plotly|mathjs|zod|playwright|esbuild|odex)/;
    for (const argv of [['--version'], ['--help']]) {
      const loaded = modulesLoadedBy(argv);
      expect(loaded.some((u) => u.endsWith('/src/cli/main.ts'))).toBe(true);
      expect(loaded.filter((u) => heavy.test(u)), argv.join(' ')).toEqual([]);
    }
  });

  it('output piped into a reader that stops early (| head -1): exit 0, no EPIPE trace', () => {
    // ~200 kB of JSON: more than a pipe holds, so writes continue after head has gone
    const dir = mkdtempSync(join(tmpdir(), 'pepita-pipe-'));
    try {
      const cmd = `"${process.execPath}" --import tsx "${ROOT}src/cli/main.ts" theory --set rule=bp --set tmax=10 --set points=5000 --set spacing=linear --out "${dir}" --json`;
      const r = spawnSync('bash', ['-c', `set -o pipefail; ${cmd} | head -1`], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
      expect(r.stderr).not.toMatch(/EPIPE|Error/);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^\{/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('every <command> --help loads its command file but no engine, zod, plotly or odex', () => {
    // a command file imports engines, the config schema and writers inside its action
    const engines = /\/theory\/|\/sim\/|\/src\/(?:core\/config\.ts|app\/|figures\/|explorer\/|compare\/(?:compare|outputs|earlyRun|agreement)\.ts|sweep\/(?!keyPath))|node_modules\/(?:plotly|mathjs|zod|playwright|esbuild|odex)/;
    for (const cmd of COMMANDS) {
      const loaded = modulesLoadedBy([cmd, '--help']);
      expect(loaded.some((u) => u.endsWith(`/src/cli/commands/${cmd}.ts`))).toBe(true);
      expect(loaded.filter((u) => engines.test(u)), `${cmd} --help`).toEqual([]);
    }
  }, 300_000);
});
