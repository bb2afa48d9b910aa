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
import { headForward, layerBuffers, type DeepNet } from '../src/core/deep.ts';
import type { DeepSetup } from '../src/core/learningSetup.ts';
import { covarianceOf, emptyOverlaps, type Overlaps } from '../src/core/overlaps.ts';
import type { DeepPass } from '../src/core/rules/deep.ts';
import { accumulateFirstLayer } from './firstLayer.ts';
import { qIndex, stateLayout, unpackState, type OdeSystem, type RhsFunction } from './state.ts';

/** The per-sample integrand of the deep ODE at one state (set with `setState`). Allocation-free. */
export class DeepOdeIntegrand implements FieldIntegrand {
  readonly size: number;
  private readonly sys: OdeSystem;
  private readonly deep: DeepSetup;
  private readonly net: DeepNet;
  private readonly pass: DeepPass;
  private readonly head: Float64Array;
  private readonly f: Float64Array;
  private readonly ft: Float64Array;
  private qf = 0;
  private readonly lam: Float64Array;
  private readonly lamX: Float64Array;
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  private readonly delta: Float64Array;
  readonly offR: number;
  readonly offF: number;
  private readonly offHead: number;
  readonly qIdx: Int32Array;

  constructor(sys: OdeSystem) {
    if (sys.deep === null) throw new Error('DeepOdeIntegrand needs a deep system');
    const { K, M } = sys;
    this.sys = sys;
    this.deep = sys.deep;
    this.net = sys.deep.net;
    const L = stateLayout(K, M, false, this.net.size);
    this.size = L.size;
    this.offR = L.offR;
    this.offF = L.offF;
    this.offHead = L.offHead;
    this.qIdx = new Int32Array(K * K);
    for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) this.qIdx[k * K + l] = qIndex(K, k, l);
    this.head = new Float64Array(this.net.size);
    this.f = new Float64Array(K);
    this.ft = new Float64Array(M);
    this.lam = new Float64Array(K);
    this.lamX = new Float64Array(K);
    this.a = new Float64Array(K);
    this.b = new Float64Array(K);
    this.delta = new Float64Array(this.net.size);
    this.pass = {
      net: this.net, head: this.head, clean: layerBuffers(this.net), mod: layerBuffers(this.net),
      delta: this.net.hidden.map((w) => new Float64Array(w)), e: 0, yhat: 0, y: 0, g: sys.student,
    };
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
    const { K, M, eta } = this.sys;
    const { net, pass, lam, lamX, a, b, delta, f, ft, qf, head } = this;
    const g = this.sys.student.g;
    for (let k = 0; k < K; k++) lam[k] = fields[k];
    const yhat = headForward(net, head, lam, pass.clean, g);
    const gt = this.sys.teacher.g;
    const W2t = this.sys.W2t;
    let y = this.sys.noise * xi;
    for (let m = 0; m < M; m++) y += W2t[m] * gt(fields[K + m]);
    const e = yhat - y;
    pass.e = e;
    pass.yhat = yhat;
    pass.y = y;
    for (let k = 0; k < K; k++) lamX[k] = lam[k] - f[k] * e;
    if (this.deep.rule.modulated) headForward(net, head, lamX, pass.mod, g);
    this.deep.rule.coefficients(pass, a, b, delta);
    accumulateFirstLayer(K, M, eta, this, a, b, lam, lamX, fields, ft, qf, e, weight, acc);
    const rates = this.deep.rates;
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
