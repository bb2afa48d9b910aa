/**
 * The activations (src/core/activations.ts): `gWithSlope` — g and g' in one call, used by the
 * controlled cubature integrand — returns g bit for bit and g' equal to `dg` to rounding, over
 * both branches of erf (|x/√2| below and above 0.5) and the tails; erf itself against Math-based
 * identities (odd, erf(∞) = 1) and tabulated values.
 */
import { describe, expect, it } from 'vitest';
import { ACTIVATION_IDS, activation, erf } from '../../src/core/activations.ts';

describe('activations', () => {
  it('gWithSlope = (g, dg): g bit-identical, the slope equal to dg to rounding', () => {
    const slope = new Float64Array(1);
    const xs: number[] = [0, 1e-300, -0.3, 0.7, -0.707, 0.708, 1.5, -2.2, 3.9, 5.7, -8, 12, 40, -41];
    for (let i = 0; i < 400; i++) xs.push(-10 + i * 0.05);
    for (const id of ACTIVATION_IDS) {
      const a = activation(id);
      for (const x of xs) {
        expect(Object.is(a.gWithSlope(x, slope, 0), a.g(x)), `${id} g(${x})`).toBe(true);
        const d = a.dg(x);
        // erf's e^{−u²} (u = x/√2, rounded) vs dg's e^{−x²/2}: the exponents differ by ≈ x²·ε, which
        // e^{·} turns into a relative difference of ≈ x²·ε, plus a few roundings
        expect(Math.abs(slope[0] - d), `${id} g'(${x})`).toBeLessThanOrEqual((4 + x * x) * 2.3e-16 * Math.abs(d));
      }
    }
  });

  it('erf: odd, tabulated values to 1e-15, saturates', () => {
    // Abramowitz & Stegun Table 7.1 / high-precision values
    const table: [number, number][] = [[0.1, 0.1124629160182849], [0.5, 0.5204998778130465], [1, 0.8427007929497149], [2, 0.9953222650189527], [3.5, 0.9999992569016276]];
    for (const [x, v] of table) {
      expect(Math.abs(erf(x) - v)).toBeLessThan(1e-15);
      expect(erf(-x)).toBe(-erf(x));
    }
    expect(erf(30)).toBe(1);
  });
});
