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
  'solveTheory', 'simulate', 'compare',
  'parseConfig', 'parseConfigText', 'defaultConfig', 'initialOverlaps',
  'earlyChecks', 'earlyStudy',
  'fig2bSpec', 'fig2cSpec', 'fig7Spec', 'earlyFigureSpec', 'figureHtml', 'figureJson',
  'buildExplorerHtml', 'writeExplorer',
] as const;

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

  it('exports the error classes', () => {
    expect(new api.ConfigError('eta', 'must be > 0')).toBeInstanceOf(Error);
    expect(new api.NumericalError('Q', 1, 'x').t).toBe(1);
  });

  it('solveTheory works from the package entry (default config, short run)', () => {
    const sol = api.solveTheory(api.parseConfig({ tmax: 10, points: 5 }));
    expect(sol.times.length).toBe(5);
    expect(sol.eg.every((e) => Number.isFinite(e) && e >= 0)).toBe(true);
    // εg(0) is the initial error ½E[e²] of the sampled weights: positive for a random student
    expect(sol.eg[0]).toBeGreaterThan(0);
  });
});
