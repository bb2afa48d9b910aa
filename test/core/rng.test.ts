/**
 * The shared RNG: moments, Kolmogorov–Smirnov against Φ, the ziggurat tail, reproducibility,
 * fillNormal ≡ repeated normal(), and the independence of split streams. Tolerances are 5 standard
 * errors (or a KS critical value at p = 1e-3), so a correct generator fails with probability ~1e-6
 * per check while a biased one (e.g. a wrong layer table) is far outside.
 */
import { describe, expect, it } from 'vitest';
import { erf } from '../../src/core/activations.ts';
import { Rng, ZIGGURAT } from '../../src/core/rng.ts';

const Phi = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));

/** Kolmogorov–Smirnov statistic √n·sup|F_n − F| of a sample against the cdf F. */
function ksStatistic(sample: Float64Array, cdf: (x: number) => number): number {
  const s = Float64Array.from(sample).sort();
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const F = cdf(s[i]);
    d = Math.max(d, (i + 1) / n - F, F - i / n);
  }
  return Math.sqrt(n) * d;
}
/** asymptotic KS critical value at p = 0.001 */
const KS_CRIT_001 = 1.949;

describe('Rng', () => {
  it('ziggurat tables close at the peak (the layers have equal areas)', () => {
    expect(Math.abs(ZIGGURAT.closure)).toBeLessThan(1e-12);
    expect(ZIGGURAT.X[ZIGGURAT.N]).toBe(0);
    expect(ZIGGURAT.R).toBeCloseTo(3.6541528853610088, 12); // Marsaglia & Tsang's r for 256 layers
  });

  it('normal moments: mean 0, variance 1, skewness 0, kurtosis 3', () => {
    const n = 1_000_000;
    const z = new Float64Array(n);
    new Rng(7).fillNormal(z, 0, n);
    let m1 = 0, m2 = 0, m3 = 0, m4 = 0;
    for (const v of z) {
      m1 += v; m2 += v * v; m3 += v * v * v; m4 += v * v * v * v;
    }
    m1 /= n; m2 /= n; m3 /= n; m4 /= n;
    // standard errors: Var[x]=1, Var[x²]=2, Var[x³]=15, Var[x⁴]=96
    expect(Math.abs(m1)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(m2 - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(m3)).toBeLessThan(5 * Math.sqrt(15 / n));
    expect(Math.abs(m4 - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
  });

  it('normal passes Kolmogorov–Smirnov against Φ; uniform against U(0,1)', () => {
    const n = 200_000;
    const z = new Float64Array(n);
    new Rng(11).fillNormal(z, 0, n);
    expect(ksStatistic(z, Phi)).toBeLessThan(KS_CRIT_001);
    const r = new Rng(12);
    const u = new Float64Array(n);
    for (let i = 0; i < n; i++) u[i] = r.uniform();
    expect(ksStatistic(u, (x) => x)).toBeLessThan(KS_CRIT_001);
    // a KS test that can fail: a sample of the wrong variance is rejected
    const wide = z.map((v) => 1.02 * v);
    expect(ksStatistic(wide, Phi)).toBeGreaterThan(KS_CRIT_001);
  });

  it('the tail beyond r (the slow path) has the right mass and shape', () => {
    const n = 2_000_000;
    const z = new Float64Array(n);
    new Rng(13).fillNormal(z, 0, n);
    const r = ZIGGURAT.R;
    const tail: number[] = [];
    for (const v of z) if (Math.abs(v) > r) tail.push(Math.abs(v));
    const p = 2 * (1 - Phi(r)); // ≈ 2.58e-4
    const expected = n * p;
    expect(Math.abs(tail.length - expected)).toBeLessThan(5 * Math.sqrt(expected));
    // conditional law of |z| given |z| > r: P(|z| ≤ x | |z| > r) = (Φ(x) − Φ(r))/(1 − Φ(r)); few hundred points → KS
    const cond = (x: number) => (Phi(x) - Phi(r)) / (1 - Phi(r));
    expect(ksStatistic(Float64Array.from(tail), cond)).toBeLessThan(KS_CRIT_001);
  });

  it('fillNormal gives exactly the numbers of repeated normal()', () => {
    const a = new Rng(99);
    const b = new Rng(99);
    const out = new Float64Array(10_007);
    a.fillNormal(out, 3, 10_000);
    const one = new Float64Array(10_000);
    for (let i = 0; i < 10_000; i++) one[i] = b.normal();
    expect(Array.from(out.subarray(3, 10_003))).toEqual(Array.from(one));
    expect(a.nextU32()).toBe(b.nextU32());
  });

  it('is reproducible per seed; different seeds give different streams', () => {
    const a = new Rng(5), b = new Rng(5), c = new Rng(6);
    const xa = [], xb = [], xc = [];
    for (let i = 0; i < 100; i++) {
      xa.push(a.nextU32()); xb.push(b.nextU32()); xc.push(c.nextU32());
    }
    expect(xa).toEqual(xb);
    expect(xa).not.toEqual(xc);
  });

  it('split streams are independent: sample correlations within 5/√n, across indices and seeds', () => {
    const n = 100_000;
    const parent = new Rng(21);
    const streams = [parent.split(0), parent.split(1), new Rng(21).split(0), new Rng(22)];
    const z = streams.map((s) => {
      const v = new Float64Array(n);
      s.fillNormal(v, 0, n);
      return v;
    });
    const corr = (x: Float64Array, y: Float64Array) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += x[i] * y[i];
      return s / n;
    };
    // split(0) of the same parent state is deterministic
    expect(corr(z[0], z[2])).toBeCloseTo(corr(z[0], z[0]), 12);
    for (const [i, j] of [[0, 1], [0, 3], [1, 3]]) expect(Math.abs(corr(z[i], z[j]))).toBeLessThan(5 / Math.sqrt(n));
    // and lagged self-correlation of one stream (serial independence)
    let lag = 0;
    for (let i = 1; i < n; i++) lag += z[1][i] * z[1][i - 1];
    expect(Math.abs(lag / (n - 1))).toBeLessThan(5 / Math.sqrt(n));
  });

});
