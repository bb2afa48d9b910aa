/**
 * Shared pieces of the command line: loading and validating a config before anything is written
 * (`--config FILE`, JSON with comments, plus repeatable `--set key.path=value`), checking the
 * output folder, the merged-output-times warning, progress bars (on a TTY only, quiet under
 * --json or CI), printing JSON.
 *
 * A command that reads a config adds the two options and loads with them:
 *   program.command('x')
 *     .addOption(configOption())          // --config <file>
 *     .addOption(setOption())             // --set <key.path=value>, repeatable
 *     .action(async (opts) => { const config = await loadConfig(opts); … });
 *
 * A command that writes figures adds the figure options and reads them before any work:
 *   addFigureOptions(program.command('x').option(…))   // --formats, --scale, --standalone-html, --no-png
 *     .action(async (opts) => { const output = figureOutputOf(opts); … writeFigures(dir, figs, output) });
 *
 * The config module (zod schema) is imported inside loadConfig and configOptionHint, not at the
 * top: every command imports this file, and `<command> --help` should not pay for the schema.
 */
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { Option, type Command } from 'commander';
import { averagerAccuracyOf, averagerWarning, type AveragedSolveStats } from '../core/averagingAccuracy.ts';
import type { Config } from '../core/config.ts';
import { ConfigError } from '../core/errors.ts';
import { nearestName } from '../core/suggest.ts';
import { outputTimes, stepMergeWarning, stepMerges, type StepMerges } from '../core/times.ts';
import { parseKeyValue, setKeyPath } from '../sweep/keyPath.ts';
import { DEFAULT_FIGURE_OUTPUT, FIGURE_FORMATS, parseFigureFormats, parseFigureScale, preparedExport, type FigureOutput } from '../io/figureOutput.ts';

export interface CommonOptions {
  config?: string;
  set?: string[];
  out?: string;
  json?: boolean;
}

/** The options `loadConfig` reads: --config and the --set list. */
export interface ConfigFlags {
  config?: string;
  set?: string[];
}

export const CONFIG_HELP = 'config file: JSON with comments and trailing commas, as tsconfig (default: the defaults, i.e. the Fig. 2 setting)';

/** `--config <file>` (help text per command when its default differs). */
export function configOption(help = CONFIG_HELP): Option {
  return new Option('--config <file>', help);
}

/** `--set <key.path=value>`, repeatable, collected into `opts.set`. */
export function setOption(): Option {
  return new Option('--set <key.path=value>',
    'change one config value, after --config (repeatable); key.path is dotted as in sweep specs (sim.seeds, init.feedback.std); ' +
    'the value is read as JSON, else as a string: --set sim.seeds=2 --set rule=pepita --set times=[0,1,10]')
    .argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]);
}

/** The figure options as commander holds them (`png` is false under --no-png). */
export interface FigureFlags {
  formats?: string;
  scale?: string;
  standaloneHtml?: boolean;
  png?: boolean;
}

/** Names of the figure options in commander's opts() (for subcommands that read them from a parent). */
export const FIGURE_FLAG_NAMES = ['formats', 'scale', 'standaloneHtml', 'png'] as const;

/** --formats, --scale, --standalone-html, --no-png (src/io/figureOutput.ts), added to `cmd`. */
export function addFigureOptions<T extends Command>(cmd: T): T {
  cmd.addOption(new Option('--formats <list>', `images written beside each figure's HTML and CSV, comma-separated from ${FIGURE_FORMATS.join(', ')} (default: ${DEFAULT_FIGURE_OUTPUT.formats.join(',')})`));
  cmd.addOption(new Option('--scale <factor>', 'pixel multiplier of the PNGs: 2 = twice the figure\'s width and height (default 1; SVG and PDF are vector)'));
  cmd.addOption(new Option('--standalone-html', 'inline plotly.js in every HTML page (≈ 4.6 MB each, one file that opens anywhere) instead of loading one plotly.min.js written into the output folder'));
  cmd.addOption(new Option('--no-png', 'write no images at all (no PNG, SVG or PDF; chromium is not started); HTML and CSV are always written'));
  return cmd;
}

