/**
 * Shared pieces of the command line: loading and validating a config before anything is written,
 * the output folder, progress bars (on a TTY only, quiet under --json or CI), printing JSON.
 */
import { existsSync, readFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { parseConfig, parseConfigText, type Config } from '../core/config.ts';
import { ConfigError } from '../core/errors.ts';

export interface CommonOptions {
  config?: string;
  out?: string;
  json?: boolean;
}

/** Read and validate --config (or the defaults). Throws ConfigError; writes nothing. */
export function loadConfig(path: string | undefined, overrides: Record<string, unknown> = {}): Config {
  if (path === undefined) return parseConfig(overrides);
  if (!existsSync(path)) throw new ConfigError('--config', `file "${path}" does not exist`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError('--config', `cannot read "${path}" (${(e as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError('--config', `"${path}" is not valid JSON (${(e as Error).message})`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return parseConfigText(text, '--config');
  return parseConfig({ ...(json as object), ...overrides });
}

/** Validate an --out value (a folder path); the folder itself is created by the first write. */
export function checkOutDir(out: string | undefined, fallback: string): string {
  const dir = out ?? fallback;
  if (dir.trim() === '') throw new ConfigError('--out', 'must be a folder path');
  return dir;
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
