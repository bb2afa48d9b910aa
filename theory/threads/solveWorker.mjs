// Entry of a worker thread of a theory solve team (team.ts): register tsx's TypeScript loader in
// this thread, then load the worker written in TypeScript (./solveWorker.ts). Same pattern as
// src/sweep/theoryWorker.mjs.
import { register } from 'tsx/esm/api';

register();
await import('./solveWorker.ts');
