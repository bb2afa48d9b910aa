/**
 * `pepita-ode check-rule --config FILE [--json]`: certify a rule (a built-in or your own module):
 * its finite-D step against its ODE right-hand side at random states (z-scores), and its multi-seed
 * simulation against its ODE (src/app/checkRule.ts). Prints a table and a verdict; exit 0 when the
 * rule passes, 1 when it fails (the report says which check and by how much), 2 for invalid input.
 * Writes nothing.
 */
import type { Command } from 'commander';
import { configOption, formatTable, loadConfig, printJson, setOption } from '../common.ts';

const DESCRIPTION = "certify a rule (built-in or your own module): D × its mean one-step change vs its ODE RHS at random states, and its simulation vs its ODE; a verdict";

export function register(program: Command): void {
  program
    .command('check-rule')
    .description(DESCRIPTION)
    .addOption(configOption()).addOption(setOption())
    .option('--states <n>', 'random states of the step check', '4')
    .option('--samples <n>', 'fresh samples per state', '30000')
    .option('--seeds <n>', 'seeds of the simulation check', '4')
    .option('--tmax <t>', 'last time of the simulation check (default: min(config tmax, 200))')
    .option('--json', 'print the report as JSON')
    .addHelpText('after', '\nExamples:\n  $ pepita-ode check-rule --config examples/my-rule.config.json\n  $ pepita-ode check-rule --set rule=pepita-hebbian --json')
    .action(async (opts: { config?: string; set?: string[]; states: string; samples: string; seeds: string; tmax?: string; json?: boolean }) => {
      const config = await loadConfig(opts);
      const { ConfigError } = await import('../../core/errors.ts');
      const int = (name: string, v: string, min: number, max: number) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(name, `"${v}" must be an integer from ${min} to ${max}`);
        return n;
      };
      const states = int('--states', opts.states, 1, 100), samples = int('--samples', opts.samples, 100, 10_000_000), seeds = int('--seeds', opts.seeds, 1, 64);
      const tmax = opts.tmax === undefined ? undefined : Number(opts.tmax);
      if (tmax !== undefined && !(Number.isFinite(tmax) && tmax > 0 && tmax <= 1e6)) throw new ConfigError('--tmax', `"${opts.tmax}" must be a time > 0 and ≤ 1e6`);
      const { checkRule, MEDIAN_MAX, Z_MAX } = await import('../../app/checkRule.ts');
      const report = await checkRule(config, { states, samples, seeds, tmax });
      if (opts.json) printJson(report);
      else {
        process.stdout.write(`rule ${report.label} (${report.rule}), D = ${report.D}\n\nstep vs ODE RHS (D × mean one-step change over ${samples} samples; pass: every |z| < ${Z_MAX})\n`);
        process.stdout.write(formatTable(['state', 'max |z|', 'component'], report.states.map((s) => [s.index, s.zMax.toFixed(2), s.worst])) + '\n');
        const sim = report.simulation;
        process.stdout.write(`\nsimulation vs ODE (${sim.seeds} seeds, t ≤ ${sim.tmax}, ${sim.times} times; pass: median < ${100 * MEDIAN_MAX} %): median ${(100 * sim.median).toFixed(2)} %, max ${(100 * sim.max).toFixed(2)} %\n`);
        process.stdout.write(`\nverdict: ${report.verdict.toUpperCase()}\n${report.reasons.map((r) => `  - ${r}\n`).join('')}`);
      }
      // a failed certification is a finding, not an error: reported above, exit code 1
      if (report.verdict === 'fail') {
        const { CommandExit } = await import('../../core/errors.ts');
        throw new CommandExit(1, `rule "${report.rule}" failed its certification (${report.reasons.length} check${report.reasons.length > 1 ? 's' : ''})`);
      }
    });
}
