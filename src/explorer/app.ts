/**
 * Browser entry of the explorer page (bundled by esbuild into one IIFE, see build.ts). It reads the
 * view (inputs, ticked rules, axis scale, simulation on/off — viewState.ts) and keeps it in the URL
 * hash; solves the theory of every ticked rule in its own Web Worker (engine.ts: the same
 * `parseConfig` and `solveTheoryOf` as the CLI); runs the finite-D simulation on request in Web
 * Workers (simulation.ts) and overlays its seed mean ± sd; draws four plotly panels (traces.ts);
 * offers the config JSON, a CSV of the curves and a PNG. `Plotly` is a global: plotly.js is inlined
 * in the page by its own <script>. Nothing here touches the network.
 *
 * Which panel and input apply is read from the rule objects: the ‖f‖ panel for rules with
 * `usesFeedbackVector`, the feedback-weights input for rules with `needsFeedbackWeights`.
 */
import { LEARNING_RULES, ruleById, type LearningRule } from '../core/rules/index.ts';
import { describeFailure, type SimRun, type SimSolution, type TheorySolution } from '../core/trajectory.ts';
import type { Config } from '../core/config.ts';
import { drawnCsv, saveFile, type DrawnTrace } from './downloads.ts';
import { EngineClient, Superseded } from './engineClient.ts';
import { configFromForm, INPUT_IDS, type FormValues } from './form.ts';
import { linearAxis, logAxis, valuesOf } from './layout.ts';
import { Cancelled, Simulation, type SimJob, type SimProgress } from './simulation.ts';
import { anglesPanel, egPanel, feedbackPanel, overlapsPanel, type PanelId, type PanelOptions, type PanelTrace, type RuleCurves } from './traces.ts';
import { decodeViewState, encodeViewState, type ViewState } from './viewState.ts';

interface PlotlyGlobal {
  react(el: HTMLElement, data: unknown[], layout: unknown, config?: unknown): Promise<unknown>;
  toImage(el: HTMLElement, opts: { format: 'png'; width: number; height: number }): Promise<string>;
  Plots: { resize(el: HTMLElement): void };
}
declare const Plotly: PlotlyGlobal;

/** The simulation's state, exposed for tests. */
export interface SimStatus {
  state: 'idle' | 'running' | 'done' | 'cancelled' | 'failed';
  /** steps done / total over all runs of the current simulation */
  done: number;
  total: number;
  /** runs back / runs asked */
  finished: number;
  runs: number;
  /** simulation workers alive */
  workers: number;
  /** simulations completed and drawn since the page loaded */
  completed: number;
  /** the blob: URL the simulation workers are started from (tells them apart from theory workers) */
  workerUrl: string;
}

/** State exposed for tests and the benchmark (read-only use). */
export interface ExplorerStatus {
  /** completed redraws (initial draw included) */
  redraws: number;
  /** finished attempts, successful or not (a redraw or an error message) */
  attempts: number;
  /** wall time of the theory solves of the last redraw (sum over the rules solved), ms */
  lastSolveMs: number;
  /** wall time of the last validate + solve + redraw, ms */
  lastRedrawMs: number;
  /** the last error message shown, '' when none */
  error: string;
  busy: boolean;
  /** where the theory runs: 'worker' (normal) or 'page' (no Web Worker support) */
  engine: 'worker' | 'page';
  sim: SimStatus;
}

declare global {
  interface Window {
    explorerStatus: ExplorerStatus;
  }
}

const status: ExplorerStatus = {
  redraws: 0, attempts: 0, lastSolveMs: 0, lastRedrawMs: 0, error: '', busy: false, engine: 'worker',
  sim: { state: 'idle', done: 0, total: 0, finished: 0, runs: 0, workers: 0, completed: 0, workerUrl: '' },
};
window.explorerStatus = status;

const $ = (id: string) => document.getElementById(id) as HTMLElement;
const PANELS: { id: PanelId; el: string }[] = [
  { id: 'eg', el: 'eg-plot' }, { id: 'angles', el: 'angles-plot' }, { id: 'overlaps', el: 'overlaps-plot' }, { id: 'f', el: 'f-plot' },
];
const plotConfig = { responsive: true, displaylogo: false };
const baseLayout = { margin: { l: 70, r: 10, t: 36, b: 50 }, legend: { orientation: 'h', y: -0.2, yanchor: 'top', font: { size: 11 } } };

