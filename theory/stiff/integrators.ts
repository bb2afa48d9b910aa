/**
 * The integrators of the theory engine by the name of `theory.solver`: "auto" (odex while the
 * problem is not stiff, RODAS4 once it is), "odex", "rodas4". All share integrateOdex's signature.
 *
 *   const r = integratorByName('auto')(rhs, y0, times, names, { rtol, atol });
 *   r.stats.solver   // { method, initial, switches, acceptedBy, … } for run.json
 */
import { ConfigError } from '../../src/core/errors.ts';
import { choiceMessage, SOLVER_NAMES, type SolverName } from '../../src/core/theorySettings.ts';
import { integrateOdex, type Integrator } from '../integrateOdex.ts';
import { integrateAuto } from './integrateAuto.ts';
import { integrateRodas4 } from './integrateRodas4.ts';

export { SOLVER_NAMES, type SolverName };

const BY_NAME: Record<SolverName, Integrator> = { auto: integrateAuto, odex: integrateOdex, rodas4: integrateRodas4 };

/** The integrator called `name`; a ConfigError on `theory.solver` for any other name. */
export function integratorByName(name: string): Integrator {
  const f = BY_NAME[name as SolverName];
  if (!f) throw new ConfigError('theory.solver', choiceMessage(SOLVER_NAMES, name));
  return f;
}
