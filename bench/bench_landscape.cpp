// Landscape benchmark (issue 3, item 8; issue 15, item 3): all fixed points of the K = M ReLU
// committee (gradient flow, T = I) with their stability — structured starts plus 40 random
// starts, each polished directly and after following the flow — and the count of distinct
// points after merging up to S_K x S_M.
// Prints the median of 3 runs (wall clock and this process's CPU time; the search is
// single-threaded, so on a shared, loaded machine the CPU time is the figure to compare) and
// its ratio to the baseline measured before the structured Jacobian and the assignment-based
// merging (docs/performance.md); read the margin, not the digits.
// With --symmetric: the symmetry-adapted search instead (issue 15, item 1: every family of
// models/committee/families.hpp searched in its fixed-point subspace, then each candidate
// polished, certified and classified in the full space, with its isotropy multiplicities checked).
// Usage: bench_landscape [--quick] [--symmetric] [K ...]   (default: 3 4 5 6 10; --quick: one run
// each)
#include "models/committee/families.hpp"
#include "models/models.hpp"
#include "solvers/fixed_points.hpp"
#include "solvers/stability.hpp"
#include "solvers/symmetric_search.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace {

using namespace summit;

std::unique_ptr<Model> relu_gradient_flow(int K) {
  return builtin_registry().make("committee", {{"K", std::to_string(K)},
                                               {"M", std::to_string(K)},
                                               {"activation", "relu"},
                                               {"dynamics", "gradient-flow"}});
}

