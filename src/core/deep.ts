/**
 * Deeper students (Sec. 5; docs/rules.md "Deeper students"): x → K1 → K2 → … → K_L → 1 with
 * λ = W1x/√D (K1), h1 = g(λ), h_{ℓ+1} = g(W_ℓ h_ℓ) (W_ℓ K_{ℓ+1}×K_ℓ, O(1) entries), ŷ = W_out·h_L.
 * Only the first layer sees the D-dimensional input, so the fields (λ, ν, ρ) stay jointly Gaussian
 * and the layers after the first — the *head* — are finite-dimensional parts of the state. The head
 * is one flat Float64Array: the middle matrices row-major in order, then the output vector. Every
 * engine goes through this layout (`deepNet`), the forward pass (`headForward`) and the names
 * (`headNames`), so another hidden layer is another entry of `hidden`, not new code.
 *
 *   const net = deepNet([3, 2]);      // W_mid 2×3 at offset 0, W3 (2) at offset 6, size 8
 *   const yhat = headForward(net, head, lam, pre, acts, g);
 *
 * Light on purpose (no zod): simulation workers import it.
 */
import { Rng } from './rng.ts';

/** The shape of a deep student's head: the hidden widths and where each layer lives in the flat head vector. */
export interface DeepNet {
  /** hidden widths [K1, …, K_L], L ≥ 2 */
  readonly hidden: readonly number[];
  /** number of hidden layers L */
  readonly L: number;
  /** offset of middle matrix i (mapping h_{i+1} → pre-activation of layer i+2; K_{i+2}×K_{i+1} row-major), i = 0…L−2 */
  readonly midOffsets: readonly number[];
  /** offset of the output weights (K_L) */
  readonly outOffset: number;
  /** length of the head vector */
  readonly size: number;
}

/** The layout of the head of a student with these hidden widths (at least two). */
export function deepNet(hidden: readonly number[]): DeepNet {
  if (hidden.length < 2) throw new Error(`a deep student has at least two hidden layers (got ${hidden.length})`);
  const midOffsets: number[] = [];
  let off = 0;
  for (let i = 0; i + 1 < hidden.length; i++) {
    midOffsets.push(off);
    off += hidden[i + 1] * hidden[i];
  }
  return { hidden: [...hidden], L: hidden.length, midOffsets, outOffset: off, size: off + hidden[hidden.length - 1] };
}

/** The head of a deep student: its hidden widths and its flat weights (the state part after W1). */
export interface DeepHead {
  readonly hidden: readonly number[];
  /** middle matrices then output weights, as `deepNet(hidden)` lays them out */
  readonly head: Float64Array;
}

/**
 * CSV names of the head (1-based): with two hidden layers Wmid_j_k (j ≤ K2, k ≤ K1) and W3_j, the
 * paper's numbering of the output layer; with more, Wmid1_j_k, Wmid2_j_k, … and W{L+1}_j.
 */
export function headNames(net: DeepNet): string[] {
  const names: string[] = [];
  const { hidden, L } = net;
  for (let i = 0; i + 1 < L; i++) {
    const tag = L === 2 ? 'Wmid' : `Wmid${i + 1}`;
    for (let j = 1; j <= hidden[i + 1]; j++) for (let k = 1; k <= hidden[i]; k++) names.push(`${tag}_${j}_${k}`);
  }
  for (let j = 1; j <= hidden[L - 1]; j++) names.push(`W${L + 1}_${j}`);
  return names;
}

/**
 * Per-sample buffers of a forward pass through the head: pre-activations and activations of every
 * hidden layer (pre[0] = λ, acts[0] = g(λ), pre[ℓ] = W_{ℓ−1} acts[ℓ−1], acts[ℓ] = g(pre[ℓ])).
 */
export interface LayerBuffers {
  readonly pre: Float64Array[];
  readonly acts: Float64Array[];
}

/** Buffers for one pass of `net`. */
export function layerBuffers(net: DeepNet): LayerBuffers {
  return { pre: net.hidden.map((w) => new Float64Array(w)), acts: net.hidden.map((w) => new Float64Array(w)) };
}

