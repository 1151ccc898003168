#include "solvers/integrate.hpp"

#include "solvers/detail/dense.hpp"

#include <boost/math/tools/roots.hpp>
#include <boost/numeric/odeint.hpp>

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>

namespace summit {

namespace odeint = boost::numeric::odeint;

std::vector<double> log_grid(double t_end, int n, double t_first) {
  if (!(t_end > 0)) throw std::invalid_argument("t-end = " + format_real(t_end) + ": must be > 0");
  if (n < 2) throw std::invalid_argument("points = " + std::to_string(n) + ": must be >= 2");
  if (t_first <= 0) t_first = std::min(0.01, t_end / 10);
  std::vector<double> t{0.0};
  if (n == 2) return {0.0, t_end};
  const double a = std::log(t_first), b = std::log(t_end);
  for (int i = 0; i < n - 1; ++i) t.push_back(std::exp(a + (b - a) * i / (n - 2)));
  t.back() = t_end;
  return t;
}

IntegrateOptions::Method parse_method(const std::string& name) {
  if (name == "dopri5") return IntegrateOptions::Method::Dopri5;
  if (name == "rosenbrock4") return IntegrateOptions::Method::Rosenbrock4;
  if (name == "euler") return IntegrateOptions::Method::Euler;
  throw std::invalid_argument("method = '" + name + "': must be dopri5, rosenbrock4 or euler");
}

EventSpec parse_event(const Model& model, const std::string& text) {
  EventSpec e;
  e.expr = text;
  std::string s = text;
  const auto colon = s.find(':');
  if (colon != std::string::npos) {
    e.name = s.substr(0, colon);
    s = s.substr(colon + 1);
  }
  auto strip = [](std::string v) {
    v.erase(0, v.find_first_not_of(" \t"));
    v.erase(v.find_last_not_of(" \t") + 1);
    return v;
  };
  e.name = strip(e.name);
  s = strip(s);
  if (e.name.empty()) e.name = s;
  const auto op = s.find_first_of("<>");
  const std::string qty = strip(s.substr(0, op));
  if (qty == "steady") {
    e.kind = EventSpec::Kind::Steady;
    e.below = true;
    e.threshold = 1e-8;
    if (op != std::string::npos) {
      if (s[op] != '<')
        throw std::invalid_argument("event '" + text + "': steady takes '<' (steady<TOL)");
      e.threshold = parse_real(s.substr(op + 1), "event '" + text + "' tolerance");
    }
    return e;
  }
  if (op == std::string::npos)
    throw std::invalid_argument("event '" + text +
                                "': expected QUANTITY<VALUE, QUANTITY>VALUE or steady[<TOL]");
  e.below = s[op] == '<';
  e.threshold = parse_real(s.substr(op + 1), "event '" + text + "' threshold");
  if (qty == "loss") {
    e.kind = EventSpec::Kind::Loss;
    return e;
  }
  const auto obs = model.observable_names();
  for (size_t i = 0; i < obs.size(); ++i)
    if (obs[i] == qty) {
      e.kind = EventSpec::Kind::Observable;
      e.index = static_cast<int>(i);
      return e;
    }
  e.index = model.layout().find(qty);
  if (e.index < 0) {
    std::string allowed = "loss, steady";
    for (const auto& o : obs) allowed += ", " + o;
    allowed += ", or a state coordinate such as " + model.layout().coord_name(0);
    throw std::invalid_argument("event '" + text + "': unknown quantity '" + qty +
                                "'; allowed: " + allowed);
  }
  e.kind = EventSpec::Kind::Coordinate;
  return e;
}

double event_value(const Model& model, const EventSpec& e, const Vec& x) {
  double q = 0;
  switch (e.kind) {
    case EventSpec::Kind::Coordinate: q = x[e.index]; break;
    case EventSpec::Kind::Observable: q = model.observables(x)[e.index]; break;
    case EventSpec::Kind::Loss: q = model.loss(x); break;
    case EventSpec::Kind::Steady: {
      Vec dx;
      model.drift(x, dx);
      q = dx.lpNorm<Eigen::Infinity>();
      break;
    }
  }
  return e.below ? q - e.threshold : e.threshold - q;
}

namespace {

using detail::Dense;

using StdVec = std::vector<double>;

class DopriDense final : public Dense {
 public:
  DopriDense(const Model& m, const Vec& x0, const IntegrateOptions& o, long& nrhs)
      : m_(m), nrhs_(nrhs),
        st_(odeint::make_dense_output(o.abs_tol, o.rel_tol, odeint::runge_kutta_dopri5<StdVec>())) {
    StdVec x(x0.data(), x0.data() + x0.size());
    st_.initialize(x, 0.0, o.dt);
    buf_.resize(x0.size());
    dbuf_.resize(x0.size());
  }
  std::pair<double, double> step() override {
    auto sys = [this](const StdVec& x, StdVec& dx, double) {
      ++nrhs_;
      buf_ = Eigen::Map<const Vec>(x.data(), x.size());
      m_.drift(buf_, dbuf_);
      std::copy(dbuf_.data(), dbuf_.data() + dbuf_.size(), dx.begin());
    };
    return st_.do_step(sys);
  }
  void state_at(double t, Vec& x) override {
    StdVec s(buf_.size());
    st_.calc_state(t, s);
    x = Eigen::Map<const Vec>(s.data(), s.size());
  }
  void current(Vec& x) override {
    const StdVec& s = st_.current_state();
    x = Eigen::Map<const Vec>(s.data(), s.size());
  }

