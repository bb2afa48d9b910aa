/**
 * Every command of the CLI, in the order `--help` lists them: one line each. A command's file
 * (exporting `register(program)`) is imported only when that command runs or its --help is asked,
 * so `pepita-ode --version` and `--help` load none of the engines, plotly, mathjs or the browser.
 * `summary` is what the top-level --help shows without loading the file; it equals the command's
 * own `.description()` (test/cli/help.test.ts checks that).
 */
import type { Command } from 'commander';

export type RegisterCommand = (program: Command) => void;

export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<{ register: RegisterCommand }>;
}

export const commands: CommandEntry[] = [
  { name: 'fig2', summary: 'the main job: reproduce Fig. 2b, 2c and 7 (theory vs PEPITA/AFA simulations) and check eqs. 27–30 (npm start)', load: () => import('./fig2.ts') },
  { name: 'theory', summary: 'solve the D→∞ ODEs of config.rule (theory.solver: odex, switching to RODAS4 when stiff; dense output at the output times): theory.csv and run.json', load: () => import('./theory.ts') },
  { name: 'simulate', summary: 'finite-D online simulation of config.rule (sim.seeds runs on sim.threads worker threads): sim.csv and run.json', load: () => import('./simulate.ts') },
  { name: 'compare', summary: "ODE vs simulation of each rule (default: the config's rule, plus AFA for PEPITA) from one config: CSVs, agreement.json, run.json, figure", load: () => import('./compare.ts') },
  { name: 'family', summary: 'the forward-only family (BP, AFA, PEPITA, PEPITA-Hebbian, PEPITA-time-local, FF): εg(t) and ‖f‖(t), ODE vs simulation, on the Fig. 2 setting', load: () => import('./family.ts') },
  { name: 'mirror', summary: "weight mirroring (Sec. 6): one rule (default PEPITA) with fixed F, with WM, with pre-mirroring + WM and with pre-mirroring only — εg, ∠(F, W_tot), ‖f‖ vs t, ODE and simulation", load: () => import('./mirror.ts') },
  { name: 'early', summary: 'check the early-time expansions of Supp. E.1 (eqs. 27–30, printed and corrected) against the AFA ODE', load: () => import('./early.ts') },
  { name: 'fixedpoint', summary: "Newton's method on the ODEs' RHS = 0 from the end of the run (or the initial state): the fixed point, its εg, the Jacobian's eigenvalues and stability", load: () => import('./fixedpoint.ts') },
  { name: 'check-rule', summary: "certify a rule (built-in or your own module): D × its mean one-step change vs its ODE RHS at random states, and its simulation vs its ODE; a verdict", load: () => import('./check-rule.ts') },
  { name: 'sweep', summary: 'run a sweep over a parameter grid (resumable; --shard i/n for clusters); subcommands merge, slurm', load: () => import('./sweep.ts') },
  { name: 'explore', summary: 'write a self-contained browser explorer of the theory (DIR/index.html; works offline, opened from disk)', load: () => import('./explore.ts') },
  { name: 'bench', summary: 'run the benchmarks of bench/ (figures and ratios against a baseline run in the same process; bench/RESULTS.md)', load: () => import('./bench.ts') },
  { name: 'schema', summary: "print the config's JSON Schema (for editor completion and checking)", load: () => import('./schema.ts') },
];
