#!/usr/bin/env node
/**
 * `pepita-ode <command>`: one file per command under ./commands, each exporting
 * `register(program)`, listed in ./commands/index.ts and imported only when that command is asked
 * for (start-up: --version and --help load no engine). Exit codes: 0 success, 2 invalid input
 * (ConfigError: the message names the field), 1 numerical failure (NumericalError: the message
 * says what and when).
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { CommandExit, ConfigError, NumericalError } from '../core/errors.ts';
import { completedWrites, removePendingTemps } from '../io/atomic.ts';
import { runVersions } from '../io/runRecord.ts';
import { commands } from './commands/index.ts';

/** The command `argv` asks for: its first word (top-level options take no value); `help X` asks for X. */
function requestedCommand(argv: readonly string[]): string | undefined {
  const words = argv.filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

/**
 * The program for `argv`: the command it asks for is loaded and registered in full; every other
 * command is listed by name and summary only (enough for --help and for "unknown command" hints).
 */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('pepita-ode')
    .description('Theory (D→∞ ODEs) and finite-D simulations of PEPITA, AFA, BP and DFA in two-layer teacher–student networks')
    .version(runVersions()['pepita-ode'], '-V, --version')
    .showHelpAfterError('(add --help for usage and examples)')
    .addHelpText('after', `
Data commands take --config FILE (JSON with comments; unknown keys are errors; \`pepita-ode schema\`
prints the JSON Schema), --set key.path=value (repeatable) and --help. Exit codes: 0 success,
2 invalid input, 1 numerical failure.

Examples:
  $ pepita-ode fig2                                   # the main job (npm start): results/fig2/
  $ pepita-ode theory --config bp.json --out results/bp --json
  $ pepita-ode simulate --config pepita.json --out results/pepita
  $ pepita-ode early --json                           # eqs. 27–30 against the ODE`)
    .exitOverride();
  const wanted = requestedCommand(argv);
  for (const entry of commands) {
    if (entry.name === wanted) (await entry.load()).register(program);
    else program.command(entry.name).description(entry.summary);
  }
  return program;
}

/** Map an error to a message and an exit code; no stack trace for expected failures. */
export function reportError(e: unknown): number {
  if (e instanceof CommandExit) {
    if (e.message) process.stderr.write(`${e.message}\n`);
    return e.code;
  }
  if (e instanceof ConfigError) {
    process.stderr.write(`error: invalid input: ${e.message}\n`);
    return 2;
  }
  if (e instanceof NumericalError) {
    process.stderr.write(`error: numerical failure: ${e.message}\n`);
    return 1;
  }
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
    return e.exitCode === 0 ? 0 : 2;
  }
  process.stderr.write(`error: ${(e as Error)?.stack ?? String(e)}\n`);
  return 1;
}

function onSignal(sig: NodeJS.Signals) {
  removePendingTemps();
  const kept = completedWrites();
  process.stderr.write(
    `\ninterrupted (${sig}): no file was left half-written; ` +
      (kept.length ? `complete files kept: ${kept.join(', ')}\n` : 'this run wrote no file (earlier outputs, if any, are untouched)\n'),
  );
  process.exit(sig === 'SIGINT' ? 130 : 143);
}

export async function main(argv: string[], opts: { handleSignals?: boolean } = {}): Promise<number> {
  if (opts.handleSignals !== false) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    // `pepita-ode schema | head`: the reader left; stop quietly like other Unix tools
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      process.exit(0);
    });
  }
  try {
    await (await buildProgram(argv)).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    const code = reportError(e);
    if (e instanceof CommanderError && e.code === 'commander.unknownOption') {
      // `--seeds 2` → "hint: … --set sim.seeds=2"; common.ts loads the config schema, so only here
      const { configOptionHint } = await import('./common.ts');
      const hint = await configOptionHint(e.message);
      if (hint) process.stderr.write(`${hint}\n`);
    }
    return code;
  } finally {
    // a browser a command started ahead for its images and did not use (e.g. it failed first)
    const { disposePreparedExportIfAny } = await import('../io/figureOutput.ts');
    await disposePreparedExportIfAny();
  }
}

/** Run directly (`tsx src/cli/main.ts`, `node dist/src/cli/main.js`)? bin/pepita-ode.js calls main itself. */
function isEntry(): boolean {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}
if (isEntry()) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