/** The FigureOutput of the figure options; ConfigError (exit 2) for a bad value, before any work. */
export function figureOutputOf(flags: FigureFlags): FigureOutput {
  const formats = flags.formats === undefined ? DEFAULT_FIGURE_OUTPUT.formats : parseFigureFormats(flags.formats, '--formats');
  if (flags.png === false && flags.formats !== undefined) throw new ConfigError('--no-png', 'writes no images, so --formats has nothing to do: give one of them');
  return {
    formats: flags.png === false ? [] : formats,
    scale: flags.scale === undefined ? DEFAULT_FIGURE_OUTPUT.scale : parseFigureScale(flags.scale, '--scale'),
    html: flags.standaloneHtml ? 'standalone' : 'shared',
  };
}

/**
 * Start the browser for this command's images now, in the background — call it once the input is
 * validated: chromium's launch and page load (≈ 1.2 s) then overlap the command's work instead of
 * following it. Nothing when no image format is asked for; main closes a session left unused.
 */
export function prepareImages(output: FigureOutput): void {
  if (output.formats.length === 0) return;
  preparedExport.module ??= import('../figures/png.ts').then((m) => {
    m.prepareFigureExport();
    return m;
  });
}

/**
 * For commander's "unknown option '--seeds'": when the flag names a config key (`--seeds` →
 * sim.seeds, `--eta` → eta), the line that says how to set it; null otherwise.
 *   main's catch: if (e.code === 'commander.unknownOption') { const h = await configOptionHint(e.message); … }
 */
