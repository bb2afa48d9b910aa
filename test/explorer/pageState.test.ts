/**
 * The explorer's pure pieces (no browser): its inputs ↔ configs (parity with the CLI defaults), the
 * URL-hash form of the view, the CSV of what is drawn, and the log-axis ticks.
 */
import { describe, expect, it } from 'vitest';
import { defaultConfig, parseConfig } from '../../src/core/config.ts';
import { LEARNING_RULES, RULE_IDS } from '../../src/core/rules/index.ts';
import { drawnCsv, DRAWN_CSV_HEADER } from '../../src/explorer/downloads.ts';
import { configFromForm, formValuesFromConfig, INPUT_IDS } from '../../src/explorer/form.ts';
import { logAxis, logTicks, tickLabel } from '../../src/explorer/layout.ts';
import { defaultViewState } from '../../src/explorer/page.ts';
import { decodeViewState, encodeViewState } from '../../src/explorer/viewState.ts';

describe('explorer inputs ↔ config', () => {
  it('the page opens on exactly the CLI defaults: no page-specific tolerance, averaging or sample count', () => {
    const values = defaultViewState().values;
    for (const rule of LEARNING_RULES) {
      const extra = rule.needsFeedbackWeights ? { feedbackWeights: [0.5, -0.5] } : {};
      const page = parseConfig(configFromForm({ ...values, feedbackWeights: '0.5, -0.5' }, rule));
      expect(page, rule.id).toEqual(parseConfig({ rule: rule.id, ...extra }));
    }
    expect(defaultViewState().rules).toEqual([defaultConfig().rule]);
  });

  it('every input reaches its config field (a changed input changes the parsed config there)', () => {
    const changed: Record<string, [string, (c: ReturnType<typeof parseConfig>) => unknown, unknown]> = {
      eta: ['0.3', (c) => c.eta, 0.3], eta2: ['0.2', (c) => c.eta2, 0.2], K: ['3', (c) => c.K, 3], M: ['1', (c) => c.M, 1],
      D: ['120', (c) => c.D, 120], tmax: ['30', (c) => c.tmax, 30], points: ['40', (c) => c.points, 40],
      spacing: ['linear', (c) => c.spacing, 'linear'], activation: ['linear', (c) => c.activation, 'linear'],
      teacherActivation: ['tanh', (c) => c.teacherActivation, 'tanh'],
      W1std: ['0.8', (c) => c.init.kind === 'weights' && c.init.student.W1std, 0.8],
      Fstd: ['1.3', (c) => c.init.kind === 'weights' && c.init.feedback.std, 1.3], seed: ['5', (c) => c.init.seed, 5],
      noise: ['0.1', (c) => c.noise, 0.1], averages: ['mc', (c) => c.theory.averages, 'mc'], mcSamples: ['5000', (c) => c.theory.mcSamples, 5000],
      feedbackWeights: ['0.5,-0.2,0.3', (c) => c.feedbackWeights, [0.5, -0.2, 0.3]],
      mirror: ['on', (c) => c.mirror !== null, true], mirrorRate: ['0.5', (c) => c.mirror?.rate, 0.5],
      mirrorNoise: ['0.7', (c) => c.mirror?.noise, 0.7], mirrorPre: ['3', (c) => c.mirror?.pre, 3],
      simSeed: ['4', (c) => c.sim.seed, 4], simSeeds: ['3', (c) => c.sim.seeds, 3],
    };
    expect(Object.keys(changed).sort()).toEqual([...INPUT_IDS].sort());
    const dfa = LEARNING_RULES.find((r) => r.needsFeedbackWeights)!;
    const base = { ...defaultViewState().values, K: '3', feedbackWeights: '1, 1, 1' };
    // the mirror inputs reach a rule that uses F (DFA has none); its parameters apply once it is on
    const pepita = LEARNING_RULES.find((r) => r.id === 'pepita')!;
    for (const [id, [text, get, want]] of Object.entries(changed)) {
      const mirrorInput = id.startsWith('mirror');
      const values = mirrorInput && id !== 'mirror' ? { ...base, mirror: 'on' } : base;
      expect(get(parseConfig(configFromForm({ ...values, [id]: text }, mirrorInput ? pepita : dfa))), id).toEqual(want);
    }
  });

  it('the mirror goes only to rules that use F, and only when it is on', () => {
    const on = { ...defaultViewState().values, mirror: 'on', mirrorRate: '0.5', mirrorNoise: '0.8', mirrorPre: '2' };
    for (const rule of LEARNING_RULES) {
      expect('mirror' in configFromForm(on, rule), rule.id).toBe(rule.usesFeedbackVector);
      expect('mirror' in configFromForm({ ...on, mirror: 'off' }, rule)).toBe(false);
    }
    const c = parseConfig(configFromForm(on, LEARNING_RULES.find((r) => r.id === 'afa')!));
    expect(c.mirror).toEqual({ rate: 0.5, noise: 0.8, decay: 0, normalise: true, pre: 2, during: true });
    expect(() => parseConfig(configFromForm({ ...on, mirrorRate: '-1' }, LEARNING_RULES.find((r) => r.id === 'pepita')!))).toThrow(/mirror\.rate/);
    expect(formValuesFromConfig(c)).toMatchObject({ mirror: 'on', mirrorRate: '0.5', mirrorNoise: '0.8', mirrorPre: '2' });
  });

  it('feedback weights go only to rules that read them; invalid text is left for parseConfig to name', () => {
    const values = { ...defaultViewState().values, feedbackWeights: '1, 2, 3' };
    for (const rule of LEARNING_RULES) expect('feedbackWeights' in configFromForm(values, rule)).toBe(rule.needsFeedbackWeights);
    expect(() => parseConfig(configFromForm({ ...values, eta: 'fast' }, LEARNING_RULES[0]))).toThrow(/eta/);
    expect(formValuesFromConfig(parseConfig({ eta: 0.1, eta2: 0.1 })).eta2).toBe('');
  });
});

