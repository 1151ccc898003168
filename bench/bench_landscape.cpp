// Landscape benchmark (issue 3, item 8; issue 15, item 3): all fixed points of the K = M ReLU
// committee (gradient flow, T = I) with their stability — structured starts plus 40 random
// starts, each polished directly and after following the flow — and the count of distinct
// points after merging up to S_K x S_M.
// Prints the median of 3 runs and its ratio to the baseline measured before the structured
// Jacobian and the assignment-based merging (docs/performance.md, section D); the machine is
// shared, so read the margin, not the digits.
// Usage: bench_landscape [K ...]   (default: 3 4 5 6 10; --quick: one run each)
#include "models/models.hpp"
#include "solvers/fixed_points.hpp"
#include "solvers/stability.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  using namespace summit;
  std::vector<int> widths;
  int reps = 3;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--quick") {
      reps = 1;
    } else {
      widths.push_back(std::atoi(argv[i]));
    }
  }
  if (widths.empty()) widths = {3, 4, 5, 6, 10};
  // Baseline (seconds, median of 3 unless noted): bench_landscape at commit e68f029 for K <= 6,
  // and the single timing of `summit fixed-points` for K = 10.
  const std::map<int, double> baseline{{3, 0.31}, {4, 1.38}, {5, 3.51}, {6, 12.7}, {10, 219.0}};
  std::printf("summit %s: landscape benchmark (%d run%s each)\n", SUMMIT_VERSION, reps,
              reps > 1 ? "s" : "");
  for (int K : widths) {
    auto m = builtin_registry().make("committee", {{"K", std::to_string(K)},
                                                   {"M", std::to_string(K)},
                                                   {"activation", "relu"},
                                                   {"dynamics", "gradient-flow"}});
    std::vector<double> times;
    size_t npoints = 0;
    int starts = 0, stable = 0;
    for (int rep = 0; rep < reps; ++rep) {
      const auto a = std::chrono::steady_clock::now();
      FixedPointOptions o;
      o.random_starts = 40;
      const FixedPointResult r = find_fixed_points(*m, o);
      stable = 0;
      for (const auto& p : r.points) stable += analyse_stability(*m, p.x).type == "stable";
      const auto b = std::chrono::steady_clock::now();
      times.push_back(std::chrono::duration<double>(b - a).count());
      npoints = r.points.size();
      starts = r.starts;
    }
    std::sort(times.begin(), times.end());
    const double t = times[times.size() / 2];
    std::printf("K = M = %2d ReLU: %zu fixed points (%d stable) from %d polished starts in %.2f s",
                K, npoints, stable, starts, t);
    if (baseline.count(K)) std::printf("; baseline %.2f s, speed-up %.1fx", baseline.at(K),
                                       baseline.at(K) / t);
    std::printf("%s\n", K == 4 ? " (target: < 10 s)" : K == 10 ? " (target: < 20 s)" : "");
    std::fflush(stdout);
  }
  return 0;
}
