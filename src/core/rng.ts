/**
 * Seeded, splittable random numbers shared by the simulation, the Monte Carlo engine and the
 * initial conditions. xoshiro128** (Blackman & Vigna; 32-bit state words, so every operation
 * stays in int32 arithmetic without BigInt), seeded through splitmix32 so nearby seeds give
 * unrelated streams.
 *
 * Normals: a 256-layer ziggurat (Marsaglia & Tsang 2000) with independent random bits for the
 * layer (8 bits) and the signed abscissa (55 bits), so the layer choice and the value are not
 * correlated (the weakness of the original 32-bit version, Doornik 2005). Each normal
 * consumes two 32-bit outputs on the fast path (≈ 98.8 % of draws); the wedges and the tail beyond
 * r = 3.654… use uniform() (Marsaglia's exponential tail method).
 *
 * API (stable; internals may be optimised):
 *   const r = new Rng(seed)          // seed: integer in [0, 2^32)
 *   r.nextU32(); r.uniform();        // uniform in [0,1) with 53 random bits
 *   r.normal();                      // standard normal
 *   r.fillNormal(out, offset, n)     // n standard normals into out[offset..offset+n);
 *                                    //   the same numbers as n calls of normal()
 *   r.split(i)                       // an independent child stream, determined by (state, i)
 */

/** Number of ziggurat layers. */
const ZIG_N = 256;

/** ∫_x^∞ exp(−t²/2) dt = exp(−x²/2)·R(x), Mills ratio R by its continued fraction (x ≥ 3: 1e-16 in 200 terms). */
function upperTail(x: number): number {
  let cf = x;
  for (let k = 200; k >= 1; k--) cf = x + k / cf;
  return Math.exp(-0.5 * x * x) / cf;
}

/**
 * Build the tables for a tail start r: v(r) = r f(r) + ∫_r^∞ f is the area of every layer, and the
 * recursion f(X[i+1]) = f(X[i]) + v/X[i] stacks the layers. Returns f(X[N−1]) + v/X[N−1] − 1, the
 * mismatch of the top layer (0 for the right r), or +1 when the stack overshoots the peak early.
 */
function zigguratTables(r: number, X: Float64Array, F: Float64Array): { v: number; closure: number } {
  const f = (x: number) => Math.exp(-0.5 * x * x);
  const v = r * f(r) + upperTail(r);
  X[0] = v / f(r);
  X[1] = r;
  for (let i = 1; i < ZIG_N - 1; i++) {
    const y = f(X[i]) + v / X[i];
    if (y >= 1) return { v, closure: 1 };
    X[i + 1] = Math.sqrt(-2 * Math.log(y));
  }
  X[ZIG_N] = 0;
  for (let i = 0; i <= ZIG_N; i++) F[i] = f(X[i]);
  return { v, closure: F[ZIG_N - 1] + v / X[ZIG_N - 1] - 1 };
}

/**
 * ZX[i]: right edge of layer i (ZX[0] = v/f(r) is the base strip's equivalent width, ZX[1] = r,
 * decreasing to ZX[256] = 0); ZF[i] = exp(−ZX[i]²/2). Layer i ≥ 1 covers x ∈ [0, ZX[i]],
 * y ∈ [ZF[i], ZF[i+1]]; its part x < ZX[i+1] lies entirely under the curve.
 * r is found by bisection so that the top layer closes at the peak (r ≈ 3.6541528853610088,
 * v ≈ 0.00492867323399 for 256 layers, Marsaglia & Tsang 2000).
 */
const ZX = new Float64Array(ZIG_N + 1);
const ZF = new Float64Array(ZIG_N + 1);
let ZIG_R = 3.6541528853610088;
let ZIG_V = 0;
let ZIG_CLOSURE = 0;
{
  let lo = 3.6, hi = 3.7;
  for (let it = 0; it < 80; it++) {
    const mid = 0.5 * (lo + hi);
    if (zigguratTables(mid, ZX, ZF).closure > 0) lo = mid;
    else hi = mid;
  }
  ZIG_R = hi;
  const t = zigguratTables(ZIG_R, ZX, ZF);
  ZIG_V = t.v;
  ZIG_CLOSURE = t.closure;
}
/** exported for tests: the ziggurat tables (do not modify) */
export const ZIGGURAT = { N: ZIG_N, R: ZIG_R, V: ZIG_V, closure: ZIG_CLOSURE, X: ZX, F: ZF } as const;

/** ZXS[i] = ZX[i]·2^−54: maps the signed 55-bit integer of a draw to u·ZX[i], u ∈ [−1, 1) */
const ZXS = ZX.map((v) => v * 2 ** -54);

export class Rng {
  /**
   * xoshiro128** state s0..s3 in an Int32Array: the words stay int32 in V8's optimised code
   * (object fields would box values beyond the 31-bit small-integer range as doubles, and the hot
   * loop would convert on every bit operation).
   */
  private readonly s = new Int32Array(4);