 private:
  const Model& m_;
  long& nrhs_;
  odeint::dense_output_runge_kutta<
      odeint::controlled_runge_kutta<odeint::runge_kutta_dopri5<StdVec>>>
      st_;
  Vec buf_, dbuf_;
};

// Forward Euler with a fixed step; "dense output" is linear interpolation within the step.
class EulerDense final : public Dense {
 public:
  EulerDense(const Model& m, const Vec& x0, const IntegrateOptions& o, long& nrhs)
      : m_(m), nrhs_(nrhs), dt_(o.dt), x_(x0), xold_(x0) {}
  std::pair<double, double> step() override {
    Vec dx;
    ++nrhs_;
    m_.drift(x_, dx);
    xold_ = x_;
    told_ = t_;
    x_ += dt_ * dx;
    ++n_;
    t_ = n_ * dt_;  // no accumulation of rounding in t
    return {told_, t_};
  }
  void state_at(double t, Vec& x) override {
    const double s = (t - told_) / (t_ - told_);
    x = (1 - s) * xold_ + s * x_;
  }
  void current(Vec& x) override { x = x_; }

 private:
  const Model& m_;
  long& nrhs_;
  double dt_;
  Vec x_, xold_;
  double t_ = 0, told_ = 0;
  long n_ = 0;
};

}  // namespace

Trajectory integrate(const Model& model, const Vec& x0, const IntegrateOptions& o) {
  Trajectory tr;
  auto fail = [&](Status s, std::string msg) {
    tr.status = s;
    tr.message = std::move(msg);
    return tr;
  };
  if (o.times.empty()) return fail(Status::InvalidInput, "no output times given");
  if (o.times.front() < 0) return fail(Status::InvalidInput, "output times must be >= 0");
  for (size_t i = 1; i < o.times.size(); ++i)
    if (!(o.times[i] > o.times[i - 1]))
      return fail(Status::InvalidInput, "output times must be strictly increasing");
  if (!(o.dt > 0)) return fail(Status::InvalidInput, "dt = " + format_real(o.dt) + ": must be > 0");
  if (!(o.abs_tol > 0) || !(o.rel_tol >= 0))
    return fail(Status::InvalidInput, "tolerances must be positive");
  if (x0.size() != model.dim())
    return fail(Status::InvalidInput, "initial state has " + std::to_string(x0.size()) +
                                          " coordinates, the model " + std::to_string(model.dim()));
  std::string why;
  if (!model.realisable(x0, &why)) return fail(Status::NotRealisable, "initial state: " + why);

  std::unique_ptr<Dense> st;
  switch (o.method) {
    case IntegrateOptions::Method::Dopri5:
      st = std::make_unique<DopriDense>(model, x0, o, tr.rhs_evaluations);
      break;
    case IntegrateOptions::Method::Rosenbrock4:
      st = detail::make_rosenbrock4(model, x0, o.abs_tol, o.rel_tol, o.dt, tr.rhs_evaluations,
                                    tr.jacobian_evaluations);
      break;
    case IntegrateOptions::Method::Euler:
      st = std::make_unique<EulerDense>(model, x0, o, tr.rhs_evaluations);
      break;
  }

  const int ne = static_cast<int>(o.events.size());
  tr.events.resize(ne);
  std::vector<double> prev(ne);
  for (int k = 0; k < ne; ++k) {
    tr.events[k].name = o.events[k].name;
    prev[k] = event_value(model, o.events[k], x0);
    if (prev[k] < 0) tr.events[k] = {o.events[k].name, true, 0.0, x0};
  }
  auto all_found = [&] {
    return ne > 0 && std::all_of(tr.events.begin(), tr.events.end(),
                                 [](const EventHit& h) { return h.found; });
  };

  size_t out = 0;
  while (out < o.times.size() && o.times[out] <= 0) {
    tr.t.push_back(o.times[out++]);
    tr.x.push_back(x0);
  }
  const double t_end = o.times.back();
  Vec x, xi;
  double t_now = 0;
  while (t_now < t_end && !(o.stop_when_events_found && all_found())) {
    if (tr.steps >= o.max_steps)
      return fail(Status::MaxSteps, "step limit " + std::to_string(o.max_steps) +
                                        " reached at t = " + format_real(t_now));
    std::pair<double, double> ab;
    try {
      ab = st->step();
    } catch (const std::exception& e) {
      return fail(Status::StepUnderflow,
                  "step-size control failed at t = " + format_real(t_now) + ": " + e.what());
    }
    ++tr.steps;
    // The last step may overshoot t_end: nothing beyond t_end is reported (outputs, events).
    if (ab.second > t_end) {
      st->state_at(t_end, x);
      ab.second = t_end;
    } else {
      st->current(x);
    }
    t_now = tr.t_reached = ab.second;
    report_progress(o.progress, t_now / t_end);
    if (!x.allFinite())
      return fail(Status::NonFinite, "non-finite state at t = " + format_real(t_now));
    if (x.lpNorm<Eigen::Infinity>() > o.divergence_bound)
      return fail(Status::Diverged, "|x| exceeded " + format_real(o.divergence_bound) +
                                        " at t = " + format_real(t_now));
    // Slack: 1e3 times the error tolerance (at least the model's default), so that only a real
    // departure from the domain, not the solver's O(tol) error at its boundary, stops the run.
    // Checked at every step end, so runs without intermediate outputs (escape, basins) too.
    const double slack = std::max(1e-9, 1e3 * std::max(o.abs_tol, o.rel_tol));
    if (!model.realisable(x, &why, slack))
      return fail(Status::NotRealisable,
                  "left the realisable domain by t = " + format_real(t_now) + ": " + why);
    while (out < o.times.size() && o.times[out] <= ab.second) {
      st->state_at(o.times[out], xi);
      if (!model.realisable(xi, &why, slack))
        return fail(Status::NotRealisable,
                    "left the realisable domain by t = " + format_real(o.times[out]) + ": " + why);
      tr.t.push_back(o.times[out++]);
      tr.x.push_back(xi);
    }
    for (int k = 0; k < ne; ++k) {
      if (tr.events[k].found) continue;
      const double vnew = event_value(model, o.events[k], x);
      if (!std::isfinite(vnew)) return fail(Status::NonFinite, "event '" + o.events[k].name +
                                                                   "' is not finite");
      if (vnew < 0) {
        // Root of the event function on the dense output (TOMS 748).
        auto f = [&](double t) {
          Vec xs;
          st->state_at(t, xs);
          return event_value(model, o.events[k], xs);
        };
        double lo = ab.first, hi = ab.second;
        double flo = prev[k], fhi = vnew;
        if (flo > 0 && fhi < 0) {
          boost::uintmax_t it = 200;
          auto tol = [&](double a, double b) {
            return std::abs(b - a) <= o.event_time_tol * std::max(1.0, std::abs(b));
          };
          try {
            auto r = boost::math::tools::toms748_solve(f, lo, hi, flo, fhi, tol, it);
            lo = r.first;
            hi = r.second;
          } catch (const std::exception&) {
          }
        }
        const double te = flo == 0 ? lo : 0.5 * (lo + hi);
        Vec xe;
        st->state_at(te, xe);
        tr.events[k] = {o.events[k].name, true, te, xe};
      }
      prev[k] = vnew;
    }
    if (o.stop_when && o.stop_when(t_now, x)) break;
  }
  return tr;
}

}  // namespace summit
