/**
 * Worker side of the warm theory pool (theoryPool.ts): stays alive across points, receives
 * `{ index, task }`, posts `{ type: 'result', index, result }` or `{ type: 'error', index, message }`.
 * Loaded through the shim theoryWorker.mjs (registers tsx in this thread).
 */
import { parentPort } from 'node:worker_threads';
import { ensureRuleLoaded } from '../core/rules/ruleModule.ts';
import { solvePointTheory, type TheoryTask } from './theoryPoint.ts';

const port = parentPort;
if (!port) throw new Error('src/sweep/theoryWorker.ts must run in a worker thread');

port.on('message', async (msg: { index: number; task: TheoryTask }) => {
  try {
    // a user's rule module (its path is the config's rule): loaded once per worker
    await ensureRuleLoaded(msg.task.config.rule);
    port.postMessage({ type: 'result', index: msg.index, result: solvePointTheory(msg.task) });
  } catch (e) {
    port.postMessage({ type: 'error', index: msg.index, message: (e as Error)?.stack ?? String(e) });
  }
});
