// Fixed points of a model's drift: many starts, Ceres Levenberg-Marquardt on drift = 0 with the
// exact Jacobian, a least-squares Newton polish, certification by max|drift| <= tol, and merging of
// points equal up to the model's symmetry.
#pragma once

#include "lib/model.hpp"
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
};

// Polishes one start; status Ok iff the certificate holds and the point is realisable.
Status polish_fixed_point(const Model& model, Vec& x, const FixedPointOptions& o,
                          double* residual);
FixedPointResult find_fixed_points(const Model& model, const FixedPointOptions& o);

}  // namespace summit
