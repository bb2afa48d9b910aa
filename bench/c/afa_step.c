/*
 * C baseline of one online AFA step (eq. 17, scaled convention of docs/model.md) for bench/sim.ts.
 * Same work per step as the TypeScript engine: D fresh standard normals (xoshiro256+ and the
 * Marsaglia polar method), the fields λ (K), ν (M), ρ = F·x/√D, the error e, the rank-one update
 * of the adaptive feedback f = W1F/D, W1 ← W1 − (η/√D) f g'(λ) e x, W2 ← W2 − (η/D) e g(λ),
 * with g(x) = erf(x/√2) from libm.
 *
 *   gcc -O3 -o afa_step afa_step.c -lm
 *   ./afa_step D K M STEPS SEED     → prints "steps_per_second <number> eg_proxy <number>"
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint64_t s[4];

static inline uint64_t rotl(const uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

/* xoshiro256+ (Blackman & Vigna): the upper 53 bits make a uniform double */
static inline uint64_t next(void) {
  const uint64_t result = s[0] + s[3];
  const uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

static inline double uniform(void) { return (next() >> 11) * 0x1.0p-53; }

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static int has_spare = 0;
static double spare = 0;

/* Marsaglia polar method, one spare cached */
static inline double normal(void) {
  if (has_spare) {
    has_spare = 0;
    return spare;
  }
  double u, v, q;
  do {
    u = 2 * uniform() - 1;
    v = 2 * uniform() - 1;
    q = u * u + v * v;
  } while (q >= 1 || q == 0);
  const double m = sqrt(-2 * log(q) / q);
  spare = v * m;
  has_spare = 1;
  return u * m;
}

int main(int argc, char **argv) {
  if (argc < 6) {
    fprintf(stderr, "usage: %s D K M STEPS SEED\n", argv[0]);
    return 2;
  }
  const int D = atoi(argv[1]), K = atoi(argv[2]), M = atoi(argv[3]);
  const long steps = atol(argv[4]);
  uint64_t seed = strtoull(argv[5], NULL, 10);
  for (int i = 0; i < 4; i++) s[i] = splitmix64(&seed);
  const double eta = 0.05, eta2 = 0.05, sqrtD = sqrt((double)D);
  const double isqrt2 = 1 / sqrt(2.0), sqrt2pi = sqrt(2 / M_PI);
  double *W1 = malloc(sizeof(double) * K * D), *W1t = malloc(sizeof(double) * M * D);
  double *F = malloc(sizeof(double) * D), *x = malloc(sizeof(double) * D);
  double *W2 = calloc(K, sizeof(double)), *W2t = malloc(sizeof(double) * M);
  double *f = calloc(K, sizeof(double)), *lam = malloc(sizeof(double) * K), *c = malloc(sizeof(double) * K);
  double *nu = malloc(sizeof(double) * M);
  for (int i = 0; i < M * D; i++) W1t[i] = normal();
  for (int i = 0; i < K * D; i++) W1[i] = normal();
  for (int i = 0; i < D; i++) F[i] = normal();
  for (int m = 0; m < M; m++) W2t[m] = 1;
  for (int k = 0; k < K; k++) {
    double a = 0;
    for (int i = 0; i < D; i++) a += W1[k * D + i] * F[i];
    f[k] = a / D;
  }
  double acc = 0;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long mu = 0; mu < steps; mu++) {
    for (int i = 0; i < D; i++) x[i] = normal();
    double yhat = 0, y = 0, rho = 0;
    for (int k = 0; k < K; k++) {
      double a = 0;
      const double *w = W1 + (size_t)k * D;
      for (int i = 0; i < D; i++) a += w[i] * x[i];
      lam[k] = a / sqrtD;
      yhat += W2[k] * erf(lam[k] * isqrt2);
    }
    for (int m = 0; m < M; m++) {
      double a = 0;
      const double *w = W1t + (size_t)m * D;
      for (int i = 0; i < D; i++) a += w[i] * x[i];
      nu[m] = a / sqrtD;
      y += W2t[m] * erf(nu[m] * isqrt2);
    }
    for (int i = 0; i < D; i++) rho += F[i] * x[i];
    rho /= sqrtD;
    const double e = yhat - y;
    acc += 0.5 * e * e;
    for (int k = 0; k < K; k++) {
      /* W1^k -= c_k x with c_k = (η/√D) f^k g'(λ^k) e; f^k -= c_k ρ/√D (rank-one update of W1F/D) */
      c[k] = eta / sqrtD * f[k] * sqrt2pi * exp(-0.5 * lam[k] * lam[k]) * e;
    }
    for (int k = 0; k < K; k++) {
      double *w = W1 + (size_t)k * D;
      const double ck = c[k];
      for (int i = 0; i < D; i++) w[i] -= ck * x[i];
      f[k] -= ck * rho / sqrtD;
      W2[k] -= eta2 / D * e * erf(lam[k] * isqrt2);
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  const double sec = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
  printf("steps_per_second %.6g eg_proxy %.6g\n", steps / sec, acc / steps);
  return 0;
}
