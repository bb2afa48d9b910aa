/**
 * The finite-D simulation in the page: the runs (rule × data seed) of `pepita-ode simulate` shared
 * out over a few Web Workers (engine.ts `simulate` requests), with progress and Cancel.
 *
 * Each run is a pure function of (config, seed) (sim/runOne.ts), so the page gets the CLI's numbers
 * bit for bit whatever the number of workers or the order they finish in; runs are put back in
 * seed order. `cancel()` terminates every worker at once (a run in a tight loop cannot be asked
 * to stop; terminating is immediate) and rejects `done` with `Cancelled`. A run that fails with a
 * config error stops the whole simulation with that message; a numerical divergence is not an
 * error here: the run comes back with its `failure` and the rows before it, as in the CLI.
 */
import type { SimRun } from '../core/trajectory.ts';
import type { EngineMessage, EngineRequest, SimRunResult } from './engine.ts';
import type { FormValues } from './form.ts';

export class Cancelled extends Error {
  constructor() {
    super('simulation cancelled');
    this.name = 'Cancelled';
  }
}

/** One run: rule id and run index (data seed sim.seed + index). */
export interface SimJob { rule: string; index: number }

export interface SimProgress {
  /** steps done over all runs */
  done: number;
  /** steps of all runs (known once every run has reported; estimated from the others before) */
  total: number;
  /** runs finished */
  finished: number;
  runs: number;
}

export class Simulation {
  /** runs of each rule in seed order; resolves when all are back */
  readonly done: Promise<Map<string, SimRun[]>>;
  private workers: Worker[] = [];
  private settled = false;
  private resolveDone!: (m: Map<string, SimRun[]>) => void;
  private rejectDone!: (e: Error) => void;
  private queue: SimJob[];
  private readonly progressDone: number[];
  private readonly progressTotal: number[];
  private finished = 0;
  private readonly results = new Map<string, SimRun[]>();
  private readonly started = performance.now();
  /** wall time from start to the last run back, s */
  seconds = 0;

  /**
   * Start `jobs` on at most `maxWorkers` workers of the engine at `url` (a blob: URL).
   * Throws when no worker can be started.
   */
  constructor(url: string, private readonly values: FormValues, private readonly jobs: SimJob[], maxWorkers: number,
    private readonly onProgress: (p: SimProgress) => void) {
    this.done = new Promise((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    this.queue = jobs.map((j) => j);
    this.progressDone = jobs.map(() => 0);
    this.progressTotal = jobs.map(() => NaN);
    for (const j of jobs) if (!this.results.has(j.rule)) this.results.set(j.rule, []);
    const n = Math.max(1, Math.min(maxWorkers, jobs.length));
    for (let i = 0; i < n; i++) this.workers.push(this.startWorker(url));
    if (jobs.length === 0) this.finish();
  }

  /** Workers still alive (0 after completion, failure or cancel). */
  get liveWorkers(): number {
    return this.workers.length;
  }

  private startWorker(url: string): Worker {
    const w = new Worker(url);
    const next = () => {
      const job = this.queue.shift();
      if (!job) {
        this.retire(w);
        return;
      }
      const req: EngineRequest = { kind: 'simulate', id: this.jobs.indexOf(job), values: this.values, rule: job.rule, index: job.index };
      w.postMessage(req);
    };
    w.onmessage = (e: MessageEvent<EngineMessage>) => {
      if (this.settled) return;
      const m = e.data;
      if (m.kind === 'progress') {
        this.progressDone[m.id] = m.done;
        this.progressTotal[m.id] = m.total;
        this.report();
        return;
      }
      const r = m.result as SimRunResult;
      if (!r.ok) {
        const job = this.jobs[m.id];
        this.fail(new Error(`${r.name === 'ConfigError' ? 'invalid input' : 'error'} (${job.rule}, run ${job.index}): ${r.message}`));
        return;
      }
      const job = this.jobs[m.id];
      this.results.get(job.rule)![job.index] = r.run;
      if (Number.isFinite(this.progressTotal[m.id])) this.progressDone[m.id] = this.progressTotal[m.id];
      this.finished++;
      this.report();
      if (this.finished === this.jobs.length) this.finish();
      else next();
    };
    w.onerror = (e) => {
      e.preventDefault();
      this.fail(new Error(`simulation worker failed: ${e.message}`));
    };
    queueMicrotask(next);
    return w;
  }

  private retire(w: Worker) {
    w.terminate();
    this.workers = this.workers.filter((x) => x !== w);
  }

  private report() {
    let done = 0, total = 0, known = 0, knownTotal = 0;
    for (let i = 0; i < this.jobs.length; i++) {
      done += this.progressDone[i];
      if (Number.isFinite(this.progressTotal[i])) {
        known++;
        knownTotal += this.progressTotal[i];
      }
    }
    // runs that have not reported yet count as long as the average of those that have
    total = known ? (knownTotal / known) * this.jobs.length : 0;
    this.onProgress({ done, total, finished: this.finished, runs: this.jobs.length });
  }

  private terminateAll() {
    for (const w of this.workers) w.terminate();
    this.workers = [];
  }

  private finish() {
    if (this.settled) return;
    this.settled = true;
    this.seconds = (performance.now() - this.started) / 1000;
    this.terminateAll();
    this.resolveDone(this.results);
  }

  private fail(e: Error) {
    if (this.settled) return;
    this.settled = true;
    this.terminateAll();
    this.rejectDone(e);
  }

  /** Stop every worker now; `done` rejects with Cancelled. No effect once settled. */
  cancel(): void {
    this.fail(new Cancelled());
  }
}
