/*
 * C baseline for bench/sweep.ts: the D → ∞ ODEs of online backpropagation in a soft committee
 * machine with a trained second layer (Saad & Solla 1995; docs/rules.md "One form for every rule", rule bp, erf units
 * g(x) = erf(x/√2), scaled convention), integrated by fixed-step forward Euler — the method of the
 * established ODE scripts — written independently of theory/rhs.ts from the scalar integrals:
 *
 *   I2(a,b)     = (2/π) asin(C_ab / √((1+C_aa)(1+C_bb)))
 *   I3(a,b,c)   = (2/π) (C_bc(1+C_aa) − C_ab C_ac) / ((1+C_aa) √((1+C_aa)(1+C_cc) − C_ac²))
 *   I4(a,b,c,d) = (4/π²) Λ4^{-1/2} asin(Λ0 / √(Λ1 Λ2))                      (Saad & Solla)
 *   J2(a,b)     = (2/π) Λ4^{-1/2},  Λ4 = (1+C_aa)(1+C_bb) − C_ab²
 *
 *   dR_km/dt  = −η W2_k Σ_u w_u I3(k, ν_m, u)
 *   dQ_kl/dt  = −η W2_k Σ_u w_u I3(k, λ_l, u) − η W2_l Σ_u w_u I3(l, λ_k, u)
 *               + η² W2_k W2_l (Σ_uv w_u w_v I4(k, l, u, v) + σ² J2(k, l))
 *   dW2_k/dt  = −η₂ Σ_u w_u I2(k, u)
 *   εg        = ½ Σ_uv w_u w_v I2(u, v),    w = (W2, −W̃2), units u = λ_1..λ_K, ν_1..ν_M
 *
 *   gcc -O3 -o bp_euler bp_euler.c -lm
 *   ./bp_euler < problems.txt
 * stdin: the number of problems, then per problem
 *   K M eta eta2 sigma tmax dt  Q (K·K)  R (K·M)  T (M·M)  W2 (K)  W2t (M)
 * stdout: "eg <εg(tmax)>" per problem, then "seconds <integration wall time of all problems>".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define MAXU 16

static int K, M, U;
static double C[MAXU][MAXU], w[MAXU];

static double I2(int a, int b) { return (2 / M_PI) * asin(C[a][b] / sqrt((1 + C[a][a]) * (1 + C[b][b]))); }

static double I3(int a, int b, int c) {
  double s = 1 + C[a][a];
  return (2 / M_PI) * (C[b][c] * s - C[a][b] * C[a][c]) / (s * sqrt(s * (1 + C[c][c]) - C[a][c] * C[a][c]));
}

static double I4(int a, int b, int c, int d) {
  double pa = 1 + C[a][a], pb = 1 + C[b][b], cab = C[a][b];
  double l4 = pa * pb - cab * cab;
  double l0 = l4 * C[c][d] - C[b][d] * C[b][c] * pa - C[a][c] * C[a][d] * pb + cab * C[a][c] * C[b][d] + cab * C[a][d] * C[b][c];
  double l1 = l4 * (1 + C[c][c]) - C[b][c] * C[b][c] * pa - C[a][c] * C[a][c] * pb + 2 * cab * C[a][c] * C[b][c];
  double l2 = l4 * (1 + C[d][d]) - C[b][d] * C[b][d] * pa - C[a][d] * C[a][d] * pb + 2 * cab * C[a][d] * C[b][d];
  return (4 / (M_PI * M_PI)) / sqrt(l4) * asin(l0 / sqrt(l1 * l2));
}

static double eg(void) {
  double s = 0;
  for (int u = 0; u < U; u++)
    for (int v = 0; v < U; v++) s += w[u] * w[v] * I2(u, v);
  return 0.5 * s;
}

static int readd(double *x) { return scanf("%lf", x) == 1; }

int main(void) {
  int n;
  if (scanf("%d", &n) != 1) return 2;
  double seconds = 0;
  for (int p = 0; p < n; p++) {
    double eta, eta2, sigma, tmax, dt;
    if (scanf("%d %d", &K, &M) != 2 || !readd(&eta) || !readd(&eta2) || !readd(&sigma) || !readd(&tmax) || !readd(&dt)) return 2;
    U = K + M;
    if (U > MAXU) return 2;
    double W2t[MAXU];
    for (int k = 0; k < K; k++) for (int l = 0; l < K; l++) if (!readd(&C[k][l])) return 2;
    for (int k = 0; k < K; k++) for (int m = 0; m < M; m++) { if (!readd(&C[k][K + m])) return 2; C[K + m][k] = C[k][K + m]; }
    for (int m = 0; m < M; m++) for (int q = 0; q < M; q++) if (!readd(&C[K + m][K + q])) return 2;
    for (int k = 0; k < K; k++) if (!readd(&w[k])) return 2;
    for (int m = 0; m < M; m++) { if (!readd(&W2t[m])) return 2; w[K + m] = -W2t[m]; }

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    double dQ[MAXU][MAXU], dR[MAXU][MAXU], dW[MAXU];
    long steps = (long)llround(tmax / dt);
    for (long s = 0; s < steps; s++) {
      for (int k = 0; k < K; k++) {
        for (int m = 0; m < M; m++) {
          double a = 0;
          for (int u = 0; u < U; u++) a += w[u] * I3(k, K + m, u);
          dR[k][m] = -eta * w[k] * a;
        }
        double b = 0;
        for (int u = 0; u < U; u++) b += w[u] * I2(k, u);
        dW[k] = -eta2 * b;
      }
      for (int k = 0; k < K; k++) {
        for (int l = k; l < K; l++) {
          double ak = 0, al = 0, e2 = 0;
          for (int u = 0; u < U; u++) {
            ak += w[u] * I3(k, l, u);
            al += w[u] * I3(l, k, u);
            for (int v = 0; v < U; v++) e2 += w[u] * w[v] * I4(k, l, u, v);
          }
          double l4 = (1 + C[k][k]) * (1 + C[l][l]) - C[k][l] * C[k][l];
          double j2 = (2 / M_PI) / sqrt(l4);
          dQ[k][l] = -eta * w[k] * ak - eta * w[l] * al + eta * eta * w[k] * w[l] * (e2 + sigma * sigma * j2);
        }
      }
      for (int k = 0; k < K; k++) {
        for (int l = k; l < K; l++) { C[k][l] += dt * dQ[k][l]; C[l][k] = C[k][l]; }
        for (int m = 0; m < M; m++) { C[k][K + m] += dt * dR[k][m]; C[K + m][k] = C[k][K + m]; }
        w[k] += dt * dW[k];
      }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    seconds += (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
    printf("eg %.17g\n", eg());
  }
  printf("seconds %.6f\n", seconds);
  return 0;
}
