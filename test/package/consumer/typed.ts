// A user's TypeScript file, type-checked against the installed declarations (dist/**/*.d.ts).
import { parseConfig, solveTheoryOf, ConfigError, type Config, type TheorySolution } from 'pepita-ode';

const config: Config = parseConfig({ rule: 'bp', K: 2, M: 2, eta: 0.5, tmax: 10 });
const solution: TheorySolution = solveTheoryOf(config);
const last: number = solution.eg[solution.eg.length - 1];
const field: string = new ConfigError('eta', 'must be > 0').field;
console.log(last, field);
