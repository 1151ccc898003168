#include "solvers/level_curve.hpp"

#include "lib/params.hpp"

#include <boost/math/tools/toms748_solve.hpp>

#include <algorithm>
#include <cmath>
#include <exception>

namespace summit {

namespace {

double value_at(const ScalarField2& g, double p1, double p2, std::string* why) {
  try {
    return g(p1, p2, why);
  } catch (const std::exception& e) {
    if (why) *why = e.what();
    return NAN;
  }
}

CurveSystem level_system(const ScalarField2& g, double fd_step) {
  CurveSystem s;
  s.equations = 1;
  s.eval = [g, fd_step](const Vec& X, Vec& G, Mat* J, std::string* why) {
    G.resize(1);
    G[0] = value_at(g, X[0], X[1], why);
    if (!std::isfinite(G[0])) return false;
    if (!J) return true;
    J->resize(1, 2);
    for (int j = 0; j < 2; ++j) {
      const double h = fd_step * (1 + std::abs(X[j]));
      Vec a = X, b = X;
      a[j] += h;
      b[j] -= h;
      const double ga = value_at(g, a[0], a[1], nullptr), gb = value_at(g, b[0], b[1], nullptr);
      // One-sided next to the edge of g's domain (e.g. a parameter at its largest allowed value):
      // error O(h) instead of O(h^2), which changes the Newton iteration only.
      if (std::isfinite(ga) && std::isfinite(gb)) {
        (*J)(0, j) = (ga - gb) / (2 * h);
      } else if (std::isfinite(ga) || std::isfinite(gb)) {
        (*J)(0, j) = std::isfinite(ga) ? (ga - G[0]) / h : (G[0] - gb) / h;
      } else {
        if (why) *why = "g cannot be evaluated on either side of the point";
        return false;
      }
    }
    return true;
  };
  return s;
}

}  // namespace

LevelCurve trace_level_curve(const ScalarField2& g, double p2_start, const LevelCurveOptions& o) {
  LevelCurve C;
  auto fail = [&](Status s, std::string m) {
    C.status = s;
    C.message = std::move(m);
    return C;
  };
  if (!(o.p1_hi > o.p1_lo) || !(o.p2_hi > o.p2_lo))
    return fail(Status::InvalidInput, "the window needs p1_lo < p1_hi and p2_lo < p2_hi");
  if (!(p2_start >= o.p2_lo && p2_start <= o.p2_hi))
    return fail(Status::InvalidInput, "the start's p2 = " + format_real(p2_start) + " is outside [" +
                                          format_real(o.p2_lo) + ", " + format_real(o.p2_hi) + "]");
  if (o.scan < 2) return fail(Status::InvalidInput, "scan " + std::to_string(o.scan) + ": must be >= 2");

  // The start: the first sign change along p1 at p2_start.
  const auto g1 = [&](double p1) { return value_at(g, p1, p2_start, nullptr); };
  double a = NAN, ga = NAN, b = NAN, gb = NAN;
  for (int i = 0; i < o.scan; ++i) {
    const double p = i == o.scan - 1 ? o.p1_hi : o.p1_lo + (o.p1_hi - o.p1_lo) * i / (o.scan - 1);
    const double v = g1(p);
    if (!std::isfinite(v)) continue;
    if (std::isfinite(ga) && (ga < 0) != (v < 0)) {
      b = p;
      gb = v;
      break;
    }
    a = p;
    ga = v;
  }
  if (!std::isfinite(gb))
    return fail(Status::NoConvergence, "no sign change in p1 over [" + format_real(o.p1_lo) + ", " +
                                           format_real(o.p1_hi) + "] at p2 = " + format_real(p2_start) +
                                           " (" + std::to_string(o.scan) + " points)");
  double p1_start = a;
  if (gb == 0) {
    p1_start = b;
  } else if (ga != 0) {
    std::uintmax_t iters = 200;
    const auto tol = [&](double lo, double hi) { return hi - lo <= o.param_tol * (1 + std::abs(lo)); };
    try {
      const auto r = boost::math::tools::toms748_solve(g1, a, b, ga, gb, tol, iters);
      p1_start = 0.5 * (r.first + r.second);
    } catch (const std::exception& e) {
      return fail(Status::NoConvergence, std::string("the start's sign change was not located: ") + e.what());
    }
  }

  CurveOptions co = o.curve;
  if (co.ds_max <= 0) co.ds_max = std::hypot(o.p1_hi - o.p1_lo, o.p2_hi - o.p2_lo) / 40;
  co.ds = std::min(co.ds, co.ds_max);
  const CurveTracer tracer(level_system(g, o.fd_step), co);
  std::string why;
  Vec Y{{p1_start, p2_start}};
  if (tracer.correct_fixed(1, p2_start, Y, &why) != Status::Ok)
    return fail(Status::NoConvergence, "the start was not put on g = 0: " + why);
  Vec t0;
  if (!tracer.tangent_at(Y, Vec::Unit(2, 1), t0) && !tracer.tangent_at(Y, Vec::Unit(2, 0), t0))
    return fail(Status::NoConvergence, "no tangent at the start (the gradient of g vanishes there)");
  C.start = {Y[0], Y[1]};

  const double lo[2] = {o.p1_lo, o.p2_lo}, hi[2] = {o.p1_hi, o.p2_hi};
  auto inside = [&](const Vec& Z) { return Z[0] >= lo[0] && Z[0] <= hi[0] && Z[1] >= lo[1] && Z[1] <= hi[1]; };
  std::vector<LevelCurvePoint> halves[2];
  for (int side = 0; side < 2; ++side) {
    std::vector<LevelCurvePoint>& pts = halves[side];
    std::string end;
    const CurveTracer::Visit visit = [&](const CurvePoint& prev, const CurvePoint& cur) {
      if (!inside(cur.X)) {
        // The crossing of the first edge that cur is beyond, located on that edge.
        int k = 0;
        double edge = 0;
        for (int j = 0; j < 2; ++j) {
          if (cur.X[j] < lo[j]) k = j, edge = lo[j];
          if (cur.X[j] > hi[j]) k = j, edge = hi[j];
          if (cur.X[j] < lo[j] || cur.X[j] > hi[j]) break;
        }
        const auto f = [&](const Vec& Z, const Vec&) { return Z[k] - edge; };
        const CurveTracer::Located L =
            tracer.locate(prev, cur, f, [&](const Vec& Z, const Vec& t) { return f(Z, t) > 0; });
        if (L.ok) pts.push_back({L.X[0], L.X[1]});
        end = "left the window at (" + format_real(L.ok ? L.X[0] : cur.X[0]) + ", " +
              format_real(L.ok ? L.X[1] : cur.X[1]) + ")";
        return false;
      }
      pts.push_back({cur.X[0], cur.X[1]});
      if (pts.size() > 3 && (cur.X - Y).norm() < 0.5 * cur.ds) {
        end = "closed curve";
        return false;
      }
      return true;
    };
    if (o.progress) o.progress("zero curve, direction " + std::to_string(side + 1) + " of 2");
    const CurveTracer::Trace tr = tracer.trace({Y, side == 0 ? t0 : Vec(-t0), 0}, visit);
    C.ends[side] = tr.status == Status::Ok ? end : std::string(to_string(tr.status)) + ": " + tr.message;
    if (end == "closed curve") break;
  }
  for (auto it = halves[1].rbegin(); it != halves[1].rend(); ++it) C.points.push_back(*it);
  C.points.push_back(C.start);
  for (const auto& q : halves[0]) C.points.push_back(q);
  return C;
}

}  // namespace summit
