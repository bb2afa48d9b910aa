/**
 * Sweep points: the fixed order of grid × zip against a hand-written list, ids, shards that
 * partition the points exactly, and spec validation (unknown keys, unequal zip lengths, empty grid).
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import { enumerateValues, parseShard, pointId, shardPoints, sweepPoints } from '../../src/sweep/points.ts';
import { parseSweepSpec } from '../../src/sweep/spec.ts';
import { getKeyPath, parseKeyValue, setKeyPath } from '../../src/sweep/keyPath.ts';

describe('sweep points', () => {
  it('enumerates grid (last key fastest) × zip (innermost, varied together) in a fixed order', () => {
    const spec = parseSweepSpec({ grid: { a: [1, 2], b: ['x', 'y', 'z'] }, zip: { c: [10, 20], d: [true, false] } });
    const expected = [
      { a: 1, b: 'x', c: 10, d: true }, { a: 1, b: 'x', c: 20, d: false },
      { a: 1, b: 'y', c: 10, d: true }, { a: 1, b: 'y', c: 20, d: false },
      { a: 1, b: 'z', c: 10, d: true }, { a: 1, b: 'z', c: 20, d: false },
      { a: 2, b: 'x', c: 10, d: true }, { a: 2, b: 'x', c: 20, d: false },
      { a: 2, b: 'y', c: 10, d: true }, { a: 2, b: 'y', c: 20, d: false },
      { a: 2, b: 'z', c: 10, d: true }, { a: 2, b: 'z', c: 20, d: false },
    ];
    expect(enumerateValues(spec)).toEqual(expected);
    expect(enumerateValues(parseSweepSpec({ zip: { c: [1, 2, 3] } }))).toEqual([{ c: 1 }, { c: 2 }, { c: 3 }]);
    expect(enumerateValues(parseSweepSpec({ grid: { a: [1, 2] } }))).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('builds and validates every point config from base + dotted key paths, with ids in order', () => {
    const spec = parseSweepSpec({
      base: { rule: 'afa', tmax: 100, init: { kind: 'weights', seed: 3 } },
      grid: { eta: [0.1, 0.2], 'init.feedback.std': [0.5, 1] },
      zip: { rule: ['afa', 'bp'], 'sim.seed': [1, 7] },
    });
    const pts = sweepPoints(spec);
    expect(pts.map((p) => p.id)).toEqual(['p0000', 'p0001', 'p0002', 'p0003', 'p0004', 'p0005', 'p0006', 'p0007']);
    expect(pts.map((p) => [p.config.eta, p.config.init.kind === 'weights' ? p.config.init.feedback.std : NaN, p.config.rule, p.config.sim.seed])).toEqual([
      [0.1, 0.5, 'afa', 1], [0.1, 0.5, 'bp', 7], [0.1, 1, 'afa', 1], [0.1, 1, 'bp', 7],
      [0.2, 0.5, 'afa', 1], [0.2, 0.5, 'bp', 7], [0.2, 1, 'afa', 1], [0.2, 1, 'bp', 7],
    ]);
    // the base is kept where not swept, and not modified
    expect(pts.every((p) => p.config.tmax === 100 && p.config.init.seed === 3)).toBe(true);
    expect(spec.base).toEqual({ rule: 'afa', tmax: 100, init: { kind: 'weights', seed: 3 } });
  });

  it('pads ids to at least four digits and to the width of the largest index', () => {
    expect(pointId(5, 10)).toBe('p0005');
    expect(pointId(0, 1)).toBe('p0000');
    expect(pointId(12345, 20000)).toBe('p12345');
    expect(pointId(7, 20000)).toBe('p00007');
  });

  it('shards i/n (p mod n = i) partition the points exactly', () => {
    const pts = Array.from({ length: 23 }, (_, index) => ({ index }));
    for (let n = 1; n <= 6; n++) {
      const seen: number[] = [];
      for (let i = 0; i < n; i++) {
        const s = shardPoints(pts, { i, n });
        expect(s.every((p) => p.index % n === i)).toBe(true);
        seen.push(...s.map((p) => p.index));
      }
      expect(seen.sort((a, b) => a - b)).toEqual(pts.map((p) => p.index));
    }
    expect(parseShard('2/5')).toEqual({ i: 2, n: 5 });
    for (const bad of ['5/5', '1/0', 'a/b', '-1/3', '1']) expect(() => parseShard(bad)).toThrow(ConfigError);
  });

  it('refuses bad specs naming the field (and the point for point-level errors)', () => {
    const err = (s: unknown) => {
      try {
        sweepPoints(parseSweepSpec(s));
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as ConfigError).message;
      }
      throw new Error('expected a ConfigError');
    };
    expect(err({ grid: { etta: [1] } })).toMatch(/point p0000 \(etta=1\): grid\.etta: unknown key "etta" \(did you mean eta\?\)/);
    expect(err({ zip: { eta: [1, 2], noise: [0] } })).toMatch(/^zip: lists must have equal lengths \(eta: 2, noise: 1\)/);
    expect(err({ grid: { eta: [0.1, -1] } })).toMatch(/point p0001 \(eta=-1\): eta: must be > 0/);
    expect(err({ grid: {} })).toMatch(/^grid: the sweep is empty/);
    expect(err({ grid: { eta: [] } })).toMatch(/^grid\.eta: must list at least one value/);
    expect(err({ grid: { eta: [1] }, zip: { eta: [2] } })).toMatch(/^zip\.eta: is also in grid/);
    expect(err({ grid: { eta: [1] }, metric: {} })).toMatch(/^metric: unknown key/);
    expect(err({ grid: { 'eta.x': [1] } })).toMatch(/point p0000 .*grid\.eta\.x/);
    expect(err({ base: { tmax: 50 }, grid: { eta: [1] }, metrics: { egAt: [100] } })).toMatch(/point p0000 \(eta=1\): metrics\.egAt: time 100 is beyond/);
    expect(err({ grid: { rule: ['afa', 'dfa'] } })).toMatch(/point p0001 \(rule="dfa"\): feedbackWeights: required/);
  });

  it('dotted key paths: set (copying), get, and key=value parsing', () => {
    const a = { init: { kind: 'weights' } };
    const b = setKeyPath(a, 'init.feedback.std', 0.3);
    expect(b).toEqual({ init: { kind: 'weights', feedback: { std: 0.3 } } });
    expect(a).toEqual({ init: { kind: 'weights' } });
    expect(getKeyPath(b, 'init.feedback.std')).toBe(0.3);
    expect(() => setKeyPath({ eta: 1 }, 'eta.x', 2)).toThrow(/eta is 1, not an object/);
    expect(() => setKeyPath({}, 'a..b', 2)).toThrow(ConfigError);
    expect(parseKeyValue('sim.seeds=8')).toEqual({ path: 'sim.seeds', value: 8 });
    expect(parseKeyValue('rule=pepita')).toEqual({ path: 'rule', value: 'pepita' });
    expect(parseKeyValue('times=[0,1]')).toEqual({ path: 'times', value: [0, 1] });
    expect(() => parseKeyValue('=3')).toThrow(ConfigError);
  });
});

describe('examples/', () => {
  it('every example spec is valid and examples/sweep.schema.json is the current `schema --sweep`', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const { sweepJsonSchema } = await import('../../src/sweep/spec.ts');
    const dir = new URL('../../examples/', import.meta.url);
    const specs = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'sweep.schema.json' && !f.endsWith('.config.json'));
    expect(specs.sort()).toEqual(['afa-vs-pepita.json', 'mirror-rate-noise.json', 'modulated-error.json', 'noise-floor.json', 'plateau-escape.json', 'weight-decay.json']);
    for (const f of specs) expect(sweepPoints(parseSweepSpec(JSON.parse(readFileSync(new URL(f, dir), 'utf8')))).length).toBeGreaterThan(10);
    expect(JSON.parse(readFileSync(new URL('sweep.schema.json', dir), 'utf8'))).toEqual(sweepJsonSchema());
  });
});
