import { describe, expect, it } from 'vitest';
import { checkConfigKeyPath, defaultConfig, parseConfig, parseConfigText, parseJsoncText } from '../../src/core/config.ts';
import { ConfigError } from '../../src/core/errors.ts';
import { editDistance, nearestName } from '../../src/core/suggest.ts';

/** The ConfigError a call throws (fails the test when it does not throw one). */
function errorOf(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('defaults are the Fig. 2 setting', () => {
    const c = defaultConfig();
    expect([c.K, c.M, c.D, c.eta, c.activation, c.spacing]).toEqual([2, 2, 500, 0.05, 'erf', 'log']);
    expect(c.eta2).toBe(c.eta);
  });
  it('rejects unknown keys naming them', () => {
    expect(() => parseConfig({ etta: 1 })).toThrow(/etta: unknown key/);
    expect(() => parseConfig({ theory: { foo: 1 } })).toThrow(ConfigError);
  });
  it('requires feedbackWeights for dfa', () => {
    expect(() => parseConfig({ rule: 'dfa' })).toThrow(/feedbackWeights/);
    expect(parseConfig({ rule: 'dfa', feedbackWeights: [1, 1] }).feedbackWeights).toEqual([1, 1]);
  });
  it('init.kind may be left out: it is "weights"', () => {
    expect(parseConfig({ init: { feedback: { std: 0.5 } } }).init).toMatchObject({ kind: 'weights', feedback: { std: 0.5 } });
  });
});

describe('messages that say how to fix the input', () => {
  it('an unknown key suggests the nearest allowed key', () => {
    const e = errorOf(() => parseConfig({ eat: 0.2 }));
    expect(e.field).toBe('eat');
    expect(e.message).toMatch(/^eat: unknown key \(did you mean eta\?\); allowed keys here: .*\beta\b/);
    expect(errorOf(() => parseConfig({ sim: { seed: 1, sedes: 2 } })).message).toMatch(/sim\.sedes: unknown key \(did you mean seeds\?\)/);
    expect(errorOf(() => parseConfig({ k: 2 })).message).toMatch(/did you mean K\?/); // case alone costs nothing
    // nothing close: no suggestion, only the list
    expect(errorOf(() => parseConfig({ frobnicate: 1 })).message).not.toMatch(/did you mean/);
  });
  it('nearestName: edit distance with swaps, case-insensitive, only close names', () => {
    expect(editDistance('eat', 'eta')).toBe(1); // one swap of neighbours
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(nearestName('mcsamples', ['mcSamples', 'mcSeed'])).toBe('mcSamples');
    expect(nearestName('xyz', ['eta', 'K', 'M'])).toBeNull();
  });
  it('a key only the overlaps init needs: "required when init.kind is "overlaps""', () => {
    const e = errorOf(() => parseConfig({ init: { kind: 'overlaps', Q: [[1, 0], [0, 1]] } }));
    expect(e.field).toBe('init.R');
    expect(e.message).toMatch(/^init\.R: required when init\.kind is "overlaps" \(K×M .*\); this init also lacks: R, T, W2, W2t, f, ft, qf$/);
  });
  it('JSON with comments and trailing commas is accepted (as tsconfig)', () => {
    const c = parseConfigText('{\n  // the rule\n  "rule": "bp", /* block */\n  "sim": { "seeds": 2, },\n}\n');
    expect([c.rule, c.sim.seeds]).toEqual(['bp', 2]);
  });
  it('a syntax error gives its line and column', () => {
    const text = '{\n  "rule": "bp",\n  "eta": ,\n}';
    const e = errorOf(() => parseConfigText(text, 'config.json'));
    // line 3, column 10 is the comma after "eta": (1-based, as editors count)
    expect(e.message).toMatch(/value expected at line 3, column 10/);
    expect(text.split('\n')[2][10 - 1]).toBe(',');
    expect(errorOf(() => parseJsoncText('{"K": 2', '--config', 'c.json')).message).toMatch(/close brace expected at line 1, column 8 \(c\.json:1:8, at the end\)/);
  });
  it('checkConfigKeyPath: schema paths pass, others name the path and suggest', () => {
    for (const p of ['eta', 'sim.seeds', 'init.feedback.std', 'init.Q', 'theory.rtol', 'spacing']) expect(() => checkConfigKeyPath(p)).not.toThrow();
    expect(errorOf(() => checkConfigKeyPath('init.feedback.sdt', '--set init.feedback.sdt')).message)
      .toBe('--set init.feedback.sdt: unknown key "sdt" (did you mean std?); keys of init.feedback: std');
    expect(errorOf(() => checkConfigKeyPath('eta.x')).message).toMatch(/eta\.x: unknown key "x": eta has no keys/);
  });
});
