/**
 * `sweep merge DIR`: collect the points of a sweep folder into
 *   sweep.csv    one row per point: id, the swept values, status, metrics (theory.<m>, and for
 *                simulations sim.<m> with its standard error sim.<m>.se)
 *   curves.csv   tidy: id,source,t,eg,seed (source theory, theory:<rule> for the metrics.vsRule
 *                solution, or sim; seed empty for theory)
 *   sweep.json   spec, versions, and per point: values, status, failures, timings
 *   sweep.html (+ .png, .svg, .pdf as asked; src/figures/write.ts)   εg(t) curves coloured by a
 *                swept key (the vsRule curves dashed), and a heatmap of a metric
 * sweep.csv and curves.csv hold no wall times and copy the numbers of the point files verbatim,
 * so they are byte-identical whatever the sharding and thread count; sweep.json differs only in
 * timings. Points not computed yet are listed with status "missing".
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.ts';
import { formatNumber } from '../io/csv.ts';
import { runVersions } from '../io/runRecord.ts';
import type { FigureOutput } from '../io/figureOutput.ts';
import type { ExportResult } from '../figures/png.ts';
import { writeFigures } from '../figures/write.ts';
import { metricNames } from './metrics.ts';
import { readPointFile, readSweepSpecJson, vsRuleFile } from './pointStore.ts';
import { sweepFigure, type PointCurves } from './figures.ts';
import { sweepPoints, sweptKeys, type SweepPoint } from './points.ts';
import { parseSweepSpec, type SweepSpec } from './spec.ts';

export interface MergeResult {
  files: string[];
  missing: string[];
  failed: string[];
  images: ExportResult;
}

/** A CSV cell: numbers shortest round-trip, null empty, strings quoted when needed, others as JSON. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return formatNumber(v);
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The metric columns of sweep.csv for a spec. */
export function metricColumns(spec: SweepSpec): string[] {
  const cols: string[] = [];
  if (spec.run.includes('theory')) cols.push(...metricNames(spec.metrics, true).map((m) => `theory.${m}`));
  if (spec.run.includes('sim')) for (const m of metricNames(spec.metrics, false)) cols.push(`sim.${m}`, `sim.${m}.se`);
  return cols;
}

/** The parts of a point's run.json that the merge reads (written by run.ts). */
interface PointRunJson {
  timings: Record<string, number | null>;
  sweep: { status: 'ok' | 'failed'; failures: unknown[] };
  metrics: Record<string, Record<string, number | null> | null>;
}

interface PointRecord {
  point: SweepPoint;
  status: 'ok' | 'failed' | 'missing';
  record: PointRunJson | null;
}

/** t and eg columns of a wide CSV, as the exact text written by the point. */
function curveRows(text: string, withSeed: boolean): { seed: string; t: string; eg: string }[] {
  const lines = text.split('\n').filter((l) => l.length);
  const head = lines[0].split(',');
  const it = head.indexOf('t'), ie = head.indexOf('eg'), is = head.indexOf('seed');
  return lines.slice(1).map((l) => {
    const c = l.split(',');
    return { seed: withSeed ? c[is] : '', t: c[it], eg: c[ie] };
  });
}

/** The source names of curves.csv with the point file each comes from: theory, theory:<vsRule>, sim. */
function curveSources(spec: SweepSpec): { source: string; file: string; kind: 'theory' | 'other' | 'sim' }[] {
  const other = vsRuleFile(spec);
  return [
    { source: 'theory', file: 'theory.csv', kind: 'theory' },
    ...(other ? [{ source: `theory:${spec.metrics.vsRule}`, file: other, kind: 'other' as const }] : []),
    { source: 'sim', file: 'sim.csv', kind: 'sim' },
  ];
}

/** Merge the points of DIR; `output` says which images of the figure to write (default PNG + SVG). */
export async function mergeSweep(dir: string, opts: { output?: FigureOutput } = {}): Promise<MergeResult> {
  const spec = parseSweepSpec(readSweepSpecJson(dir));
  const points = sweepPoints(spec);
  const keys = sweptKeys(spec);
  const cols = metricColumns(spec);
  const recs: PointRecord[] = points.map((point) => {
    const text = readPointFile(dir, point.id, 'run.json');
    if (text === null) return { point, status: 'missing', record: null };
    const record = JSON.parse(text) as PointRunJson;
    return { point, status: record.sweep.status === 'failed' ? 'failed' : 'ok', record };
  });

  const sweepRows = [['id', ...keys, 'status', ...cols].map(csvCell).join(',')];
  const curveLines = ['id,source,t,eg,seed'];
  const curves: PointCurves[] = [];
  for (const r of recs) {
    const metrics: Record<string, number | null> = {};
    if (r.record) {
      for (const [src, m] of Object.entries(r.record.metrics)) if (m) for (const [k, v] of Object.entries(m)) metrics[`${src}.${k}`] = v;
    }
    sweepRows.push([r.point.id, ...keys.map((k) => r.point.values[k]), r.status, ...cols.map((c) => metrics[c] ?? null)].map(csvCell).join(','));
    const pc: PointCurves = { point: r.point, theory: null, other: null, sim: [], metrics };
    for (const { source, file, kind } of curveSources(spec)) {
      const text = r.record ? readPointFile(dir, r.point.id, file) : null;
      if (text === null) continue;
      const rows = curveRows(text, kind === 'sim');
      for (const row of rows) curveLines.push(`${r.point.id},${source},${row.t},${row.eg},${row.seed}`);
      const curve = () => ({ t: rows.map((x) => Number(x.t)), eg: rows.map((x) => Number(x.eg)) });
      if (kind === 'theory') pc.theory = curve();
      else if (kind === 'other') pc.other = { rule: spec.metrics.vsRule!, ...curve() };
      else {
        const bySeed = new Map<string, { t: number[]; eg: number[] }>();
        for (const row of rows) {
          if (!bySeed.has(row.seed)) bySeed.set(row.seed, { t: [], eg: [] });
          bySeed.get(row.seed)!.t.push(Number(row.t));
          bySeed.get(row.seed)!.eg.push(Number(row.eg));
        }
        pc.sim = [...bySeed.values()];
      }
    }
    curves.push(pc);
  }

  const files: string[] = [];
  const put = (name: string, text: string) => {
    writeFileAtomic(join(dir, name), text);
    files.push(join(dir, name));
  };
  put('sweep.csv', sweepRows.join('\n') + '\n');
  put('curves.csv', curveLines.join('\n') + '\n');
  const missing = recs.filter((r) => r.status === 'missing').map((r) => r.point.id);
  const failed = recs.filter((r) => r.status === 'failed').map((r) => r.point.id);
  put('sweep.json', JSON.stringify({
    spec,
    versions: runVersions(),
    complete: missing.length === 0,
    counts: { points: recs.length, ok: recs.length - missing.length - failed.length, failed: failed.length, missing: missing.length },
    points: recs.map((r) => ({
      id: r.point.id,
      values: r.point.values,
      status: r.status,
      failures: r.record?.sweep.failures ?? [],
      timings: r.record?.timings ?? null,
    })),
  }, null, 2) + '\n');
  // sweep.csv is the table: the figure's plotted points are not written as a CSV of their own
  const figs = await writeFigures(dir, { sweep: sweepFigure(spec, curves, cols) }, { output: opts.output, csv: false });
  files.push(...figs.files);
  return { files, missing, failed, images: figs.images };
}
