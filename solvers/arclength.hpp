// Pseudo-arclength continuation of a one-dimensional solution curve of G(X) = 0,
// G: R^{N+1} -> R^N (Keller's method; Allgower & Georg, "Introduction to Numerical Continuation
// Methods", ch. 2 and 6; Kuznetsov, "Elements of Applied Bifurcation Theory", ch. 10).
//
// Contract:
// - `tangent_at` returns the unit null vector t of the N x (N+1) Jacobian G'(X), oriented so that
//   t . t_prev > 0 (solved from the bordered system [G'; t_prev^T] t = e_{N+1}).
// - `correct` runs Newton's method on the bordered system [G(Y); t0 . (Y - X0) - s] = 0 from the
//   predictor X0 + s t0 (the tangent predictor). Converged when max|G| <= tol and the last Newton
//   step is below step_tol (1 + |Y|), or as soon as the whole bordered residual is <= tol (e.g. a
//   predictor that is already on a straight branch); returns NoConvergence / NonFinite / InvalidInput (G could
//   not be evaluated, e.g. the parameter left the model's domain) otherwise.
// - `trace` steps along the curve from a point (corrected first) in the direction t0: predictor,
//   corrector, step-size control (the step halves on a failed corrector, a tangent turning by
//   more than max_turn or a point rejected by `accept`, and grows by 1.3 after each accepted step,
//   between ds_min and ds_max), calling `visit` after each accepted step; `visit` returns false to
//   stop. Status StepUnderflow when the step falls below ds_min, MaxSteps after max_points.
// - `locate` finds the point between two accepted points (arclength sigma in [0, cur.ds] from prev
//   along prev's tangent, each trial point corrected) where a test function changes sign: TOMS 748
//   (Boost.Math) on `value` when it has opposite signs at the two ends, else bisection on the
//   predicate `side`; the bracket is narrowed to 1e-13 cur.ds.
//
// The linear algebra is Eigen's dense LU (the systems are small: N is the model's dimension, or
// 2N + 2 for a curve of bifurcation points); no library offers this predictor-corrector loop with
// user-defined test functions, which is why it is written here.
#pragma once

#include "lib/model.hpp"
#include "solvers/status.hpp"

#include <functional>
#include <string>

namespace summit {

// G and its Jacobian (N x (N+1)) at X; returns false (with a reason) where G cannot be evaluated.
struct CurveSystem {
  int equations = 0;  // N
  std::function<bool(const Vec& X, Vec& G, Mat* jacobian, std::string* why)> eval;
};

struct CurveOptions {
  double ds = 0.05;        // initial arclength step
  double ds_min = 1e-9;
  double ds_max = 0.1;
  int max_points = 500;     // per traced curve
  double tol = 1e-10;       // Newton: max|G| <= tol
  double step_tol = 1e-9;   // and |last Newton step| <= step_tol (1 + |Y|)
  int max_newton = 12;
  double max_turn = 0.5;    // largest angle (radians) between successive tangents
};

struct CurvePoint {
  Vec X;
  Vec tangent;
  double ds = 0;  // the step that reached it (0 for the first point)
};

class CurveTracer {
 public:
  CurveTracer(CurveSystem system, CurveOptions o) : sys_(std::move(system)), o_(o) {}
  const CurveOptions& options() const { return o_; }

  // The oriented unit tangent at X (see above); false where the bordered system is singular.
  bool tangent_at(const Vec& X, const Vec& t_prev, Vec& t) const;
  // Newton on [G(Y); w . (Y - X0) - s] from Y = X0 + s w (w a unit vector).
  Status correct(const Vec& X0, const Vec& w, double s, Vec& Y, std::string* why) const;
  // Newton with one coordinate fixed: G(Y) = 0, Y[k] = value, from Y.
  Status correct_fixed(int k, double value, Vec& Y, std::string* why) const;

  // Called after each accepted point; return false to stop tracing.
  using Visit = std::function<bool(const CurvePoint& prev, const CurvePoint& cur)>;
  // Optional filter: false rejects a corrected point (the step is halved), e.g. not realisable.
  using Accept = std::function<bool(const Vec& X, std::string* why)>;
  struct Trace {
    Status status = Status::Ok;
    std::string message;
    int points = 0;
  };
  // `start` must already be on the curve (correct it first); t0 its oriented tangent.
  Trace trace(const CurvePoint& start, const Visit& visit, const Accept& accept = {}) const;

  // A test function of a point and its tangent (NaN where it cannot be evaluated).
  using TestFunction = std::function<double(const Vec& X, const Vec& t)>;
  using Side = std::function<bool(const Vec& X, const Vec& t)>;
  struct Located {
    bool ok = false;
    Vec X, t;            // the located point (corrected) and its tangent
    Vec Xa, Xb;          // the final bracket's ends
    std::string why;     // if not ok
  };
  Located locate(const CurvePoint& prev, const CurvePoint& cur, const TestFunction& value,
                 const Side& side) const;

  bool eval(const Vec& X, Vec& G, Mat* J, std::string* why) const {
    return sys_.eval(X, G, J, why);
  }

 private:
  CurveSystem sys_;
  CurveOptions o_;
};

}  // namespace summit
