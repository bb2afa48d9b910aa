/**
 * Research probe (moved out of the cubature backend, which keeps the Cholesky map only): the map
 * z → (λ, ν) by the lower Cholesky factor against the principal-axis root V Λ^{1/2} (columns by
 * decreasing eigenvalue) and the symmetric root V Λ^{1/2} Vᵀ, on the general PEPITA ODE integrand
 * (theory/rhsGeneral.ts) at states of the Fig. 2 trajectory, unscaled tensor Gauss–Hermite rules.
 * ρ̄ = E[ρ | λ, ν] = C_ρx C_xx⁻¹ x under every map. Prints the RHS relative error (∞-norm) of each
 * map with 16⁴ nodes against the backend's tensor 44⁴ (bench/RESULTS.md "Cubature", "Map and
 * variable change"). Why the backend keeps Cholesky: smooth in C; the eigenvectors of the other
 * roots jump at eigenvalue crossings.
 *
 *   npx tsx bench/cubatureRoots.ts
 */
import { theoryProblemOf } from '../src/app/fromConfig.ts';
import { parseConfig } from '../src/core/config.ts';
import { CubatureBackend } from '../src/core/cubature/backend.ts';
import { GaussHermiteTable } from '../src/core/cubature/gaussHermite.ts';
import { tensorPointSet } from '../src/core/cubature/pointSet.ts';
import { cholesky, CholeskyInfo } from '../src/core/linalg/cholesky.ts';
import { symmetricEigen } from '../src/core/linalg/symmetricEigen.ts';
import { covarianceOf, type Overlaps } from '../src/core/overlaps.ts';
import { solveTheory } from '../theory/solve.ts';
import { GeneralOdeIntegrand } from '../theory/rhsGeneral.ts';
import { odeSystem, type OdeSystem } from '../theory/state.ts';

type Root = 'cholesky' | 'pca' | 'symmetric';

/** the map G (n × nx, row-major; last row ρ̄) of covariance C under a root */
function fieldMap(C: Float64Array, n: number, root: Root): Float64Array {
  const nx = n - 1;
  const L = new Float64Array(n * n);
  cholesky(C, n, L, { tol: 1e-10, jitter: 1e-12 }, new CholeskyInfo());
  const G = new Float64Array(n * nx);
  if (root === 'cholesky') {
    for (let i = 0; i < n; i++) for (let j = 0; j <= Math.min(i, nx - 1); j++) G[i * nx + j] = L[i * n + j];
    return G;
  }
  const block = new Float64Array(nx * nx);
  for (let i = 0; i < nx; i++) for (let j = 0; j < nx; j++) block[i * nx + j] = C[i * n + j];
  const values = new Float64Array(nx), V = new Float64Array(nx * nx);
  symmetricEigen(block, nx, values, V);
  const order = Array.from(values.keys()).sort((a, b) => values[b] - values[a]);
  for (let i = 0; i < nx; i++) for (let j = 0; j < nx; j++) {
    let s = 0;
    if (root === 'symmetric') for (let k = 0; k < nx; k++) s += V[i * nx + k] * Math.sqrt(Math.max(values[k], 0)) * V[j * nx + k];
    else s = V[i * nx + order[j]] * Math.sqrt(Math.max(values[order[j]], 0));
    G[i * nx + j] = s;
  }
  // β = C_xx⁻¹ C_xρ by the Cholesky factor: ρ̄ = β·x
  const beta = new Float64Array(nx);
  const y = new Float64Array(nx);
  for (let i = 0; i < nx; i++) {
    let s = C[i * n + nx];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * y[k];
    y[i] = s / L[i * n + i];
  }
  for (let i = nx - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < nx; k++) s -= L[k * n + i] * beta[k];
    beta[i] = s / L[i * n + i];
  }
  for (let j = 0; j < nx; j++) {
    let s = 0;
    for (let i = 0; i < nx; i++) s += beta[i] * G[i * nx + j];
    G[nx * nx + j] = s;
  }
  return G;
}

/** the RHS at state o with the tensor rule of nodes per dimension under a root (no folding, no scaling) */
function rhsWithRoot(sys: OdeSystem, o: Overlaps, nodes: number, root: Root): Float64Array {
  const n = sys.K + sys.M + 1, nx = n - 1;
  const integrand = new GeneralOdeIntegrand(sys);
  integrand.setState(o);
  const G = fieldMap(covarianceOf(o), n, root);
  const set = tensorPointSet(new GaussHermiteTable(), nx, nodes);
  const x = new Float64Array(n);
  const out = new Float64Array(integrand.size);
  for (let p = 0; p < set.count; p++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < nx; j++) s += G[i * nx + j] * set.nodes[p * nx + j];
      x[i] = s;
    }
    integrand.accumulate(x, 0, set.weights[p], out);
  }
  return out;
}

function relErr(a: Float64Array, ref: Float64Array): number {
  let d = 0, s = 0;
  for (let i = 0; i < ref.length; i++) { d = Math.max(d, Math.abs(a[i] - ref[i])); s = Math.max(s, Math.abs(ref[i])); }
  return d / s;
}

const config = parseConfig({ rule: 'pepita', tmax: 1000, points: 101, theory: { solver: 'odex' } });
const problem = theoryProblemOf(config);
const sys = odeSystem(problem);
const sol = solveTheory(problem);
console.log('RHS relative error (∞-norm) vs tensor 44⁴ (Cholesky backend, unscaled), PEPITA Fig. 2 states');
console.log('| t | 16⁴ Cholesky | 16⁴ PCA root | 16⁴ symmetric root |');
console.log('|---|---|---|---|');
for (const t of [0, 290, 930]) {
  const i = sol.times.reduce((best, ti, j) => (Math.abs(ti - t) < Math.abs(sol.times[best] - t) ? j : best), 0);
  const o = sol.states[i];
  const ref = new Float64Array(new GeneralOdeIntegrand(sys).size);
  const integrand = new GeneralOdeIntegrand(sys);
  integrand.setState(o);
  new CubatureBackend({ K: sys.K, M: sys.M, noisy: false }, { rule: { kind: 'tensor', n: 44 }, psd: 'strict', checkEvery: 0, evenIntegrands: false, scale: 1 })
    .average(covarianceOf(o), integrand, ref, sol.times[i]);
  const cells = (['cholesky', 'pca', 'symmetric'] as const).map((r) => relErr(rhsWithRoot(sys, o, 16, r), ref).toExponential(1));
  console.log(`| ${sol.times[i].toFixed(0)} | ${cells.join(' | ')} |`);
}
