/**
 * The deep forms of the rules that have one (docs/rules.md "Deeper students"): per sample, the
 * first-layer coefficients (a, b) of the one form of every rule (rule.ts) — W1^k −= (η/√D)(a_k x + b_k x_err) —
 * and the increments Δ of the head (src/core/deep.ts), head_i −= (rate_i/D) Δ_i. Layers are
 * numbered as the paper's Algorithm 1: h_0 = x, h_1 = g(λ), …, h_L, output ŷ = W_out·h_L.
 *
 *   PEPITA (Algorithm 1):  ΔW_ℓ = (h_ℓ − h_ℓ^err) h_{ℓ−1}^errᵀ (ℓ ≤ L), ΔW_out = e h_L^err:
 *                          a = 0, b = h_1 − h_1^err
 *   PEPITA-Hebbian (eq. 13 per layer, eq. 14 at the output): ΔW_ℓ = h_ℓ h_{ℓ−1}ᵀ − h_ℓ^err h_{ℓ−1}^errᵀ,
 *                          ΔW_out = ŷ h_Lᵀ − y h_L^errᵀ: a = h_1, b = −h_1^err
 *   BP:                    δ_L = W_out ⊙ g'(z_L) e, δ_ℓ = g'(z_ℓ) ⊙ W_ℓᵀ δ_{ℓ+1}; ΔW_ℓ = δ_{ℓ+1} h_ℓᵀ,
 *                          ΔW_out = e h_L: a = δ_1, b = 0
 *
 * The modulated pass h^err runs on x_err = x − Fe/√D, i.e. on the fields λ − f e (the engine computes it).
 */
import type { Activation } from '../activations.ts';
import { headForward, layerBuffers, type DeepNet, type LayerBuffers } from '../deep.ts';

/** Everything a deep rule reads for one sample (filled by the engine). */
export interface DeepPass {
  readonly net: DeepNet;
  /** the head before the step (set by `runDeepSample`) */
  head: Float64Array;
  /** clean pass: pre-activations and activations of every hidden layer */
  readonly clean: LayerBuffers;
  /** modulated pass (fields λ − f e): filled only when the rule's `modulated` is true */
  readonly mod: LayerBuffers;
  /** scratch of the backward pass, one buffer per hidden layer */
  readonly delta: Float64Array[];
  e: number;
  yhat: number;
  y: number;
  readonly g: Activation;
}

/** A rule's form for a deep student. */
export interface DeepRule {
  /** the rule needs the modulated pass */
  readonly modulated: boolean;
  /** a (K1), b (K1) and Δ (head size) of one sample, written (not accumulated) */
  coefficients(p: DeepPass, a: Float64Array, b: Float64Array, delta: Float64Array): void;
}

/** The per-sample buffers of one engine's deep passes: the pass, a, b (K1), Δ (head size), the modulated fields λ − f e (K1). */
export interface DeepSample {
  readonly pass: DeepPass;
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly delta: Float64Array;
  readonly lamX: Float64Array;
}

/** Buffers for one engine (the simulation step or the ODE integrand) of a deep setup. */
export function deepSample(net: DeepNet, g: Activation): DeepSample {
  const K = net.hidden[0];
  return {
    pass: { net, head: new Float64Array(net.size), clean: layerBuffers(net), mod: layerBuffers(net), delta: net.hidden.map((w) => new Float64Array(w)), e: 0, yhat: 0, y: 0, g },
    a: new Float64Array(K), b: new Float64Array(K), delta: new Float64Array(net.size), lamX: new Float64Array(K),
  };
}

/**
 * One sample, the same in both engines: the clean pass through `head` from the fields λ, e = ŷ − y,
 * the modulated pass on λ − f e (into `s.lamX`) when the rule needs it, and the rule's (a, b, Δ)
 * into `s`. Returns e.
 */
