/**
 * The explorer's HTML page: inputs (ids = config fields, see form.ts), three plotly panels
 * (#eg-plot, #overlaps-plot, #f-plot), an #error box and a #timing line. The plotly library and
 * the bundled app are inlined as two <script> elements, so the page needs no network at all.
 */
import { FORM_DEFAULTS, EXPLORER_RTOL } from './form.ts';
import { RULES, AVERAGES } from '../core/config.ts';
import { escapeHtml } from '../figures/html.ts';

/** Make JavaScript safe inside an inline <script>: no "</script" can close the element early. */
export function inlineScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1');
}

interface Field {
  id: keyof typeof FORM_DEFAULTS;
  label: string;
  title: string;
  options?: readonly string[];
}

const FIELDS: Field[] = [
  { id: 'rule', label: 'rule', title: 'learning rule', options: RULES },
  { id: 'eta', label: 'η', title: 'first-layer learning rate (per step, scaled convention)' },
  { id: 'eta2', label: 'η₂', title: 'second-layer learning rate; empty means η₂ = η' },
  { id: 'K', label: 'K', title: 'student hidden units' },
  { id: 'M', label: 'M', title: 'teacher hidden units' },
  { id: 'tmax', label: 't max', title: 'last output time (t = steps / D)' },
  { id: 'points', label: 'points', title: 'log-spaced output times' },
  { id: 'W1std', label: 'W1 std', title: 'std of the initial student first-layer weights (Q(0) ≈ std²·I)' },
  { id: 'Fstd', label: 'F std', title: 'std of the feedback vector F (q_f ≈ std²)' },
  { id: 'seed', label: 'init seed', title: 'seed of the sampled initial weights' },
  { id: 'D', label: 'D', title: 'dimension at which the initial weights are sampled (the theory is D → ∞)' },
  { id: 'noise', label: 'noise σ', title: 'teacher output-noise std' },
  { id: 'averages', label: 'averages', title: 'Gaussian averages: closed forms (erf) or Monte Carlo', options: AVERAGES },
  { id: 'mcSamples', label: 'MC samples', title: 'Monte Carlo samples (PEPITA and non-erf activations use MC)' },
  { id: 'feedbackWeights', label: 'DFA b', title: 'fixed DFA feedback weights, K numbers separated by commas (rule dfa only)' },
];

function fieldHtml(f: Field): string {
  const value = FORM_DEFAULTS[f.id];
  const input = f.options
    ? `<select id="${f.id}">${f.options.map((o) => `<option${o === value ? ' selected' : ''}>${escapeHtml(o)}</option>`).join('')}</select>`
    : `<input id="${f.id}" type="text" inputmode="decimal" value="${escapeHtml(value)}" size="8">`;
  return `<label title="${escapeHtml(f.title)}"><span>${escapeHtml(f.label)}</span>${input}</label>`;
}

/**
 * The complete page. `plotlyJs` is plotly.min.js, `appJs` the esbuild bundle of app.ts, `engineJs`
 * that of engine.ts (kept as text in a non-executed script element; the app starts it as a worker).
 */
export function explorerPage(parts: { plotlyJs: string; appJs: string; engineJs: string; version: string }): string {
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
  #inputs { display: flex; flex-wrap: wrap; gap: 8px 14px; padding: 10px 16px; border-bottom: 1px solid #eee; }
  #inputs label { display: flex; flex-direction: column; font-size: 12px; }
  #inputs label span { color: #555; margin-bottom: 2px; }
  #inputs input, #inputs select { font-size: 14px; padding: 2px 4px; }
  #error { margin: 8px 16px; padding: 8px 10px; background: #fdecea; color: #8a1c12; border: 1px solid #f5c2bd; border-radius: 4px; font-size: 14px; }
  #timing { margin: 4px 16px; font-size: 12px; color: #666; min-height: 1em; }
  #panels { display: grid; grid-template-columns: 1fr; gap: 4px; padding: 0 8px 16px; }
  @media (min-width: 1200px) { #panels { grid-template-columns: 1fr 1fr; } #eg-plot { grid-column: 1 / span 2; } }
  .plot { height: 380px; }
</style>
</head>
<body>
<header>
  <h1>pepita-ode explorer — theory (D → ∞ ODEs) of a two-layer teacher–student network</h1>
  <p>Change an input and the curves are recomputed in this page (no server, no network).
  Scaled convention, t = steps / D; solver tolerances rtol = ${EXPLORER_RTOL}. pepita-ode ${escapeHtml(parts.version)}.</p>
</header>
<form id="inputs" onsubmit="return false">
${FIELDS.map(fieldHtml).join('\n')}
<label title="logarithmic εg axis"><span>log εg</span><input id="logy" type="checkbox" checked></label>
</form>
<div id="error" role="alert" hidden></div>
<div id="timing" aria-live="polite"></div>
<div id="panels">
  <div id="eg-plot" class="plot"></div>
  <div id="overlaps-plot" class="plot"></div>
  <div id="f-plot" class="plot"></div>
</div>
<script type="text/plain" id="engine-src">${inlineScript(parts.engineJs)}</script>
<script>${inlineScript(parts.plotlyJs)}</script>
<script>${inlineScript(parts.appJs)}</script>
</body>
</html>
`;
}
