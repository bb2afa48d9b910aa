/**
 * A `worker_threads` pool for simulation runs: `threads` workers take runs from a queue; results
 * come back in task order. Each run is a pure function of its task, so the results are
 * bit-identical to running the tasks inline, whatever the thread count.
 */
import { Worker } from 'node:worker_threads';
import type { SimRun } from '../src/core/trajectory.ts';
import { workerScript } from '../src/core/workerScript.ts';
import type { RunTask } from './runOne.ts';

type WorkerMessage =
  | { type: 'progress'; index: number; done: number }
  | { type: 'result'; index: number; run: SimRun }
  | { type: 'error'; index: number; message: string };

/** Run the tasks on `threads` workers; `onProgress(total steps done across runs)`. */
export function runPool(tasks: RunTask[], threads: number, onProgress?: (done: number) => void): Promise<SimRun[]> {
  const results: SimRun[] = new Array(tasks.length);
  const done = new Float64Array(tasks.length);
  const n = Math.max(1, Math.min(threads, tasks.length));
  return new Promise((resolve, reject) => {
    if (tasks.length === 0) return resolve([]);
    const workers: Worker[] = [];
    let nextTask = 0;
    let finished = 0;
    let failed = false;
    const stopAll = () => {
      for (const w of workers) void w.terminate();
    };
    const fail = (e: Error) => {
      if (failed) return;
      failed = true;
      stopAll();
      reject(e);
    };
    const feed = (w: Worker) => {
      if (nextTask < tasks.length) {
        const index = nextTask++;
        w.postMessage({ index, task: tasks[index] });
      }
    };
    for (let i = 0; i < n; i++) {
      const w = new Worker(workerScript(import.meta.url, 'worker'));
      workers.push(w);
      w.on('message', (m: WorkerMessage) => {
        if (failed) return;
        if (m.type === 'progress') {
          done[m.index] = m.done;
          if (onProgress) {
            let s = 0;
            for (let j = 0; j < done.length; j++) s += done[j];
            onProgress(s);
          }
        } else if (m.type === 'result') {
          results[m.index] = m.run;
          finished++;
          if (finished === tasks.length) {
            stopAll();
            resolve(results);
          } else feed(w);
        } else {
          fail(new Error(`simulation worker failed on run ${m.index}: ${m.message}`));
        }
      });
      w.on('error', (e) => fail(e));
      w.on('exit', (code) => {
        if (!failed && finished < tasks.length && code !== 0) fail(new Error(`simulation worker exited with code ${code}`));
      });
      feed(w);
    }
  });
}