describe('view ↔ URL hash', () => {
  const defaults = defaultViewState();

  it('round-trips every input, the rules, the axis and the simulation flag; commas stay readable', () => {
    const view = { values: { ...defaults.values, eta: '0.3', feedbackWeights: '0.5,-0.2', eta2: '' }, rules: ['bp', 'dfa'], logy: false, sim: true };
    const hash = encodeViewState(view);
    expect(hash).toMatch(/^#rules=bp,dfa&eta=0\.3&/);
    expect(hash).toContain('feedbackWeights=0.5,-0.2');
    expect(decodeViewState(hash, defaults, RULE_IDS)).toEqual({ state: view, unknownRules: [] });
  });

  it('text with &, = or # survives; a missing key keeps its default; unknown rules are reported and dropped', () => {
    const odd = { ...defaults, values: { ...defaults.values, eta: 'a&b=c#d e+f' } };
    expect(decodeViewState(encodeViewState(odd), defaults, RULE_IDS).state.values.eta).toBe('a&b=c#d e+f');
    const { state, unknownRules } = decodeViewState('#rules=afa,nope,bp&K=3&whatever=1', defaults, RULE_IDS);
    expect(state.rules).toEqual(['bp', 'afa']); // registry order
    expect(unknownRules).toEqual(['nope']);
    expect(state.values).toEqual({ ...defaults.values, K: '3' });
    expect(state.logy).toBe(defaults.logy);
    expect(decodeViewState('', defaults, RULE_IDS).state).toEqual(defaults);
  });
});

describe('CSV of what is drawn', () => {
  it('one row per point, sd for markers only, fields with commas quoted, hidden and foreign traces skipped', () => {
    const csv = drawnCsv([
      { panel: 'eg', traces: [
        { x: [1, 10], y: [0.5, 0.25], meta: { rule: 'afa', series: 'εg', kind: 'theory' } },
        { x: [1], y: [0.125], error_y: { array: [0.01] }, meta: { rule: 'afa', series: 'εg', kind: 'sim' } },
        { x: [1], y: [9] },
        { x: [1], y: [7], visible: 'legendonly', meta: { rule: 'bp', series: 'εg', kind: 'theory' } },
      ] },
      { panel: 'angles', traces: [{ x: [2], y: [30], meta: { rule: 'bp', series: '∠(W2, W̃2)', kind: 'theory' } }] },
    ]);
    expect(csv).toBe([
      DRAWN_CSV_HEADER,
      'eg,afa,εg,theory,1,0.5,', 'eg,afa,εg,theory,10,0.25,', 'eg,afa,εg,sim,1,0.125,0.01',
      'angles,bp,"∠(W2, W̃2)",theory,2,30,',
    ].join('\n') + '\n');
  });
});

describe('log axes', () => {
  it('labels: decimals near 1, powers of ten beyond 10^±3', () => {
    expect([tickLabel(2, -2), tickLabel(5, 2), tickLabel(1, 0), tickLabel(1, -5), tickLabel(2, -5), tickLabel(3, 4)]).toEqual(['0.02', '500', '1', '10⁻⁵', '2×10⁻⁵', '3×10⁴']);
  });

  it('one tick per decade over wide ranges, 1-2-3-5 over one to two decades, 1…9 below, plotly alone when narrow', () => {
    expect(logAxis('t', [0.05, 5000])).toMatchObject({ type: 'log', dtick: 1, exponentformat: 'power' });
    expect(logTicks(0.022, 0.37, [1, 2, 3, 5])).toEqual({ tickvals: [0.03, 0.05, 0.1, 0.2, 0.3], ticktext: ['0.03', '0.05', '0.1', '0.2', '0.3'] });
    expect(logAxis('εg', [0.11, 0.45])).toMatchObject({ tickmode: 'array', tickvals: [0.2, 0.3, 0.4], ticktext: ['0.2', '0.3', '0.4'] });
    expect(logAxis('εg', [0.2816, 0.2827])).not.toHaveProperty('tickvals');
    expect(logAxis('εg', [])).toMatchObject({ type: 'log' });
  });
});
