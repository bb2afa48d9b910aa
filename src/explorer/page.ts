/**
 * The explorer's HTML page: a checkbox per learning rule (#rule-<id>, from the rule registry), the
 * config inputs (ids = form.ts ids), a simulation bar (#simulate, #sim-progress, #cancel), downloads
 * (#download-config-<id>, #download-csv, #download-png), four plotly panels (#eg-plot, #angles-plot,
 * #overlaps-plot, #f-plot), an #error box and a #timing line. plotly, the app and the engine are
 * inlined, so the page needs no network at all. The inputs' initial values are the config
 * defaults (`parseConfig({})`), also embedded as JSON (#defaults) for the app and for links.
 */
import { ACTIVATION_IDS } from '../core/activations.ts';
import { AVERAGES, defaultConfig, SPACINGS } from '../core/config.ts';
import { LEARNING_RULES } from '../core/rules/index.ts';
import { escapeHtml } from '../figures/html.ts';
import { formValuesFromConfig, MIRROR_CHOICES, type InputId } from './form.ts';
import { ruleStyle } from '../figures/traces.ts';
import type { ViewState } from './viewState.ts';

/** Make JavaScript (or JSON) safe inside an inline <script>: no "</script" can close the element early. */
export function inlineScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1');
}

interface Field {
  id: InputId;
  label: string;
  title: string;
  options?: readonly string[];
}

const CONFIG_FIELDS: Field[] = [
  { id: 'eta', label: 'η', title: 'eta: first-layer learning rate (per step, scaled convention)' },
  { id: 'eta2', label: 'η₂', title: 'eta2: second-layer learning rate; empty means η₂ = η' },
  { id: 'K', label: 'K', title: 'K: student hidden units' },
  { id: 'M', label: 'M', title: 'M: teacher hidden units' },
  { id: 'D', label: 'D', title: 'D: input dimension of the simulation; the initial weights are sampled at this D (the theory is D → ∞)' },
  { id: 'tmax', label: 't max', title: 'tmax: last output time (t = steps / D)' },
  { id: 'points', label: 'points', title: 'points: number of output times' },
  { id: 'spacing', label: 'spacing', title: 'spacing: of the output times (log: the 5 decades below t max; linear: from 0), and the t axis', options: SPACINGS },
  { id: 'activation', label: 'student g', title: 'activation: student activation', options: ACTIVATION_IDS },
  { id: 'teacherActivation', label: 'teacher g̃', title: 'teacherActivation: teacher activation', options: ACTIVATION_IDS },
  { id: 'W1std', label: 'W1 std', title: 'init.student.W1std: std of the initial student first-layer weights (Q(0) ≈ std²·I)' },
  { id: 'Fstd', label: 'F std', title: 'init.feedback.std: std of the feedback vector F (q_f ≈ std²)' },
  { id: 'seed', label: 'init seed', title: 'init.seed: seed of the sampled initial weights' },
  { id: 'noise', label: 'noise σ', title: 'noise: teacher output-noise std' },
  { id: 'averages', label: 'averages', title: 'theory.averages: Gaussian averages of the ODEs', options: AVERAGES },
  { id: 'mcSamples', label: 'MC samples', title: 'theory.mcSamples: Monte Carlo samples (where the averages are Monte Carlo)' },
  { id: 'feedbackWeights', label: 'feedback weights b', title: 'feedbackWeights: fixed feedback weights, K numbers separated by commas (only for rules that read them)' },
  { id: 'mirror', label: 'mirror F', title: 'mirror: weight mirroring of F = F1F2 (Sec. 6; only for rules that use F); off keeps F fixed', options: MIRROR_CHOICES },
  { id: 'mirrorRate', label: 'η_m', title: 'mirror.rate: mirror learning rate η_m' },
  { id: 'mirrorNoise', label: 'σ_n', title: 'mirror.noise: std σ_n of the mirror noise' },
  { id: 'mirrorPre', label: 't_pre', title: 'mirror.pre: pre-mirroring time before t = 0 (learning off)' },
];

const SIM_FIELDS: Field[] = [
  { id: 'simSeeds', label: 'seeds', title: 'sim.seeds: number of independent runs (data streams)' },
  { id: 'simSeed', label: 'first seed', title: 'sim.seed: data-stream seed of run 0 (run i uses seed + i)' },
];

function fieldHtml(f: Field, value: string): string {
  const input = f.options
    ? `<select id="${f.id}">${f.options.map((o) => `<option${o === value ? ' selected' : ''}>${escapeHtml(o)}</option>`).join('')}</select>`
    : `<input id="${f.id}" type="text" inputmode="decimal" value="${escapeHtml(value)}" size="${f.id === 'feedbackWeights' ? 12 : 7}">`;
  return `<label id="${f.id}-field" title="${escapeHtml(f.title)}"><span>${escapeHtml(f.label)}</span>${input}</label>`;
}

function ruleCheckboxHtml(i: number, checked: boolean): string {
  const r = LEARNING_RULES[i];
  const title = `${r.label} (${r.reference}): ${r.summary}`;
  return `<label class="rule" title="${escapeHtml(title)}"><input type="checkbox" id="rule-${r.id}" value="${r.id}"${checked ? ' checked' : ''}>` +
    `<span class="swatch" style="background:${ruleStyle(r).color}"></span>${escapeHtml(r.label)}</label>`;
}

