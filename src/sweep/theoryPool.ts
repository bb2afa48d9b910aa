/**
 * A warm pool of theory workers for sweeps: `threads` worker threads are started once and solve
 * point after point, so start-up and JIT warm-up are paid once per thread, not once per point.
 * `solve(task)` resolves with the point's result; results are bit-identical to
 * `solvePointTheory(task)` inline, whatever the thread count. `threads` = 1 runs inline.
 */
import { Worker } from 'node:worker_threads';
import { workerScript } from '../core/workerScript.ts';
import { solvePointTheory, type TheoryPointResult, type TheoryTask } from './theoryPoint.ts';

type Message = { type: 'result'; index: number; result: TheoryPointResult } | { type: 'error'; index: number; message: string };

export interface TheoryPool {
  solve(task: TheoryTask): Promise<TheoryPointResult>;
  close(): Promise<void>;
}

export function theoryPool(threads: number): TheoryPool {
  if (threads <= 1) {
    // one point per macrotask: each point's result (and its file, written by the caller's .then)
    // lands before the next point starts, so a killed sweep keeps every point finished before it
    const solve = (task: TheoryTask) =>
      new Promise<TheoryPointResult>((resolve, reject) => setImmediate(() => {
        try {
          resolve(solvePointTheory(task));
        } catch (e) {
          reject(e);
        }
      }));
    return { solve, close: async () => {} };
  }
  const queue: { index: number; task: TheoryTask }[] = [];
  const pending = new Map<number, { resolve: (r: TheoryPointResult) => void; reject: (e: Error) => void }>();
  const idle: Worker[] = [];
  const workers: Worker[] = [];
  let counter = 0;
  let broken: Error | null = null;

  const failAll = (e: Error) => {
    broken ??= e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  const dispatch = () => {
    while (idle.length && queue.length) idle.pop()!.postMessage(queue.shift());
  };
  for (let i = 0; i < threads; i++) {
    const w = new Worker(workerScript(import.meta.url, 'theoryWorker'));
    workers.push(w);
    idle.push(w);
    w.on('message', (m: Message) => {
      const p = pending.get(m.index);
      pending.delete(m.index);
      if (p) {
        if (m.type === 'result') p.resolve(m.result);
        else p.reject(new Error(`theory worker failed: ${m.message}`));
      }
      idle.push(w);
      dispatch();
    });
    w.on('error', (e) => failAll(e));
    w.on('exit', (code) => {
      if (code !== 0) failAll(new Error(`theory worker exited with code ${code}`));
    });
  }
  return {
    solve(task) {
      if (broken) return Promise.reject(broken);
      const index = counter++;
      return new Promise((resolve, reject) => {
        pending.set(index, { resolve, reject });
        queue.push({ index, task });
        dispatch();
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
