// single-index: the ODE against finite-d online SGD (our derived overlap ODE (1)-(3) of
// docs/single_index.md, "Derivation of the drift", is confirmed here), and the escape-time laws
// (docs/single_index.md, "Escape times") from the ODE started at m0 = 1/sqrt(d).
#include "tests/statistics.hpp"
#include "tests/support.hpp"
#include "solvers/integrate.hpp"

#include <cmath>
#include <vector>

using namespace summit;

namespace {

struct SimCase {
  std::string target, act;
  double lr, m0, T;
  std::string dyn = "spherical";
};

std::map<std::string, std::string> params(const SimCase& c, const std::string& sim) {
  return {{"target", c.target}, {"activation", c.act},   {"lr", format_real(c.lr)},
          {"m0", format_real(c.m0)}, {"dynamics", c.dyn}, {"simulation", sim}};
}

// Mean and standard error over seeds of coordinate k of the simulation at the times, against the
// ODE: |mean - ODE| <= t SE + bias. SE is the sample standard deviation over sqrt(seeds) (the
// runs are independent) and t the Student-t quantile for that many seeds at the suite's
// per-comparison level (tests/statistics.hpp: 9.5 for 16 seeds, 6.9 for 32). `bias` bounds the O(1/d) finite-d drift corrections (|m| fluctuations of
// size d^{-1/2} feed back at second order: ~ 10/d here).
void compare(const SimCase& c, const std::string& sim, int d, int seeds, double bias) {
  auto m = test::make("single-index", params(c, sim));
  IntegrateOptions o;
  o.times = {c.T / 4, c.T / 2, c.T};
  const Trajectory tr = integrate(*m, m->initial_state(), o);
  REQUIRE(tr.status == Status::Ok);
  const int dim = m->dim();
  double worst_z = 0, worst_diff = 0;
  for (int k = 0; k < dim; ++k) {
    std::vector<double> sum(3, 0.0), sum2(3, 0.0);
    for (int s = 1; s <= seeds; ++s) {
      auto mic = m->microscopic(m->initial_state(), d, 1000 + s);
      for (int i = 0; i < 3; ++i) {
        mic->advance(o.times[i] - mic->time());
        const double v = mic->measure()[k];
        sum[i] += v;
        sum2[i] += v * v;
      }
    }
    for (int i = 0; i < 3; ++i) {
      const double mean = sum[i] / seeds;
      const double sd = std::sqrt(std::max(0.0, (sum2[i] - seeds * mean * mean) / (seeds - 1)));
      const double se = sd / std::sqrt(double(seeds));
      INFO(c.target << "/" << c.act << " lr " << c.lr << " " << c.dyn << " " << sim << " d = " << d
                    << ", coord " << k << ", t = " << o.times[i] << ": ODE " << tr.x[i][k]
                    << ", SGD " << mean << " +- " << se << " (sd " << sd << ")");
      CHECK(test::within_error_bar(mean, tr.x[i][k], se, test::error_bar(seeds), bias));
      worst_z = std::max(worst_z, std::abs(mean - tr.x[i][k]) / se);
      worst_diff = std::max(worst_diff, std::abs(mean - tr.x[i][k]));
    }
  }
  MESSAGE(c.target << "/" << c.act << " lr " << c.lr << " " << c.dyn << " (" << sim << ", d = " << d
                   << ", " << seeds << " seeds): max |SGD - ODE| = " << worst_diff << " = "
                   << worst_z << " SE");
}

double escape_time(const std::map<std::string, std::string>& p) {
  auto m = test::make("single-index", p);
  IntegrateOptions o;
  o.times = {0.0, 1e9};
  o.events.push_back(parse_event(*m, "escape: abs_overlap>0.5"));
  o.stop_when_events_found = true;
  const Trajectory tr = integrate(*m, m->initial_state(), o);
  REQUIRE(tr.events.size() == 1);
  REQUIRE(tr.events[0].found);
  return tr.events[0].time;
}

// least-squares slope of y against x
double slope(const std::vector<double>& x, const std::vector<double>& y) {
  const int n = static_cast<int>(x.size());
  double mx = 0, my = 0;
  for (int i = 0; i < n; ++i) mx += x[i] / n, my += y[i] / n;
  double sxy = 0, sxx = 0;
  for (int i = 0; i < n; ++i) sxy += (x[i] - mx) * (y[i] - my), sxx += (x[i] - mx) * (x[i] - mx);
  return sxy / sxx;
}

}  // namespace

TEST_CASE("single-index: ODE vs d-dimensional online SGD (full simulation, d = 1000)") {
  // The literal d-dimensional SGD (O(d) per step): ReLU pair, 16 seeds (Student-t bound 9.5 SE).
  compare({"relu", "relu", 0.5, 0.05, 3.0}, "full", 1000, 16, 0.01);
  compare({"linear", "linear", 0.5, 0.3, 2.0, "unconstrained"}, "full", 1000, 16, 0.01);
}

