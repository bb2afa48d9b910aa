/**
 * Long-time benchmark (issue 15): BP, K = M = 2, η = 0.2, default initial weights, to t = 10⁵ —
 * far into the convergence phase, where the ODE is stiff (Jacobian eigenvalues −1.8e-3 … −0.25 at
 * the teacher solution) — with
 *   1. theory.solver "auto" (odex, then RODAS4 once stiffness is detected),
 *   2. odex alone (explicit; its step is held by stability there), with its default 2·10⁵-step budget,
 *   3. bench/c/bp_euler.c (gcc -O3, fixed-step forward Euler, dt = 0.1 and 0.01: the established
 *      tools' method), through the sweep bench's driver,
 * all in this process: wall time, RHS evaluations, and the εg error at t = 10², 10³, 10⁴, 10⁵
 * against a tight odex reference (rtol 1e-13; εg(10⁵) = 0). Prints figures and ratios; never fails on time.
 *
 *   npx tsx bench/stiff.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rhsOf } from '../src/app/fromConfig.ts';
import { parseConfig } from '../src/core/config.ts';
import { generalisationError } from '../src/core/eg.ts';
import { integrateOdex } from '../theory/integrateOdex.ts';
import { integrateAuto } from '../theory/stiff/integrateAuto.ts';
import { compileEuler, runEuler } from './sweep.ts';

const TIMES = [0, 1e2, 1e3, 1e4, 1e5];
const BASE = { rule: 'bp', K: 2, M: 2, eta: 0.2 };

interface Row {
  method: string;
  seconds: number;
  rhsEvals: number | string;
  egErrors: number[];
  note: string;
}

export async function runStiffBench(): Promise<Record<string, unknown>> {
  const config = parseConfig({ ...BASE, tmax: 1e5 });
  const r = rhsOf(config);
  const times = Float64Array.from(TIMES);
  const egOf = (y: Float64Array) => generalisationError(r.toOverlaps(y), r.system.student, r.system.teacher);
  const tol = { rtol: config.theory.rtol, atol: config.theory.atol };

  // reference: odex at rtol 1e-13 up to t = 10⁴; at 10⁵ the exact εg is 0 to double precision
  // (it decays as e^{−2·1.78e-3·t} from 1e-9 at t = 10⁴: below 1e-80)
  const ref = integrateOdex(r.rhs, r.y0, times.slice(0, -1), r.names, { rtol: 1e-13, atol: 1e-16, maxSteps: 2_000_000 });
  if (ref.failure) throw new Error(`reference failed: ${ref.failure.message}`);
  const egRef = [...ref.rows.map(egOf), 0];
  const rows: Row[] = [];
  const errors = (rowsY: Float64Array[]) => TIMES.slice(1).map((_, i) => (rowsY[i + 1] ? Math.abs(egOf(rowsY[i + 1]) - egRef[i + 1]) : Number.NaN));

  let t0 = performance.now();
  const a = integrateAuto(r.rhs, r.y0, times, r.names, tol);
  rows.push({
    method: 'auto (odex → RODAS4)', seconds: (performance.now() - t0) / 1000, rhsEvals: a.stats.rhsEvals, egErrors: errors(a.rows),
    note: `switches ${a.stats.solver.switches.map((s) => `${s.to}@${s.t.toPrecision(4)}`).join(' ')}; accepted odex ${a.stats.solver.acceptedBy.odex}, rodas4 ${a.stats.solver.acceptedBy.rodas4}${a.failure ? `; FAILED ${a.failure.message}` : ''}`,
  });

  t0 = performance.now();
  const o = integrateOdex(r.rhs, r.y0, times, r.names, tol); // its default budget, as a user runs it
  rows.push({
    method: 'odex alone', seconds: (performance.now() - t0) / 1000, rhsEvals: o.stats.rhsEvals, egErrors: errors(o.rows),
    note: `${o.stats.accepted} accepted steps${o.failure ? `; FAILED at t = ${o.failure.t.toPrecision(4)}: ${o.failure.message}` : ''}`,
  });

  const dir = mkdtempSync(join(tmpdir(), 'pepita-bench-stiff-'));
  try {
    const exe = compileEuler(dir);
    if (exe) {
      for (const dt of [0.1, 0.01]) {
        // one problem per output time (Euler's εg is read at tmax); the time is the t = 10⁵ one alone
        const configs = TIMES.slice(1).map((tmax) => parseConfig({ ...BASE, tmax }));
        const e = runEuler(exe, configs, dt);
        const single = runEuler(exe, [configs[configs.length - 1]], dt);
        rows.push({
          method: `C Euler dt = ${dt}`, seconds: single.seconds, rhsEvals: Math.round(1e5 / dt),
          egErrors: e.eg.map((v, i) => Math.abs(v - egRef[i + 1])), note: 'gcc -O3; integration time as printed by the program',
        });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  console.log(`BP K = M = 2, η = 0.2 to t = 1e5 (tolerances ${tol.rtol}/${tol.atol}); reference εg: ${egRef.slice(1).map((v) => v.toExponential(3)).join(', ')} at t = ${TIMES.slice(1).join(', ')}`);
  console.log('method                  seconds   RHS evals   |Δεg| at t = 1e2, 1e3, 1e4, 1e5');
  for (const row of rows) {
    console.log(`${row.method.padEnd(22)} ${row.seconds.toFixed(3).padStart(8)}  ${String(row.rhsEvals).padStart(10)}   ${row.egErrors.map((e) => e.toExponential(1)).join(', ')}   ${row.note}`);
  }
  const auto = rows[0];
  for (const row of rows.slice(1)) console.log(`  ${row.method}: ${(row.seconds / auto.seconds).toFixed(1)}× the time of auto`);
  return { rows, reference: egRef };
}

const isEntry = process.argv[1] && /bench[/\\]stiff\.ts$/.test(process.argv[1]);
if (isEntry) await runStiffBench();
