import { describe, expect, it } from 'vitest';
import { defaultConfig, parseConfig } from '../../src/core/config.ts';
import { ConfigError } from '../../src/core/errors.ts';

describe('config', () => {
  it('defaults are the Fig. 2 setting', () => {
    const c = defaultConfig();
    expect([c.K, c.M, c.D, c.eta, c.activation]).toEqual([2, 2, 500, 0.05, 'erf']);
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
});