// ---- the page's state (one page, one instance of each) ----
const engineSource = ($('engine-src') as HTMLScriptElement).textContent ?? '';
const defaults = JSON.parse(($('defaults') as HTMLScriptElement).textContent ?? '{}') as ViewState;
const clients = new Map<string, EngineClient>();
let theoryUrl = '';
let simUrl = '';
/** whether simulation markers are wanted for the current inputs (the `sim` of the view) */
let simRequested = false;
/** finished simulations by rule, with the config key they were run for and what they cost */
const simulated = new Map<string, { key: string; runs: SimRun[]; seconds: number; workers: number }>();
/** what is drawn: each ticked rule's last theory solution and resolved config */
let drawn: { rule: LearningRule; solution: TheorySolution; config: Config }[] = [];
let lastHash = '';

// separate blob: URLs (same engine source) for theory and simulation workers, so each kind is recognisable
function engineUrl(): string {
  theoryUrl ||= URL.createObjectURL(new Blob([engineSource], { type: 'text/javascript' }));
  return theoryUrl;
}

function simEngineUrl(): string {
  simUrl ||= URL.createObjectURL(new Blob([engineSource], { type: 'text/javascript' }));
  return simUrl;
}

/** Time reached by each rule's running solve (shown for long solves). */
const solving = new Map<string, string>();

function clientOf(rule: LearningRule): EngineClient {
  let c = clients.get(rule.id);
  if (!c) {
    c = new EngineClient(engineUrl(), engineSource, rule);
    c.onProgress = (t, tmax) => {
      solving.set(rule.label, `t = ${t.toPrecision(3)} of ${tmax}`);
      $('timing').textContent = `solving… ${[...solving].map(([label, where]) => `${label}: ${where}`).join('; ')}`;
    };
    clients.set(rule.id, c);
  }
  return c;
}

function simKey(rule: LearningRule, values: FormValues): string {
  return JSON.stringify(configFromForm(values, rule));
}

// ---- the view ↔ the DOM and the URL ----
function readView(): ViewState {
  const values: FormValues = {};
  for (const id of INPUT_IDS) {
    const el = document.getElementById(id) as HTMLInputElement | HTMLSelectElement | null;
    if (el) values[id] = el.value;
  }
  const rules = LEARNING_RULES.filter((r) => (document.getElementById(`rule-${r.id}`) as HTMLInputElement | null)?.checked).map((r) => r.id);
  return { values, rules, logy: ($('logy') as HTMLInputElement).checked, sim: simRequested };
}

function applyView(s: ViewState): void {
  for (const id of INPUT_IDS) {
    const el = document.getElementById(id) as HTMLInputElement | HTMLSelectElement | null;
    if (!el) continue;
    const v = s.values[id] ?? '';
    if (el instanceof HTMLSelectElement && !Array.from(el.options).some((o) => o.value === v)) {
      // a value from a link that is not offered: keep it, so that validation names it
      el.add(new Option(v, v));
    }
    el.value = v;
  }
  for (const r of LEARNING_RULES) (document.getElementById(`rule-${r.id}`) as HTMLInputElement).checked = s.rules.includes(r.id);
  ($('logy') as HTMLInputElement).checked = s.logy;
  simRequested = s.sim;
}

function writeHash(view: ViewState): void {
  const h = encodeViewState(view);
  lastHash = h;
  if (location.hash !== h) history.replaceState(null, '', h);
}

/** The hash's view; unknown rule ids are reported in the error box. */
function viewFromHash(): { view: ViewState; problem: string } {
  const { state, unknownRules } = decodeViewState(location.hash, defaults, LEARNING_RULES.map((r) => r.id));
  const problem = unknownRules.length
    ? `invalid input: rules in the link: unknown ${unknownRules.map((r) => `"${r}"`).join(', ')}; allowed: ${LEARNING_RULES.map((r) => r.id).join(', ')}`
    : '';
  return { view: state, problem };
}

// ---- messages ----
function showError(message: string) {
  status.error = message;
  const el = $('error');
  el.textContent = message;
  el.hidden = message === '';
}

function kindOf(name: string): string {
  return name === 'ConfigError' ? 'invalid input' : name === 'NumericalError' ? 'numerical failure' : 'error';
}

