#include "solvers/symmetric_search.hpp"

#include "solvers/fixed_subspace_model.hpp"

#include <algorithm>
#include <functional>
#include <random>

namespace summit {

namespace {

// Whether the multiset `parts` can be grouped into bins of exactly the sizes `bins` (both sorted
// decreasingly); backtracking with a step budget (false when it runs out).
bool coarsens(const std::vector<int>& parts, std::vector<int> bins, long& budget) {
  std::function<bool(size_t)> place = [&](size_t k) {
    if (k == parts.size()) return true;
    if (--budget < 0) return false;
    for (size_t b = 0; b < bins.size(); ++b) {
      if (bins[b] < parts[k]) continue;
      if (b > 0 && bins[b] == bins[b - 1]) continue;  // identical bins: try one
      bins[b] -= parts[k];
      const bool ok = place(k + 1);
      bins[b] += parts[k];
      if (ok) return true;
    }
    return false;
  };
  return place(0);
}

}  // namespace

SymmetricSearchResult symmetric_fixed_points(const Model& model,
                                             const std::vector<SymmetrySubgroup>& subgroups,
                                             const SymmetricSearchOptions& o) {
  SymmetricSearchResult res;
  if (subgroups.empty()) {
    res.status = Status::Unsupported;
    res.message = "model '" + model.name() + "' offers no symmetry subgroups at these parameters";
    return res;
  }
  const std::vector<NamedPoint> structured = model.structured_starts();
  for (size_t gi = 0; gi < subgroups.size(); ++gi) {
    const Mat B = fixed_subspace_basis(subgroups[gi], model.dim());
    res.subspace_dims.push_back(static_cast<int>(B.cols()));
    const FixedSubspaceModel reduced(model, B, o.drift_rows);
    FixedPointOptions fo;
    fo.special_points = false;
    fo.random_starts = o.random_starts;
    fo.seed = o.seed + gi;
    fo.flow_time = o.flow_time;
    // The reduced drift costs one drift row per orbit, its Jacobian a whole full-space Jacobian:
    // follow the reduced flow with the explicit dopri5 (no Jacobians), and do not classify the
    // reduced points for the capture of flows.
    fo.flow_method = IntegrateOptions::Method::Dopri5;
    fo.flow_tol = 1e-10;
    fo.capture_radius = 0;
    // The reduced coordinates of an orbit of size s are sqrt(s) times its common value, so the
    // full-space certificate max|drift| <= 1e-10 needs at most this on the reduced drift; the
    // full-space polish of the callers certifies anyway.
    fo.tol = 1e-10;
    for (const auto& s : structured) fo.starts.push_back({s.name, B.transpose() * s.x, ""});
    const FixedPointResult r = find_fixed_points(reduced, fo);
    for (size_t k = 0; k < r.points.size(); ++k)
      res.candidates.push_back({B * r.points[k].x, static_cast<int>(gi),
                                "sym:" + subgroups[gi].name + "#" + std::to_string(k + 1)});
  }
  if (res.candidates.empty()) {
    res.status = Status::NoConvergence;
    res.message = "no fixed point found in any of the " + std::to_string(subgroups.size()) +
                  " symmetric subspaces";
  }
  return res;
}

MultiplicityCheck check_multiplicities(const std::vector<double>& eigenvalues,
                                       const SymmetrySubgroup& g, int dim, double tol) {
  return check_multiplicities(eigenvalues, predicted_multiplicities(g, dim), tol);
}

MultiplicityCheck check_multiplicities(const std::vector<double>& eigenvalues,
                                       std::vector<int> predicted, double tol) {
  MultiplicityCheck c;
  c.predicted = std::move(predicted);
  c.observed = cluster_sizes(eigenvalues, tol);
  long budget = 200000;
  c.consistent = c.observed == c.predicted || coarsens(c.predicted, c.observed, budget);
  return c;
}

}  // namespace summit
