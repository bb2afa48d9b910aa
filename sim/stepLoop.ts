/**
 * The runner's inner loop, on its own so that it is the one thing tested against a plain literal
 * step (test/engines/fastPaths.test.ts): per step μ, x ← D fresh normals from the data stream and
 * its fields (λ, ν, ρ) in one pass (sim/inputDraw.ts), then ξ when the label noise σ > 0, then the
 * rule's step (sim/steps/; with the setup's weight decay after it, sim/steps/weightDecay.ts). The step leaves its first-layer row update pending; the next draw applies
 * it while projecting (one pass over W1 per step), and `flushPending` (sim/state.ts) applies it
 * before W1 is read otherwise. Two input buffers: the pending update needs the previous x.
 */
import type { LearningSetup } from '../src/core/learningSetup.ts';
import type { Weights } from '../src/core/overlaps.ts';
import { Rng } from '../src/core/rng.ts';
import { drawInputAndFields } from './inputDraw.ts';
import { createState, createWorkspace, type SimState, type StepFunction, type StepWorkspace } from './state.ts';
import { fieldRowCount, stepOf } from './steps/index.ts';
import { preMirror } from './steps/mirror.ts';

export interface StepLoop {
  readonly state: SimState;
  readonly ws: StepWorkspace;
  readonly setup: LearningSetup;
  readonly step: StepFunction;
  readonly rng: Rng;
  readonly xs: readonly [Float64Array, Float64Array];
  readonly nFields: number;
  readonly acc: Float64Array;
}

/**
 * A loop from copies of the given weights on the data stream of `seed`; with a mirror, its
 * pre-mirroring phase is done here (the loop starts at t = 0 after it).
 */
export function createStepLoop(weights: Weights, setup: LearningSetup, seed: number): StepLoop {
  const state = createState(weights, seed);
  preMirror(state, setup);
  const ws = createWorkspace(state, setup);
  ws.deferUpdate = true;
  const nFields = fieldRowCount(setup.rule, state.K, state.M);
  return {
    state, ws, setup, step: stepOf(setup), rng: new Rng(seed),
    xs: [new Float64Array(state.D), new Float64Array(state.D)], nFields, acc: new Float64Array(nFields),
  };
}

/**
 * Steps μ = from … to − 1. Returns −1, or the first μ whose error e was not finite (the loop stops
 * there; that step's update has been made).
 */
export function advance(loop: StepLoop, from: number, to: number): number {
  const { state: s, ws, setup, step, rng, xs, nFields, acc } = loop;
  const { K, D } = s;
  const noisy = setup.noise > 0;
  const invSqrtD = 1 / s.sqrtD;
  for (let mu = from; mu < to; mu++) {
    const x = xs[mu & 1];
    drawInputAndFields(rng, x, D, s.fieldRows, nFields, invSqrtD, ws.fields, acc, ws.pending, K, s.F);
    ws.fieldsReady = true;
    const xi = noisy ? rng.normal() : 0;
    const e = step(s, setup, x, xi, ws);
    if (e - e !== 0) return mu;
  }
  return -1;
}