/** One line per distinct message; the rules are named when not every rule drawn has it. */
function errorText(failures: { rule: LearningRule; name: string; message: string }[], ruleCount: number): string {
  const byText = new Map<string, LearningRule[]>();
  for (const f of failures) {
    const text = `${kindOf(f.name)}: ${f.message}`;
    byText.set(text, [...(byText.get(text) ?? []), f.rule]);
  }
  return [...byText].map(([text, rules]) => (rules.length === ruleCount && ruleCount > 0 ? text : `${text} (${rules.map((r) => r.label).join(', ')})`)).join('\n');
}

// ---- drawing ----
/** The simulation of a drawn rule for these inputs, if it is wanted and done. */
function simSolutionOf(entry: { rule: LearningRule; solution: TheorySolution; config: Config }, values: FormValues): SimSolution | null {
  if (!simRequested) return null;
  const s = simulated.get(entry.rule.id);
  if (!s || s.key !== simKey(entry.rule, values)) return null;
  let steps = 0;
  for (const r of s.runs) steps += r.times.length ? Math.round(r.times[r.times.length - 1] * entry.config.D) : 0;
  // the runs start from the sampled weights whose order parameters are the theory's initial state
  return { rule: entry.config.rule, D: entry.config.D, initial: entry.solution.initial, runs: s.runs, stats: { seconds: s.seconds, steps, threads: s.workers } };
}

/** Show the feedback-weights input, the mirror inputs and the ‖f‖ panel only where a ticked rule has them. */
function updateVisibility(rules: LearningRule[]) {
  $('feedbackWeights-field').hidden = !rules.some((r) => r.needsFeedbackWeights);
  const usesF = rules.some((r) => r.usesFeedbackVector);
  $('mirror-field').hidden = !usesF;
  const mirrorOn = usesF && ($('mirror') as HTMLSelectElement).value === 'on';
  for (const id of ['mirrorRate', 'mirrorNoise', 'mirrorPre']) $(`${id}-field`).hidden = !mirrorOn;
  const fWas = $('f-plot').hidden;
  $('f-plot').hidden = !rules.some((r) => r.usesFeedbackVector);
  if (fWas && !$('f-plot').hidden && ($('f-plot') as unknown as { data?: unknown }).data) Plotly.Plots.resize($('f-plot'));
}

function panelTraces(panel: PanelId, curves: RuleCurves[], o: PanelOptions): PanelTrace[] {
  switch (panel) {
    case 'eg': return egPanel(curves, o);
    case 'angles': return anglesPanel(curves, o);
    case 'overlaps': return overlapsPanel(curves, o);
    case 'f': return feedbackPanel(curves, o);
  }
}

const TITLES: Record<PanelId, string> = {
  eg: 'generalisation error εg(t)',
  angles: 'Fig. 2c: angle of W2 to W̃2 (solid), to the closest degenerate solution (dashed), to f (dotted)',
  overlaps: 'order parameters: Q (solid), R (dashed), W2 (dotted)',
  f: 'feedback f = W1F/D: ‖f‖ (solid), f_k (dotted)',
};

async function drawPanels(view: ViewState): Promise<void> {
  const curves: RuleCurves[] = drawn.map((d) => ({ rule: d.rule, theory: d.solution, sim: simSolutionOf(d, view.values) }));
  const averages = drawn.map((d) => `${d.rule.label}: ${d.solution.averages}`).join(', ');
  const sims = curves.filter((c) => c.sim);
  // a log time axis for the log grid of output times (the configs of one view share their times)
  const logT = drawn.every((d) => d.config.times === null && d.config.spacing === 'log');
  const markers = sims.length ? `; markers: simulation at D = ${sims[0].sim!.D}, seed mean ± sd of ${sims[0].sim!.runs.length} runs` : '';
  for (const p of PANELS) {
    const el = $(p.el);
    if (el.hidden) continue;
    const traces = panelTraces(p.id, curves, { logT });
    const yaxis = p.id === 'eg'
      ? (view.logy ? logAxis('εg', valuesOf(traces, 'y')) : linearAxis('εg'))
      : p.id === 'angles' ? linearAxis('degrees', { range: [0, 180], dtick: 30 }) : linearAxis('');
    const title = p.id === 'eg' ? `${TITLES.eg} — averages ${averages}${markers}` : TITLES[p.id];
    const xaxis = logT ? logAxis('t', valuesOf(traces, 'x')) : linearAxis('t');
    await Plotly.react(el, traces, { ...baseLayout, title: { text: title, font: { size: 14 } }, xaxis, yaxis }, plotConfig);
  }
  renderConfigDownloads();
}

