/**
 * Plotly traces of a theory solution for the explorer's three panels: εg(t), the order parameters
 * (Q, R, W2) and the adaptive feedback norm ‖f‖ = √(Σ_k f_k²). Pure (no DOM, no plotly import).
 */
import type { Trajectory } from '../core/trajectory.ts';

export interface LineTrace {
  x: number[];
  y: number[];
  name: string;
  type: 'scatter';
  mode: 'lines';
  line?: { dash?: string; width?: number };
}

/** Times and values with t > 0 only: every panel has a log time axis. */
function positiveTimes(traj: Trajectory): number[] {
  const idx: number[] = [];
  for (let i = 0; i < traj.times.length; i++) if (traj.times[i] > 0) idx.push(i);
  return idx;
}

/** εg(t) of the theory — the FIRST trace of #eg-plot (the browser test relies on it). */
export function egTraces(traj: Trajectory): LineTrace[] {
  const idx = positiveTimes(traj);
  return [{
    x: idx.map((i) => traj.times[i]),
    y: idx.map((i) => traj.eg[i]),
    name: 'εg theory',
    type: 'scatter',
    mode: 'lines',
  }];
}

/** Q_kl (k ≤ l), R_km and W2_k against t, 1-based labels as in theory.csv. */
export function overlapTraces(traj: Trajectory): LineTrace[] {
  if (traj.states.length === 0) return [];
  const { K, M } = traj.states[0];
  const idx = positiveTimes(traj);
  const x = idx.map((i) => traj.times[i]);
  const out: LineTrace[] = [];
  const add = (name: string, get: (i: number) => number, dash?: string) =>
    out.push({ x, y: idx.map(get), name, type: 'scatter', mode: 'lines', line: dash ? { dash } : undefined });
  for (let k = 0; k < K; k++) {
    for (let l = k; l < K; l++) add(`Q_${k + 1}${l + 1}`, (i) => traj.states[i].Q[k * K + l]);
  }
  for (let k = 0; k < K; k++) {
    for (let m = 0; m < M; m++) add(`R_${k + 1}${m + 1}`, (i) => traj.states[i].R[k * M + m], 'dash');
  }
  for (let k = 0; k < K; k++) add(`W2_${k + 1}`, (i) => traj.states[i].W2[k], 'dot');
  return out;
}

/** ‖f‖(t) with f = W1F/D, plus each component. */
export function feedbackTraces(traj: Trajectory): LineTrace[] {
  if (traj.states.length === 0) return [];
  const K = traj.states[0].K;
  const idx = positiveTimes(traj);
  const x = idx.map((i) => traj.times[i]);
  const norm = idx.map((i) => {
    const f = traj.states[i].f;
    let s = 0;
    for (let k = 0; k < K; k++) s += f[k] * f[k];
    return Math.sqrt(s);
  });
  const out: LineTrace[] = [{ x, y: norm, name: '‖f‖', type: 'scatter', mode: 'lines', line: { width: 3 } }];
  for (let k = 0; k < K; k++) {
    out.push({ x, y: idx.map((i) => traj.states[i].f[k]), name: `f_${k + 1}`, type: 'scatter', mode: 'lines', line: { dash: 'dot' } });
  }
  return out;
}
