// Entry of a simulation worker thread: register tsx's TypeScript loader in this thread, then load
// the worker written in TypeScript (sim/worker.ts). Works whether the parent runs under tsx,
// vitest or bin/pepita-ode.js, because the loader is registered here rather than inherited.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
