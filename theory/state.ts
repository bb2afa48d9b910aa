/**
 * The ODE state as one flat Float64Array (what the integrators move) and the resolved system.
 * Layout: y = [Q upper triangle row-major (K(K+1)/2) | R (K·M) | W2 (K) | f (K)].
 * T, W̃2, f̃ and q_f do not move and live in the system. This file is the only one that knows
 * the layout: everything else goes through stateLayout, qIndex, packState, unpackState, stateNames.
 */
import { resolveLearningSetup, type LearningSetup } from '../src/core/learningSetup.ts';
import { emptyOverlaps, type Overlaps } from '../src/core/overlaps.ts';
import type { TheoryProblem } from './problem.ts';

/** A problem resolved for the right-hand sides: the setup's objects and the constant overlaps. */
export interface OdeSystem extends LearningSetup {
  readonly K: number;
  readonly M: number;
  /** constants */
  readonly T: Float64Array;
  readonly W2t: Float64Array;
  readonly ft: Float64Array;
  readonly qf: number;
}

/** Resolve a (validated) problem into the system its right-hand sides integrate. */
export function odeSystem(problem: TheoryProblem): OdeSystem {
  const { K, M, initial } = problem;
  return {
    ...resolveLearningSetup(problem.setup, K),
    K, M, T: initial.T.slice(), W2t: initial.W2t.slice(), ft: initial.ft.slice(), qf: initial.qf,
  };
}

/** Names of the state components, as in the CSV columns (1-based): Q_1_1, Q_1_2, …, R_k_m, W2_k, f_k. */
export function stateNames(K: number, M: number): string[] {
  const names: string[] = [];
  for (let k = 1; k <= K; k++) for (let l = k; l <= K; l++) names.push(`Q_${k}_${l}`);
  for (let k = 1; k <= K; k++) for (let m = 1; m <= M; m++) names.push(`R_${k}_${m}`);
  for (let k = 1; k <= K; k++) names.push(`W2_${k}`);
  for (let k = 1; k <= K; k++) names.push(`f_${k}`);
  return names;
}

/** dy ← RHS(t, y). Must not allocate. */
export type RhsFunction = (t: number, y: Float64Array, dy: Float64Array) => void;

export interface StateLayout {
  K: number;
  M: number;
  /** offsets into y */
  offR: number;
  offW2: number;
  offF: number;
  size: number;
}

export function stateLayout(K: number, M: number): StateLayout {
  const nQ = (K * (K + 1)) / 2;
  const offR = nQ;
  const offW2 = offR + K * M;
  const offF = offW2 + K;
  return { K, M, offR, offW2, offF, size: offF + K };
}

/**
 * Where a per-sample integrand accumulates into a state-shaped vector: the offsets of R, W2 and f
 * and the K×K table of Q indices (qIndex), for the allocation-free integrands of the general RHS.
 */
export class StateAccumulator {
  readonly size: number;
  protected readonly offR: number;
  protected readonly offW2: number;
  protected readonly offF: number;
  /** qIdx[k·K + l] = qIndex(K, k, l) */
  protected readonly qIdx: Int32Array;

  constructor(K: number, M: number) {
    const L = stateLayout(K, M);
    this.size = L.size;
    this.offR = L.offR;
    this.offW2 = L.offW2;
    this.offF = L.offF;
    this.qIdx = new Int32Array(K * K);
    for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) this.qIdx[k * K + l] = qIndex(K, k, l);
  }
}

/** index of Q[k][l] (any order) in y */
export function qIndex(K: number, k: number, l: number): number {
  if (k > l) [k, l] = [l, k];
  return k * K - (k * (k - 1)) / 2 + (l - k);
}

export function packState(o: Overlaps, out?: Float64Array): Float64Array {
  const L = stateLayout(o.K, o.M);
  const y = out ?? new Float64Array(L.size);
  for (let k = 0; k < o.K; k++) for (let l = k; l < o.K; l++) y[qIndex(o.K, k, l)] = o.Q[k * o.K + l];
  y.set(o.R, L.offR);
  y.set(o.W2, L.offW2);
  y.set(o.f, L.offF);
  return y;
}

/** Full Overlaps from a state vector and the system's constants. */
export function unpackState(y: ArrayLike<number>, p: Pick<OdeSystem, 'K' | 'M' | 'T' | 'W2t' | 'ft' | 'qf'>, out?: Overlaps): Overlaps {
  const { K, M } = p;
  const L = stateLayout(K, M);
  const o = out ?? emptyOverlaps(K, M);
  for (let k = 0; k < K; k++) {
    for (let l = k; l < K; l++) {
      const q = y[qIndex(K, k, l)];
      o.Q[k * K + l] = q;
      o.Q[l * K + k] = q;
    }
  }
  for (let i = 0; i < K * M; i++) o.R[i] = y[L.offR + i];
  for (let k = 0; k < K; k++) {
    o.W2[k] = y[L.offW2 + k];
    o.f[k] = y[L.offF + k];
  }
  o.T.set(p.T);
  o.W2t.set(p.W2t);
  o.ft.set(p.ft);
  o.qf = p.qf;
  return o;
}
