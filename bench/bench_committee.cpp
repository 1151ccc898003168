// Benchmarks of the committee model (issue: foundation, item 7). Prints, for the erf committee
// at lr = 0.5 integrated to alpha = 1e4 through the plateau:
//   A. the error of forward Euler (dt = 0.01, the nn2pp default) and of dopri5 at a ladder of
//      tolerances against a tight dopri5 reference (atol = rtol = 1e-13), and the speed ratio
//      Euler / dopri5 at equal accuracy (the loosest tolerance whose error is <= Euler's);
//   B. the cost of the finite-d SGD simulation (d = 1000) against the ODE for the same curve;
//   C. the cost of one drift evaluation for K = M = 6 against its operation count at this
//      machine's measured scalar speed.
// Timings are medians of repeated runs (wall clock); the machine is shared, so read ratios.
//
// Usage: bench_committee [--quick]   (--quick: fewer repetitions, shorter simulation)
#include "bench/median_time.hpp"
#include "models/models.hpp"
#include "solvers/integrate.hpp"
#include "solvers/simulate.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

using namespace summit;

namespace {

double seconds(const std::function<void()>& f, int reps) { return bench::median_seconds(f, reps); }

double max_eg_error(const Model& m, const Trajectory& a, const Trajectory& ref) {
  double e = 0;
  for (size_t i = 0; i < std::min(a.x.size(), ref.x.size()); ++i)
    e = std::max(e, std::abs(m.loss(a.x[i]) - m.loss(ref.x[i])));
  return a.x.size() == ref.x.size() ? e : INFINITY;
}

void part_a(int K, double noise, int reps) {
  auto m = builtin_registry().make(
      "committee", {{"K", std::to_string(K)}, {"M", std::to_string(K)}, {"lr", "0.5"},
                    {"noise", format_real(noise)}});
  const Vec x0 = m->initial_state();
  IntegrateOptions o;
  o.times = log_grid(1e4, 200);
  o.abs_tol = o.rel_tol = 1e-13;
  const Trajectory ref = integrate(*m, x0, o);
  std::printf("\nA. K = M = %d, erf, lr = 0.5, noise = %g, to alpha = 1e4 (200 log-spaced outputs)\n",
              K, noise);
  std::printf("   reference: dopri5 atol = rtol = 1e-13, %ld steps; error = max |eg - eg_ref|\n",
              ref.steps);
  IntegrateOptions e = o;
  e.method = IntegrateOptions::Method::Euler;
  e.dt = 0.01;
  Trajectory te;
  const double t_euler = seconds([&] { te = integrate(*m, x0, e); }, reps);
  const double err_euler = max_eg_error(*m, te, ref);
  std::printf("   %-22s %10s %12s %10s\n", "method", "error", "time [s]", "rhs evals");
  std::printf("   %-22s %10.2e %12.5f %10ld\n", "euler dt=0.01", err_euler, t_euler,
              te.rhs_evaluations);
  double chosen_time = NAN, chosen_tol = NAN, chosen_err = NAN;
  for (double tol = 1e-4; tol >= 1e-12; tol /= 10) {
    IntegrateOptions d = o;
    d.abs_tol = d.rel_tol = tol;
    Trajectory td;
    const double t = seconds([&] { td = integrate(*m, x0, d); }, reps);
    const double err = max_eg_error(*m, td, ref);
    char name[64];
    std::snprintf(name, sizeof name, "dopri5 tol=%.0e", tol);
    std::printf("   %-22s %10.2e %12.5f %10ld\n", name, err, t, td.rhs_evaluations);
    if (std::isnan(chosen_time) && err <= err_euler) {
      chosen_time = t;
      chosen_tol = tol;
      chosen_err = err;
    }
  }
  std::printf("   => at equal accuracy (dopri5 tol=%.0e, error %.2e <= %.2e): dopri5 is %.0fx "
              "faster than Euler dt=0.01\n",
              chosen_tol, chosen_err, err_euler, t_euler / chosen_time);
}

void part_b(double t_end, int reps) {
  auto m = builtin_registry().make("committee", {{"K", "2"}, {"M", "2"}, {"lr", "0.5"}});
  const Vec x0 = m->initial_state();
  IntegrateOptions o;
  o.times = log_grid(t_end, 40);
  const double t_ode = seconds([&] { integrate(*m, x0, o); }, std::max(reps, 5));
  SimulateOptions s;
  s.d = 1000;
  s.seeds = 1;
  s.threads = 1;
  s.times = o.times;
  const double t_sim = seconds([&] { simulate(*m, x0, s); }, 1);
  std::printf("\nB. The same curve (K = M = 2, erf, lr = 0.5, alpha in [0, %g], 40 outputs)\n",
              t_end);
  std::printf("   ODE (dopri5, tol 1e-10): %.5f s;  simulation d = 1000, one seed: %.3f s\n", t_ode,
              t_sim);
  std::printf("   => the ODE curve is %.0fx cheaper than one d = 1000 simulation\n", t_sim / t_ode);
}

// A scalar loop of independent multiply-adds that the compiler cannot vectorise away (four
// interleaved chains): the machine's scalar floating-point speed.
double scalar_flop_time() {
  volatile double seed = 1.0000001;
  const long n = 50'000'000;
  double a = seed, b = seed, c = seed, d = seed;
  const double t = seconds(
      [&] {
        for (long i = 0; i < n; ++i) {
          a = a * 0.9999999 + 1e-9;
          b = b * 0.9999998 + 1e-9;
          c = c * 0.9999997 + 1e-9;
          d = d * 0.9999996 + 1e-9;
        }
      },
      3);
  seed = a + b + c + d;
  return t / (8.0 * n);  // 8 flops per iteration
}

double asin_time() {
  std::vector<double> x(1000);
  for (int i = 0; i < 1000; ++i) x[i] = -0.99 + 1.98 * i / 999.0;
  volatile double sink = 0;
  const int reps = 20000;
  const double t = seconds(
      [&] {
        double s = 0;
        for (int r = 0; r < reps; ++r)
          for (double v : x) s += std::asin(v);
        sink = s;
      },
      3);
  (void)sink;
  return t / (1000.0 * reps);
}

void part_c() {
  const int K = 6, M = 6, n = K + M, P = K * (K + 1) / 2;
  auto m = builtin_registry().make("committee", {{"K", "6"}, {"M", "6"}, {"lr", "0.5"},
                                                 {"noise", "0.1"}});
  std::mt19937_64 rng(1);
  const Vec x = m->random_state(rng);
  Vec dx;
  const int evals = 20000;
  const double t_rhs = seconds([&] {
                         for (int i = 0; i < evals; ++i) m->drift(x, dx);
                       },
                       5) / evals;
  // Operation counts of Committee<Erf>::erf_B and erf_quad (models/committee/committee_impl.hpp):
  //   erf_B: per student i and field c: 6 flops + sqrt + div; per (i, b): 2n + 2 flops
  //   erf_quad per pair (i,k): 8 flops + per c: 13 flops + sqrt + div, per c < d: 16 flops +
  //   asin, per c: 18 flops + asin; dQ/dR assembly ~ 10 flops per entry.
  const double flops = K * (6.0 * n + n * (2.0 * n + 2)) +
                       P * (8.0 + 13.0 * n + 16.0 * n * (n - 1) / 2 + 18.0 * n) +
                       10.0 * (P + K * M);
  const double n_asin = P * n * (n + 1) / 2.0;
  const double n_sqrt_div = 2.0 * (K * n + P * n);
  const double tf = scalar_flop_time(), ta = asin_time();
  std::printf("\nC. One drift evaluation, K = M = 6 erf with noise (dimension %d)\n", m->dim());
  std::printf("   measured: %.2f us per evaluation\n", t_rhs * 1e6);
  std::printf("   counted: %.0f flops + %.0f asin + %.0f sqrt/div\n", flops, n_asin, n_sqrt_div);
  std::printf("   machine: %.3f ns per scalar flop (multiply-add chains), %.2f ns per asin\n",
              tf * 1e9, ta * 1e9);
  std::printf("   => time / (flops x scalar flop time) = %.1f\n", t_rhs / (flops * tf));
  std::printf("   => time / (flops x flop time + asin x asin time + sqrt/div x 4 flops) = %.1f\n",
              t_rhs / (flops * tf + n_asin * ta + n_sqrt_div * 4 * tf));
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const int reps = quick ? 1 : 3;
  std::printf("summit %s: committee benchmarks%s\n", SUMMIT_VERSION, quick ? " (quick)" : "");
  part_a(2, 0.0, reps);
  part_a(6, 0.1, reps);
  part_b(quick ? 20 : 100, reps);
  part_c();
  return 0;
}
