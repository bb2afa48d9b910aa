/**
 * Seeded, splittable random numbers shared by the simulation, the Monte Carlo engine and the
 * initial conditions. xoshiro128** (32-bit state words, so every operation stays in int32
 * arithmetic without BigInt), seeded through splitmix32 so nearby seeds give unrelated streams.
 *
 * API (stable; internals may be optimised):
 *   const r = new Rng(seed)          // seed: integer in [0, 2^32)
 *   r.nextU32(); r.uniform();        // uniform in [0,1) with 53 random bits
 *   r.normal();                      // standard normal
 *   r.fillNormal(out, offset, n)     // n standard normals into out[offset..offset+n)
 *   r.split(i)                       // an independent child stream, determined by (state, i)
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare = 0;
  private hasSpare = false;

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
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** uniform 32-bit unsigned integer */
  nextU32(): number {
    const s1 = this.s1;
    let r = Math.imul(s1, 5);
    r = Math.imul((r << 7) | (r >>> 25), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return r >>> 0;
  }

  /** uniform double in [0, 1) */
  uniform(): number {
    const a = this.nextU32() >>> 5;
    const b = this.nextU32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** standard normal (Marsaglia polar method, one spare cached) */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    this.hasSpare = true;
    return u * m;
  }

  /** fill out[offset .. offset+n) with standard normals */
  fillNormal(out: Float64Array, offset: number, n: number): void {
    for (let i = 0; i < n; i++) out[offset + i] = this.normal();
  }

  /** an independent child stream: seeded from this stream's next output mixed with `index` */
  split(index: number): Rng {
    return new Rng((this.nextU32() ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  }
}
