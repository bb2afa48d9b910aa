/** Every command of the CLI, in the order `--help` lists them. Each file owns one command. */
import type { Command } from 'commander';

export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [];
