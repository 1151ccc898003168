// The generic solvers on models with known answers.
#include "toy_models.hpp"

#include "solvers/continuation.hpp"
#include "solvers/fixed_points.hpp"
#include "solvers/integrate.hpp"
#include "solvers/minimize.hpp"
#include "solvers/stability.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <numbers>

using namespace summit;
using test::DoubleWell;
using test::Spiral;

TEST_CASE("integrate: dopri5, rosenbrock4 and euler against the exact solution") {
  const Spiral m(0.3, 2.0);
  const Vec x0{{1.0, 0.5}};
  IntegrateOptions o;
  o.times = log_grid(10.0, 30);
  for (auto method : {IntegrateOptions::Method::Dopri5, IntegrateOptions::Method::Rosenbrock4}) {
    o.method = method;
    o.abs_tol = o.rel_tol = 1e-10;
    const Trajectory tr = integrate(m, x0, o);
    REQUIRE(tr.status == Status::Ok);
    REQUIRE(tr.t.size() == o.times.size());
    double err = 0;
    for (size_t i = 0; i < tr.t.size(); ++i)
      err = std::max(err, (tr.x[i] - m.exact(tr.t[i], x0)).lpNorm<Eigen::Infinity>());
    // Local tolerance 1e-10 per step; the global error over ~100 steps of a contracting flow
    // stays within a few hundred local errors: 1e-7 is a safe bound.
    CHECK(err < 1e-7);
    MESSAGE("max error " << err << ", steps " << tr.steps << ", rhs " << tr.rhs_evaluations);
    if (method == IntegrateOptions::Method::Rosenbrock4) CHECK(tr.jacobian_evaluations > 0);
  }
  // Euler is first order: halving dt halves the error (ratio 2 +- 5% at these step sizes).
  o.method = IntegrateOptions::Method::Euler;
  double errs[2];
  for (int k = 0; k < 2; ++k) {
    o.dt = 1e-3 / (1 << k);
    const Trajectory tr = integrate(m, x0, o);
    REQUIRE(tr.status == Status::Ok);
    errs[k] = (tr.x.back() - m.exact(10.0, x0)).norm();
  }
  CHECK(errs[0] / errs[1] == doctest::Approx(2.0).epsilon(0.05));
}

TEST_CASE("integrate: events are located on the dense output to tolerance") {
  const Spiral m(0.3, 2.0);
  const Vec x0{{1.0, 0.0}};
  IntegrateOptions o;
  o.times = {0.0, 20.0};  // a coarse output grid: event times cannot come from it
  o.events = {parse_event(m, "decay: r<0.25"), parse_event(m, "x[1]<-0.5"),
              parse_event(m, "loss<1e-3"), parse_event(m, "never: r>2")};
  const Trajectory tr = integrate(m, x0, o);
  REQUIRE(tr.status == Status::Ok);
  // r(t) = e^{-0.3 t}: r = 1/4 at t = ln 4 / 0.3; loss = r^2/2 = 1e-3 at t = ln(500)/0.6.
  CHECK(tr.events[0].name == "decay");
  CHECK(tr.events[0].found);
  // dopri5's dense output is 4th order; with tolerances 1e-10 the located time is exact to ~1e-8.
  CHECK(tr.events[0].time == doctest::Approx(std::log(4.0) / 0.3).epsilon(1e-8));
  CHECK(tr.events[2].time == doctest::Approx(std::log(500.0) / 0.6).epsilon(1e-8));
  // x1(t) = e^{-0.3 t} cos 2t first equals -0.5: solve by bisection on the exact solution.
  double lo = 0.5, hi = std::numbers::pi / 2;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (std::exp(-0.3 * mid) * std::cos(2 * mid) > -0.5 ? lo : hi) = mid;
  }
  CHECK(tr.events[1].time == doctest::Approx(lo).epsilon(1e-8));
  CHECK_FALSE(tr.events[3].found);
  // An event just after the last output time is not reported, although the last adaptive step
  // overshoots it (found in review).
  IntegrateOptions o4;
  o4.times = {0.0, std::log(4.0) / 0.3 - 1e-3};
  o4.events = {parse_event(m, "r<0.25")};
  const Trajectory tr4 = integrate(m, x0, o4);
  CHECK_FALSE(tr4.events[0].found);
  CHECK(tr4.t_reached == o4.times.back());
  // stop_when_events_found stops at the last of the found events when all are reachable.
  o.events.pop_back();
  o.stop_when_events_found = true;
  const Trajectory tr2 = integrate(m, x0, o);
  CHECK(tr2.status == Status::Ok);
  CHECK(tr2.t_reached < 20.0);
  // Steady state of pure decay x = e^{-0.3 t} (1, 0): max|drift| = 0.3 e^{-0.3 t} < 1e-6.
  const Spiral decay(0.3, 0.0);
  IntegrateOptions o3;
  o3.times = {0.0, 100.0};
  o3.events = {parse_event(decay, "steady<1e-6")};
  // The state is ~3e-6 there: an absolute tolerance of 1e-10 would allow a 3e-5 relative error
  // of x and so of the drift; with abs_tol far below |x| the relative tolerance governs.
  o3.abs_tol = 1e-18;
  const Trajectory tr3 = integrate(decay, x0, o3);
  const double expect = std::log(0.3 / 1e-6) / 0.3;
  CHECK(tr3.events[0].time == doctest::Approx(expect).epsilon(1e-8));
}