export async function configOptionHint(message: string): Promise<string | null> {
  const m = /unknown option '--([^'=\s]+)(?:=([^']*))?'/.exec(message);
  if (!m) return null;
  const name = m[1];
  const { configKeyPaths } = await import('../core/config.ts');
  const paths = configKeyPaths();
  const exact = paths.filter((p) => p === name || p.endsWith(`.${name}`));
  const path = exact[0] ?? (() => {
    const leaf = nearestName(name, paths.map((p) => p.split('.').pop()!));
    return leaf === null ? undefined : paths.find((p) => p.split('.').pop() === leaf);
  })();
  if (path === undefined) return null;
  return `hint: config values are set with --set key.path=value, e.g. --set ${path}=${m[2] ?? '<value>'}`;
}

/** Read a config file (JSONC) into a JSON object. ConfigError naming --config otherwise. */
function readConfigFile(path: string, parseJsoncText: typeof import('../core/config.ts').parseJsoncText): Record<string, unknown> {
  if (!existsSync(path)) throw new ConfigError('--config', `file "${path}" does not exist`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new ConfigError('--config', err.code === 'EISDIR' ? `"${path}" is a folder: give a config file` : `cannot read "${path}" (${err.message})`);
  }
  const json = parseJsoncText(text, '--config', path);
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ConfigError('--config', `"${path}" must hold a JSON object such as {"rule": "bp", "eta": 0.5} (got ${Array.isArray(json) ? 'an array' : JSON.stringify(json)})`);
  }
  return json as Record<string, unknown>;
}

/**
 * The validated config of --config (or of `defaults` without one, by default the global
 * defaults) with each --set applied in order. Throws ConfigError naming the field (and the --set
 * that put a bad value there); writes nothing. A bare path string is read as --config.
 */
export async function loadConfig(flags: ConfigFlags | string | undefined, defaults: object = {}): Promise<Config> {
  const { checkConfigKeyPath, parseConfig, parseJsoncText } = await import('../core/config.ts');
  const { config: path, set = [] } = typeof flags === 'object' ? flags : { config: flags };
  let json: Record<string, unknown> = path === undefined ? structuredClone(defaults as Record<string, unknown>) : readConfigFile(path, parseJsoncText);
  const sets = set.map((arg) => ({ arg, ...parseKeyValue(arg, '--set') }));
  for (const s of sets) {
    checkConfigKeyPath(s.path, `--set ${s.path}`);
    json = setKeyPath(json, s.path, s.value, `--set ${s.path}`);
  }
  await loadConfigRule(json, sets.some((x) => x.path === 'rule') || path === undefined ? process.cwd() : dirname(resolve(path)));
  try {
    return parseConfig(json);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const from = [...sets].reverse().find((s) => e.field === s.path || e.field.startsWith(`${s.path}.`) || e.field.startsWith(`${s.path}[`) || s.path.startsWith(`${e.field}.`));
    if (!from) throw e;
    throw new ConfigError(e.field, `${e.message.slice(e.field.length + 2)} (from --set ${from.arg})`);
  }
}

/**
 * When a config's `rule` names a module (a path ending in .mjs or .js), load and register it and
 * put its absolute path in the config (relative paths are relative to `base`: the config file's
 * folder, or the working directory for --set and the defaults). ConfigError (exit 2) when the
 * module is missing, throws while loading, or exports no valid rule.
 */
export async function loadConfigRule(json: Record<string, unknown>, base: string): Promise<void> {
  const rule = json.rule;
  if (typeof rule !== 'string') return;
  const { isRuleModulePath, loadRuleModule } = await import('../core/rules/ruleModule.ts');
  if (!isRuleModulePath(rule)) return;
  const abs = resolve(base, rule);
  await loadRuleModule(abs);
  json.rule = abs;
}

/**
 * Validate an --out value before any work: a folder path (created by the first write) that is not
 * an existing file, not inside a file, and in a folder this process may write to. ConfigError
 * (exit 2) saying what to do otherwise.
 */
export function checkOutDir(out: string | undefined, fallback: string): string {
  const dir = out ?? fallback;
  const instead = dir === fallback ? '' : `, e.g. --out ${fallback}`;
  if (dir.trim() === '') throw new ConfigError('--out', `must be a folder path${instead}`);
  const target = resolve(dir);
  let existing = target;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  if (!statSync(existing).isDirectory()) {
    throw new ConfigError('--out', existing === target
      ? `"${dir}" is a file, not a folder: give a folder path (it is created when missing)${instead}, or move the file away`
      : `"${dir}" is inside "${existing}", which is a file, not a folder: give a folder path${instead}`);
  }
  try {
    accessSync(existing, constants.W_OK | constants.X_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'no access';
    throw new ConfigError('--out', `cannot write in "${existing}" (${code})${existing === target ? '' : ` to create "${dir}"`}: choose a folder you can write to${instead}`);
  }
  return dir;
}

/**
 * How the config's output times map to simulation steps μ = round(t·D); when some share a step,
 * a warning on stderr (the simulation then writes fewer rows than times were asked for).
 * run.json records the same count (`times`, src/io/runRecord.ts).
 */
export function warnStepMerges(config: Config): StepMerges {
  const m = stepMerges(outputTimes(config), config.D);
  const warning = stepMergeWarning(m);
  if (warning) process.stderr.write(`warning: ${warning}\n`);
  return m;
}

/**
 * A warning on stderr when a solve's numerical averages estimate a relative error above
 * AVERAGE_ERROR_THRESHOLD (src/core/averagingAccuracy.ts); run.json flags the same
 * (`solver.averagerAccuracy`). Closed-form solves have no averager and never warn.
 */
export function warnAveragerAccuracy(label: string, stats: AveragedSolveStats | undefined): void {
  const warning = averagerWarning(averagerAccuracyOf(stats));
  if (warning) process.stderr.write(`warning: ${label}: ${warning}\n`);
}

/** warnAveragerAccuracy for each theory solve of a comparison (compare, family, fig2), labelled by its id. */
export function warnTheoryAccuracy(theory: Readonly<Record<string, { stats?: AveragedSolveStats } | undefined>>): void {
  for (const [id, sol] of Object.entries(theory)) warnAveragerAccuracy(`theory ${id}`, sol?.stats);
}

export function wantsProgress(json: boolean | undefined): boolean {
  return !json && !!process.stderr.isTTY && !process.env.CI;
}

export interface Progress {
  update(value: number, label?: string): void;
  stop(): void;
}

/** A progress bar on stderr over [0, total]; a no-op when not wanted. */
export function progressBar(enabled: boolean, total: number, title: string): Progress {
  if (!enabled) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: `${title} [{bar}] {percentage}% | {label}`, stream: process.stderr, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { label: '' });
  return {
    update: (v, label = '') => bar.update(v, { label }),
    stop: () => bar.stop(),
  };
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** A plain aligned table for end-of-run summaries. */
export function formatTable(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? formatCell(c) : c)))];
  const widths = header.map((_, j) => Math.max(...cells.map((r) => String(r[j] ?? '').length)));
  return cells.map((r) => r.map((c, j) => String(c ?? '').padEnd(widths[j])).join('  ').trimEnd()).join('\n');
}

function formatCell(x: number): string {
  if (Number.isInteger(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? x.toExponential(3) : x.toPrecision(4);
}
