// Landscape benchmark (issue 3, item 8): all fixed points of the K = M = 4 ReLU committee
// (gradient flow, T = I) with their stability — structured starts plus 40 random starts, each
// polished directly and after following the flow — timed against the 10 s target.
// Prints the median of 3 runs; the machine is shared, so read the margin, not the digits.
#include "models/models.hpp"
#include "solvers/fixed_points.hpp"
#include "solvers/stability.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

int main() {
  using namespace summit;
  std::printf("summit %s: landscape benchmark\n", SUMMIT_VERSION);
  for (int K : {3, 4, 5}) {
    auto m = builtin_registry().make("committee", {{"K", std::to_string(K)},
                                                   {"M", std::to_string(K)},
                                                   {"activation", "relu"},
                                                   {"dynamics", "gradient-flow"}});
    std::vector<double> times;
    size_t npoints = 0;
    int starts = 0;
    for (int rep = 0; rep < 3; ++rep) {
      const auto a = std::chrono::steady_clock::now();
      FixedPointOptions o;
      o.random_starts = 40;
      const FixedPointResult r = find_fixed_points(*m, o);
      for (const auto& p : r.points) analyse_stability(*m, p.x);
      const auto b = std::chrono::steady_clock::now();
      times.push_back(std::chrono::duration<double>(b - a).count());
      npoints = r.points.size();
      starts = r.starts;
    }
    std::sort(times.begin(), times.end());
    std::printf("K = M = %d ReLU: %zu fixed points with stability from %d polished starts in "
                "%.2f s%s\n",
                K, npoints, starts, times[1], K == 4 ? " (target: < 10 s)" : "");
  }
  return 0;
}
