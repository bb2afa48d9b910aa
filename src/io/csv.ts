/**
 * Wide CSV of trajectories (docs/outputs.md): one row per time, columns
 * `t,eg,Q_k_l…,R_k_m…,W2_k…,f_k…` with 1-based indices (Q written in full, k and l = 1..K);
 * `sim.csv` puts `seed` first. With weight mirroring (docs/rules.md "Weight mirroring") the columns
 * `P_k_j…,Pt_m_j…,G_i_j…,F2_j…,fnorm` follow (P, P̃ and G written in full; fnorm = ‖f‖). A deeper
 * student (docs/rules.md "Deeper students") has its head `Wmid_j_k…,W3_j…` in place of `W2_k…`. Numbers are written as the shortest decimal that round-trips exactly,
 * so identical runs give byte-identical files.
 */
import { deepNet, headNames } from '../core/deep.ts';
import type { Trajectory } from '../core/trajectory.ts';

/** The header; `hidden`: a deeper student's widths, whose head columns (Wmid_j_k…, W3_j…) take W2's place. */
export function trajectoryHeader(K: number, M: number, withSeed: boolean, mirrored = false, hidden: readonly number[] | null = null): string {
  const cols = withSeed ? ['seed', 't', 'eg'] : ['t', 'eg'];
  for (let k = 1; k <= K; k++) for (let l = 1; l <= K; l++) cols.push(`Q_${k}_${l}`);
  for (let k = 1; k <= K; k++) for (let m = 1; m <= M; m++) cols.push(`R_${k}_${m}`);
  if (hidden !== null) cols.push(...headNames(deepNet(hidden)));
  else for (let k = 1; k <= K; k++) cols.push(`W2_${k}`);
  for (let k = 1; k <= K; k++) cols.push(`f_${k}`);
  if (mirrored) {
    for (let k = 1; k <= K; k++) for (let j = 1; j <= K; j++) cols.push(`P_${k}_${j}`);
    for (let m = 1; m <= M; m++) for (let j = 1; j <= K; j++) cols.push(`Pt_${m}_${j}`);
    for (let i = 1; i <= K; i++) for (let j = 1; j <= K; j++) cols.push(`G_${i}_${j}`);
    for (let j = 1; j <= K; j++) cols.push(`F2_${j}`);
    cols.push('fnorm');
  }
  return cols.join(',');
}

/** The hidden widths of a deeper student's trajectory, or null. */
function hiddenOf(traj: Trajectory): readonly number[] | null {
  return traj.states[0]?.deep?.hidden ?? null;
}

/** True when the trajectory's states carry a mirror block. */
function isMirrored(traj: Trajectory): boolean {
  return traj.states.length > 0 && traj.states[0].mirror !== undefined;
}

/** Shortest decimal that round-trips to the same double (ECMAScript Number::toString). */
export function formatNumber(x: number): string {
  return String(x);
}

export function trajectoryRows(traj: Trajectory, seed?: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < traj.times.length; i++) {
    const s = traj.states[i];
    const vals: number[] = seed === undefined ? [] : [seed];
    vals.push(traj.times[i], traj.eg[i], ...s.Q, ...s.R, ...(s.deep ? s.deep.head : s.W2), ...s.f);
    if (s.mirror) {
      let n2 = 0;
      for (let k = 0; k < s.K; k++) n2 += s.f[k] * s.f[k];
      vals.push(...s.mirror.P, ...s.mirror.Pt, ...s.mirror.G, ...s.mirror.F2, Math.sqrt(n2));
    }
    out.push(vals.map(formatNumber).join(','));
  }
  return out;
}

export function theoryCsv(traj: Trajectory & { states: { K: number; M: number }[] }, K: number, M: number): string {
  return [trajectoryHeader(K, M, false, isMirrored(traj), hiddenOf(traj)), ...trajectoryRows(traj)].join('\n') + '\n';
}

export function simCsv(runs: (Trajectory & { seed: number })[], K: number, M: number): string {
  const lines = [trajectoryHeader(K, M, true, runs.some(isMirrored), runs.map(hiddenOf).find((h) => h !== null) ?? null)];
  for (const r of runs) lines.push(...trajectoryRows(r, r.seed));
  return lines.join('\n') + '\n';
}

/** Parse a wide CSV written above back into columns (for tests and notebooks). */
export function parseCsv(text: string): { header: string[]; rows: number[][] } {
  const lines = text.trim().split('\n');
  const header = lines[0].split(',');
  return { header, rows: lines.slice(1).map((l) => l.split(',').map(Number)) };
}
