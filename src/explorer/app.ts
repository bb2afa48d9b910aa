/**
 * Browser entry of the explorer page (bundled by esbuild into one IIFE, see build.ts). It reads the
 * inputs, validates them with the same `parseConfig` as the CLI, solves the theory with the same
 * `solveTheory`, and redraws three plotly panels. `Plotly` is a global: plotly.js is inlined in
 * the page by its own <script>. Nothing here touches the network.
 *
 * Imports are narrow on purpose (config + theory solver only): the public API also exports the
 * simulation, whose worker pool needs Node builtins that must not enter a browser bundle.
 */
import { parseConfig } from '../core/config.ts';
import { solveTheory } from '../../theory/solve.ts';
import { configFromForm, FORM_DEFAULTS, type FormValues } from './form.ts';
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
}

declare global {
  interface Window {
    explorerStatus: ExplorerStatus;
    explorerRedraw: () => Promise<void>;
  }
}

const status: ExplorerStatus = { redraws: 0, attempts: 0, lastSolveMs: 0, lastRedrawMs: 0, error: '', busy: false };
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

/** Validate the inputs, solve, redraw. Invalid input keeps the last plot and shows a message. */
async function redraw(): Promise<void> {
  const start = performance.now();
  status.busy = true;
  $('timing').textContent = 'solving…';
  // let the browser paint "solving…" before the synchronous solve
  await new Promise((r) => setTimeout(r, 0));
  try {
    const config = parseConfig(configFromForm(readForm()));
    const t0 = performance.now();
    const sol = await Promise.resolve(solveTheory(config));
    status.lastSolveMs = performance.now() - t0;
    if (sol.times.length === 0) throw new Error('the solver returned no output times');
    const logY = ($('logy') as HTMLInputElement).checked ? 'log' : 'linear';
    await Plotly.react($('eg-plot'), egTraces(sol), {
      ...baseLayout, title: { text: `generalisation error εg(t) — ${config.rule}, averages: ${sol.averages}` },
      xaxis: logX, yaxis: { type: logY, title: { text: 'εg' } },
    }, plotConfig);
    await Plotly.react($('overlaps-plot'), overlapTraces(sol), {
      ...baseLayout, title: { text: 'order parameters Q, R (dashed), W2 (dotted)' }, xaxis: logX,
    }, plotConfig);
    await Plotly.react($('f-plot'), feedbackTraces(sol), {
      ...baseLayout, title: { text: 'adaptive feedback f = W1F/D' }, xaxis: logX,
    }, plotConfig);
    showError(sol.failure ? `numerical failure at t = ${sol.failure.t} (${sol.failure.quantity}): ${sol.failure.message}; curves stop there` : '');
    status.lastRedrawMs = performance.now() - start;
    status.redraws++;
    $('timing').textContent =
      `theory solved in ${status.lastSolveMs.toFixed(0)} ms (${sol.stats.rhsEvals} RHS evaluations, ` +
      `${sol.stats.accepted} steps); redraw ${status.lastRedrawMs.toFixed(0)} ms`;
  } catch (e) {
    const err = e as Error;
    const kind = err?.name === 'ConfigError' ? 'invalid input' : err?.name === 'NumericalError' ? 'numerical failure' : 'error';
    showError(`${kind}: ${err?.message ?? String(e)}`);
    $('timing').textContent = '';
  } finally {
    status.attempts++;
    status.busy = false;
  }
}

/** Serialise redraws: a change during a solve schedules exactly one more. */
let running: Promise<void> | null = null;
let again = false;
function schedule(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    do {
      again = false;
      await redraw();
    } while (again);
    running = null;
  })();
  return running;
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
