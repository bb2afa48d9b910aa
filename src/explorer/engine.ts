/**
 * The explorer's compute engine, bundled on its own (build.ts) and run in a Web Worker so that a
 * long solve (PEPITA's Monte Carlo averages take seconds) never freezes the page and can be
 * abandoned when an input changes. Where no worker can be started, the page loads the same
 * bundle as a plain script and calls `globalThis.pepitaEngine.solveForm` directly.
 *
 * Imports are narrow on purpose (config + theory solver only): the public API also exports the
 * simulation, whose worker pool needs Node builtins that must not enter a browser bundle.
 */
import { parseConfig } from '../core/config.ts';
import type { TheorySolution } from '../core/trajectory.ts';
import { solveTheory } from '../../theory/solve.ts';
import { configFromForm, type FormValues } from './form.ts';

/** What the engine answers: a solution (structured-cloneable) or the error it raised. */
export type EngineResult =
  | { ok: true; solution: TheorySolution; rule: string; solveMs: number }
  | { ok: false; name: string; message: string };

/** Validate the form values with parseConfig and solve the theory; never throws. */
export function solveForm(values: FormValues): EngineResult {
  try {
    const config = parseConfig(configFromForm(values));
    const t0 = performance.now();
    const solution = solveTheory(config);
    return { ok: true, solution, rule: config.rule, solveMs: performance.now() - t0 };
  } catch (e) {
    const err = e as Error;
    return { ok: false, name: err?.name ?? 'Error', message: err?.message ?? String(e) };
  }
}

/** Request and reply of the worker protocol. */
export interface EngineRequest { id: number; values: FormValues }
export interface EngineReply { id: number; result: EngineResult }

interface WorkerScope {
  onmessage: ((e: MessageEvent<EngineRequest>) => void) | null;
  postMessage(m: EngineReply): void;
}

const g = globalThis as unknown as { WorkerGlobalScope?: unknown; pepitaEngine?: { solveForm: typeof solveForm } };
if (typeof g.WorkerGlobalScope !== 'undefined') {
  const scope = globalThis as unknown as WorkerScope;
  scope.onmessage = (e) => scope.postMessage({ id: e.data.id, result: solveForm(e.data.values) });
} else {
  g.pepitaEngine = { solveForm };
}
