/**
 * A worker thread of theory solve teams (team.ts): for each task it solves the same problem as the
 * thread that posted it, sharing every cubature average with it (src/core/cubature/nodeSplit.ts), and
 * stops after the integration (the caller keeps its own solution). A failure aborts the split and is
 * reported on the error port, tagged with the team; a split the caller closed ends the task quietly.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { NodeSplit, SplitAbort } from '../../src/core/cubature/nodeSplit.ts';
import { ensureRuleLoaded } from '../../src/core/rules/ruleModule.ts';
import { solveOnThread } from '../solve.ts';
import type { TeamError, TeamTask } from './team.ts';

const port = parentPort;
if (!port) throw new Error('theory/threads/solveWorker.ts must run in a worker thread');
const errors = (workerData as { errors: MessagePort }).errors;

port.on('message', async (task: TeamTask) => {
  const split = new NodeSplit(task.memory, task.thread);
  try {
    if (task.ruleModule !== null) await ensureRuleLoaded(task.ruleModule);
    solveOnThread(task.problem, task.options, split);
  } catch (e) {
    if (e instanceof SplitAbort) return;
    errors.postMessage({ team: task.team, message: (e as Error)?.stack ?? String(e) } satisfies TeamError);
    split.abort();
  }
});
