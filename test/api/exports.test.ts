/**
 * The public API (`import … from 'pepita-ode'`: src/index.ts here, through the package.json
 * "exports" condition pepita-ode-source that vitest.config.ts sets; users get dist/)
 * exports the documented names as functions. Imported through the package name, so a broken
 * "exports" map fails here too.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as api from 'pepita-ode';

/** The functions the README's library section and the notebooks use. */
const FUNCTIONS = [
  'theoryProblem', 'solveTheory', 'simProblem', 'simulate', 'solveTheoryOf', 'simulateOf', 'theoryProblemOf', 'simProblemOf', 'compare',
  'parseConfig', 'parseConfigText', 'defaultConfig', 'initialOverlaps', 'initialWeights', 'ruleById',
  'earlyChecksOf', 'earlyStudy', 'fixedPointOf',
  'fig2bSpec', 'fig2cSpec', 'fig7Spec', 'earlyFigureSpec', 'figureHtml', 'figureJson',
  'buildExplorerHtml', 'writeExplorer',
] as const;

/** Internals that must not leak into the public API (kernels, test helpers, backends). */
const NOT_EXPORTED = ['McRhsKernel', 'NormalBank', 'choleskyPsd', 'integrateRhs', 'stateNames', 'buildMcRhs', 'GaussianAverager', 'I3', 'egCache', 'fig2Config'] as const;

describe('public API (src/index.ts)', () => {
  it('package.json points "pepita-ode" at dist/ for users and at src/index.ts inside the repository', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(pkg.name).toBe('pepita-ode');
    // the source condition first: it wins where it is set (vitest.config.ts, tsconfig.json, notebooks)
    expect(Object.keys(pkg.exports['.'])[0]).toBe('pepita-ode-source');
    expect(pkg.exports['.']['pepita-ode-source']).toBe('./src/index.ts');
    expect(pkg.exports['.'].types).toBe('./dist/src/index.d.ts');
    expect(pkg.exports['.'].import).toBe('./dist/src/index.js');
  });

  it.each(FUNCTIONS)('exports %s as a function', (name) => {
    expect(typeof (api as Record<string, unknown>)[name]).toBe('function');
  });

  it.each(NOT_EXPORTED)('does not export the internal %s', (name) => {
    expect((api as Record<string, unknown>)[name]).toBeUndefined();
  });

  it('exports the error classes', () => {
    expect(new api.ConfigError('eta', 'must be > 0')).toBeInstanceOf(Error);
    const e = new api.NumericalError({ code: 'diverged', t: 1, quantity: 'Q_1_1', message: 'x' });
    expect(e.t).toBe(1);
    expect(e.message).toBe('x at t=1');
  });

  it('every learning rule is exported as an object', () => {
    expect(api.LEARNING_RULES.map((r) => r.id)).toEqual(api.RULE_IDS);
  });

  it('solveTheoryOf works from the package entry (default config, short run)', () => {
    const sol = api.solveTheoryOf(api.parseConfig({ tmax: 10, points: 5 }));
    expect(sol.times.length).toBe(5);
    expect(sol.eg.every((e) => Number.isFinite(e) && e >= 0)).toBe(true);
    // εg(0) is the initial error ½E[e²] of the sampled weights: positive for a random student
    expect(sol.eg[0]).toBeGreaterThan(0);
  });
});
