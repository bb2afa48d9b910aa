/**
 * The closed ODE of a deeper student (docs/rules.md "Deeper students"). Only W1 sees the input, so
 * the first layer moves by the one form of every rule (rule.ts) with the deep rule's per-sample
 * coefficients (a, b), and the head (W_mid, W3, …) — O(1) numbers updated by O(1/D) per step —
 * follows the mean of its increments:
 *
 *   dQ^kl/dt = −η E[a_l λ^k + b_l (λ^k − f^k e) + a_k λ^l + b_k (λ^l − f^l e)] + η² E[(a_k+b_k)(a_l+b_l)]
 *   dR^km/dt = −η E[a_k ν^m + b_k (ν^m − f̃^m e)]
 *   df^k/dt  = −η E[a_k ρ + b_k (ρ − q_f e)]
 *   dθ_i/dt  = −r_i E[Δ_i]    (r = η for the middle matrices, η₂ for the output weights)
 *
 * with e = ŷ − y, ŷ = W_out·h_L through the head, every average over the K1 + M fields (λ, ν) (+ ξ
 * with label noise; ρ by its conditional mean) — the same backends as the shallow general RHS.
 * The loops are over `deepNet(hidden)`'s layout, so more hidden layers need no change here.
 */
import type { FieldIntegrand, GaussianAveragingBackend } from '../src/core/averaging.ts';
import type { DeepSetup } from '../src/core/learningSetup.ts';
import { covarianceOf, emptyOverlaps, type Overlaps } from '../src/core/overlaps.ts';
import { deepSample, runDeepSample, type DeepSample } from '../src/core/rules/deep.ts';
import { accumulateFirstLayer } from './firstLayer.ts';
import { StateAccumulator, unpackState, type OdeSystem, type RhsFunction } from './state.ts';

/** The per-sample integrand of the deep ODE at one state (set with `setState`). Allocation-free. */
export class DeepOdeIntegrand extends StateAccumulator implements FieldIntegrand {
  private readonly sys: OdeSystem;
  private readonly deep: DeepSetup;
  private readonly sample: DeepSample;
  private readonly head: Float64Array;
  private readonly f: Float64Array;
  private readonly ft: Float64Array;
  private qf = 0;
  private readonly lam: Float64Array;

  constructor(sys: OdeSystem) {
    if (sys.deep === null) throw new Error('DeepOdeIntegrand needs a deep system');
    super(sys.K, sys.M, false, sys.deep.net.size);
    this.sys = sys;
    this.deep = sys.deep;
    this.sample = deepSample(sys.deep.net, sys.student);
    this.head = new Float64Array(sys.deep.net.size);
    this.f = new Float64Array(sys.K);
    this.ft = new Float64Array(sys.M);
    this.lam = new Float64Array(sys.K);
  }

  /** The state whose averages are taken next. */
  setState(o: Overlaps): void {
    if (!o.deep) throw new Error('a deep system needs overlaps with a head');
    this.head.set(o.deep.head);
    this.f.set(o.f);
    this.ft.set(o.ft);
    this.qf = o.qf;
  }

  accumulate(fields: Float64Array, xi: number, weight: number, acc: Float64Array): void {
    const { K, M, eta, noise, W2t } = this.sys;
    const { lam, sample, ft, qf } = this;
    for (let k = 0; k < K; k++) lam[k] = fields[k];
    const gt = this.sys.teacher.g;
    let y = noise * xi;
    for (let m = 0; m < M; m++) y += W2t[m] * gt(fields[K + m]);
    const e = runDeepSample(this.deep.rule, sample, this.head, lam, this.f, y);
    accumulateFirstLayer(K, M, eta, this, sample.a, sample.b, lam, sample.lamX, fields, ft, qf, e, weight, acc);
    const { rates, net } = this.deep;
    const { delta } = sample;
    const offHead = this.offHead;
    for (let i = 0; i < net.size; i++) acc[offHead + i] += weight * (-rates[i] * delta[i]);
  }
}

/** dy ← the deep RHS, averaged by `backend`. */
export function buildDeepRhs(sys: OdeSystem, backend: GaussianAveragingBackend): RhsFunction {
  const integrand = new DeepOdeIntegrand(sys);
  const o = emptyOverlaps(sys.K, sys.M);
  const C = new Float64Array((sys.K + sys.M + 1) ** 2);
  return (_t, y, dy) => {
    unpackState(y, sys, o);
    covarianceOf(o, C);
    integrand.setState(o);
    backend.average(C, integrand, dy, _t);
  };
}