/** The view of a fresh page: the config defaults, the default rule, log εg axis, no simulation. */
export function defaultViewState(): ViewState {
  const c = defaultConfig();
  return { values: formValuesFromConfig(c), rules: [c.rule], logy: true, sim: false };
}

/**
 * The complete page. `plotlyJs` is plotly.min.js, `appJs` the esbuild bundle of app.ts, `engineJs`
 * that of engine.ts (kept as text in a non-executed script element; the app starts it as workers).
 */
export function explorerPage(parts: { plotlyJs: string; appJs: string; engineJs: string; version: string }): string {
  const defaults = defaultViewState();
  const c = defaultConfig();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval' blob:; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; worker-src blob:">
<title>pepita-ode explorer</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; color: #222; }
  header { padding: 10px 16px; background: #f4f4f6; border-bottom: 1px solid #ddd; }
  header h1 { font-size: 18px; margin: 0 0 4px; }
  header p { margin: 0; font-size: 13px; color: #555; }
  .bar { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 8px 14px; padding: 8px 16px; border-bottom: 1px solid #eee; }
  .bar label { display: flex; flex-direction: column; font-size: 12px; }
  .bar label span { color: #555; margin-bottom: 2px; }
  .bar input, .bar select, .bar button { font-size: 14px; padding: 2px 4px; }
  #rules { display: flex; flex-wrap: wrap; gap: 4px 12px; border: none; padding: 0; margin: 0; width: 100%; }
  #rules legend { font-size: 12px; color: #555; float: left; margin-right: 8px; }
  #rules label.rule { flex-direction: row; align-items: center; font-size: 14px; gap: 4px; }
  .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; }
  .bar .note { font-size: 12px; color: #666; align-self: center; }
  #sim-progress { width: 180px; align-self: center; }
  #error { margin: 8px 16px; padding: 8px 10px; background: #fdecea; color: #8a1c12; border: 1px solid #f5c2bd; border-radius: 4px; font-size: 14px; white-space: pre-line; }
  #timing { margin: 4px 16px; font-size: 12px; color: #666; min-height: 1em; }
  #panels { display: grid; grid-template-columns: 1fr; gap: 4px; padding: 0 8px 16px; }
  @media (min-width: 1200px) { #panels { grid-template-columns: 1fr 1fr; } #eg-plot { grid-column: 1 / span 2; } }
  .plot { height: 520px; }
  [hidden] { display: none !important; }
</style>
</head>
<body>
<header>
  <h1>pepita-ode explorer — two-layer teacher–student network: theory (D → ∞ ODEs) and finite-D simulation</h1>
  <p>Everything is computed in this page (no server, no network), with the same code and defaults as the
  <code>pepita-ode</code> CLI (ODE tolerances rtol = ${c.theory.rtol}, atol = ${c.theory.atol}). Scaled convention, t = steps / D.
  The address bar holds the whole view: copy the link to share it. pepita-ode ${escapeHtml(parts.version)}.</p>
</header>
<form id="inputs" class="bar" onsubmit="return false">
<fieldset id="rules"><legend>rules</legend>
${LEARNING_RULES.map((r, i) => ruleCheckboxHtml(i, defaults.rules.includes(r.id))).join('\n')}
</fieldset>
${CONFIG_FIELDS.map((f) => fieldHtml(f, defaults.values[f.id])).join('\n')}
<label title="logarithmic εg axis"><span>log εg</span><input id="logy" type="checkbox"${defaults.logy ? ' checked' : ''}></label>
<button id="reset" type="button" title="every input and rule back to the config defaults">defaults</button>
</form>
<div id="simulation" class="bar">
<button id="simulate" type="button" title="simulate every checked rule at dimension D: sim.seeds runs, seed mean ± sd drawn as markers">Simulate</button>
${SIM_FIELDS.map((f) => fieldHtml(f, defaults.values[f.id])).join('\n')}
<progress id="sim-progress" max="1" value="0" hidden></progress>
<button id="cancel" type="button" disabled>Cancel</button>
<span id="sim-status" class="note" aria-live="polite"></span>
</div>
<div id="downloads" class="bar">
<span class="note">download:</span>
<span id="config-downloads"></span>
<button id="download-csv" type="button" title="every trace drawn, one row per point">CSV of the curves</button>
<button id="download-png" type="button" title="the εg panel as PNG">PNG of εg</button>
</div>
<div id="error" role="alert" hidden></div>
<div id="timing" aria-live="polite"></div>
<div id="panels">
  <div id="eg-plot" class="plot"></div>
  <div id="angles-plot" class="plot"></div>
  <div id="overlaps-plot" class="plot"></div>
  <div id="f-plot" class="plot"></div>
</div>
<script type="application/json" id="defaults">${inlineScript(JSON.stringify(defaults))}</script>
<script type="text/plain" id="engine-src">${inlineScript(parts.engineJs)}</script>
<script>${inlineScript(parts.plotlyJs)}</script>
<script>${inlineScript(parts.appJs)}</script>
</body>
</html>
`;
}
