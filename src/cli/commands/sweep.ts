/**
 * `pepita-ode sweep`: families of runs over a parameter grid (README "Sweeps").
 *   sweep --spec FILE --out DIR [--shard i/n] [--threads N] [--json] [figure options]
 *   sweep merge DIR [--json] [figure options]        (--formats, --scale, --standalone-html, --no-png: cli/common.ts)
 *   sweep slurm --spec FILE --out DIR --tasks N [--partition P] [--time HH:MM:SS] [--cpus C] [--submit]
 * The spec and every point's config are validated before anything is written (bad input: exit 2
 * naming the point and the field). A numerical failure at a point is recorded as that point's
 * status and does not stop the sweep.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../../core/errors.ts';
import type { MergeResult } from '../../sweep/merge.ts';
import type { SweepSpec } from '../../sweep/spec.ts';
import { NOT_REQUESTED } from '../../io/figureOutput.ts';
import { addFigureOptions, checkOutDir, FIGURE_FLAG_NAMES, prepareImages, figureOutputOf, printJson, progressBar, wantsProgress, type FigureFlags } from '../common.ts';

// the sweep modules (zod, engines, plotly) load inside the actions, so `sweep --help` stays light

async function loadSpec(path: string | undefined): Promise<SweepSpec> {
  if (path === undefined) throw new ConfigError('--spec', 'is required: a sweep spec JSON file (see `pepita-ode schema --sweep`)');
  if (!existsSync(path)) throw new ConfigError('--spec', `file "${path}" does not exist`);
  const { parseSweepSpecText } = await import('../../sweep/spec.ts');
  const spec = parseSweepSpecText(readFileSync(path, 'utf8'), '--spec');
  await loadSpecRules(spec, dirname(resolve(path)));
  return spec;
}

/**
 * Rule modules named by the spec (base.rule, or values of a swept `rule`): loaded and registered,
 * each replaced by its absolute path (relative paths are relative to the spec file), so that every
 * point, shard and worker names the same module.
 */
async function loadSpecRules(spec: SweepSpec, base: string): Promise<void> {
  const { loadConfigRule } = await import('../common.ts');
  await loadConfigRule(spec.base, base);
  for (const lists of [spec.grid, spec.zip] as Record<string, unknown[]>[]) {
    const values = lists.rule;
    if (!Array.isArray(values)) continue;
    for (let i = 0; i < values.length; i++) {
      const holder: Record<string, unknown> = { rule: values[i] };
      await loadConfigRule(holder, base);
      values[i] = holder.rule;
    }
  }
}

function intOption(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!Number.isInteger(v) || v < min || v > max) throw new ConfigError(name, `"${text}" must be an integer from ${min} to ${max}`);
  return v;
}

const fmtSeconds = (s: number) => (s >= 3600 ? `${(s / 3600).toFixed(1)} h` : s >= 60 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(0)} s`);

function mergeReport(m: MergeResult): string {
  return `merged: ${m.files.join(', ')}` +
    (m.missing.length ? `\nmissing points (not computed yet): ${m.missing.join(', ')}` : '') +
    (m.failed.length ? `\npoints with a numerical failure (rows before it kept): ${m.failed.join(', ')}` : '') +
    (m.images.ok || !m.images.reason || m.images.reason === NOT_REQUESTED.reason ? '' : `\n${m.images.reason}`) + '\n';
}

/**
 * Options of `sweep` that a subcommand shares (--spec, --out, --json, the figure options): commander lets the
 * parent command parse them wherever they stand (`sweep slurm --spec f` hands --spec to `sweep`),
 * so a subcommand reads the ones the user gave from its parent.
 */
function fromParent(parent: Command, names: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const n of names) if (parent.getOptionValueSource(n) === 'cli') out[n] = parent.opts()[n];
  return out;
}

export function register(program: Command): void {
  const sweep = addFigureOptions(program
    .command('sweep')
    .description('run a sweep over a parameter grid (resumable; --shard i/n for clusters); subcommands merge, slurm')
    .option('--spec <file>', 'sweep spec JSON (`pepita-ode schema --sweep`)')
    .option('--out <dir>', 'sweep folder (points/, sweep.csv, curves.csv, sweep.json, sweep.html)', 'results/sweep')
    .option('--shard <i/n>', 'run only the points p with p mod n = i (no merge)')
    .option('--threads <n>', 'worker threads (default: all cores)')
    .option('--json', 'print a summary as JSON'))
    .addHelpText('after', `
Spec (README "Sweeps"):
  { "base": { "rule": "bp", "tmax": 1000 }, "grid": { "eta": [0.1, 0.5, 1] },
    "zip": { "K": [2, 3], "M": [2, 3] }, "run": ["theory"], "metrics": { "egBelow": [0.01] } }
