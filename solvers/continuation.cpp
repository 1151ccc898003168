#include "solvers/continuation.hpp"

#include <boost/math/tools/toms748_solve.hpp>

#include <cmath>
#include <cstdint>
#include <exception>
#include <memory>
#include <stdexcept>

namespace summit {

namespace {
struct Probe {
  bool ok = false;
  double lambda = 0;
  bool unstable = false;
  Vec x;
  std::string why;
};

Probe probe(const ModelFactory& make, double p, const Vec& guess, const ThresholdOptions& o) {
  Probe r;
  std::unique_ptr<Model> m;
  try {
    m = make(p);
  } catch (const std::exception& e) {
    r.why = e.what();
    return r;
  }
  r.x = guess;
  double res = 0;
  const Status st = polish_fixed_point(*m, r.x, o.fixed_point, &res);
  if (st != Status::Ok) {
    r.why = std::string("fixed point lost (") + to_string(st) + ", max|drift| = " +
            format_real(res) + ")";
    return r;
  }
  const Stability s = analyse_stability(*m, r.x, o.stability);
  if (s.status != Status::Ok) {
    r.why = s.message;
    return r;
  }
  r.lambda = s.lambda_max;
  r.unstable = s.index > 0;  // lambda_max above the classification's zero tolerance
  r.ok = true;
  return r;
}
}  // namespace

BranchResult follow_fixed_point(const ModelFactory& make, const Vec& start,
                                const ThresholdOptions& o) {
  BranchResult res;
  if (o.hi == o.lo || o.grid < 2) {
    res.status = Status::InvalidInput;
    res.message = "need two distinct end points and grid >= 2";
    return res;
  }
  Vec x = start;
  for (int i = 0; i < o.grid; ++i) {
    const double p = o.lo + (o.hi - o.lo) * i / (o.grid - 1);
    std::unique_ptr<Model> m;
    try {
      m = make(p);
    } catch (const std::exception& e) {
      res.status = Status::InvalidInput;
      res.message = e.what();
      return res;
    }
    Vec y = x;
    double r = 0;
    const Status st = polish_fixed_point(*m, y, o.fixed_point, &r);
    if (st != Status::Ok) {
      res.status = Status::NoConvergence;
      res.message = "fixed point lost at " + format_real(p) + " (" + to_string(st) +
                    ", max|drift| = " + format_real(r) + ")";
      return res;
    }
    x = y;
    res.points.push_back({p, x, m->loss(x), analyse_stability(*m, x, o.stability)});
    report_progress(o.progress, double(i + 1) / o.grid);
  }
  return res;
}

ThresholdResult locate_stability_change(const ModelFactory& make, const Vec& start,
                                        const ThresholdOptions& o) {
  ThresholdResult res;
  auto fail = [&](Status s, std::string m) {
    res.status = s;
    res.message = std::move(m);
    return res;
  };
  if (!(o.hi > o.lo)) return fail(Status::InvalidInput, "range: HI must be > LO");
  if (o.grid < 2) return fail(Status::InvalidInput, "grid must have >= 2 points");
  Vec x = start;
  Probe prev;
  double pprev = o.lo;
  for (int i = 0; i < o.grid; ++i) {
    const double p = o.lo + (o.hi - o.lo) * i / (o.grid - 1);
    Probe cur = probe(make, p, x, o);
    if (!cur.ok)
      return fail(Status::NoConvergence,
                  "at " + format_real(p) + ": " + cur.why);
    res.scan.emplace_back(p, cur.lambda);
    report_progress(o.progress, double(i + 1) / o.grid);
    x = cur.x;
    // Stability as classified (an eigenvalue within the zero tolerance counts as zero), so that
    // rounding noise in an exact zero mode cannot produce a spurious threshold.
    if (i > 0 && prev.unstable != cur.unstable) {
      double a = pprev, b = p;
      Vec xa = prev.x;
      const bool a_pos = prev.unstable;
      // When the stable end is strictly stable (lambda_max below minus the zero tolerance: no
      // exact zero mode) the bisection follows the sign of lambda_max itself, so the threshold is
      // where lambda_max = 0 and not where it reaches the tolerance (which would shift it by
      // O(tol / slope), visibly so where lambda_max grows quadratically, as at rbm's BBP point).
      const double stable_lambda = a_pos ? cur.lambda : prev.lambda;
      const bool raw_sign =
          stable_lambda < -o.stability.zero_tol * std::max(1.0, std::abs(stable_lambda)) &&
          (prev.lambda > 0) != (cur.lambda > 0);
      while (b - a > o.param_tol * (1 + std::abs(a))) {
        const double mid = 0.5 * (a + b);
        Probe pm = probe(make, mid, xa, o);
        if (!pm.ok) return fail(Status::NoConvergence, "at " + format_real(mid) + ": " + pm.why);
        if ((raw_sign ? pm.lambda > 0 : pm.unstable) == a_pos) {
          a = mid;
          xa = pm.x;
        } else {
          b = mid;
        }
      }
      res.bracket_lo = a;
      res.bracket_hi = b;
      res.threshold = 0.5 * (a + b);
      res.state = xa;
      res.direction = a_pos ? ThresholdDirection::GainsStability : ThresholdDirection::LosesStability;
      return res;
    }
    prev = cur;
    pprev = p;
  }
  return fail(Status::NoConvergence, "the point does not change stability in [" + format_real(o.lo) +
                                         ", " + format_real(o.hi) + "] (" +
                                         std::to_string(o.grid) + " grid points)");
}

namespace {
// The observable `name` of the model at parameter p, evaluated at point(model); throws
// std::invalid_argument for an unknown name and std::domain_error for a non-finite value.
double observable_at(const ModelFactory& make, const PointOf& point, const std::string& name,
                     double p, Vec* state) {
  const std::unique_ptr<Model> m = make(p);
  const Vec x = point(*m);
  double v;
  if (name == "loss") {
    v = m->loss(x);
  } else {
    const auto names = m->observable_names();
    int k = -1;
    std::string known = "loss";
    for (size_t i = 0; i < names.size(); ++i) {
      known += ", " + names[i];
      if (names[i] == name) k = static_cast<int>(i);
    }
    if (k < 0)
      throw std::invalid_argument("observable '" + name + "': model '" + m->name() + "' has " + known);
    v = m->observables(x)[k];
  }
  if (!std::isfinite(v))
    throw std::domain_error("observable '" + name + "' is not finite at " + format_real(p));
  if (state) *state = x;
  return v;
}
}  // namespace

ThresholdResult locate_observable_root(const ModelFactory& make, const PointOf& point,
                                       const std::string& observable, const ThresholdOptions& o) {
  ThresholdResult res;
  auto fail = [&](Status s, std::string m) {
    res.status = s;
    res.message = std::move(m);
    return res;
  };
  if (!(o.hi > o.lo)) return fail(Status::InvalidInput, "range: HI must be > LO");
  if (o.grid < 2) return fail(Status::InvalidInput, "grid must have >= 2 points");
  try {
    double pprev = o.lo, vprev = 0;
    for (int i = 0; i < o.grid; ++i) {
      const double p = o.lo + (o.hi - o.lo) * i / (o.grid - 1);
      const double v = observable_at(make, point, observable, p, nullptr);
      res.scan.emplace_back(p, v);
      report_progress(o.progress, double(i + 1) / o.grid);
      if (v == 0) {  // an exact zero on the grid
        res.threshold = res.bracket_lo = res.bracket_hi = p;
        observable_at(make, point, observable, p, &res.state);
        res.direction = ThresholdDirection::IsZero;
        return res;
      }
      if (i > 0 && (vprev < 0) != (v < 0)) {
        auto f = [&](double q) { return observable_at(make, point, observable, q, nullptr); };
        auto tol = [&](double a, double b) { return b - a <= o.param_tol * (1 + std::abs(a)); };
        std::uintmax_t iters = 200;
        const auto [a, b] = boost::math::tools::toms748_solve(f, pprev, p, vprev, v, tol, iters);
        if (!tol(a, b))
          return fail(Status::NoConvergence, "root bracket [" + format_real(a) + ", " + format_real(b) +
                                                 "] not narrowed to the tolerance in 200 steps");
        res.bracket_lo = a;
        res.bracket_hi = b;
        res.threshold = 0.5 * (a + b);
        observable_at(make, point, observable, res.threshold, &res.state);
        res.direction = vprev < 0 ? ThresholdDirection::CrossesZeroUpwards
                                  : ThresholdDirection::CrossesZeroDownwards;
        return res;
      }
      pprev = p;
      vprev = v;
    }
  } catch (const std::invalid_argument& e) {
    return fail(Status::InvalidInput, e.what());
  } catch (const std::domain_error& e) {
    return fail(Status::NonFinite, e.what());
  }
  return fail(Status::NoConvergence, "observable '" + observable + "' does not change sign in [" +
                                         format_real(o.lo) + ", " + format_real(o.hi) + "] (" +
                                         std::to_string(o.grid) + " grid points)");
}

}  // namespace summit