function renderConfigDownloads() {
  const box = $('config-downloads');
  box.replaceChildren(...drawn.map((d) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.id = `download-config-${d.rule.id}`;
    b.textContent = `config ${d.rule.label} (JSON)`;
    b.title = `the resolved config of ${d.rule.label}; pepita-ode theory/simulate --config FILE reproduce the curves`;
    b.addEventListener('click', () => saveFile(`pepita-ode-${d.rule.id}.json`, JSON.stringify(d.config, null, 2) + '\n', 'application/json'));
    return b;
  }));
}

/** The panels' traces as plotly holds them, visible panels only. */
function drawnPanels(): { panel: string; traces: DrawnTrace[] }[] {
  return PANELS.filter((p) => !$(p.el).hidden).map((p) => ({ panel: p.id, traces: ($(p.el) as unknown as { data?: DrawnTrace[] }).data ?? [] }));
}

// ---- the theory ----
/** Redraws in flight (a newer one supersedes the solves of an older one, see EngineClient). */
let inflight = 0;
/** The chain of panel drawings: one at a time, in request order. */
let drawing: Promise<void> = Promise.resolve();

/**
 * Read the view, put it in the URL, solve every ticked rule, redraw; start the simulation when
 * it is requested. `configChanged`: an input of the config changed, so the simulation markers no
 * longer apply (the simulation is switched off and a running one is cancelled).
 */
async function refresh(configChanged: boolean, linkProblem = ''): Promise<void> {
  const start = performance.now();
  if (configChanged) {
    simRequested = false;
    cancelSimulation();
  }
  const view = readView();
  if (!view.sim) cancelSimulation();
  writeHash(view);
  const rules = view.rules.map((id) => ruleById(id)!);
  // solves of rules no longer ticked are not wanted any more
  for (const [id, c] of clients) if (!view.rules.includes(id)) c.abandon();
  updateVisibility(rules);
  inflight++;
  status.busy = true;
  $('timing').textContent = 'solving…';
  solving.clear();
  // let the browser paint "solving…" (the engine may run in this thread as a fallback)
  await new Promise((r) => setTimeout(r, 0));
  try {
    if (rules.length === 0) throw Object.assign(new Error('tick at least one rule'), { name: 'ConfigError' });
    const settled = await Promise.allSettled(rules.map((r) => clientOf(r).solve(view.values)));
    if (settled.some((s) => s.status === 'rejected' && s.reason instanceof Superseded)) {
      // newer inputs replaced this request; their own redraw follows
      status.busy = --inflight > 0;
      return;
    }
    status.engine = rules.some((r) => clientOf(r).mode === 'page') ? 'page' : 'worker';
    const ok: typeof drawn = [];
    const failures: { rule: LearningRule; name: string; message: string }[] = [];
    let solveMs = 0;
    settled.forEach((s, i) => {
      if (s.status === 'rejected') failures.push({ rule: rules[i], name: 'Error', message: (s.reason as Error)?.message ?? String(s.reason) });
      else if (!s.value.ok) failures.push({ rule: rules[i], name: s.value.name, message: s.value.message });
      else if (s.value.solution.times.length === 0) failures.push({ rule: rules[i], name: 'Error', message: 'the solver returned no output times' });
      else {
        ok.push({ rule: rules[i], solution: s.value.solution, config: s.value.config });
        solveMs += s.value.solveMs;
      }
    });
    // invalid input for every rule keeps the last plot; otherwise draw the rules that solved
    if (ok.length) {
      drawn = ok;
      status.lastSolveMs = solveMs;
      const draw = drawing.then(() => drawPanels(view));
      drawing = draw.catch(() => undefined);
      await draw;
    }
    const numerical = ok.filter((d) => d.solution.failure).map((d) => ({
      rule: d.rule, name: 'NumericalError',
      message: `${describeFailure(d.solution.failure!)} (${d.solution.failure!.quantity}); the curves stop there`,
    }));
    showError([linkProblem, errorText([...failures, ...numerical], rules.length)].filter((s) => s).join('\n'));
    if (ok.length) {
      status.lastRedrawMs = performance.now() - start;
      status.redraws++;
      $('timing').textContent =
        `theory: ${ok.map((d) => `${d.rule.label} ${d.solution.stats.rhsEvals} RHS evaluations, ${d.solution.stats.accepted} steps`).join('; ')}` +
        ` — solved in ${status.lastSolveMs.toFixed(0)} ms${status.engine === 'page' ? ' in the page (no Web Worker)' : ''}; redraw ${status.lastRedrawMs.toFixed(0)} ms`;
      if (view.sim) startSimulation(view);
    } else $('timing').textContent = '';
  } catch (e) {
    const err = e as Error;
    showError([linkProblem, `${kindOf(err?.name)}: ${err?.message ?? String(e)}`].filter((s) => s).join('\n'));
    $('timing').textContent = '';
  }
  status.attempts++;
  status.busy = --inflight > 0;
}

