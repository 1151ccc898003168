// Parameter continuation of a fixed point and location of the parameter value where it changes
// stability (the largest real part of the Jacobian spectrum crosses zero).
//
// The fixed point is followed across a uniform grid of the parameter with warm starts (each grid
// point is polished from the previous one), the first sign change of lambda_max is bracketed and
// then located by bisection to `param_tol`.
//
// Contract: a threshold is returned with Status Ok only with its bracket [bracket_lo, bracket_hi],
// narrower than param_tol (1 + |p|), across which the followed point changes stability;
// a point lost on the grid or no change in the range gives a failed Status with a message.
#pragma once

#include "lib/model.hpp"
#include "solvers/fixed_points.hpp"
#include "solvers/progress.hpp"
#include "solvers/stability.hpp"
#include "solvers/status.hpp"
#include "solvers/threshold_direction.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace summit {

using ModelFactory = std::function<std::unique_ptr<Model>(double)>;

struct ThresholdOptions {
  double lo = 0, hi = 1;
  int grid = 24;             // grid points of the scan (>= 2)
  double param_tol = 1e-8;   // bisection stops when the bracket is this narrow (relative to 1+|p|)
  FixedPointOptions fixed_point;
  StabilityOptions stability;
  ProgressFn progress;       // told the fraction of the scan's grid done (solvers/progress.hpp)
};

struct ThresholdResult {
  Status status = Status::Ok;
  std::string message;
  double threshold = 0;            // parameter value where lambda_max crosses 0
  double bracket_lo = 0, bracket_hi = 0;
  Vec state;                       // fixed point at the threshold
  std::vector<std::pair<double, double>> scan;  // (parameter, lambda_max) on the grid
  ThresholdDirection direction = ThresholdDirection::None;  // with increasing p
};

struct BranchPoint {
  double parameter = 0;
  Vec x;
  double loss = 0;
  Stability stability;
};

struct BranchResult {
  Status status = Status::Ok;  // NoConvergence if the point was lost (the branch ends there)
  std::string message;
  std::vector<BranchPoint> points;
};

// Follows a fixed point over `grid` uniform parameter values from lo to hi (either order) with
// warm starts; `start` is the fixed point (or a guess) at lo.
BranchResult follow_fixed_point(const ModelFactory& make, const Vec& start,
                                const ThresholdOptions& o);

// `start` is the fixed point (or a guess) at p = lo.
ThresholdResult locate_stability_change(const ModelFactory& make, const Vec& start,
                                        const ThresholdOptions& o);

// The state at which an observable is evaluated, given the model at one parameter value (e.g. a
// named special point, recomputed for that parameter value).
using PointOf = std::function<Vec(const Model&)>;

// The parameter value in [lo, hi] where the observable `observable` (one of the model's
// observable_names(), or "loss") at point(model) changes sign: the first sign change on the scan
// grid, then TOMS748 to param_tol. `scan` holds (parameter, observable). Statuses: InvalidInput
// (unknown observable, bad range), NonFinite (the observable is not finite somewhere on the way),
// NoConvergence (no sign change on the grid).
ThresholdResult locate_observable_root(const ModelFactory& make, const PointOf& point,
                                       const std::string& observable, const ThresholdOptions& o);

}  // namespace summit