  constructor(seed: number) {
    let x = seed >>> 0;
    const next = () => {
      // splitmix32
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    const st = this.s;
    st[0] = next();
    st[1] = next();
    st[2] = next();
    st[3] = next();
    if ((st[0] | st[1] | st[2] | st[3]) === 0) st[0] = 1;
  }

  /** uniform 32-bit unsigned integer (xoshiro128**) */
  nextU32(): number {
    const st = this.s;
    let s0 = st[0], s1 = st[1], s2 = st[2], s3 = st[3];
    let r = Math.imul(s1, 5);
    r = Math.imul((r << 7) | (r >>> 25), 9);
    const t = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    st[0] = s0; st[1] = s1; st[2] = s2; st[3] = s3;
    return r >>> 0;
  }

  /** uniform double in [0, 1) with 53 random bits */
  uniform(): number {
    const a = this.nextU32() >>> 5;
    const b = this.nextU32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** standard normal (ziggurat; see the file comment) */
  normal(): number {
    const a = this.nextU32() | 0;
    const b = this.nextU32();
    const i = a & 255;
    const x = ((a >> 9) * 4294967296 + b) * ZXS[i];
    if (Math.abs(x) < ZX[i + 1]) return x;
    return this.slowNormal(i, x);
  }

  /**
   * The rare path of the ziggurat: x = u·ZX[i] (u uniform in [−1, 1)) fell outside the inner
   * rectangle of layer i. Layer 0: sample the tail |x| > r with the sign of x. Layer i ≥ 1: accept
   * x if a uniform height in the layer lies under exp(−x²/2), otherwise draw afresh (a new layer
   * and abscissa).
   */
  private slowNormal(i: number, x: number): number {
    for (;;) {
      if (i === 0) {
        // Marsaglia (1964): |x| = r + E1/r with E1, E2 exponential, accepted when 2E2 > (E1/r)²
        let xt: number, yt: number;
        do {
          xt = -Math.log(1 - this.uniform()) / ZIG_R;
          yt = -Math.log(1 - this.uniform());
        } while (2 * yt <= xt * xt);
        return x < 0 ? -(ZIG_R + xt) : ZIG_R + xt;
      }
      const y = ZF[i] + this.uniform() * (ZF[i + 1] - ZF[i]);
      if (y < Math.exp(-0.5 * x * x)) return x;
      const a = this.nextU32() | 0;
      const b = this.nextU32();
      i = a & 255;
      x = ((a >> 9) * 4294967296 + b) * ZXS[i];
      if (Math.abs(x) < ZX[i + 1]) return x;
    }
  }

  /**
   * Fill out[offset .. offset+n) with standard normals: exactly the numbers n calls of normal()
   * would give. The fast path runs in `zigguratRun` (state in locals, no calls); it stops at the
   * first draw that needs the slow path, which is finished here, then the run resumes.
   */
  fillNormal(out: Float64Array, offset: number, n: number): void {
    const st = this.s;
    const end = offset + n;
    let k = offset;
    for (;;) {
      k = zigguratRun(st, out, k, end);
      if (k >= end) return;
      // out[k] holds the signed abscissa x of layer PENDING[0]
      out[k] = this.slowNormal(PENDING[0], out[k]);
      k++;
    }
  }

  /** an independent child stream: seeded from this stream's next output mixed with `index` */
  split(index: number): Rng {
    return new Rng((this.nextU32() ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  }
}

/** layer of the draw at which zigguratRun stopped */
const PENDING = new Int32Array(1);

/**
 * The ziggurat fast path over out[k .. end): two xoshiro128** outputs a, b per normal; layer
 * i = low 8 bits of a, the signed abscissa u ∈ [−1, 1) from the upper 23 bits of a (signed) and the
 * 32 bits of b (55 bits in all; no branch on the sign). State in locals, no calls. Returns end when
 * done, or the index j of the first draw outside its layer's inner rectangle, with its abscissa in
 * out[j] and its layer in PENDING[0] (the state is saved either way).
 */
function zigguratRun(st: Int32Array, out: Float64Array, k: number, end: number): number {
  const X = ZX, XS = ZXS;
  let s0 = st[0], s1 = st[1], s2 = st[2], s3 = st[3];
  for (; k < end; k++) {
    // a = nextU32() (as int32)
    let r = Math.imul(s1, 5);
    r = Math.imul((r << 7) | (r >>> 25), 9);
    let t = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    const a = r;
    // b = nextU32()
    r = Math.imul(s1, 5);
    r = Math.imul((r << 7) | (r >>> 25), 9);
    t = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    const i = a & 255;
    const x = ((a >> 9) * 4294967296 + (r >>> 0)) * XS[i];
    out[k] = x;
    if (Math.abs(x) >= X[i + 1]) {
      PENDING[0] = i;
      break;
    }
  }
  st[0] = s0; st[1] = s1; st[2] = s2; st[3] = s3;
  return k;
}
