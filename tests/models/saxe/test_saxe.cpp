// The saxe model: the deep-linear mode ODE has a closed-form solution, an exact test of the
// integrators, the event location and the fixed-point search (2^n fixed points, index = number
// of unlearned modes).
#include "tests/support.hpp"
#include "models/saxe/saxe.hpp"
#include "solvers/fixed_points.hpp"
#include "solvers/integrate.hpp"
#include "solvers/stability.hpp"

#include <cmath>

using namespace summit;

TEST_CASE("saxe: integrators reproduce the closed-form sigmoids") {
  auto m = test::make("saxe", {{"s", "3,2,1"}, {"a0", "0.001,0.01,0.1"}, {"tau", "2"}});
  const Vec s{{3.0, 2.0, 1.0}}, a0{{0.001, 0.01, 0.1}};
  for (auto method : {IntegrateOptions::Method::Dopri5, IntegrateOptions::Method::Rosenbrock4}) {
    IntegrateOptions o;
    o.method = method;
    o.times = log_grid(20.0, 40);
    const Trajectory tr = integrate(*m, m->initial_state(), o);
    REQUIRE(tr.status == Status::Ok);
    double err = 0;
    for (size_t i = 0; i < tr.t.size(); ++i)
      err = std::max(err, (tr.x[i] - saxe::solution(s, a0, 2.0, tr.t[i])).lpNorm<Eigen::Infinity>());
    // Per-step tolerances 1e-10 (absolute and relative); the sigmoid's transient amplifies local
    // errors by at most e^{2 s t/tau} before saturation damps them: 1e-7 is a safe global bound.
    CHECK(err < 1e-7);
  }
}

TEST_CASE("saxe: half-learning times located to tolerance") {
  auto m = test::make("saxe", {{"s", "3,2,1"}, {"a0", "0.001"}});
  IntegrateOptions o;
  o.times = {0.0, 50.0};
  for (const auto& e : m->hints().default_events) o.events.push_back(parse_event(*m, e));
  const Trajectory tr = integrate(*m, m->initial_state(), o);
  REQUIRE(tr.status == Status::Ok);
  const double s[] = {3, 2, 1};
  for (int i = 0; i < 3; ++i) {
    // a_i = s_i/2 at t = tau/(2 s_i) ln(s_i/a0 - 1)
    const double exact = 1.0 / (2 * s[i]) * std::log(s[i] / 0.001 - 1);
    REQUIRE(tr.events[i].found);
    CHECK(tr.events[i].time == doctest::Approx(exact).epsilon(1e-8));
  }
}

TEST_CASE("saxe: 2^n fixed points, the saddle index counts unlearned modes") {
  auto m = test::make("saxe", {{"s", "3,2,1"}});
  FixedPointOptions o;
  const FixedPointResult r = find_fixed_points(*m, o);
  REQUIRE(r.status == Status::Ok);
  REQUIRE(r.points.size() == 8);
  for (const auto& p : r.points) {
    int unlearned = 0;
    double lambda_max = -INFINITY;
    for (int i = 0; i < 3; ++i) {
      const double si = 3 - i;
      // each coordinate is exactly 0 or s_i
      CHECK(std::min(std::abs(p.x[i]), std::abs(p.x[i] - si)) < 1e-12);
      const bool un = std::abs(p.x[i]) < 1e-6;
      unlearned += un;
      // the Jacobian is diagonal: +2 s_i/tau for an unlearned mode, -2 s_i/tau for a learned one
      lambda_max = std::max(lambda_max, un ? 2 * si : -2 * si);
    }
    const Stability st = analyse_stability(*m, p.x);
    CHECK(st.index == unlearned);
    CHECK(st.lambda_max == doctest::Approx(lambda_max).epsilon(1e-12));
  }
  CHECK_THROWS_WITH_AS(test::make("saxe", {{"s", "3,2"}, {"a0", "1,2,3"}}),
                       doctest::Contains("must have 1 or 2"), std::invalid_argument);
}
