/**
 * Closed forms of src/core/integrals.ts against brute-force Gaussian integration: 10⁶ samples of
 * an independent sampler (test/core/gaussianMc.ts) on random positive-definite covariances,
 * for erf and linear units and their mixtures.
 *
 * Tolerance: |closed − MC| ≤ 5 SE (SE = the sample standard error of each average). A correct
 * formula fails this with probability ≈ 6e-7 per quantity (≈ 1e-3 over the ~1300 compared),
 * and the seeds are fixed, so the test is deterministic; a wrong formula (e.g. I3 without the
 * tilt, or I4 with the wrong Λ) is off by many SE — the last test shows it.
 */
import { describe, expect, it } from 'vitest';
import { activation } from '../../src/core/activations.ts';
import { I2, I3, I4, J2, UNIT_ERF, UNIT_LINEAR, pairAverage, type UnitKind } from '../../src/core/integrals.ts';
import { gaussianMeans, randomSpd, TestRng } from './gaussianMc.ts';

const erf = activation('erf');
const SAMPLES = 1_000_000;
const K = 2, M = 2, U = K + M, n = U + 1;

/** Names and closed forms of every I2, I3, J2, I4 of a K = M = 2 problem (plus ρ), in a fixed order. */
function closedForms(C: Float64Array, kinds: UnitKind[]): { names: string[]; closed: number[] } {
  const names: string[] = [], closed: number[] = [];
  for (let a = 0; a < U; a++) for (let b = a; b < U; b++) {
    names.push(`I2(${a},${b})`); closed.push(I2(C, n, a, b, kinds[a], kinds[b]));
  }
  for (let a = 0; a < K; a++) for (let x = 0; x < n; x++) for (let c = 0; c < U; c++) {
    names.push(`I3(${a},${x},${c})`); closed.push(I3(C, n, a, x, c, kinds[a], kinds[c]));
  }
  for (let a = 0; a < K; a++) for (let b = a; b < K; b++) {
    names.push(`J2(${a},${b})`); closed.push(J2(C, n, a, b, kinds[a], kinds[b]));
    for (let c = 0; c < U; c++) for (let d = c; d < U; d++) {
      names.push(`I4(${a},${b},${c},${d})`); closed.push(I4(C, n, a, b, c, d, kinds[a], kinds[b], kinds[c], kinds[d]));
    }
  }
  return { names, closed };
}

/** The same integrands, same order, for one sample (plain loops: this runs 10⁶ times). */
function integrands(x: Float64Array, g: Float64Array, dg: Float64Array, out: Float64Array, off: number): number {
  let j = off;
  for (let a = 0; a < U; a++) for (let b = a; b < U; b++) out[j++] = g[a] * g[b];
  for (let a = 0; a < K; a++) for (let y = 0; y < n; y++) for (let c = 0; c < U; c++) out[j++] = dg[a] * x[y] * g[c];
  for (let a = 0; a < K; a++) for (let b = a; b < K; b++) {
    const dd = dg[a] * dg[b];
    out[j++] = dd;
    for (let c = 0; c < U; c++) for (let d = c; d < U; d++) out[j++] = dd * g[c] * g[d];
  }
  return j;
}

interface Row { name: string; closed: number; mc: number; se: number }

/** One 10⁶-sample pass over C, all kind sets at once (the same samples for each). */
function compareAll(C: Float64Array, kindSets: UnitKind[][], seed: number): Row[][] {
  const forms = kindSets.map((ks) => closedForms(C, ks));
  const q = forms[0].names.length;
  const g = new Float64Array(U), dg = new Float64Array(U);
  const { mean, se } = gaussianMeans(C, n, q * kindSets.length, SAMPLES, seed, (x, out) => {
    let off = 0;
    for (const kinds of kindSets) {
      for (let a = 0; a < U; a++) {
        g[a] = kinds[a] === UNIT_ERF ? erf.g(x[a]) : x[a];
        dg[a] = kinds[a] === UNIT_ERF ? erf.dg(x[a]) : 1;
      }
      off = integrands(x, g, dg, out, off);
    }
  });
  return forms.map((f, s) => f.names.map((name, j) => ({ name, closed: f.closed[j], mc: mean[s * q + j], se: se[s * q + j] })));
}