/**
 * The forward pass from first-layer fields `lam` (K1) through the head: fills `b.pre`, `b.acts`
 * and returns ŷ = W_out·h_L. Plain loops (the cubature and simulation hot loops call it per sample).
 */
export function headForward(net: DeepNet, head: Float64Array, lam: ArrayLike<number>, b: LayerBuffers, g: (x: number) => number): number {
  const { hidden, L, midOffsets } = net;
  const { pre, acts } = b;
  const p0 = pre[0], a0 = acts[0];
  for (let k = 0; k < hidden[0]; k++) {
    p0[k] = lam[k];
    a0[k] = g(lam[k]);
  }
  for (let i = 0; i + 1 < L; i++) {
    const nIn = hidden[i], nOut = hidden[i + 1], off = midOffsets[i];
    const aIn = acts[i], pOut = pre[i + 1], aOut = acts[i + 1];
    for (let j = 0; j < nOut; j++) {
      let z = 0;
      for (let k = 0; k < nIn; k++) z += head[off + j * nIn + k] * aIn[k];
      pOut[j] = z;
      aOut[j] = g(z);
    }
  }
  const aL = acts[L - 1];
  let yhat = 0;
  for (let j = 0; j < hidden[L - 1]; j++) yhat += head[net.outOffset + j] * aL[j];
  return yhat;
}

/**
 * The per-step rates of the head's entries (the update is head_i −= (rate_i/D)·Δ_i): η for the
 * middle matrices (one main-text η for every hidden layer, DESIGN "Deeper students"), η₂ for the
 * output weights (η₂ = η unless set, as for W2 of the shallow student).
 */
export function headRates(net: DeepNet, eta: number, eta2: number): Float64Array {
  const r = new Float64Array(net.size).fill(eta);
  r.fill(eta2, net.outOffset);
  return r;
}

/** split index of the stream that samples the middle matrices ("dp"): W̃1, W1, F are drawn as without a head */
const HEAD_STREAM = 0x6470;

/**
 * The initial head of a `weights` init: every middle matrix i.i.d. N(0, 1/K_in) ("gaussian": the
 * pre-activations then have the variance of the activations below) or given, the output weights
 * given or zeros; the Gaussian draws come from a child stream of the init seed.
 */
export function sampleHead(net: DeepNet, seed: number, mids: 'gaussian' | readonly (readonly (readonly number[])[])[], out: 'zeros' | readonly number[]): Float64Array {
  const head = new Float64Array(net.size);
  const rng = new Rng(seed).split(HEAD_STREAM);
  for (let i = 0; i + 1 < net.L; i++) {
    const nIn = net.hidden[i], nOut = net.hidden[i + 1], off = net.midOffsets[i];
    if (mids === 'gaussian') {
      rng.fillNormal(head, off, nIn * nOut);
      const s = 1 / Math.sqrt(nIn);
      for (let q = 0; q < nIn * nOut; q++) head[off + q] *= s;
    } else {
      for (let j = 0; j < nOut; j++) for (let k = 0; k < nIn; k++) head[off + j * nIn + k] = mids[i][j][k];
    }
  }
  if (out !== 'zeros') for (let j = 0; j < out.length; j++) head[net.outOffset + j] = out[j];
  return head;
}

/** The head from JSON matrices: middle matrices (K_{i+1}×K_i each) and the output weights. */
export function headFromJson(net: DeepNet, mids: readonly (readonly (readonly number[])[])[], out: readonly number[]): Float64Array {
  return sampleHead(net, 0, mids, out);
}

/** The JSON matrices of a head: middle matrices as nested rows, then the output weights. */
export function headToJson(net: DeepNet, head: Float64Array): { mids: number[][][]; out: number[] } {
  const mids: number[][][] = [];
  for (let i = 0; i + 1 < net.L; i++) {
    const nIn = net.hidden[i], nOut = net.hidden[i + 1], off = net.midOffsets[i];
    const m: number[][] = [];
    for (let j = 0; j < nOut; j++) m.push(Array.from(head.subarray(off + j * nIn, off + (j + 1) * nIn)));
    mids.push(m);
  }
  return { mids, out: Array.from(head.subarray(net.outOffset)) };
}
