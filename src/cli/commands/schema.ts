/** `pepita-ode schema`: print the config's JSON Schema. */
import type { Command } from 'commander';
import { printJson } from '../common.ts';

export function register(program: Command): void {
  program
    .command('schema')
    .description("print the config's JSON Schema (for editor completion and checking)")
    .option('--sweep', "print the sweep spec's JSON Schema instead (`pepita-ode sweep --spec`)")
    .addHelpText('after', '\nExample:\n  $ pepita-ode schema > pepita-ode.schema.json\n  then start a config with { "$schema": "./pepita-ode.schema.json", ... } for completion in your editor.\n  $ pepita-ode schema --sweep > sweep.schema.json')
    .action(async (opts: { sweep?: boolean }) => {
      // zod and the schemas load when the command runs, not for --help
      if (opts.sweep) printJson((await import('../../sweep/spec.ts')).sweepJsonSchema());
      else printJson((await import('../../core/configSchema.ts')).configJsonSchema());
    });
}