export function runDeepSample(rule: DeepRule, s: DeepSample, head: Float64Array, lam: ArrayLike<number>, f: ArrayLike<number>, y: number): number {
  const { pass, lamX } = s;
  const net = pass.net;
  const g = pass.g.g;
  pass.head = head;
  const yhat = headForward(net, head, lam, pass.clean, g);
  const e = yhat - y;
  pass.e = e;
  pass.yhat = yhat;
  pass.y = y;
  for (let k = 0; k < net.hidden[0]; k++) lamX[k] = lam[k] - f[k] * e;
  if (rule.modulated) headForward(net, head, lamX, pass.mod, g);
  rule.coefficients(pass, s.a, s.b, s.delta);
  return e;
}

// ΔW of every middle matrix in plain loops (the cubature hot loop: no closures per entry)

/** PEPITA, Algorithm 1 with every layer. */
export const PEPITA_DEEP: DeepRule = {
  modulated: true,
  coefficients(p, a, b, delta) {
    const { net, clean, mod } = p;
    const h = clean.acts, hm = mod.acts;
    for (let k = 0; k < net.hidden[0]; k++) {
      a[k] = 0;
      b[k] = h[0][k] - hm[0][k];
    }
    for (let i = 0; i + 1 < net.L; i++) {
      const nIn = net.hidden[i], nOut = net.hidden[i + 1], off = net.midOffsets[i];
      const post = h[i + 1], postM = hm[i + 1], preM = hm[i];
      for (let j = 0; j < nOut; j++) {
        const dj = post[j] - postM[j];
        for (let k = 0; k < nIn; k++) delta[off + j * nIn + k] = dj * preM[k];
      }
    }
    const last = hm[net.L - 1];
    for (let j = 0; j < last.length; j++) delta[net.outOffset + j] = p.e * last[j];
  },
};

/** PEPITA-Hebbian, eq. 13 in every hidden layer and eq. 14 at the output. */
export const PEPITA_HEBBIAN_DEEP: DeepRule = {
  modulated: true,
  coefficients(p, a, b, delta) {
    const { net, clean, mod } = p;
    const h = clean.acts, hm = mod.acts;
    for (let k = 0; k < net.hidden[0]; k++) {
      a[k] = h[0][k];
      b[k] = -hm[0][k];
    }
    for (let i = 0; i + 1 < net.L; i++) {
      const nIn = net.hidden[i], nOut = net.hidden[i + 1], off = net.midOffsets[i];
      const post = h[i + 1], pre = h[i], postM = hm[i + 1], preM = hm[i];
      for (let j = 0; j < nOut; j++) for (let k = 0; k < nIn; k++) delta[off + j * nIn + k] = post[j] * pre[k] - postM[j] * preM[k];
    }
    const L = net.L;
    for (let j = 0; j < net.hidden[L - 1]; j++) delta[net.outOffset + j] = p.yhat * h[L - 1][j] - p.y * hm[L - 1][j];
  },
};

/** Backpropagation through every layer. */
export const BP_DEEP: DeepRule = {
  modulated: false,
  coefficients(p, a, b, delta) {
    const { net, head, clean } = p;
    const { hidden, L } = net;
    const dg = p.g.dg;
    const d = p.delta;
    const z = clean.pre, h = clean.acts;
    for (let j = 0; j < hidden[L - 1]; j++) d[L - 1][j] = head[net.outOffset + j] * dg(z[L - 1][j]) * p.e;
    for (let i = L - 2; i >= 0; i--) {
      const nIn = hidden[i], nOut = hidden[i + 1], off = net.midOffsets[i];
      for (let k = 0; k < nIn; k++) {
        let s = 0;
        for (let j = 0; j < nOut; j++) s += head[off + j * nIn + k] * d[i + 1][j];
        d[i][k] = dg(z[i][k]) * s;
      }
    }
    for (let k = 0; k < hidden[0]; k++) {
      a[k] = d[0][k];
      b[k] = 0;
    }
    for (let i = 0; i + 1 < L; i++) {
      const nIn = hidden[i], nOut = hidden[i + 1], off = net.midOffsets[i];
      const post = d[i + 1], pre = h[i];
      for (let j = 0; j < nOut; j++) for (let k = 0; k < nIn; k++) delta[off + j * nIn + k] = post[j] * pre[k];
    }
    for (let j = 0; j < hidden[L - 1]; j++) delta[net.outOffset + j] = p.e * h[L - 1][j];
  },
};