// ---- the simulation ----
/**
 * A simulation in progress: the rules it runs (with the config key of each) and its progress.
 * Ticking a rule while one runs starts another batch for that rule alone, so nothing is redone.
 */
interface Batch { sim: Simulation; keys: Map<string, string>; labels: string[]; D: number; progress: SimProgress }
const batches = new Set<Batch>();
/** what the batches finished since the simulation last started from idle (shown when all are back) */
let simSummaries: string[] = [];

function liveWorkers(): number {
  let n = 0;
  for (const b of batches) n += b.sim.liveWorkers;
  return n;
}

function setSimUi(state: SimStatus['state'], text: string) {
  status.sim.state = state;
  status.sim.workers = liveWorkers();
  $('sim-status').textContent = text;
  ($('cancel') as HTMLButtonElement).disabled = state !== 'running';
  $('sim-progress').hidden = state !== 'running';
}

/** Progress over every batch running. */
function showSimProgress() {
  let done = 0, total = 0, finished = 0, runs = 0;
  for (const b of batches) {
    done += b.progress.done;
    total += b.progress.total;
    finished += b.progress.finished;
    runs += b.progress.runs;
  }
  Object.assign(status.sim, { done, total, finished, runs, workers: liveWorkers() });
  const prog = $('sim-progress') as HTMLProgressElement;
  prog.value = total > 0 ? done / total : 0;
  const first = [...batches][0];
  $('sim-status').textContent = `simulating ${[...batches].flatMap((b) => b.labels).join(', ')} at D = ${first?.D ?? ''}: ` +
    `${finished} / ${runs} runs, ${(100 * prog.value).toFixed(0)} %`;
}

/** Stop every batch (their workers are terminated at once). */
function cancelSimulation(): void {
  if (batches.size === 0) return;
  const all = [...batches];
  batches.clear();
  for (const b of all) b.sim.cancel();
  setSimUi('cancelled', 'simulation cancelled');
}

