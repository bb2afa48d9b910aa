/**
 * Writing figures into a folder, as every figure-writing command does (compare, family, fig2,
 * early, mirror, sweep merge): per figure `<name>.html` and `<name>.csv` (the plotted points), then
 * the browser exports of `output.formats` (`<name>.png`, `.svg`, `.pdf`) in one chromium session
 * — or, when the caller collects them (`defer`), their jobs for its own single session. With
 * `output.html` "shared" the pages load ./plotly.min.js, written once into the folder.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.ts';
import { figureCsv, figureHtml, figureJson, PLOTLY_FILE, writePlotlyFile, type FigureSpec } from './html.ts';
import { DEFAULT_FIGURE_OUTPUT, type FigureOutput } from '../io/figureOutput.ts';
import { exportFigures, NOT_REQUESTED, type ExportResult, type FigureJob } from './png.ts';

export interface WrittenFigures {
  files: string[];
  images: ExportResult;
}

/** The export job of a figure: `<dir>/<name>.<format>` for each format. */
export function figureJob(dir: string, name: string, spec: FigureSpec, output: FigureOutput): FigureJob {
  return { figure: figureJson(spec), paths: Object.fromEntries(output.formats.map((f) => [f, join(dir, `${name}.${f}`)])) };
}

/**
 * How the figures of a run are written: `output` (formats, scale, shared or standalone HTML;
 * default DEFAULT_FIGURE_OUTPUT); `defer` collects the image jobs for one chromium session of the
 * caller's; `csv: false` skips `<name>.csv` (the sweep's sweep.csv is its table, not the plot's points).
 */
export interface FigureWriting {
  output?: FigureOutput;
  defer?: FigureJob[];
  csv?: boolean;
}

export async function writeFigures(dir: string, figures: Record<string, FigureSpec>, opts: FigureWriting = {}): Promise<WrittenFigures> {
  const { output = DEFAULT_FIGURE_OUTPUT, defer, csv = true } = opts;
  const files: string[] = [];
  const shared = output.html === 'shared';
  if (shared && Object.keys(figures).length) files.push(writePlotlyFile(dir));
  const jobs: FigureJob[] = [];
  for (const [name, spec] of Object.entries(figures)) {
    writeFileAtomic(join(dir, `${name}.html`), figureHtml(spec, shared ? { plotlySrc: PLOTLY_FILE } : {}));
    files.push(join(dir, `${name}.html`));
    if (csv) {
      writeFileAtomic(join(dir, `${name}.csv`), figureCsv(spec));
      files.push(join(dir, `${name}.csv`));
    }
    if (output.formats.length) jobs.push(figureJob(dir, name, spec, output));
  }
  if (defer) {
    defer.push(...jobs);
    return { files, images: { ok: false, written: [], reason: 'image export deferred to the caller' } };
  }
  const images = jobs.length ? await exportFigures(jobs, { scale: output.scale }) : NOT_REQUESTED;
  return { files: [...files, ...images.written], images };
}