// The symmetric search at K = M = k: CPU seconds, points, stable points, points whose full
// Jacobian's eigenvalue clusters are consistent with their subgroup's predicted multiplicities.
void symmetric_run(int K, int reps) {
  auto m = relu_gradient_flow(K);
  std::vector<double> cpu, wall;
  size_t npoints = 0;
  int stable = 0, consistent = 0, classified = 0, candidates = 0, groups = 0;
  // CPU seconds of the last run's phases: subspace search, full-space certification and merging,
  // classification (spectra), multiplicity predictions.
  double t_search = 0, t_certify = 0, t_classify = 0, t_predict = 0;
  auto seconds = [](std::clock_t a, std::clock_t b) { return double(b - a) / CLOCKS_PER_SEC; };
  for (int rep = 0; rep < reps; ++rep) {
    const auto a = std::chrono::steady_clock::now();
    const std::clock_t ca = std::clock();
    const auto subgroups = committee::symmetry_subgroups(*m);
    SymmetricSearchOptions so;
    so.drift_rows = committee::drift_rows_of(*m);
    const SymmetricSearchResult sr = symmetric_fixed_points(*m, subgroups, so);
    const std::clock_t c1 = std::clock();
    t_search = seconds(ca, c1);
    t_classify = t_predict = 0;
    FixedPointOptions o;
    o.random_starts = 0;
    o.special_points = false;
    o.flow_time = 0;  // already followed inside the subspace
    std::map<std::string, int> group_of;
    std::map<int, std::vector<int>> predicted;  // per subgroup, made once
    for (const auto& c : sr.candidates) {
      o.starts.push_back({c.name, c.x, ""});
      group_of[c.name] = c.subgroup;
    }
    const FixedPointResult r = find_fixed_points(*m, o);
    t_certify = seconds(c1, std::clock());
    stable = consistent = classified = 0;
    for (const auto& p : r.points) {
      const std::clock_t s0 = std::clock();
      const Stability st = analyse_stability(*m, p.x);
      t_classify += seconds(s0, std::clock());
      stable += st.type == "stable";
      if (st.space != "overlap") continue;
      ++classified;
      std::vector<double> re;
      for (const auto& e : st.eigenvalues) re.push_back(e.real());
      const int gi = group_of.at(p.origin);
      const std::clock_t p0 = std::clock();
      if (!predicted.count(gi)) predicted[gi] = predicted_multiplicities(subgroups[gi], m->dim());
      t_predict += seconds(p0, std::clock());
      consistent += check_multiplicities(re, predicted[gi]).consistent;
    }
    const std::clock_t cb = std::clock();
    const auto b = std::chrono::steady_clock::now();
    cpu.push_back(double(cb - ca) / CLOCKS_PER_SEC);
    wall.push_back(std::chrono::duration<double>(b - a).count());
    npoints = r.points.size();
    candidates = static_cast<int>(sr.candidates.size());
    groups = static_cast<int>(subgroups.size());
  }
  std::sort(cpu.begin(), cpu.end());
  std::sort(wall.begin(), wall.end());
  std::printf("K = M = %2d ReLU symmetric: %d subgroups, %d candidates -> %zu certified points "
              "(%d stable; multiplicities consistent at %d of %d classified in overlap space) "
              "in %.2f s (%.2f s)%s\n",
              K, groups, candidates, npoints, stable, consistent, classified, cpu[cpu.size() / 2],
              wall[wall.size() / 2], K == 20 ? " (target: < 60 s)" : "");
  std::printf("  last run's CPU by phase: subspace search %.2f s, full-space certification and "
              "merging %.2f s, classification %.2f s, multiplicity predictions %.2f s\n",
              t_search, t_certify, t_classify, t_predict);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> widths;
  int reps = 3;
  bool symmetric = false;
  const FixedPointOptions defaults;
  IntegrateOptions::Method flow = defaults.flow_method;
  double flow_tol = defaults.flow_tol;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--flow" && i + 1 < argc) {
      flow = parse_method(argv[++i]);
    } else if (a == "--flow-tol" && i + 1 < argc) {
      flow_tol = std::atof(argv[++i]);
    } else if (a == "--quick") {
      reps = 1;
    } else if (a == "--symmetric") {
      symmetric = true;
    } else {
      widths.push_back(std::atoi(argv[i]));
    }
  }
  if (widths.empty()) widths = {3, 4, 5, 6, 10};
  if (symmetric) {
    std::printf("summit %s: symmetric landscape benchmark (%d run%s each; CPU seconds, wall in "
                "parentheses)\n",
                SUMMIT_VERSION, reps, reps > 1 ? "s" : "");
    for (int K : widths) symmetric_run(K, reps);
    return 0;
  }
  // Baseline: CPU seconds (median of 3) of `summit fixed-points committee --set activation=relu
  // --set dynamics=gradient-flow --set K=k --set M=k --starts 40` built from commit e68f029 (the
  // same search: 40 random starts, every point classified), measured with /usr/bin/time on this
  // machine (docs/performance.md); K = 10 is the single wall-clock timing on an idle
  // machine.
  const std::map<int, double> baseline{{3, 0.43}, {4, 1.56}, {5, 3.89}, {6, 12.93}, {10, 219.0}};
  std::printf("summit %s: landscape benchmark (%d run%s each; times are CPU seconds, wall in "
              "parentheses)\n",
              SUMMIT_VERSION, reps, reps > 1 ? "s" : "");
  for (int K : widths) {
    auto m = relu_gradient_flow(K);
    std::vector<double> cpu, wall;
    size_t npoints = 0;
    int starts = 0, stable = 0;
    for (int rep = 0; rep < reps; ++rep) {
      const auto a = std::chrono::steady_clock::now();
      const std::clock_t ca = std::clock();
      FixedPointOptions o;
      o.random_starts = 40;
      o.flow_method = flow;
      o.flow_tol = flow_tol;
      const FixedPointResult r = find_fixed_points(*m, o);
      stable = 0;
      for (const auto& p : r.points) stable += analyse_stability(*m, p.x).type == "stable";
      const std::clock_t cb = std::clock();
      const auto b = std::chrono::steady_clock::now();
      cpu.push_back(double(cb - ca) / CLOCKS_PER_SEC);
      wall.push_back(std::chrono::duration<double>(b - a).count());
      npoints = r.points.size();
      starts = r.starts;
    }
    std::sort(cpu.begin(), cpu.end());
    std::sort(wall.begin(), wall.end());
    const double t = cpu[cpu.size() / 2];
    std::printf("K = M = %2d ReLU: %zu fixed points (%d stable) from %d polished starts in %.2f s "
                "(%.2f s)",
                K, npoints, stable, starts, t, wall[wall.size() / 2]);
    if (baseline.count(K)) std::printf("; baseline %.2f s, speed-up %.1fx", baseline.at(K),
                                       baseline.at(K) / t);
    std::printf("%s\n", K == 4 ? " (target: < 10 s)" : K == 10 ? " (target: < 20 s)" : "");
    std::fflush(stdout);
  }
  return 0;
}
