/** The part of odex's Solver used by theory/solve.ts (see odex.js). */
export type OdexDerivative = (x: number, y: number[]) => number[];
export type OdexDense = (component: number, x: number) => number;
export type OdexObserver = (nr: number, xOld: number, x: number, y: number[], dense?: OdexDense) => boolean | void;

export interface OdexResult {
  y: number[];
  /** 0 converged, 1 max steps exceeded, 2 early return */
  outcome: number;
  nStep: number;
  xEnd: number;
  nAccept: number;
  nReject: number;
  nEval: number;
}

export declare class Solver {
  constructor(n: number);
  n: number;
  maxSteps: number;
  initialStepSize: number;
  maxStepSize: number;
  denseOutput: boolean;
  relativeTolerance: number | number[];
  absoluteTolerance: number | number[];
  solve(f: OdexDerivative, x: number, y0: number[], xEnd: number, solOut?: OdexObserver): OdexResult;
}
