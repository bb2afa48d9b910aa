/**
 * The integrators of the theory engine by the name of `theory.solver`: "auto" (odex while the
 * problem is not stiff, RODAS4 once it is), "odex", "rodas4". All share integrateOdex's signature.
 *
 *   const r = integratorByName('auto')(rhs, y0, times, names, { rtol, atol });
 *   r.stats.solver   // { method, initial, switches, acceptedBy, … } for run.json
 */
import { ConfigError } from '../../src/core/errors.ts';
import { integrateOdex, type Integrator } from '../integrateOdex.ts';
import { integrateAuto } from './integrateAuto.ts';
import { integrateRodas4 } from './integrateRodas4.ts';

/**
 * The values of `theory.solver`: "auto" (odex, switching to RODAS4 when stiff), "odex", "rodas4".
 * @example
 * ```ts
 * SOLVER_NAMES.includes('rodas4')   // true
 * ```
 */
export const SOLVER_NAMES = ['auto', 'odex', 'rodas4'] as const;
export type SolverName = (typeof SOLVER_NAMES)[number];

const BY_NAME: Record<SolverName, Integrator> = { auto: integrateAuto, odex: integrateOdex, rodas4: integrateRodas4 };

/** The integrator called `name`; a ConfigError on `theory.solver` for any other name. */
export function integratorByName(name: string): Integrator {
  const f = BY_NAME[name as SolverName];
  if (!f) throw new ConfigError('theory.solver', `must be one of ${SOLVER_NAMES.map((n) => `"${n}"`).join(', ')} (got "${name}")`);
  return f;
}
