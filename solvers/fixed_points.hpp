// Fixed points of a model's drift: many starts, Ceres Levenberg-Marquardt on drift = 0 with the
// exact Jacobian, a least-squares Newton polish, certification by max|drift| <= tol, and merging of
// points equal up to the model's symmetry.
//
// Contract: every returned point is certified (max|drift| <= tol) and realisable; points equal up
// to the model's symmetry (merge_tol) are reported once; sorted by loss; NoConvergence when no
// start converged. Points that no start reaches are not found (fixed_point_census.hpp).
#pragma once

#include "lib/model.hpp"
#include "solvers/integrate.hpp"
#include "solvers/status.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace summit {

struct FixedPointOptions {
  // Random realisable starts (Model::random_state); -1: the model's default,
  // hints().iteration.random_starts (40, or 2 for a model whose drift is the residual of an
  // iteration map: each start costs many map evaluations, and the map's own fixed points come
  // from its structured starts; lib/model_hints.hpp).
  int random_starts = 40;
  bool special_points = true;       // also start from the model's special points
  std::vector<NamedPoint> starts;   // extra user starts
  std::uint64_t seed = 1;
  double tol = 1e-10;               // certificate: max|drift| <= tol
  double merge_tol = 1e-6;          // symmetry distance below which two points are the same
  int max_iterations = 500;         // Levenberg-Marquardt iterations per start
  int newton_iterations = 20;
  // Also follow the drift from every start (until max|drift| < 1e-7 or t = flow_time) and polish
  // where it settles: Levenberg-Marquardt alone can miss attractors whose basin does not contain
  // the start's neighbourhood in the least-squares sense. 0 disables.
  double flow_time = 1e4;
  // Integrator of that flow. dopri5 (explicit) needs a step below the stability limit of the
  // stiffest mode for the whole run; rosenbrock4 (L-stable, exact Jacobian) lengthens its steps as
  // the flow settles, which is what a slow approach to a fixed point needs.
  IntegrateOptions::Method flow_method = IntegrateOptions::Method::Rosenbrock4;
  // Its absolute and relative per-step tolerance: the flow only has to end in the right basin (the
  // polish makes the point exact), so it need not be followed to the 1e-10 of `integrate`.
  double flow_tol = 1e-6;
  // A flow that comes within this symmetry distance (relative to max(1, |x*|_inf), as merge_tol)
  // of a fixed point x* already found and classified stable (analyse_stability) is stopped and
  // counted as a hit of x*: inside a small neighbourhood of an asymptotically stable point the
  // flow converges to it, so the rest of the run (the slow exponential approach, most of its
  // cost) and the polish could only find x* again. 0 disables. Not applied to iteration maps.
  double capture_radius = 1e-3;
};

struct FixedPoint {
  Vec x;
  double loss = 0;
  double residual = 0;  // max|drift| at x
  std::string origin;   // the first start that reached it ("symmetric", "random#3", ...)
  int hits = 1;         // how many starts reached it
};

struct FixedPointResult {
  Status status = Status::Ok;  // NoConvergence if no start converged
  std::string message;
  std::vector<FixedPoint> points;  // sorted by loss
  int starts = 0, converged = 0, rejected_unrealisable = 0;
  int captured = 0;  // flows stopped next to a known attractor (counted in starts and converged)
};

// Polishes one start; status Ok iff the certificate holds and the point is realisable.
Status polish_fixed_point(const Model& model, Vec& x, const FixedPointOptions& o,
                          double* residual);
FixedPointResult find_fixed_points(const Model& model, const FixedPointOptions& o);

}  // namespace summit
