/**
 * One cubature average computed by several threads (docs/averages.md "Threads"): the point set is cut
 * into a fixed number of parts, each part is summed on its own and the parts' sums are added in part
 * order, so the result does not depend on how many threads took the parts. Each thread sums a
 * contiguous range of parts into shared memory, then waits for the others (a barrier on an Int32
 * sequence number per thread) and adds all the parts itself: every thread ends with the same,
 * bit-identical average, so threads running the same deterministic solve stay in lockstep
 * (theory/threads/team.ts starts them).
 *
 * Shared memory: two slots (alternating averages, so a thread that is one average ahead never
 * overwrites sums another thread still reads) of `parts × capacity` doubles, and an Int32 control
 * block: per thread its sequence number, then an abort flag any thread sets when it fails.
 *
 *   const split = new NodeSplit(NodeSplit.allocate(2, 8, 4096), 0, 2);
 *   split.partRange(0)                 // [0, 4) of the 8 parts for thread 0 of 2
 *   split.exchange(partSums, size, out) // after summing the own parts: out ← Σ_parts, in part order
 */

/** Parts of a point set with at least SPLIT_MIN_POINTS points (fewer points: one part, the plain sum). */
export const SPLIT_PARTS = 8;

/**
 * Smallest point set that is cut into parts (and may be shared by threads): the Smolyak level 6
 * default at K = M = 3 (15 435 folded points) is shared (bench/scale.ts: that solve 3.2 s → 1.8 s),
 * the control variate's 15 000-point default at K = M = 2 (6 305 folded points, whole solves of
 * ≈ 1 s) stays on one thread, where a second thread's start (≈ 0.7 s, once per process) would not pay.
 */
export const SPLIT_MIN_POINTS = 8192;

/** Parts a point set of `count` points is summed in (independent of threads). */
export function partsOf(count: number): number {
  return count >= SPLIT_MIN_POINTS ? SPLIT_PARTS : 1;
}

/** [start, end) of part `p` of `parts` over `count` points. */
export function partPoints(count: number, parts: number, p: number): [number, number] {
  return [Math.floor((p * count) / parts), Math.floor(((p + 1) * count) / parts)];
}

/** The shared buffers of a split (plain data: posted to the worker threads as is). */
export interface SplitMemory {
  readonly threads: number;
  readonly parts: number;
  /** doubles per part and slot: the largest integrand the split can share */
  readonly capacity: number;
  readonly sums: SharedArrayBuffer;
  readonly control: SharedArrayBuffer;
}

/** How long a thread waits for another one before it reports it as stuck (ms). */
const STUCK_AFTER_MS = 120_000;

export class SplitAbort extends Error {}

export class NodeSplit {
  readonly threads: number;
  readonly parts: number;
  private readonly capacity: number;
  private readonly sums: Float64Array;
  private readonly control: Int32Array;
  private seq = 0;

  /** Shared buffers for `threads` threads, `parts` parts, integrands of up to `capacity` numbers. */
  static allocate(threads: number, parts: number, capacity: number): SplitMemory {
    return {
      threads, parts, capacity,
      sums: new SharedArrayBuffer(2 * parts * capacity * 8),
      control: new SharedArrayBuffer((threads + 1) * 4),
    };
  }

  constructor(readonly memory: SplitMemory, readonly thread: number) {
    if (!(thread >= 0 && thread < memory.threads)) throw new RangeError(`NodeSplit: thread ${thread} of ${memory.threads}`);
    this.threads = memory.threads;
    this.parts = memory.parts;
    this.capacity = memory.capacity;
    this.sums = new Float64Array(memory.sums);
    this.control = new Int32Array(memory.control);
  }

  /** Can an integrand of `size` numbers be shared (else every thread computes the whole average). */
  fits(size: number): boolean {
    return size <= this.capacity;
  }

  /** [first, end) of the parts this thread sums. */
  partRange(): [number, number] {
    const { parts, threads, thread } = this;
    return [Math.floor((thread * parts) / threads), Math.floor(((thread + 1) * parts) / threads)];
  }

  /** Where part `p`'s sum goes in the current average's slot (the own parts: write them, then exchange). */
  partSums(p: number, size: number): Float64Array {
    const slot = (this.seq + 1) & 1;
    const o = (slot * this.parts + p) * this.capacity;
    return this.sums.subarray(o, o + size);
  }

  /**
   * After this thread's parts are in `partSums`: publish them, wait for every other thread's, and
   * out[i] += Σ_p sum_p[i] in part order (out starts at 0: the plain sum when there is one part).
   */
  exchange(size: number, out: Float64Array): void {
    const seq = ++this.seq;
    const c = this.control;
    Atomics.store(c, this.thread, seq);
    Atomics.notify(c, this.thread);
    for (let j = 0; j < this.threads; j++) {
      if (j === this.thread) continue;
      let waited = 0;
      for (;;) {
        if (Atomics.load(c, this.threads) !== 0) throw new SplitAbort('another theory thread stopped (its error is reported by the thread that started it)');
        const v = Atomics.load(c, j);
        if (v >= seq) break;
        // wakes on j's notify; the timeout re-checks the abort flag
        Atomics.wait(c, j, v, 1000);
        waited += 1000;
        if (waited > STUCK_AFTER_MS) throw new SplitAbort(`theory thread ${j} did not answer for ${STUCK_AFTER_MS / 1000} s`);
      }
    }
    const slot = seq & 1;
    for (let p = 0; p < this.parts; p++) {
      const o = (slot * this.parts + p) * this.capacity;
      for (let i = 0; i < size; i++) out[i] += this.sums[o + i];
    }
  }

  /** Tell every thread to stop (a thread failed or the solve is over early). */
  abort(): void {
    Atomics.store(this.control, this.threads, 1);
    for (let j = 0; j < this.threads; j++) Atomics.notify(this.control, j);
  }
}
