/**
 * The output times of an integration and the rows filled so far: each accepted step hands over
 * its end state and its continuous extension, and the cursor fills every output time the step
 * covered. Shared by the Rosenbrock and odex segment drivers, so switching between them never
 * repeats or skips an output time.
 */
import type { Failure } from '../../src/core/trajectory.ts';

export class OutputCursor {
  readonly rows: Float64Array[] = [];
  readonly times: Float64Array;
  readonly n: number;
  next = 0;

  constructor(times: Float64Array, y0: Float64Array) {
    this.times = times;
    this.n = y0.length;
    // output times at t = 0 are the initial state itself
    while (this.next < times.length && times[this.next] <= 0) {
      this.rows.push(y0.slice());
      this.next++;
    }
  }

  get done(): boolean {
    return this.next >= this.times.length;
  }

  get tEnd(): number {
    return this.times[this.times.length - 1];
  }

  /**
   * A step ended at t with state y; fill output times ≤ t from `dense(i, tt)` (times equal to t
   * get y itself). Returns a failure when an interpolated value is not finite.
   */
  emit(t: number, y: ArrayLike<number>, dense: (i: number, tt: number) => number, names: string[]): Failure | null {
    const { times, n } = this;
    while (this.next < times.length && times[this.next] <= t) {
      const tt = times[this.next];
      const row = new Float64Array(n);
      if (tt === t) for (let i = 0; i < n; i++) row[i] = y[i];
      else for (let i = 0; i < n; i++) row[i] = dense(i, tt);
      for (let i = 0; i < n; i++) {
        if (!Number.isFinite(row[i])) return { code: 'non-finite-state', t: tt, quantity: names[i], message: `non-finite ${names[i]}` };
      }
      this.rows.push(row);
      this.next++;
    }
    return null;
  }
}
