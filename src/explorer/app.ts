/**
 * Browser entry of the explorer page's user interface (bundled by esbuild into one IIFE, see
 * build.ts). It reads the inputs, hands them to the engine (engine.ts: the same `parseConfig` and
 * `solveTheory` as the CLI, in a Web Worker), and redraws three plotly panels. `Plotly` is a
 * global: plotly.js is inlined in the page by its own <script>. Nothing here touches the network.
 */
import type { TheorySolution } from '../core/trajectory.ts';
import { EngineClient, Superseded } from './engineClient.ts';
import { FORM_DEFAULTS, type FormValues } from './form.ts';
import { egTraces, feedbackTraces, overlapTraces } from './traces.ts';

interface PlotlyGlobal {
  react(el: HTMLElement, data: unknown[], layout: unknown, config?: unknown): Promise<unknown>;
}
declare const Plotly: PlotlyGlobal;

/** State exposed for tests and the benchmark (read-only use). */
export interface ExplorerStatus {
  /** completed redraws (initial draw included) */
  redraws: number;
  /** finished attempts, successful or not (a redraw or an error message) */
  attempts: number;
  /** wall time of the last theory solve, ms */
  lastSolveMs: number;
  /** wall time of the last validate + solve + redraw, ms */
  lastRedrawMs: number;
  /** the last error message shown, '' when none */
  error: string;
  busy: boolean;
  /** where the engine runs: 'worker' (normal) or 'page' (no Web Worker support) */
  engine: 'worker' | 'page';
}

declare global {
  interface Window {
    explorerStatus: ExplorerStatus;
    explorerRedraw: () => Promise<void>;
  }
}

const status: ExplorerStatus = { redraws: 0, attempts: 0, lastSolveMs: 0, lastRedrawMs: 0, error: '', busy: false, engine: 'worker' };
window.explorerStatus = status;

const $ = (id: string) => document.getElementById(id) as HTMLElement;

function readForm(): FormValues {
  const values: FormValues = {};
  for (const id of Object.keys(FORM_DEFAULTS)) {
    const el = document.getElementById(id) as HTMLInputElement | HTMLSelectElement | null;
    if (el) values[id] = el.value;
  }
  return values;
}

function showError(message: string) {
  status.error = message;
  const el = $('error');
  el.textContent = message;
  el.hidden = message === '';
}

const logX = { type: 'log', title: { text: 't' } };
const baseLayout = { margin: { l: 60, r: 10, t: 36, b: 80 }, legend: { orientation: 'h', y: -0.25 } };
const plotConfig = { responsive: true, displaylogo: false };

let engine: EngineClient | null = null;

/** Redraw the three panels from a solution. */
async function drawPanels(sol: TheorySolution, rule: string): Promise<void> {
  const logY = ($('logy') as HTMLInputElement).checked ? 'log' : 'linear';
  await Plotly.react($('eg-plot'), egTraces(sol), {
    ...baseLayout, title: { text: `generalisation error εg(t) — ${rule}, averages: ${sol.averages}` },
    xaxis: logX, yaxis: { type: logY, title: { text: 'εg' } },
  }, plotConfig);
  await Plotly.react($('overlaps-plot'), overlapTraces(sol), {
    ...baseLayout, title: { text: 'order parameters Q, R (dashed), W2 (dotted)' }, xaxis: logX,
  }, plotConfig);
  await Plotly.react($('f-plot'), feedbackTraces(sol), {
    ...baseLayout, title: { text: 'adaptive feedback f = W1F/D' }, xaxis: logX,
  }, plotConfig);
}

/** Validate the inputs, solve, redraw. Invalid input keeps the last plot and shows a message. */
async function redraw(): Promise<void> {
  const start = performance.now();
  inflight++;
  status.busy = true;
  $('timing').textContent = 'solving…';
  // let the browser paint "solving…" (the engine may run in this thread as a fallback)
  await new Promise((r) => setTimeout(r, 0));
  try {
    engine ??= new EngineClient(($('engine-src') as HTMLScriptElement).textContent ?? '');
    const result = await engine.solve(readForm());
    status.engine = engine.mode;
    if (!result.ok) throw Object.assign(new Error(result.message), { name: result.name });
    const sol = result.solution;
    status.lastSolveMs = result.solveMs;
    if (sol.times.length === 0) throw new Error('the solver returned no output times');
    // one drawing at a time, in request order
    const draw = drawing.then(() => drawPanels(sol, result.rule));
    drawing = draw.catch(() => undefined);
    await draw;
    showError(sol.failure ? `numerical failure at t = ${sol.failure.t} (${sol.failure.quantity}): ${sol.failure.message}; curves stop there` : '');
    status.lastRedrawMs = performance.now() - start;
    status.redraws++;
    $('timing').textContent =
      `theory solved in ${status.lastSolveMs.toFixed(0)} ms (${sol.stats.rhsEvals} RHS evaluations, ` +
      `${sol.stats.accepted} steps${status.engine === 'page' ? ', in the page: no Web Worker' : ''}); redraw ${status.lastRedrawMs.toFixed(0)} ms`;
  } catch (e) {
    if (e instanceof Superseded) {
      // a newer input replaced this request; its own redraw follows
      status.busy = --inflight > 0;
      return;
    }
    const err = e as Error;
    const kind = err?.name === 'ConfigError' ? 'invalid input' : err?.name === 'NumericalError' ? 'numerical failure' : 'error';
    showError(`${kind}: ${err?.message ?? String(e)}`);
    $('timing').textContent = '';
  }
  status.attempts++;
  status.busy = --inflight > 0;
}

/** Redraws in flight (a newer one supersedes the solve of an older one, see EngineClient). */
let inflight = 0;
/** The chain of panel drawings: one at a time, in request order. */
let drawing: Promise<void> = Promise.resolve();

/** Start a redraw for the current inputs; an unfinished solve for older inputs is abandoned. */
function schedule(): Promise<void> {
  return redraw();
}
window.explorerRedraw = schedule;

let debounce: ReturnType<typeof setTimeout> | undefined;
function init() {
  for (const id of [...Object.keys(FORM_DEFAULTS), 'logy']) {
    const el = document.getElementById(id);
    if (!el) continue;
    el.addEventListener('change', () => {
      clearTimeout(debounce);
      void schedule();
    });
    el.addEventListener('input', () => {
      clearTimeout(debounce);
      debounce = setTimeout(() => void schedule(), 400);
    });
  }
  void schedule();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
