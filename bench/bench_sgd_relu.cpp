// SGD ReLU benchmark (issue 15, items 2-3): the ReLU four-point function and the fixed-point
// search of the ReLU committee under SGD dynamics (the O(lr^2) term, lr = 0.5, T = I).
//
// Part 1, one I4 evaluation (CPU microseconds per call, 4000 random SPD covariances, median of
// 3): the Plackett path of the whole I4 (the implementation before the Stein route, kept in
// lib/gauss/relu.hpp for singular R and nested Jets) against Relu::I4, in double and in
// Jet<double, 10> (the structured Jacobian's per-term Jet), on new 4-sets (P4 not in the memo)
// and on repeated ones (memo hits, as within one drift evaluation and its Jacobian).
// Part 2, `fixed-points committee --set activation=relu --set K=k --set M=k` with 40 random
// starts (the CLI's default search): CPU seconds (median of 3, or one run with --quick), the
// points found and their losses, and the ratio to the baseline measured with /usr/bin/time on
// the CLI built before the Stein route (docs/performance.md).
// Usage: bench_sgd_relu [--quick] [--no-search] [K ...]   (default K: 3 4)
#include "lib/gauss/monte_carlo.hpp"
#include "lib/gauss/relu.hpp"
#include "models/models.hpp"
#include "solvers/fixed_points.hpp"

#include <ceres/jet.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace summit;
using J10 = ceres::Jet<double, 10>;

double cpu_now() { return double(std::clock()) / CLOCKS_PER_SEC; }

template <class F>
double median_us(int reps, int calls, const F& f) {
  std::vector<double> t;
  for (int r = 0; r < reps; ++r) {
    const double a = cpu_now();
    f();
    t.push_back((cpu_now() - a) / calls * 1e6);
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

gauss::Cov4<J10> seeded(const gauss::Cov4<double>& c) {
  const double v[10] = {c.aa, c.bb, c.cc, c.dd, c.ab, c.ac, c.ad, c.bc, c.bd, c.cd};
  J10 e[10];
  for (int k = 0; k < 10; ++k) e[k] = J10(v[k], k);
  return {e[0], e[1], e[2], e[3], e[4], e[5], e[6], e[7], e[8], e[9]};
}

// The path integral of the whole I4 (relu.hpp) for a generic (4 distinct fields) covariance.
template <class T>
T path_i4(const gauss::Cov4<T>& c) {
  using std::sqrt;
  const auto C = gauss::to_array(c);
  std::array<std::array<T, 4>, 4> r;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j)
      r[i][j] = i == j ? gauss::lift<T>(1.0) : C[i][j] / sqrt(C[i][i] * C[j][j]);
  return sqrt(c.cc * c.dd) * gauss::detail::relu_i4_path(r);
}

void per_call(int reps) {
  std::mt19937_64 rng(2026);
  std::vector<gauss::Cov4<double>> fresh, repeated;
  const int n = 4000;
  for (int k = 0; k < n; ++k)
    fresh.push_back(gauss::make_cov4(gauss::random_spd(4, rng), {0, 1, 2, 3}));
  for (int k = 0; k < 200; ++k) repeated.push_back(fresh[k]);
  double sink = 0;
  // Fresh 4-sets: each repetition uses new covariances, so that no P4 is in the memo (4096
  // entries per thread; 4000 draws per repetition, a new seed each time).
  auto fresh_batch = [&](auto eval) {
    for (auto& c : fresh) {
      c.cd *= 0.999999;  // a new bitwise key for the memo
      sink += eval(c);
    }
  };
  const double path_d = median_us(reps, n, [&] { fresh_batch([](const auto& c) { return path_i4(c); }); });
  const double stein_d = median_us(reps, n, [&] { fresh_batch([](const auto& c) { return gauss::Relu::I4(c); }); });
  const double path_j = median_us(reps, n, [&] {
    fresh_batch([](const auto& c) { return path_i4(seeded(c)).v[9]; });
  });
  const double stein_j = median_us(reps, n, [&] {
    fresh_batch([](const auto& c) { return gauss::Relu::I4(seeded(c)).v[9]; });
  });
  const int hits = 20 * static_cast<int>(repeated.size());
  auto hit_batch = [&](auto eval) {
    for (int rep = 0; rep < 20; ++rep)
      for (const auto& c : repeated) sink += eval(c);
  };
  const double stein_dh = median_us(reps, hits, [&] { hit_batch([](const auto& c) { return gauss::Relu::I4(c); }); });
  const double stein_jh = median_us(reps, hits, [&] {
    hit_batch([](const auto& c) { return gauss::Relu::I4(seeded(c)).v[9]; });
  });
  std::printf("one generic ReLU I4, CPU us per call (random SPD covariances):\n");
  std::printf("  path (whole I4)        double %6.2f   Jet<double,10> %6.2f\n", path_d, path_j);
  std::printf("  Stein, new 4-set      double %6.2f   Jet<double,10> %6.2f   (%.1fx, %.1fx)\n",
              stein_d, stein_j, path_d / stein_d, path_j / stein_j);
  std::printf("  Stein, P4 memoised    double %6.2f   Jet<double,10> %6.2f   (%.1fx, %.1fx)\n",
              stein_dh, stein_jh, path_d / stein_dh, path_j / stein_jh);
  std::printf("  (checksum %.6g)\n", sink);
  std::fflush(stdout);
}

void search(int K, int reps) {
  // CPU seconds of the same search with the CLI built before the Stein route (commit 971a1d0,
  // `summit fixed-points committee --set activation=relu --set K=k --set M=k --starts 40
  // --quiet-batches 0`, /usr/bin/time, one run each at load 13-20; docs/performance.md, H).
  const std::map<int, double> baseline{{3, 19.2}, {4, 81.4}};
  auto m = builtin_registry().make(
      "committee", {{"K", std::to_string(K)}, {"M", std::to_string(K)}, {"activation", "relu"}});
  std::vector<double> cpu;
  FixedPointResult r;
  for (int rep = 0; rep < reps; ++rep) {
    const double a = cpu_now();
    FixedPointOptions o;
    o.random_starts = 40;
    r = find_fixed_points(*m, o);
    cpu.push_back(cpu_now() - a);
  }
  std::sort(cpu.begin(), cpu.end());
  const double t = cpu[cpu.size() / 2];
  std::printf("K = M = %2d ReLU SGD (lr = 0.5): %zu fixed points from %d starts in %.2f s CPU", K,
              r.points.size(), r.starts, t);
  if (baseline.count(K)) std::printf("; baseline %.2f s, speed-up %.1fx", baseline.at(K), baseline.at(K) / t);
  std::printf("%s\n  losses:", K == 6 ? " (target: < 60 s)" : "");
  for (const auto& p : r.points) std::printf(" %.10g", p.loss);
  std::printf("\n");
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> widths;
  int reps = 3;
  bool run_search = true;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--quick") {
      reps = 1;
    } else if (a == "--no-search") {
      run_search = false;
    } else {
      widths.push_back(std::atoi(argv[i]));
    }
  }
  if (widths.empty()) widths = {3, 4};
  std::printf("summit %s: SGD ReLU benchmark (%s)\n", SUMMIT_VERSION,
              reps > 1 ? "median of 3" : "one run");
  per_call(reps);
  if (run_search)
    for (int K : widths) search(K, reps);
  return 0;
}
