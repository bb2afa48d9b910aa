/**
 * Worker side of the simulation pool: receives `{ index, task }`, runs `simulateRun(task)` and posts
 * progress messages `{ type: 'progress', index, done }` and the result `{ type: 'result', index, run }`
 * (or `{ type: 'error', index, message }`). Loaded through the shim `worker.mjs`, which registers
 * tsx so this TypeScript file runs under `npx tsx`, vitest and `bin/pepita-ode.js` alike.
 */
import { parentPort } from 'node:worker_threads';
import { ensureRuleLoaded } from '../src/core/rules/ruleModule.ts';
import { simulateRun, type RunTask } from './runOne.ts';

const port = parentPort;
if (!port) throw new Error('sim/worker.ts must run in a worker thread');

port.on('message', async (msg: { index: number; task: RunTask }) => {
  const { index, task } = msg;
  try {
    // a user's rule module (its path is the setup's rule): loaded once per worker
    await ensureRuleLoaded(task.problem.setup.rule);
    const run = simulateRun(task, (done) => port.postMessage({ type: 'progress', index, done }));
    port.postMessage({ type: 'result', index, run });
  } catch (e) {
    port.postMessage({ type: 'error', index, message: (e as Error)?.stack ?? String(e) });
  }
});
