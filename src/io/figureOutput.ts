/**
 * How a command writes its figures (docs/outputs.md "Figure files"):
 *   formats  the browser exports beside the HTML and CSV: png (raster, `scale` × the figure's
 *            size in pixels), svg (plotly's own vector markup), pdf (chromium's print of the
 *            vector plot, one page of the figure's size); [] = none (no chromium started)
 *   scale    pixel multiplier of the PNG (2 = twice the width and height; SVG and PDF are vectors)
 *   html     "shared": every HTML page loads ./plotly.min.js, written once into the folder (≈ 4.6 MB
 *            once instead of in every page; keep the folder together); "standalone": plotly inlined
 *            in each page (one file that opens anywhere offline)
 * The CLI options (--formats, --scale, --standalone-html, --no-png) are in src/cli/common.ts; this
 * module stays light (no plotly, no figure code) because every command's --help builds them.
 */
import { ConfigError } from '../core/errors.ts';
import type { ExportResult } from '../figures/png.ts';

export const FIGURE_FORMATS = ['png', 'svg', 'pdf'] as const;
export type FigureFormat = (typeof FIGURE_FORMATS)[number];

export interface FigureOutput {
  formats: readonly FigureFormat[];
  scale: number;
  html: 'shared' | 'standalone';
}

/** PNG and SVG (SVG costs ≈ 10 % of the export time; PDF on request). */
export const DEFAULT_FIGURE_FORMATS: readonly FigureFormat[] = ['png', 'svg'];
export const DEFAULT_FIGURE_OUTPUT: FigureOutput = { formats: DEFAULT_FIGURE_FORMATS, scale: 1, html: 'shared' };
/** No browser export at all (HTML and CSV only). */
export const NO_EXPORT: FigureOutput = { ...DEFAULT_FIGURE_OUTPUT, formats: [] };

/**
 * The image-export module once a command has started its browser ahead (`prepareImages` in
 * src/cli/common.ts), so that the CLI's main can close a session no export took, whatever happened
 * (set synchronously: a command that fails at once still has its session closed). null otherwise.
 */
export const preparedExport: { module: Promise<{ disposePreparedExport(): Promise<void> }> | null } = { module: null };

/** Close the browser a command started ahead and did not use (the CLI's main calls it last). */
export async function disposePreparedExportIfAny(): Promise<void> {
  const m = preparedExport.module;
  preparedExport.module = null;
  if (m !== null) await (await m).disposePreparedExport();
}

/** The export result of a run that asked for no image. */
export const NOT_REQUESTED: ExportResult = { ok: false, written: [], reason: 'image export not requested' };

/** Largest --scale: a 1500 × 600 figure at 8 is 12 000 × 4 800 px. */
export const MAX_SCALE = 8;

/** "png,svg" → ['png', 'svg'] (unique, in the given order); ConfigError naming `field` otherwise. */
export function parseFigureFormats(text: string, field = '--formats'): FigureFormat[] {
  const names = text.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s.length);
  if (!names.length) throw new ConfigError(field, `must list at least one of ${FIGURE_FORMATS.join(', ')} (e.g. png,svg)`);
  const out: FigureFormat[] = [];
  for (const n of names) {
    if (!(FIGURE_FORMATS as readonly string[]).includes(n)) throw new ConfigError(field, `"${n}" is not a figure format; allowed: ${FIGURE_FORMATS.join(', ')}`);
    if (!out.includes(n as FigureFormat)) out.push(n as FigureFormat);
  }
  return out;
}

/** "2" → 2; a number in (0, MAX_SCALE], else ConfigError naming `field`. */
export function parseFigureScale(text: string, field = '--scale'): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v <= 0 || v > MAX_SCALE) throw new ConfigError(field, `"${text}" must be a number > 0 and ≤ ${MAX_SCALE} (the PNG's pixel multiplier, e.g. 2)`);
  return v;
}
