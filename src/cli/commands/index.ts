/** Every command of the CLI, in the order `--help` lists them. Each file owns one command. */
import type { Command } from 'commander';
import { register as fig2 } from './fig2.ts';
import { register as theory } from './theory.ts';
import { register as simulate } from './simulate.ts';
import { register as compare } from './compare.ts';
import { register as early } from './early.ts';
import { register as explore } from './explore.ts';
import { register as bench } from './bench.ts';
import { register as schema } from './schema.ts';

export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [fig2, theory, simulate, compare, early, explore, bench, schema];
