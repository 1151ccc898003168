// Internal to the multi-start solvers (fixed_points, minimize): the list of starting points and
// the merging of results equal up to the model's symmetry.
#pragma once

#include "lib/model.hpp"

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace summit::detail {

// User starts, then the model's structured starts (if asked), then `random` random realisable states.
inline std::vector<NamedPoint> gather_starts(const Model& m, std::vector<NamedPoint> starts,
                                             bool special, int random, std::uint64_t seed) {
  if (special)
    for (auto& p : m.structured_starts()) starts.push_back(p);
  if (random < 0) random = m.hints().iteration.random_starts;  // the model's default
  std::mt19937_64 rng(seed);
  for (int i = 0; i < random; ++i)
    starts.push_back({"random#" + std::to_string(i + 1), m.random_state(rng), ""});
  return starts;
}

// Index of the first point p in `points` with symmetry_distance(p.x, x) <= tol * max(1, |p.x|),
// or -1. `Point` has a member `x`.
template <class Point>
int find_equivalent(const Model& m, const std::vector<Point>& points, const Vec& x, double tol) {
  for (size_t i = 0; i < points.size(); ++i) {
    const double scale = std::max(1.0, points[i].x.template lpNorm<Eigen::Infinity>());
    if (m.equivalent(points[i].x, x, tol * scale)) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace summit::detail
