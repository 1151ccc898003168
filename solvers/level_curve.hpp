// The zero set {(p1, p2) : g(p1, p2) = 0} of a scalar function of two parameters inside a window,
// traced as a curve: a phase boundary given by the sign of a smooth quantity (e.g. the margins
// of the ssi positional-semantic region code, docs/single_index.md), traced directly instead of
// read off a grid sweep.
//
// Contract:
// - The start: the first sign change of g along p1 (at p2 = p2_start) over a uniform scan of
//   `scan` points of [p1_lo, p1_hi], located by TOMS 748 (Boost.Math) to `param_tol` (1 + |p1|);
//   then corrected onto g = 0 with p2 fixed. No sign change: Status NoConvergence with a message
//   naming the scanned interval.
// - The curve: pseudo-arclength continuation of the one equation g(p1, p2) = 0 in the two
//   unknowns (solvers/arclength.hpp: tangent predictor, Newton corrector on the bordered system,
//   step-size control), from the start in both directions, until it leaves the window (the last
//   point is then the curve's crossing of the window's edge, located on the edge to param_tol),
//   closes on itself, or the tracer stops (step underflow where g is not smooth, max points).
//   `points` runs from one end to the other through the start; `ends` says how each direction
//   ended.
// - Derivatives: the gradient of g is a central difference with step fd_step (1 + |p|) (error
//   O(h^2) + O(1e-16 |g| / h), ~1e-10 of |grad g| for the default 1e-6 and a smooth g); it changes
//   the Newton iteration and the tangent, not the solution of g = 0, which is converged to
//   |g| <= curve.tol. One-sided (O(h)) where g is undefined on one side (the edge of its domain).
// - g returns NaN (optionally with a reason) where it cannot be evaluated: the step is halved
//   there, and the start's scan skips such points. Bad windows or scans: Status InvalidInput.
//
// Why written here: the predictor-corrector is solvers/arclength.hpp's (the same as for fixed
// points and bifurcation curves); this file adds only the one-equation system, the start and the
// window's edges.
#pragma once

#include "solvers/arclength.hpp"
#include "solvers/status.hpp"

#include <functional>
#include <string>
#include <vector>

namespace summit {

using ScalarField2 = std::function<double(double p1, double p2, std::string* why)>;

struct LevelCurveOptions {
  double p1_lo = 0, p1_hi = 1, p2_lo = 0, p2_hi = 1;  // the window
  int scan = 24;           // points of the start's scan in p1
  double param_tol = 1e-10;
  double fd_step = 1e-6;
  CurveOptions curve;      // ds_max defaults to the window's diagonal / 40 when left at 0
  std::function<void(const std::string&)> progress;
};

struct LevelCurvePoint {
  double p1 = 0, p2 = 0;
};

struct LevelCurve {
  Status status = Status::Ok;
  std::string message;
  LevelCurvePoint start;
  std::vector<LevelCurvePoint> points;  // from one end to the other, through the start
  std::string ends[2];
};

LevelCurve trace_level_curve(const ScalarField2& g, double p2_start, const LevelCurveOptions& o);

}  // namespace summit
