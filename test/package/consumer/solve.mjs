// A user's plain-JavaScript script (no TypeScript loader): the installed package's library entry
// solves the ODEs of the config given as argv[2] and simulates it on worker threads; prints JSON.
import { parseConfig, solveTheoryOf, simulateOf } from 'pepita-ode';

const config = parseConfig(JSON.parse(process.argv[2]));
const theory = solveTheoryOf(config);
const sim = await simulateOf(config, { threads: 2 });
process.stdout.write(JSON.stringify({
  times: Array.from(theory.times),
  eg: Array.from(theory.eg),
  simEg: sim.runs.map((r) => Array.from(r.eg)),
}));
