/**
 * Angles of Fig. 2c between the student's second layer W2 and (i) the teacher's W̃2, (ii) the
 * closest degenerate solution, (iii) the adaptive feedback f = W1F/D.
 *
 * Degenerate solutions. For an odd activation (erf), the student function
 *   ŷ(x) = Σ_k W2^k g(W1^k·x/√D)
 * is unchanged by (a) permuting the hidden units k and (b) flipping the sign of one unit's
 * incoming and outgoing weights jointly, (W1^k, W2^k) → (−W1^k, −W2^k), since
 * (−W2^k) g(−λ^k) = W2^k g(λ^k). So the student realises the teacher exactly at every
 *   W1^k = s_k W̃1^{π(k)},  W2^k = s_k W̃2^{π(k)}   (π a permutation, s_k ∈ {±1}),
 * and the set of teacher-equivalent second layers is G = { P S W̃2 }: K!·2^K vectors for K = M
 * (fewer distinct ones when entries of W̃2 coincide, e.g. W̃2 = (1, 1)).
 * The "closest degenerate solution" at a time t is the element of G with the smallest angle
 * to W2(t), and the degenerate-solution angle is that minimal angle:
 *   θ_deg(W2) = min_{v ∈ G} ∠(W2, v),   ∠(a, b) = arccos(a·b / (‖a‖‖b‖)) in degrees.
 * G contains W̃2 itself (π = id, s = +), so θ_deg ≤ ∠(W2, W̃2), with equality when the
 * teacher itself is the closest copy; θ_deg = 0 exactly at every element of G.
 *
 * K ≠ M. W2 ∈ R^K and W̃2 ∈ R^M, so ∠(W2, W̃2) is undefined (NaN) unless K = M.
 *   K > M: the student realises the teacher by copying the M teacher units into M of its K
 *   slots (any injective assignment, any signs) and switching the others off (W2 = 0), so G is
 *   the set of such embeddings of W̃2 into R^K (K!/(K−M)!·2^M vectors); θ_deg is defined
 *   as above. (A student can also split a teacher unit over two copies of it; those
 *   continuous families are not included — G is the finite orbit of the minimal embedding.)
 *   K < M: the student cannot represent the teacher, G is empty and θ_deg is NaN.
 */

/** Angle between two vectors in degrees; NaN when either has zero norm. */
export function angleDeg(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  if (aa === 0 || bb === 0 || a.length !== b.length) return NaN;
  const c = ab / Math.sqrt(aa * bb);
  return (Math.acos(c > 1 ? 1 : c < -1 ? -1 : c) * 180) / Math.PI;
}

/** One element of G: the vector and how it was built. */
export interface DegenerateCopy {
  /** second-layer weights (length K) */
  W2: number[];
  /** slot[k] = teacher unit placed in student slot k (0-based), or −1 when switched off */
  slot: number[];
  /** sign s_k of slot k (+1 for switched-off slots) */
  sign: number[];
}

/**
 * All teacher-equivalent second layers G for a student of K units and teacher W̃2 (length M):
 * injective placements of the M teacher units into the K slots × sign flips of the placed units.
 * K = M gives the K!·2^K vectors P S W̃2; K < M gives [].
 */
export function degenerateCopies(W2t: ArrayLike<number>, K: number): DegenerateCopy[] {
  const M = W2t.length;
  if (K < M) return [];
  const out: DegenerateCopy[] = [];
  const slot = new Array<number>(K).fill(-1);
  const used = new Array<boolean>(M).fill(false);
  // place teacher units into slots: recursive over slots, each slot takes an unused unit or stays off
  const place = (k: number, placed: number) => {
    if (k === K) {
      if (placed !== M) return;
      const units = slot.map((m, j) => ({ m, j })).filter((u) => u.m >= 0);
      for (let mask = 0; mask < 1 << M; mask++) {
        const sign = new Array<number>(K).fill(1);
        units.forEach((u, i) => {
          if (mask & (1 << i)) sign[u.j] = -1;
        });
        out.push({ W2: slot.map((m, j) => (m < 0 ? 0 : sign[j] * W2t[m])), slot: slot.slice(), sign });
      }
      return;
    }
    if (K - k > M - placed) {
      slot[k] = -1;
      place(k + 1, placed);
    }
    for (let m = 0; m < M; m++) {
      if (used[m]) continue;
      used[m] = true;
      slot[k] = m;
      place(k + 1, placed + 1);
      used[m] = false;
      slot[k] = -1;
    }
  };
  place(0, 0);
  return out;
}

/** The closest element of G to W2 and its angle (degrees); NaN / null when G is empty or W2 = 0. */
export function closestDegenerate(W2: ArrayLike<number>, copies: DegenerateCopy[]): { angle: number; copy: DegenerateCopy | null } {
  let best = NaN;
  let copy: DegenerateCopy | null = null;
  for (const c of copies) {
    const a = angleDeg(W2, c.W2);
    if (Number.isFinite(a) && !(a >= best)) {
      best = a;
      copy = c;
    }
  }
  return { angle: best, copy };
}

/** A short label for a degenerate copy, e.g. "π=(2,1) s=(+,−)" (1-based units, "0" = off). */
export function copyLabel(c: DegenerateCopy): string {
  return `π=(${c.slot.map((m) => (m < 0 ? 0 : m + 1)).join(',')}) s=(${c.sign.map((s) => (s > 0 ? '+' : '−')).join(',')})`;
}

/** The three angles of Fig. 2c (degrees) for one state. */
export interface Fig2cAngles {
  /** ∠(W2, W̃2); NaN unless K = M */
  teacher: number;
  /** min over G of ∠(W2, v) */
  degenerate: number;
  /** ∠(W2, f) */
  feedback: number;
}

export function fig2cAngles(W2: ArrayLike<number>, W2t: ArrayLike<number>, f: ArrayLike<number>, copies: DegenerateCopy[]): Fig2cAngles {
  return {
    teacher: W2.length === W2t.length ? angleDeg(W2, W2t) : NaN,
    degenerate: closestDegenerate(W2, copies).angle,
    feedback: angleDeg(W2, f),
  };
}
