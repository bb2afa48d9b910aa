/**
 * The threads of one cubature solve (docs/averages.md "Threads"): `threads − 1` worker threads each
 * run the very same solve (same problem, same options) and share every average with the calling
 * thread through src/core/cubature/nodeSplit.ts — each sums its parts of the point set, all get the
 * same bit-identical total, so they take the same steps in lockstep and the result does not depend on
 * the thread count. Only the calling thread's solution is kept: a worker stops after the integration.
 * The workers are started once per process and kept (idle ones do not keep the process alive), so a
 * second solve does not pay their start (≈ 0.7 s from the TypeScript sources, less compiled).
 *
 *   const team = startSolveTeam(problem, options, 2);   // null when the rule cannot go to a thread
 *   backend.shareAverages(team.split); … ; team.close();
 *
 * Node only: the explorer's browser bundle replaces this module by a stub that starts no team
 * (src/explorer/build.ts).
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { NodeSplit, SPLIT_PARTS, type SplitMemory } from '../../src/core/cubature/nodeSplit.ts';
import { ruleModulePath } from '../../src/core/rules/index.ts';
import { workerScript } from '../../src/core/workerScript.ts';
import type { TheoryOptions } from '../options.ts';
import type { TheoryProblem } from '../problem.ts';

/**
 * The largest integrand (numbers) a team shares: the state's derivative, K² + KM + 2K (+ mirror
 * and head parts) numbers — 160 at K = M = 8; larger ones are computed whole by every thread.
 */
const SHARED_CAPACITY = 8192;

/** One solve for a worker thread of a team (structured-cloned; the shared buffers are shared). */
export interface TeamTask {
  /** the team's number in this process (tags the worker's error report) */
  team: number;
  problem: TheoryProblem;
  options: Omit<TheoryOptions, 'onProgress'>;
  memory: SplitMemory;
  thread: number;
  /** the module of a user's rule (loaded by the worker before it solves), null for a built-in one */
  ruleModule: string | null;
}

/** What a worker reports when its solve fails (on its error port). */
export interface TeamError {
  team: number;
  message: string;
}

export interface SolveTeam {
  /** the calling thread's side of the split (thread 0) */
  readonly split: NodeSplit;
  /** the error a worker of this team reported, if any (read after the split aborted) */
  workerError(): string | null;
  /** release the workers (those still solving stop at their next average) */
  close(): void;
}

interface PoolWorker {
  worker: Worker;
  /** the worker's error reports, read synchronously (the calling thread blocks while solving) */
  errors: MessagePort;
}

const pool: PoolWorker[] = [];
let teams = 0;

/**
 * Threads "auto": the machine's cores, at most SPLIT_PARTS (a part is the unit of work); one under
 * Deno (the notebooks' kernel), whose worker threads do not run this package's TypeScript worker.
 */
export function autoThreads(): number {
  if (process.versions.deno !== undefined) return 1;
  return Math.max(1, Math.min(availableParallelism(), SPLIT_PARTS));
}

function spawn(): PoolWorker {
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(workerScript(import.meta.url, 'solveWorker'), { workerData: { errors: port2 }, transferList: [port2] });
  worker.unref();
  port1.unref();
  const entry = { worker, errors: port1 };
  // a worker that dies is replaced by the next team (a team waiting on it reports it stuck)
  worker.on('exit', () => {
    const i = pool.indexOf(entry);
    if (i >= 0) pool.splice(i, 1);
  });
  return entry;
}

/**
 * Start `threads − 1` workers solving `problem` with `options` in lockstep with the caller; null when
 * the rule cannot be rebuilt in another thread (a user's rule registered as an object, not a module).
 */
export function startSolveTeam(problem: TheoryProblem, options: TheoryOptions, threads: number): SolveTeam | null {
  const module = ruleModulePath(problem.setup.rule);
  if (module === undefined) return null;
  const memory = NodeSplit.allocate(threads, SPLIT_PARTS, SHARED_CAPACITY);
  const split = new NodeSplit(memory, 0);
  const { onProgress: _, ...plain } = options;
  const team = ++teams;
  while (pool.length < threads - 1) pool.push(spawn());
  const members = pool.slice(0, threads - 1);
  members.forEach((m, i) => {
    const task: TeamTask = { team, problem, options: plain, memory, thread: i + 1, ruleModule: module };
    m.worker.postMessage(task);
  });
  return {
    split,
    workerError() {
      for (const m of members) {
        for (let r = receiveMessageOnPort(m.errors); r !== undefined; r = receiveMessageOnPort(m.errors)) {
          const e = r.message as TeamError;
          if (e.team === team) return e.message;
        }
      }
      return null;
    },
    close() {
      split.abort();
    },
  };
}
