#include "solvers/saddle_descent.hpp"

#include "solvers/stability.hpp"

#include <algorithm>
#include <cmath>

namespace summit {

SaddleDescent descend_from_saddles(const Model& model, const std::vector<FixedPoint>& saddles,
                                   const FixedPointOptions& search) {
  SaddleDescent d;
  FixedPointOptions f = search;
  f.random_starts = 0;
  f.special_points = false;
  f.starts.clear();
  double lambda_min = INFINITY;
  for (const FixedPoint& p : saddles) {
    const Stability s = analyse_stability(model, p.x);
    if (s.status != Status::Ok || s.space != "overlap" || s.index != 1 || s.n_zero != 0) continue;
    if (s.eigenvalues.empty() || s.eigenvalues.front().imag() != 0 || !(s.lambda_max > 0)) continue;
    if (s.unstable_direction.size() != p.x.size()) continue;
    const double delta = 1e-2 * std::max(1.0, p.x.lpNorm<Eigen::Infinity>());
    for (int sign : {+1, -1}) {
      const Vec x = p.x + sign * delta * s.unstable_direction;
      if (model.realisable(x, nullptr))
        f.starts.push_back({"descent:" + p.origin + (sign > 0 ? "+" : "-"), x, ""});
    }
    lambda_min = std::min(lambda_min, s.lambda_max);
    ++d.saddles_followed;
  }
  if (f.starts.empty()) {
    d.result.status = Status::NoConvergence;
    d.result.message = "no isolated index-1 saddle to descend from";
    return d;
  }
  // Long enough to leave the slowest saddle: from delta, e^(lambda t) grows by e^30.
  f.flow_time = std::min(1e8, std::max(search.flow_time, 30 / lambda_min));
  d.result = find_fixed_points(model, f);
  return d;
}

}  // namespace summit
