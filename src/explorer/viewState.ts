/**
 * The explorer's whole view as one value, and its URL-hash form, so that a copied link reproduces
 * what is on screen: every config input, the rules drawn, the εg axis scale and whether the
 * simulation markers are shown (a simulation is a pure function of the config and seeds, so the
 * page simply runs it again). Pure (no DOM).
 *
 *   #rules=afa,bp&eta=0.05&K=2&…&logy=1&sim=1
 *
 * Decoding is lenient on purpose: a key that is not an input is ignored, a missing input keeps its
 * default, an unknown rule id is dropped and reported; the values themselves are validated by
 * parseConfig like typed input (so a bad value in a link shows the usual error message).
 */
import { INPUT_IDS, type FormValues } from './form.ts';

export interface ViewState {
  /** config inputs by id (form.ts) */
  values: FormValues;
  /** ids of the rules drawn, in registry order */
  rules: string[];
  /** logarithmic εg axis */
  logy: boolean;
  /** simulation markers requested for these inputs */
  sim: boolean;
}

/** The hash (with its leading '#') of a view. */
export function encodeViewState(s: ViewState): string {
  const pairs: [string, string][] = [['rules', s.rules.join(',')]];
  for (const id of INPUT_IDS) if (s.values[id] !== undefined) pairs.push([id, s.values[id]]);
  pairs.push(['logy', s.logy ? '1' : '0'], ['sim', s.sim ? '1' : '0']);
  // form encoding (what URLSearchParams reads back), commas left readable
  const enc = (v: string) => new URLSearchParams([['', v]]).toString().slice(1).replace(/%2C/g, ',');
  return `#${pairs.map(([k, v]) => `${k}=${enc(v)}`).join('&')}`;
}

/**
 * The view a hash describes, starting from `defaults`. `knownRules` are the valid rule ids (in
 * the order to draw them); ids outside it are returned in `unknownRules`.
 */
export function decodeViewState(hash: string, defaults: ViewState, knownRules: readonly string[]): { state: ViewState; unknownRules: string[] } {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  const state: ViewState = { values: { ...defaults.values }, rules: [...defaults.rules], logy: defaults.logy, sim: defaults.sim };
  const unknownRules: string[] = [];
  if (text.trim() === '') return { state, unknownRules };
  const p = new URLSearchParams(text);
  for (const id of INPUT_IDS) {
    const v = p.get(id);
    if (v !== null) state.values[id] = v;
  }
  const rules = p.get('rules');
  if (rules !== null) {
    const asked = rules.split(',').map((r) => r.trim()).filter((r) => r !== '');
    for (const r of asked) if (!knownRules.includes(r)) unknownRules.push(r);
    state.rules = knownRules.filter((r) => asked.includes(r));
  }
  const logy = p.get('logy');
  if (logy !== null) state.logy = logy === '1';
  const sim = p.get('sim');
  if (sim !== null) state.sim = sim === '1';
  return { state, unknownRules };
}
