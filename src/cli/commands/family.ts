/**
 * `pepita-ode family [--config FILE] [--rules LIST] [--out DIR] [--json]`: the forward-only family
 * of Sec. 3 on one setting (default: the Fig. 2 setting, i.e. the config defaults) — BP, AFA,
 * PEPITA, PEPITA-Hebbian, PEPITA-time-local and FF, each simulated (config.sim.seeds seeds) and
 * solved from the same initial weights. Writes family.html/.png/.csv (εg(t) and ‖f‖(t) per rule:
 * ODE lines, simulation markers mean ± sd), milestones.csv (εg at t = 10, 100, 1000, 5000 and the
 * first t with εg < 0.05, ODE and simulation), theory-<id>.csv, sim-<id>.csv, agreement.json
 * (each simulation against its own ODE) and run.json.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Milestones } from '../../compare/family.ts';
import { FAMILY_RULES, familyRulesFor } from '../../compare/ruleList.ts';
import { addFigureOptions, prepareImages, checkOutDir, configOption, figureOutputOf, formatTable, loadConfig, printJson, setOption, wantsProgress, warnTheoryAccuracy, warnStepMerges, type FigureFlags } from '../common.ts';
import { AGREEMENT_HEADER, agreementRows, compareProgress, RULES_HELP } from './compare.ts';

function milestoneRows(rows: readonly Milestones[]): (string | number)[][] {
  const f = (x: number) => (Number.isFinite(x) ? x : '–');
  return rows.map((m) => [m.rule.label, ...m.theoryEg.flatMap((th, i) => [f(th), f(m.simEg[i])]), f(m.theoryBelow), f(m.simBelow)]);
}

export function register(program: Command): void {
  addFigureOptions(program
    .command('family')
    .description('the forward-only family (BP, AFA, PEPITA, PEPITA-Hebbian, PEPITA-time-local, FF): εg(t) and ‖f‖(t), ODE vs simulation, on the Fig. 2 setting')
    .addOption(configOption('config file: JSON with comments, as tsconfig (default: the Fig. 2 setting = the config defaults); its "rule" is ignored')).addOption(setOption())
    .option('--rules <list>', `${RULES_HELP} (default: ${FAMILY_RULES.map((r) => r.id).join(',')}; with "hidden" those of them with a deep form)`)
    .option('--out <dir>', 'output folder', 'results/family')
    .option('--json', 'print the milestones, the agreement and the written files as JSON'))
    .addHelpText('after', '\nExamples:\n  $ pepita-ode family                          # → results/family/ (the Fig. 2 setting)\n  $ pepita-ode family --config small.json --rules pepita,pepita-hebbian --out results/small --json')
    .action(async (opts: FigureFlags & { config?: string; set?: string[]; rules?: string; out: string; json?: boolean }) => {
      const t0 = performance.now();
      // the engines, figures and writers load only when the command runs (keeps --help fast)
      const { compare, comparePhases, comparePlan } = await import('../../compare/compare.ts');
      const { agreementJson } = await import('../../compare/agreement.ts');
      const { EG_THRESHOLD, familyMilestones, MILESTONE_TIMES, milestonesCsv, milestonesJson } = await import('../../compare/family.ts');
      const { compareFailure, writeCompareOutputs } = await import('../../compare/outputs.ts');
      const { parseRuleList } = await import('../../compare/ruleList.ts');
      const { writeFileAtomic } = await import('../../io/atomic.ts');
      const { ruleCurvesSpec } = await import('../../figures/ruleCurves.ts');
      // every input is checked before anything runs or is written
      const config = await loadConfig(opts);
      const plan = comparePlan(config, { rules: opts.rules === undefined ? familyRulesFor(config) : parseRuleList(opts.rules, '--rules') }, '--rules');
      const output = figureOutputOf(opts);
      const dir = checkOutDir(opts.out, 'results/family');
      prepareImages(output);
      warnStepMerges(config); // the simulations observe at steps μ = round(tD)
      if (!opts.json) {
        process.stderr.write(`family: ${plan.rules.map((r) => r.label).join(', ')}; D = ${config.D}, K = ${config.K}, M = ${config.M}, η = ${config.eta}, ${config.activation}, t_max = ${config.tmax}, ${config.sim.seeds} seeds → ${dir}\n`);
      }
      const prog = compareProgress(wantsProgress(opts.json), 'family', comparePhases(plan.rules));
      const r = await compare(config, { rules: plan.rules, onProgress: prog.onProgress });
      prog.stop();
      warnTheoryAccuracy(r.theory);
      const sub = `K = ${config.K}, M = ${config.M}, η = ${config.eta}, ${config.activation}`;
      const out = await writeCompareOutputs(dir, r, {
        output, command: 'family',
        figures: { family: ruleCurvesSpec(r, { title: 'The forward-only family: εg and ‖f‖', subtitle: sub }) },
      });
      const milestones = familyMilestones(r);
      writeFileAtomic(join(dir, 'milestones.csv'), milestonesCsv(milestones));
      const files = [...out.files, join(dir, 'milestones.csv')];
      const failure = compareFailure(r);
      const wallSeconds = (performance.now() - t0) / 1000;
      if (opts.json) {
        printJson({
          rules: r.rules.map((x) => x.id), milestones: milestonesJson(milestones), agreement: agreementJson(r.agreement),
          timings: r.timings, wallSeconds, files, png: out.images.ok ? 'written' : out.images.reason,
        });
      } else {
        const header = ['rule', ...MILESTONE_TIMES.flatMap((t) => [`εg(${t}) ODE`, `εg(${t}) sim`]), `t(εg<${EG_THRESHOLD}) ODE`, `t(εg<${EG_THRESHOLD}) sim`];
        process.stdout.write([
          '', formatTable(header, milestoneRows(milestones)), '', formatTable(AGREEMENT_HEADER, agreementRows(r.agreement)), '',
          `theory ${r.timings.theorySeconds.toFixed(1)} s, simulations ${r.timings.simSeconds.toFixed(1)} s (the ODEs solved meanwhile), total wall time ${wallSeconds.toFixed(1)} s`,
          `wrote ${files.length} files to ${dir}${out.images.ok ? '' : ` (${out.images.reason})`}`,
        ].join('\n') + '\n');
      }
      if (failure) throw failure; // exit 1, after everything computed before it was written
    });
}