/** Simulate the drawn rules that have no simulation, finished or running, for the current inputs. */
function startSimulation(view: ViewState): void {
  const wanted = new Map(drawn.map((d) => [d.rule.id as string, simKey(d.rule, view.values)]));
  // a batch none of whose rules is still wanted for these inputs is dropped
  for (const b of [...batches]) {
    if (![...b.keys].some(([id, k]) => wanted.get(id) === k)) {
      batches.delete(b);
      b.sim.cancel();
    }
  }
  const covered = (id: string, k: string) => simulated.get(id)?.key === k || [...batches].some((b) => b.keys.get(id) === k);
  const need = drawn.filter((d) => !covered(d.rule.id, wanted.get(d.rule.id)!));
  if (need.length === 0) {
    if (batches.size) showSimProgress();
    return;
  }
  const keys = new Map<string, string>(need.map((d) => [d.rule.id, wanted.get(d.rule.id)!]));
  const jobs: SimJob[] = need.flatMap((d) => Array.from({ length: d.config.sim.seeds }, (_, index) => ({ rule: d.rule.id, index })));
  status.sim.workerUrl = simEngineUrl();
  const maxWorkers = Math.max(1, Math.min(8, navigator.hardwareConcurrency || 2));
  // progress arrives from the workers, after `batch` below is set
  let batch: Batch | null = null;
  let sim: Simulation;
  try {
    sim = new Simulation(simEngineUrl(), { ...view.values }, jobs, maxWorkers, (p: SimProgress) => {
      if (!batch || !batches.has(batch)) return;
      batch.progress = p;
      showSimProgress();
    });
  } catch (e) {
    cancelSimulation();
    simRequested = false;
    writeHash(readView());
    showError(`error: the simulation needs Web Workers (${(e as Error).message})`);
    setSimUi('failed', '');
    return;
  }
  const mine: Batch = { sim, keys, labels: need.map((d) => d.rule.label), D: need[0].config.D, progress: { done: 0, total: 0, finished: 0, runs: jobs.length } };
  batch = mine;
  if (batches.size === 0) simSummaries = [];
  batches.add(mine);
  setSimUi('running', '');
  showSimProgress();
  sim.done.then((byRule) => {
    if (!batches.has(mine)) return;
    batches.delete(mine);
    const workers = Math.min(maxWorkers, jobs.length);
    for (const [id, runs] of byRule) simulated.set(id, { key: keys.get(id)!, runs, seconds: sim.seconds, workers });
    const stopped = [...byRule].map(([id, runs]) => ({ rule: ruleById(id)!, runs, failed: runs.filter((r) => r.failure) })).filter((x) => x.failed.length);
    const summary = `simulated ${mine.labels.join(', ')}: ${jobs.length} runs in ${sim.seconds.toFixed(1)} s on ${workers} workers` +
      stopped.map((x) => ` — ${x.rule.label}: ${x.failed.length} of ${x.runs.length} runs stopped early (markers stop there): ${describeFailure(x.failed[0].failure!)}`).join('');
    simSummaries.push(summary);
    const last = batches.size === 0;
    if (last) setSimUi('done', simSummaries.join('; '));
    else showSimProgress();
    const draw = drawing.then(() => drawPanels(readView()));
    drawing = draw.catch(() => undefined);
    // counted once every batch is back and its markers are on screen
    if (last) void draw.finally(() => status.sim.completed++);
  }, (e: Error) => {
    // a batch dropped or cancelled here is already out of `batches`
    if (!batches.has(mine) || e instanceof Cancelled) return;
    batches.delete(mine);
    cancelSimulation();
    simRequested = false;
    writeHash(readView());
    showError(e.message);
    setSimUi('failed', '');
  });
}

function onCancel() {
  if (batches.size === 0) return;
  cancelSimulation();
  simRequested = false;
  writeHash(readView());
  const draw = drawing.then(() => drawPanels(readView()));
  drawing = draw.catch(() => undefined);
}

// ---- wiring ----
let debounce: ReturnType<typeof setTimeout> | undefined;
function init() {
  for (const id of INPUT_IDS) {
    const el = document.getElementById(id);
    if (!el) continue;
    el.addEventListener('change', () => {
      clearTimeout(debounce);
      void refresh(true);
    });
    el.addEventListener('input', () => {
      clearTimeout(debounce);
      debounce = setTimeout(() => void refresh(true), 400);
    });
  }
  for (const r of LEARNING_RULES) $(`rule-${r.id}`).addEventListener('change', () => void refresh(false));
  $('logy').addEventListener('change', () => void refresh(false));
  $('simulate').addEventListener('click', () => {
    simRequested = true;
    void refresh(false);
  });
  $('cancel').addEventListener('click', onCancel);
  $('reset').addEventListener('click', () => {
    applyView(defaults);
    void refresh(true);
  });
  $('download-csv').addEventListener('click', () => saveFile('pepita-ode-curves.csv', drawnCsv(drawnPanels()), 'text/csv'));
  $('download-png').addEventListener('click', () => {
    const el = $('eg-plot');
    void Plotly.toImage(el, { format: 'png', width: el.clientWidth || 1000, height: el.clientHeight || 400 })
      .then((url) => saveFile('pepita-ode-eg.png', url, 'image/png'), (e: Error) => showError(`error: PNG export failed: ${e.message}`));
  });
  window.addEventListener('hashchange', () => {
    if (location.hash === lastHash) return;
    const { view, problem } = viewFromHash();
    applyView(view);
    void refresh(false, problem);
  });
  const { view, problem } = viewFromHash();
  applyView(view);
  void refresh(false, problem);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
