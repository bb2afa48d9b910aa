// Must NOT type-check: the declarations are real types, not `any` (a config is not a number).
import { solveTheoryOf } from 'pepita-ode';

solveTheoryOf(42);