const E = UNIT_ERF, Li = UNIT_LINEAR;
const KIND_SETS: [string, UnitKind[]][] = [
  ['erf student, erf teacher', [E, E, E, E]],
  ['erf student, linear teacher', [E, E, Li, Li]],
  ['linear student, erf teacher', [Li, Li, E, E]],
];

describe('closed-form Gaussian averages vs 10⁶-sample Monte Carlo', () => {
  const rng = new TestRng(2024);
  const covs = [randomSpd(n, rng), randomSpd(n, rng, 0.05, 2)];
  const results = new Map<number, Row[][]>();
  const rowsFor = (ci: number) => {
    if (!results.has(ci)) results.set(ci, compareAll(covs[ci], KIND_SETS.map((k) => k[1]), 100 + ci));
    return results.get(ci) as Row[][];
  };
  for (let ci = 0; ci < covs.length; ci++) {
    for (const [si, [label]] of KIND_SETS.entries()) {
      it(`covariance #${ci}, ${label}`, () => {
        const rows = rowsFor(ci)[si];
        const bad = rows.filter((r) => !(Math.abs(r.closed - r.mc) <= 5 * r.se + 1e-12));
        expect(bad.map((r) => `${r.name}: closed ${r.closed} mc ${r.mc} ± ${r.se}`)).toEqual([]);
        // the comparison has resolving power: standard errors are small against the values
        expect(Math.max(...rows.map((r) => r.se))).toBeLessThan(5e-3);
        expect(rows.length).toBe(10 + 40 + 3 + 30);
      });
    }
  }

  it('linear units: the averages are the covariances (exact)', () => {
    const C = randomSpd(n, new TestRng(7));
    expect(I2(C, n, 0, 3, Li, Li)).toBe(C[3]);
    expect(I3(C, n, 1, 4, 2, Li, Li)).toBe(C[4 * n + 2]);
    expect(I4(C, n, 0, 1, 2, 3, Li, Li, Li, Li)).toBe(C[2 * n + 3]);
    expect(J2(C, n, 0, 1, Li, Li)).toBe(1);
  });

  it('guards: rounding past |asin argument| = 1 or a negative radicand gives finite values', () => {
    // a perfectly correlated pair at huge variance: 1 + C rounds to C, the asin argument to ≥ 1
    const big = 1e17;
    expect(pairAverage(big, big, big * (1 + 4e-16), E, E)).toBeCloseTo(1, 12);
    expect(pairAverage(big, big, -big * (1 + 4e-16), E, E)).toBeCloseTo(-1, 12);
    expect(Number.isFinite(J2(Float64Array.from([big, big, big, big * (1 + 4e-16)]), 2, 0, 1))).toBe(true);
  });

  it('the Monte Carlo check would catch a wrong formula (I3 without the tilt of g′)', () => {
    const C = covs[0];
    const rows = rowsFor(0)[0].filter((r) => r.name.startsWith('I3('));
    // wrong: E[g'(a) b g(c)] ≈ E[g'(a)] E[b g(c)] (ignores the correlations of a with b and c)
    const wrong = rows.map((r) => {
      const [a, b, c] = r.name.slice(3, -1).split(',').map(Number);
      const wrongVal = (Math.sqrt(2 / Math.PI) / Math.sqrt(1 + C[a * n + a])) * (C[b * n + c] * Math.sqrt(2 / Math.PI) / Math.sqrt(1 + C[c * n + c]));
      return Math.abs(wrongVal - r.mc) / r.se;
    });
    expect(Math.max(...wrong)).toBeGreaterThan(50);
  });
});
