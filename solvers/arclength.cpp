#include "solvers/arclength.hpp"

#include <boost/math/tools/toms748_solve.hpp>

#include <Eigen/LU>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <exception>

namespace summit {

namespace {
double max_abs(const Vec& v) { return v.size() ? v.lpNorm<Eigen::Infinity>() : 0.0; }
}  // namespace

bool CurveTracer::tangent_at(const Vec& X, const Vec& t_prev, Vec& t) const {
  const int n = sys_.equations;
  Vec G;
  Mat J;
  if (!sys_.eval(X, G, &J, nullptr)) return false;
  Mat B(n + 1, n + 1);
  B.topRows(n) = J;
  B.row(n) = t_prev.transpose();
  Vec rhs = Vec::Zero(n + 1);
  rhs[n] = 1;
  const Eigen::PartialPivLU<Mat> lu(B);
  t = lu.solve(rhs);
  if (!t.allFinite() || t.norm() == 0) return false;
  // One step of iterative refinement (B may be ill-conditioned near a branch point).
  t += lu.solve(rhs - B * t);
  t.normalize();
  return t.allFinite();
}

Status CurveTracer::correct(const Vec& X0, const Vec& w, double s, Vec& Y, std::string* why) const {
  const int n = sys_.equations;
  Y = X0 + s * w;
  Vec G;
  Mat J;
  Mat B(n + 1, n + 1);
  Vec H(n + 1);
  for (int it = 0; it <= o_.max_newton; ++it) {
    if (!sys_.eval(Y, G, &J, why)) return Status::InvalidInput;
    if (!G.allFinite() || !J.allFinite()) {
      if (why) *why = "non-finite residual or Jacobian";
      return Status::NonFinite;
    }
    H.head(n) = G;
    H[n] = w.dot(Y - X0) - s;
    // Already on the curve to tol: accepted without a further step (near a branch point the
    // bordered matrix is nearly singular, and a step from a certified point only adds noise).
    if (max_abs(H) <= o_.tol) return Status::Ok;
    B.topRows(n) = J;
    B.row(n) = w.transpose();
    const Vec dY = Eigen::PartialPivLU<Mat>(B).solve(H);
    if (!dY.allFinite()) {
      if (why) *why = "singular bordered Jacobian";
      return Status::NoConvergence;
    }
    Y -= dY;
    if (max_abs(dY) <= o_.step_tol * (1 + max_abs(Y))) {
      if (!sys_.eval(Y, G, nullptr, why)) return Status::InvalidInput;
      if (G.allFinite() && max_abs(G) <= o_.tol) return Status::Ok;
    }
  }
  if (why) *why = "Newton did not converge in " + std::to_string(o_.max_newton) + " iterations";
  return Status::NoConvergence;
}

Status CurveTracer::correct_fixed(int k, double value, Vec& Y, std::string* why) const {
  const Vec e = Vec::Unit(Y.size(), k);
  Vec Y0 = Y;
  Y0[k] = value;
  return correct(Y0, e, 0.0, Y, why);
}

CurveTracer::Trace CurveTracer::trace(const CurvePoint& start, const Visit& visit,
                                      const Accept& accept) const {
  Trace tr;
  CurvePoint cur = start;
  double ds = o_.ds;
  std::string last_why;
  while (tr.points < o_.max_points) {
    if (ds < o_.ds_min) {
      tr.status = Status::StepUnderflow;
      tr.message = "step size fell below " + format_real(o_.ds_min) +
                   (last_why.empty() ? std::string() : " (" + last_why + ")");
      return tr;
    }
    Vec Y;
    std::string why;
    const Status st = correct(cur.X, cur.tangent, ds, Y, &why);
    Vec t;
    bool ok = st == Status::Ok && tangent_at(Y, cur.tangent, t);
    if (ok && std::acos(std::clamp(t.dot(cur.tangent), -1.0, 1.0)) > o_.max_turn) {
      ok = false;
      why = "tangent turned too fast";
    }
    if (ok && accept && !accept(Y, &why)) ok = false;
    if (!ok) {
      last_why = why.empty() ? "tangent not defined" : why;
      ds *= 0.5;
      continue;
    }
    CurvePoint next{Y, t, ds};
    ++tr.points;
    const bool go_on = visit(cur, next);
    cur = std::move(next);
    if (!go_on) return tr;
    ds = std::min(o_.ds_max, ds * 1.3);
  }
  tr.status = Status::MaxSteps;
  tr.message = "stopped after " + std::to_string(o_.max_points) + " points";
  return tr;
}

CurveTracer::Located CurveTracer::locate(const CurvePoint& prev, const CurvePoint& cur,
                                         const TestFunction& value, const Side& side) const {
  Located L;
  auto at = [&](double s, Vec& X, Vec& t) {
    if (s <= 0) {
      X = prev.X;
      t = prev.tangent;
      return true;
    }
    if (correct(prev.X, prev.tangent, s, X, &L.why) != Status::Ok) return false;
    return tangent_at(X, prev.tangent, t);
  };
  const double fa = value(prev.X, prev.tangent), fb = value(cur.X, cur.tangent);
  double a = 0, b = cur.ds;
  const double width = 1e-13 * cur.ds;
  Vec X, t;
  bool failed = false;
  if (std::isfinite(fa) && std::isfinite(fb) && (fa < 0) != (fb < 0)) {
    auto f = [&](double s) {
      if (failed || !at(s, X, t)) {
        failed = true;
        return 0.0;
      }
      const double v = value(X, t);
      if (!std::isfinite(v)) failed = true;
      return std::isfinite(v) ? v : 0.0;
    };
    auto tol = [&](double lo, double hi) { return hi - lo <= width; };
    std::uintmax_t iters = 100;
    try {
      const auto r = boost::math::tools::toms748_solve(f, a, b, fa, fb, tol, iters);
      a = r.first;
      b = r.second;
    } catch (const std::exception& e) {
      L.why = e.what();
      return L;
    }
  } else {
    const bool sa = side(prev.X, prev.tangent);
    for (int it = 0; it < 80 && b - a > width; ++it) {
      const double mid = 0.5 * (a + b);
      if (!at(mid, X, t)) {
        failed = true;
        break;
      }
      (side(X, t) == sa ? a : b) = mid;
    }
  }
  if (failed) {
    if (L.why.empty()) L.why = "the test function could not be evaluated";
    return L;
  }
  Vec ta, tb;
  if (!at(a, L.Xa, ta) || !at(b, L.Xb, tb)) return L;
  // The located point: the midpoint of the bracket, put back on the curve.
  if (!at(0.5 * (a + b), L.X, L.t)) return L;
  L.ok = true;
  return L;
}

}  // namespace summit