Examples:
  $ pepita-ode sweep --spec examples/plateau-escape.json --out results/plateau
  $ pepita-ode sweep --spec big.json --out /scratch/big --shard 3/16 --threads 4
  $ pepita-ode sweep merge /scratch/big
  $ pepita-ode sweep slurm --spec big.json --out /scratch/big --tasks 16 --cpus 4 --time 01:00:00 --submit`)
    .action(async (opts: FigureFlags & { spec?: string; out?: string; shard?: string; threads?: string; json?: boolean }) => {
      const spec = await loadSpec(opts.spec);
      const output = figureOutputOf(opts);
      const dir = checkOutDir(opts.out, 'results/sweep');
      const { parseShard, sweepPoints } = await import('../../sweep/points.ts');
      const { defaultThreads, runSweep } = await import('../../sweep/run.ts');
      const { mergeSweep } = await import('../../sweep/merge.ts');
      const shard = parseShard(opts.shard);
      const threads = intOption('--threads', opts.threads, 1, 256) ?? defaultThreads();
      const points = sweepPoints(spec);
      // a whole sweep merges (and draws) at the end: its browser starts now, while the points run
      if (opts.shard === undefined) prepareImages(output);
      const t0 = performance.now();
      let bar: ReturnType<typeof progressBar> = { update() {}, stop() {} };
      const summary = await runSweep(spec, points, {
        dir, threads, shard,
        onStart: (total) => {
          bar = progressBar(wantsProgress(opts.json) && total > 0, total, `sweep ${total} points`);
        },
        onPoint: (done, total, id) => {
          const eta = (((performance.now() - t0) / 1000) / done) * (total - done);
          bar.update(done, `${id} done, ETA ${fmtSeconds(eta)}`);
        },
      });
      bar.stop();
      let merged: MergeResult | null = null;
      if (opts.shard === undefined) merged = await mergeSweep(dir, { output });
      if (opts.json) {
        printJson({ ...summary, dir, threads, shard, merged: merged ? { files: merged.files, missing: merged.missing, failed: merged.failed } : null });
      } else {
        process.stdout.write(
          `sweep: ${summary.points} points; shard ${shard.i}/${shard.n}: ${summary.inShard} points, ${summary.skipped} already done, ${summary.computed.length} computed in ${fmtSeconds((performance.now() - t0) / 1000)}\n` +
          (summary.failed.length ? `numerical failures (recorded per point, rows before them kept): ${summary.failed.map((f) => `${f.id} ${f.failure.source} at t=${f.failure.t}`).join('; ')}\n` : '') +
          (merged ? mergeReport(merged) : `shard done; merge with: pepita-ode sweep merge ${dir}\n`),
        );
      }
    });

  addFigureOptions(sweep
    .command('merge <dir>')
    .description('collect the points of a sweep folder into sweep.csv, curves.csv, sweep.json and sweep.html (+ .png, .svg)')
    .option('--json', 'print the files written and the missing/failed points as JSON'))
    .addHelpText('after', '\nExample:\n  $ pepita-ode sweep --spec s.json --out results/s --shard 0/2 && pepita-ode sweep --spec s.json --out results/s --shard 1/2\n  $ pepita-ode sweep merge results/s')
    .action(async (dir: string, own: FigureFlags & { json?: boolean }) => {
      const opts = { ...own, ...fromParent(sweep, ['json', ...FIGURE_FLAG_NAMES]) } as typeof own;
      const output = figureOutputOf(opts);
      prepareImages(output);
      const { mergeSweep } = await import('../../sweep/merge.ts');
      const m = await mergeSweep(dir, { output });
      if (opts.json) printJson({ files: m.files, missing: m.missing, failed: m.failed, png: m.images });
      else process.stdout.write(mergeReport(m));
    });

  sweep
    .command('slurm')
    .description('write a Slurm job array (DIR/slurm/sweep.sbatch) and its merge job; --submit runs sbatch')
    .option('--spec <file>', 'sweep spec JSON')
    .option('--out <dir>', 'sweep folder on a file system every node sees')
    .option('--tasks <n>', 'array tasks (shards)')
    .option('--partition <p>', 'Slurm partition')
    .option('--time <HH:MM:SS>', 'time limit per task')
    .option('--cpus <c>', 'CPUs per task (= --threads of each task)', '1')
    .option('--submit', 'submit the array and the merge job (afterok) and print the job ids')
    .option('--json', 'print the scripts and job ids as JSON')
    .addHelpText('after', '\nExample (on the login node, DIR on a shared file system):\n  $ pepita-ode sweep slurm --spec s.json --out /scratch/$USER/s --tasks 32 --cpus 4 --time 02:00:00 --submit\n  $ squeue -u $USER; cat /scratch/$USER/s/sweep.csv')
    .action(async (own: { spec?: string; out?: string; tasks?: string; partition?: string; time?: string; cpus: string; submit?: boolean; json?: boolean }) => {
      const opts = { ...own, ...fromParent(sweep, ['spec', 'out', 'json']) };
      const spec = await loadSpec(opts.spec);
      if (opts.out === undefined) throw new ConfigError('--out', 'is required: the sweep folder');
      const dir = checkOutDir(opts.out, '');
      const tasks = intOption('--tasks', opts.tasks, 1, 100_000);
      if (tasks === undefined) throw new ConfigError('--tasks', 'is required: the number of array tasks');
      const cpus = intOption('--cpus', opts.cpus, 1, 1024);
      const { sweepPoints } = await import('../../sweep/points.ts');
      const { submitSlurm, writeSlurmScripts } = await import('../../sweep/slurm.ts');
      sweepPoints(spec); // every point valid before anything is written
      const paths = writeSlurmScripts(spec, dir, { tasks, cpus, partition: opts.partition, time: opts.time });
      const jobs = opts.submit ? submitSlurm(paths) : null;
      if (opts.json) printJson({ scripts: paths, jobs });
      else {
        process.stdout.write(`wrote ${paths.sweep} and ${paths.merge}\n`);
        if (jobs) process.stdout.write(`submitted array job ${jobs.array} (${tasks} tasks) and merge job ${jobs.merge} (afterok)\n`);
        else process.stdout.write(`submit with:\n  jid=$(sbatch --parsable ${paths.sweep})\n  sbatch --dependency=afterok:$jid ${paths.merge}\n`);
      }
    });
}
