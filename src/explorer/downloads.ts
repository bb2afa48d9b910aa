/**
 * What the page offers for download: the CSV of exactly what is drawn (built from the plotted
 * traces themselves), and the saving of a file from the page (an <a download> click; works from
 * file:// with no network). The config JSON and the PNG are produced by app.ts (the engine's
 * resolved config; plotly's toImage).
 *
 * CSV layout, long form, one row per drawn point:
 *   panel,rule,series,kind,t,value,sd
 * `kind` is theory or sim; `sd` is the seed standard deviation of a simulation marker (empty for
 * theory lines). Numbers are written like theory.csv/sim.csv (shortest round-trip decimal).
 */
import { formatNumber } from '../io/csv.ts';
import type { TraceMeta } from './traces.ts';

/** A drawn trace as plotly keeps it (`el.data[i]`). */
export interface DrawnTrace {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  meta?: TraceMeta;
  error_y?: { array?: ArrayLike<number> };
  /** plotly's visibility: false or 'legendonly' when hidden (e.g. by a click on its legend entry) */
  visible?: boolean | 'legendonly';
}

export const DRAWN_CSV_HEADER = 'panel,rule,series,kind,t,value,sd';

/** A CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
function field(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function num(v: number | undefined): string {
  return v === undefined || v === null || Number.isNaN(v) ? '' : formatNumber(v);
}

/** The CSV of the traces of each panel; hidden traces and traces without `meta` (not ours) are skipped. */
export function drawnCsv(panels: { panel: string; traces: readonly DrawnTrace[] }[]): string {
  const lines = [DRAWN_CSV_HEADER];
  for (const { panel, traces } of panels) {
    for (const t of traces) {
      if (!t.meta || t.visible === false || t.visible === 'legendonly') continue;
      const head = [panel, t.meta.rule, t.meta.series, t.meta.kind].map(field).join(',');
      const sd = t.error_y?.array;
      for (let i = 0; i < t.x.length; i++) lines.push(`${head},${num(t.x[i])},${num(t.y[i])},${sd ? num(sd[i]) : ''}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** Save `data` (text, or a data: URL) under `name` through the browser's download. */
export function saveFile(name: string, data: string, type: string): void {
  const isDataUrl = data.startsWith('data:');
  const url = isDataUrl ? data : URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  if (!isDataUrl) setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
