/**
 * Activation registry. `erf` is g(x) = erf(x/√2), the convention of the closed forms
 * (eq. 26) and of the early-time expansion (eqs. 27–30).
 */
export type ActivationId = 'erf' | 'relu' | 'tanh' | 'linear';
export const ACTIVATION_IDS: readonly ActivationId[] = ['erf', 'relu', 'tanh', 'linear'];

export interface Activation {
  readonly id: ActivationId;
  /** g(x) */
  readonly g: (x: number) => number;
  /** g'(x) */
  readonly dg: (x: number) => number;
  /**
   * which closed forms of src/core/integrals.ts serve the unit (eq. 26 for erf, moments for linear),
   * or null when its averages are numerical (relu, tanh)
   */
  readonly closedForm: 'erf' | 'linear' | null;
  /** g(−x) = −g(x): the integrands of εg and of the ODEs are then even in the fields (one point of each ± pair suffices) */
  readonly odd: boolean;
  /** g is smooth (no kinks): Gauss–Hermite rules converge on its averages (src/core/cubature/ruleChoice.ts) */
  readonly smooth: boolean;
  /**
   * g(x), with g'(x) written to slope[k]: one call where both are needed per sample (the cubature
   * hot loop); for erf the Gaussian factor of g' is the exponential erf computes anyway.
   */
  readonly gWithSlope: (x: number, slope: Float64Array, k: number) => number;
}

/**
 * erf(x) to ~1.2e-16 relative: W. J. Cody's rational approximations (Math. Comp. 1969),
 * the same split as most libm implementations (|x|<0.5, <4, ≥4).
 */
export function erf(x: number): number {
  const ax = x < 0 ? -x : x;
  if (ax < 0.5) return erfSmall(x);
  return x < 0 ? -(1 - erfcPositive(ax, Math.exp(-ax * ax))) : 1 - erfcPositive(ax, Math.exp(-ax * ax));
}

/** erfc(x) = 1 − erf(x), accurate in relative terms for large positive x (Cody). */
export function erfc(x: number): number {
  if (x < 0.5) return 1 - (x > -0.5 ? erfSmall(x) : erf(x));
  return erfcPositive(x, Math.exp(-x * x));
}

/** erf(x) for |x| < 0.5 (Cody). */
function erfSmall(x: number): number {
  const t = x * x;
  const top = (((0.185777706184603153 * t + 3.16112374387056560) * t + 113.864154151050156) * t + 377.485237685302021) * t + 3209.37758913846947;
  const bot = (((t + 23.6012909523441209) * t + 244.024637934444173) * t + 1282.61652607737228) * t + 2844.23683343917062;
  return (x * top) / bot;
}

/** erfc(x) for x ≥ 0.5 (Cody), given e^{−x²}. */
function erfcPositive(ax: number, expMinusSq: number): number {
  if (ax < 4) {
    const top = (((((((2.15311535474403846e-8 * ax + 0.564188496988670089) * ax + 8.88314979438837594) * ax + 66.1191906371416295) * ax + 298.635138197400131) * ax + 881.952221241769090) * ax + 1712.04761263407058) * ax + 2051.07837782607147) * ax + 1230.33935479799725;
    const bot = (((((((ax + 15.7449261107098347) * ax + 117.693950891312499) * ax + 537.181101862009858) * ax + 1621.38957456669019) * ax + 3290.79923573345963) * ax + 4362.61909014324716) * ax + 3439.36767414372164) * ax + 1230.33935480374942;
    return expMinusSq * (top / bot);
  }
  if (ax > 27) return 0;
  const z = 1 / (ax * ax);
  const top = ((((0.0163153871373020978 * z + 0.305326634961232344) * z + 0.360344899949804439) * z + 0.125781726111229246) * z + 0.0160837851487422766) * z + 6.58749161529837803e-4;
  const bot = ((((z + 2.56852019228982242) * z + 1.87295284992346725) * z + 0.527905102951428412) * z + 0.0605183413124413191) * z + 0.00233520497626869185;
  const r = (z * top) / bot;
  return (expMinusSq / ax) * (1 / Math.sqrt(Math.PI) - r);
}

const INV_SQRT2 = Math.SQRT1_2;
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

const erfUnit: Activation = {
  id: 'erf',
  g: (x) => erf(x * INV_SQRT2),
  // d/dx erf(x/√2) = √(2/π) exp(−x²/2)
  dg: (x) => SQRT_2_OVER_PI * Math.exp(-0.5 * x * x),
  closedForm: 'erf', odd: true, smooth: true,
  gWithSlope: (x, slope, k) => {
    // for |x/√2| ≥ 0.5 erf(x/√2) computes e^{−x²/2} anyway (as e^{−u²}, u = x/√2), and g' reuses it;
    // g is bit-identical to `g`, g' equal to `dg` to rounding
    const u = x * INV_SQRT2;
    const au = u < 0 ? -u : u;
    if (au < 0.5) {
      slope[k] = SQRT_2_OVER_PI * Math.exp(-0.5 * x * x);
      return erfSmall(u);
    }
    const ex = Math.exp(-au * au);
    slope[k] = SQRT_2_OVER_PI * ex;
    const c = erfcPositive(au, ex);
    return u < 0 ? -(1 - c) : 1 - c;
  },
};
const linearUnit: Activation = { id: 'linear', g: (x) => x, dg: () => 1, closedForm: 'linear', odd: true, smooth: true, gWithSlope: (x, slope, k) => { slope[k] = 1; return x; } };
const reluUnit: Activation = {
  id: 'relu', g: (x) => (x > 0 ? x : 0), dg: (x) => (x > 0 ? 1 : 0), closedForm: null, odd: false, smooth: false,
  gWithSlope: (x, slope, k) => { slope[k] = x > 0 ? 1 : 0; return x > 0 ? x : 0; },
};
const tanhUnit: Activation = {
  id: 'tanh',
  g: Math.tanh,
  dg: (x) => {
    const t = Math.tanh(x);
    return 1 - t * t;
  },
  closedForm: null, odd: true, smooth: true,
  gWithSlope: (x, slope, k) => {
    const t = Math.tanh(x);
    slope[k] = 1 - t * t;
    return t;
  },
};

const REGISTRY: Record<ActivationId, Activation> = { erf: erfUnit, linear: linearUnit, relu: reluUnit, tanh: tanhUnit };

export function activation(id: ActivationId): Activation {
  const a = REGISTRY[id];
  if (!a) throw new Error(`unknown activation "${String(id)}"; allowed: ${ACTIVATION_IDS.join(', ')}`);
  return a;
}