TEST_CASE("integrate: failures are statuses, never NaN rows") {
  DoubleWell m;
  IntegrateOptions o;
  o.times = {0.0, 1.0};
  CHECK(integrate(m, Vec{{20.0, 0.0}}, o).status == Status::NotRealisable);
  o.times = {1.0, 0.5};
  CHECK(integrate(m, m.initial_state(), o).status == Status::InvalidInput);
  o.times = {0.0, 10.0};
  o.max_steps = 3;
  const Trajectory tr = integrate(m, m.initial_state(), o);
  CHECK(tr.status == Status::MaxSteps);
  CHECK(tr.message.find("step limit") != std::string::npos);
  // Euler with a step beyond the stability limit diverges: a status, with the time.
  o.max_steps = 1'000'000;
  o.method = IntegrateOptions::Method::Euler;
  o.dt = 2.5;  // x -> (1 - 2.5) x per step: |x| = 1.5^n passes 1e3 after 18 steps
  o.times = {0.0, 100.0};
  o.divergence_bound = 1e3;
  const Trajectory bad = integrate(Spiral(1.0, 0.0), Vec{{1.0, 1.0}}, o);
  CHECK(bad.status == Status::Diverged);
  CHECK_THROWS_WITH_AS(parse_event(m, "bogus<1"), doctest::Contains("unknown quantity 'bogus'"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_event(m, "x=1"), doctest::Contains("expected QUANTITY<VALUE"),
                       std::invalid_argument);
}

TEST_CASE("fixed points and stability of the double well") {
  DoubleWell m(1.0, 0.0);
  FixedPointOptions o;
  o.random_starts = 30;
  const FixedPointResult r = find_fixed_points(m, o);
  REQUIRE(r.status == Status::Ok);
  // Up to the symmetry (x, y) -> -(x, y): the minimum (1, 0) and the saddle (0, 0).
  REQUIRE(r.points.size() == 2);
  CHECK(r.points[0].loss == doctest::Approx(0.0).epsilon(1e-14));
  CHECK(std::abs(std::abs(r.points[0].x[0]) - 1.0) < 1e-12);
  CHECK(r.points[1].loss == doctest::Approx(0.25).epsilon(1e-14));
  for (const auto& p : r.points) CHECK(p.residual <= o.tol);
  const Stability smin = analyse_stability(m, r.points[0].x);
  CHECK(smin.type == "stable");
  CHECK(smin.eigenvalues[0].real() == doctest::Approx(-1.0).epsilon(1e-12));
  CHECK(smin.eigenvalues[1].real() == doctest::Approx(-2.0).epsilon(1e-12));
  const Stability ss = analyse_stability(m, r.points[1].x, {1e-8, 1e-2});
  CHECK(ss.type == "saddle-1");
  CHECK(ss.index == 1);
  CHECK(ss.lambda_max == doctest::Approx(1.0).epsilon(1e-12));
  CHECK(std::abs(ss.unstable_direction[0]) == doctest::Approx(1.0).epsilon(1e-12));
  CHECK(ss.escape_time == doctest::Approx(std::log(100.0)).epsilon(1e-12));
  // A spiral: complex pair, stable; its negative is unstable; a zero matrix is marginal.
  const Stability sp = classify(Mat{{-0.3, -2.0}, {2.0, -0.3}});
  CHECK(sp.type == "stable");
  CHECK(std::abs(sp.eigenvalues[0].imag()) == doctest::Approx(2.0));
  CHECK(classify(Mat{{0.3, -2.0}, {2.0, 0.3}}).type == "unstable");
  CHECK(classify(Mat::Zero(3, 3)).type == "marginal (3 flat)");
  CHECK(classify(Mat{{1.0, 0.0}, {0.0, 0.0}}).type == "saddle-1 (1 flat)");
}

TEST_CASE("stability types and threshold directions: enums with exact to/from-string pairs") {
  // Exact identities: every label classify produces reads back as its kind, and every enum
  // value's text reads back as the value; other text is refused.
  const Mat cases[] = {Mat{{-1.0}}, Mat{{1.0}}, Mat::Zero(2, 2), Mat{{1.0, 0.0}, {0.0, -1.0}},
                       Mat{{1.0, 0.0, 0.0}, {0.0, 0.0, 0.0}, {0.0, 0.0, -2.0}}};
  for (const Mat& J : cases) {
    Stability st = classify(J);
    CHECK(stability_type_from_label(st.type) == st.kind);
    st.indicative = true;
    CHECK(stability_type_from_label(stability_label(st)) == st.kind);
    CHECK(stability_type_from_string(to_string(st.kind)) == st.kind);
  }
  CHECK(classify(Mat{{1.0, 0.0, 0.0}, {0.0, 0.0, 0.0}, {0.0, 0.0, -2.0}}).type == "saddle-1 (1 flat)");
  CHECK_FALSE(stability_type_from_label("saddle-x").has_value());
  CHECK_FALSE(stability_type_from_label("saddle").has_value());  // a saddle label carries its index
  CHECK_FALSE(stability_type_from_label("stable (2 flats)").has_value());
  CHECK_FALSE(stability_type_from_string("Stable").has_value());
  CHECK(stability_type_from_label("empty") == StabilityType::Empty);
  // A 0 x 0 Jacobian (a model with no state) has an empty spectrum (it used to crash the eigensolver).
  CHECK(classify(Mat(0, 0)).kind == StabilityType::Empty);
  CHECK(classify(Mat(0, 0)).type == "empty");
  for (ThresholdDirection d : {ThresholdDirection::None, ThresholdDirection::LosesStability,
                               ThresholdDirection::GainsStability, ThresholdDirection::IsZero,
                               ThresholdDirection::CrossesZeroUpwards,
                               ThresholdDirection::CrossesZeroDownwards})
    CHECK(threshold_direction_from_string(to_string(d)) == d);
  CHECK(std::string(to_string(ThresholdDirection::LosesStability)) == "loses stability");
  CHECK_FALSE(threshold_direction_from_string("loses").has_value());
}

TEST_CASE("minimize finds the minima, not the saddle, with the Hessian spectrum") {
  DoubleWell m(1.0, 0.3);
  MinimizeOptions o;
  const MinimizeResult r = minimize(m, o);
  REQUIRE(r.status == Status::Ok);
  REQUIRE(r.minima.size() == 1);  // the two minima are equal up to the symmetry
  const auto& mi = r.minima[0];
  // Minimum: y = -c x, x^2 = mu + c^2  =>  L = -c^2 (mu + c^2)/2 - ... check via the gradient
  const double x = std::sqrt(1.0 + 0.09);
  CHECK(std::abs(std::abs(mi.x[0]) - x) < 1e-8);
  CHECK(mi.gradient_norm <= o.gradient_tol);
  CHECK(mi.hessian_eigenvalues.minCoeff() > 0);
}

TEST_CASE("continuation: the parameter where a fixed point changes stability") {
  // The origin of the double well with mu: d/dt x = -x^3 + mu x: eigenvalue mu along x, -1
  // along y (c = 0). It loses stability at mu = 0 exactly.
  auto make = [](double mu) { return std::make_unique<DoubleWell>(mu, 0.0); };
  ThresholdOptions o;
  o.lo = -1.0;
  o.hi = 0.77;
  o.grid = 7;
  const ThresholdResult r = locate_stability_change(make, Vec::Zero(2), o);
  REQUIRE(r.status == Status::Ok);
  CHECK(std::abs(r.threshold) < 1e-7);  // bisection to param_tol = 1e-8
  CHECK(r.direction == ThresholdDirection::LosesStability);
  // No change in the range: a status, not a guess.
  o.lo = 0.1;
  o.hi = 1.0;
  CHECK(locate_stability_change(make, Vec::Zero(2), o).status == Status::NoConvergence);
}

TEST_CASE("continuation: the parameter where an observable changes sign") {
  // The double well's loss at (x, y) = (1, 1) is (1 - mu)^2/4 + 1/2 + c: with mu = 1 it crosses
  // zero at c = -1/2 exactly (upwards in c).
  auto make = [](double c) { return std::make_unique<DoubleWell>(1.0, c); };
  const PointOf point = [](const Model&) { return Vec{{1.0, 1.0}}; };
  ThresholdOptions o;
  o.lo = -2.0;
  o.hi = 1.3;
  o.grid = 5;
  const ThresholdResult r = locate_observable_root(make, point, "loss", o);
  REQUIRE(r.status == Status::Ok);
  CHECK(std::abs(r.threshold + 0.5) < 1e-8);  // TOMS748 to param_tol = 1e-8 (relative to 1+|c|)
  CHECK(r.bracket_lo <= -0.5);
  CHECK(r.bracket_hi >= -0.5);
  CHECK(r.direction == ThresholdDirection::CrossesZeroUpwards);
  CHECK(r.scan.size() == 3);  // the scan stops at the first sign change: -2, -1.175, -0.35
  // No sign change, an unknown observable: statuses, not guesses.
  o.lo = 0.0;
  CHECK(locate_observable_root(make, point, "loss", o).status == Status::NoConvergence);
  CHECK(locate_observable_root(make, point, "nonsense", o).status == Status::InvalidInput);
}
