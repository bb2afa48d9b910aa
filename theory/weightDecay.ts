/**
 * Weight decay in the D → ∞ limit (docs/rules.md "Weight decay"): the finite-D step's factors
 * (1 − ηλ1/D) on W1 and (1 − η₂λ2/D) on W2 (sim/steps/weightDecay.ts) add, per unit time,
 *
 *   dQ −= 2ηλ1 Q,   dR −= ηλ1 R,   df −= ηλ1 f,   dW2 −= η₂λ2 W2
 *
 * (and with a mirror dP −= ηλ1 P: P = W1F1/D) to any rule's right-hand side — a closed form, cubature or the first-order model alike (the decay
 * is linear in the state and needs no average). (1 − c)² = 1 − 2c + c²: the c² = O(1/D²) per step
 * vanishes in the limit.
 */
import type { OdeSystem, RhsFunction } from './state.ts';
import { stateLayout } from './state.ts';

/** The right-hand side with the system's weight decay added (the same function when there is none). */
export function withWeightDecay(rhs: RhsFunction, sys: Pick<OdeSystem, 'K' | 'M' | 'eta' | 'eta2' | 'weightDecay' | 'mirror'>): RhsFunction {
  const c1 = sys.eta * sys.weightDecay.W1;
  const c2 = sys.eta2 * sys.weightDecay.W2;
  if (c1 === 0 && c2 === 0) return rhs;
  const L = stateLayout(sys.K, sys.M, sys.mirror !== null);
  return (t, y, dy) => {
    rhs(t, y, dy);
    // Q: the upper triangle before offR
    for (let i = 0; i < L.offR; i++) dy[i] -= 2 * c1 * y[i];
    for (let i = L.offR; i < L.offW2; i++) dy[i] -= c1 * y[i];
    for (let i = L.offW2; i < L.offF; i++) dy[i] -= c2 * y[i];
    // f and (with a mirror) P, both linear in W1 and adjacent in the layout
    for (let i = L.offF; i < L.offPt; i++) dy[i] -= c1 * y[i];
  };
}