TEST_CASE("single-index: ODE vs online SGD at d = 2000 (exact-in-law reduced simulation)") {
  // The closed-form cases: linear at lr = 3 (fluctuates around m* = 1/2), h2 at lr = 0.1 from 0.2,
  // ReLU at lr = 0.5 from 0.05, plus an h2 target with a ReLU student and the unconstrained (m, Q)
  // ODE.
  const int d = 2000, seeds = 32;
  const double bias = 10.0 / d;
  compare({"linear", "linear", 3.0, 0.1, 4.0}, "reduced", d, seeds, bias);
  compare({"h2", "h2", 0.1, 0.2, 10.0}, "reduced", d, seeds, bias);
  compare({"relu", "relu", 0.5, 0.05, 6.0}, "reduced", d, seeds, bias);
  compare({"h2", "relu", 0.3, 0.2, 10.0}, "reduced", d, seeds, bias);
  compare({"relu", "tanh", 0.4, 0.1, 6.0, "unconstrained"}, "reduced", d, seeds, bias);
  // h2 above the critical lr = 1/3: m decays
  compare({"h2", "h2", 0.45, 0.2, 6.0}, "reduced", d, seeds, bias);
}

TEST_CASE("single-index: escape-time laws from m0 = 1/sqrt(d) (information exponents 1, 2, 3)") {
  const std::vector<double> ds{1e3, 1e4, 1e5, 1e6};
  std::vector<double> logd, t1, t2, t3;
  for (double d : ds) {
    const std::string m0 = format_real(1 / std::sqrt(d));
    logd.push_back(std::log(d));
    // k = 1: linear/linear, lr = 0.5. t(d) -> t_inf = (1/lr)(2/3) ln 2.5 (partial fractions of
    // 1/((1 - m)(1 + m/2)) on [0, 1/2]) minus the O(m0) start: t = t_inf - m0/lr + O(m0^2).
    const double e1 = escape_time({{"target", "linear"}, {"lr", "0.5"}, {"m0", m0}});
    CHECK(e1 == doctest::Approx(2.0 * (2.0 / 3.0) * std::log(2.5) - 2.0 / std::sqrt(d)).epsilon(2.0 / d));
    t1.push_back(std::log(e1));
    // k = 2: h2/h2 at the optimal lr = 1/6: exactly logistic, t = 3 ln((d - 1)/3).
    const double e2 = escape_time({{"target", "h2"}, {"lr", format_real(1.0 / 6.0)}, {"m0", m0}});
    CHECK(e2 == doctest::Approx(3 * std::log((d - 1) / 3)).epsilon(1e-7));
    t2.push_back(e2);
    // k = 3: h3/h3 with lr = m0/32 (half the noise threshold m0/16). In u = m/m0,
    // tau = m0^2 t: du/dtau = 3 kappa u^2 - 48 kappa^2 u + O(m0^2), kappa = lr/m0 = 1/32, so
    // t/d -> tau_inf = ln(3/(3 - 48 kappa))/(48 kappa^2) = (64/3) ln 2, up to O(d^{-1/2}) (the
    // last O(1/lr) = O(sqrt d) of the escape).
    const double e3 = escape_time({{"target", "h3"}, {"lr", format_real(1 / (32 * std::sqrt(d)))}, {"m0", m0}});
    t3.push_back(std::log(e3));
    INFO("d = " << d << ": t3/d = " << e3 / d << " vs " << 64.0 / 3 * std::log(2.0));
    CHECK(e3 / d == doctest::Approx(64.0 / 3 * std::log(2.0)).epsilon(3.0 / std::sqrt(d)));
  }
  // Fitted exponents of the sample complexity n = d t:
  //  k = 1: d log t against log d has slope ~ m0/(lr t_inf) / ln... -> 0, so n ~ d^1: |slope| < 0.01.
  //  k = 2: t is linear in ln d with slope 1/(4 lr (1 - 3 lr)) = 3: n ~ d log d.
  //  k = 3: log t against log d has slope 1 - O(d^{-1/2}): n ~ d^2 = d^{k-1}.
  const double s1 = slope(logd, t1), s2 = slope(logd, t2), s3 = slope(logd, t3);
  MESSAGE("fitted: k=1 d log t/d log d = " << s1 << " (n ~ d^" << 1 + s1 << "), k=2 dt/d ln d = " << s2
                                           << " (theory 3), k=3 d log t/d log d = " << s3
                                           << " (n ~ d^" << 1 + s3 << ", theory d^2)");
  CHECK(std::abs(s1) < 0.01);
  // Above the noise threshold (lr = m0/8 > m0/16, kappa = 1/8: du/dtau = u (3u/8 - 3/4) < 0 at
  // u = 1) the h3 overlap decays instead: no escape up to t = 100 d.
  {
    const double d = 1e4;
    auto m = test::make("single-index", {{"target", "h3"}, {"lr", format_real(1 / (8 * std::sqrt(d)))},
                                         {"m0", format_real(1 / std::sqrt(d))}});
    IntegrateOptions o;
    o.times = {0.0, 100 * d};
    o.events.push_back(parse_event(*m, "escape: abs_overlap>0.5"));
    const Trajectory tr = integrate(*m, m->initial_state(), o);
    REQUIRE(tr.status == Status::Ok);
    CHECK_FALSE(tr.events[0].found);
    CHECK(std::abs(tr.x.back()[0]) < 1e-3 / std::sqrt(d));
  }
  CHECK(s2 == doctest::Approx(3.0).epsilon(1e-3));
  CHECK(s3 == doctest::Approx(1.0).epsilon(0.02));
}
