/**
 * The explorer's compute engine, bundled on its own (build.ts) and run in Web Workers so that a
 * long solve or simulation never freezes the page and can be abandoned (the worker is terminated).
 * Where no worker can be started, the page loads the same bundle as a plain script and calls
 * `globalThis.pepitaEngine.handle` directly (theory only).
 *
 * Two requests, each answered by exactly one `result` message:
 *   - theory:   parseConfig(configFromForm(values, rule)) → solveTheoryOf — the very path of
 *               `pepita-ode theory`, so the page and the CLI give the same numbers; the answer
 *               carries the resolved config, which is what the page offers for download;
 *               `progress` messages (t reached, tmax) at most every 200 ms of a long solve;
 *   - simulate: run `index` (data seed sim.seed + index) of the same config's simulation, built
 *               by `simulationTasksOf` as `pepita-ode simulate` builds it, with `progress`
 *               messages (steps done, steps of the run) about every 1 % of the run.
 *
 * Imports are narrow on purpose: nothing that needs Node builtins (the CLI's worker-thread pool)
 * may enter this browser bundle — esbuild's browser platform refuses them at build time.
 */
import { parseConfig, type Config } from '../core/config.ts';
import { ruleById } from '../core/rules/index.ts';
import type { SimRun, TheorySolution } from '../core/trajectory.ts';
import { solveTheoryOf } from '../app/fromConfig.ts';
import { simulateRun, simulationTasksOf } from '../app/simulationTasks.ts';
import { configFromForm, type FormValues } from './form.ts';

export interface EngineFailure { ok: false; name: string; message: string }
export type TheoryResult = { ok: true; solution: TheorySolution; config: Config; solveMs: number } | EngineFailure;
export type SimRunResult = { ok: true; run: SimRun; seconds: number } | EngineFailure;

export type EngineRequest =
  | { kind: 'theory'; id: number; values: FormValues; rule: string }
  | { kind: 'simulate'; id: number; values: FormValues; rule: string; index: number };

export type EngineMessage =
  | { kind: 'result'; id: number; result: TheoryResult | SimRunResult }
  | { kind: 'progress'; id: number; done: number; total: number };

function failure(e: unknown): EngineFailure {
  const err = e as Error;
  return { ok: false, name: err?.name ?? 'Error', message: err?.message ?? String(e) };
}

/** The validated config of these inputs for one rule (throws ConfigError). */
export function configOf(values: FormValues, ruleId: string): Config {
  const rule = ruleById(ruleId);
  // an unknown id is handed to parseConfig as is, which names the field and lists the rules
  return parseConfig(configFromForm(values, rule ?? { id: ruleId as Config['rule'], needsFeedbackWeights: false, usesFeedbackVector: false }));
}

/** Pace of the progress messages of a theory solve (a fast solve sends none). */
const THEORY_PROGRESS_MS = 200;

export function solveRequest(values: FormValues, rule: string, onProgress?: (t: number, tmax: number) => void): TheoryResult {
  try {
    const config = configOf(values, rule);
    const t0 = performance.now();
    let next = t0 + THEORY_PROGRESS_MS;
    const solution = solveTheoryOf(config, {
      onProgress: onProgress && ((t, tmax) => {
        const now = performance.now();
        if (now < next) return;
        next = now + THEORY_PROGRESS_MS;
        onProgress(t, tmax);
      }),
    });
    return { ok: true, solution, config, solveMs: performance.now() - t0 };
  } catch (e) {
    return failure(e);
  }
}

export function simulateRequest(values: FormValues, rule: string, index: number, onProgress: (done: number, total: number) => void): SimRunResult {
  try {
    const config = configOf(values, rule);
    const task = simulationTasksOf(config)[index];
    if (!task) throw new Error(`simulation run ${index} does not exist (sim.seeds = ${config.sim.seeds})`);
    const steps = task.problem.steps;
    const total = steps.length ? steps[steps.length - 1] : 0;
    const t0 = performance.now();
    const run = simulateRun(task, (done) => onProgress(done, total));
    return { ok: true, run, seconds: (performance.now() - t0) / 1000 };
  } catch (e) {
    return failure(e);
  }
}

/** Answer one request; `post` receives the progress messages and then the result. */
export function handle(req: EngineRequest, post: (m: EngineMessage) => void): void {
  if (req.kind === 'theory') {
    post({ kind: 'result', id: req.id, result: solveRequest(req.values, req.rule, (done, total) => post({ kind: 'progress', id: req.id, done, total })) });
    return;
  }
  const result = simulateRequest(req.values, req.rule, req.index, (done, total) => post({ kind: 'progress', id: req.id, done, total }));
  post({ kind: 'result', id: req.id, result });
}

interface WorkerScope {
  onmessage: ((e: MessageEvent<EngineRequest>) => void) | null;
  postMessage(m: EngineMessage): void;
}

const g = globalThis as unknown as { WorkerGlobalScope?: unknown; pepitaEngine?: { handle: typeof handle } };
if (typeof g.WorkerGlobalScope !== 'undefined') {
  const scope = globalThis as unknown as WorkerScope;
  scope.onmessage = (e) => handle(e.data, (m) => scope.postMessage(m));
} else {
  g.pepitaEngine = { handle };
}
