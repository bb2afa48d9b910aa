// Entry of a theory worker thread of the sweep pool: register tsx's TypeScript loader in this
// thread, then load the worker written in TypeScript (./theoryWorker.ts). Same pattern as
// sim/worker.mjs, so whatever makes that one run from compiled JavaScript applies here too.
import { register } from 'tsx/esm/api';

register();
await import('./theoryWorker.ts');
