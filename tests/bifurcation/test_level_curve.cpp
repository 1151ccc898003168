// The zero set of a scalar function of two parameters (solvers/level_curve.hpp) on functions
// whose zero sets are known exactly.
//
// Tolerances: the corrector converges to |g| <= 1e-10 (CurveOptions::tol); the functions below
// have gradients of norm >= 1 on their zero sets, so the points lie within 1e-10 of them: 1e-9 is
// checked. The start and the window's edge crossings are located to 1e-10 (1 + |p|) in the
// parameter (param_tol, the edge by bracketing to 1e-13 of a step): 1e-9 is checked.
#include "solvers/level_curve.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace summit;

namespace {
LevelCurveOptions box(double a, double b, double c, double d) {
  LevelCurveOptions o;
  o.p1_lo = a;
  o.p1_hi = b;
  o.p2_lo = c;
  o.p2_hi = d;
  return o;
}
}  // namespace

TEST_CASE("level curve: the zero set of p1^2 + p2^2 - 1 is the closed unit circle") {
  int calls = 0;
  const ScalarField2 g = [&](double p1, double p2, std::string*) {
    ++calls;
    return p1 * p1 + p2 * p2 - 1;
  };
  const LevelCurve c = trace_level_curve(g, 0.3, box(-2, 2, -2, 2));
  REQUIRE(c.status == Status::Ok);
  // The first sign change from p1 = -2 at p2 = 0.3 is p1 = -sqrt(1 - 0.09).
  CHECK(std::abs(c.start.p1 + std::sqrt(0.91)) < 1e-9);
  CHECK(c.start.p2 == 0.3);
  REQUIRE(c.points.size() > 20);
  double turned = 0;
  for (size_t i = 0; i < c.points.size(); ++i) {
    const auto& q = c.points[i];
    CHECK(std::abs(std::hypot(q.p1, q.p2) - 1) < 1e-9);
    if (i > 0) {
      const auto& r = c.points[i - 1];
      turned += std::remainder(std::atan2(q.p2, q.p1) - std::atan2(r.p2, r.p1), 2 * M_PI);
    }
  }
  CHECK(c.ends[0] == "closed curve");
  CHECK(std::abs(std::abs(turned) - 2 * M_PI) < 0.5);  // once round, less the closing step
  CHECK(calls > 0);
}

TEST_CASE("level curve: the parabola p2 = p1^2 ends on the window's edges") {
  const ScalarField2 g = [](double p1, double p2, std::string*) { return p2 - p1 * p1; };
  const LevelCurve c = trace_level_curve(g, 0.25, box(-1, 1.5, 0, 1));
  REQUIRE(c.status == Status::Ok);
  CHECK(std::abs(c.start.p1 + 0.5) < 1e-9);  // the first sign change from p1 = -1
  REQUIRE(c.points.size() > 10);
  for (const auto& q : c.points) CHECK(std::abs(q.p2 - q.p1 * q.p1) < 1e-9);
  // Both ends leave through p2 = 1, at p1 = -1 and p1 = 1 (the corner (-1, 1) and (1, 1)).
  const auto& first = c.points.front();
  const auto& last = c.points.back();
  CHECK(std::abs(std::abs(first.p1) - 1) < 1e-9);
  CHECK(std::abs(std::abs(last.p1) - 1) < 1e-9);
  CHECK(first.p1 * last.p1 < 0);
  for (const auto& e : c.ends) CHECK(e.find("left the window at (") == 0);
}

TEST_CASE("level curve: no sign change, bad windows and a g that cannot be evaluated") {
  const ScalarField2 pos = [](double p1, double p2, std::string*) { return 1 + p1 * p1 + p2 * p2; };
  const LevelCurve none = trace_level_curve(pos, 0, box(-1, 1, -1, 1));
  CHECK(none.status == Status::NoConvergence);
  CHECK(none.message.find("no sign change in p1 over [-1, 1] at p2 = 0") == 0);
  CHECK(trace_level_curve(pos, 0, box(1, -1, -1, 1)).status == Status::InvalidInput);
  CHECK(trace_level_curve(pos, 2, box(-1, 1, -1, 1)).status == Status::InvalidInput);
  // g undefined for p1 > 0.5: the line p1 = 0.25 + 0.5 p2 is traced until it runs into that
  // region (step underflow), not across it.
  const ScalarField2 part = [](double p1, double p2, std::string* why) -> double {
    if (p1 > 0.5) {
      if (why) *why = "p1 > 0.5";
      return NAN;
    }
    return p1 - 0.25 - 0.5 * p2;
  };
  const LevelCurve c = trace_level_curve(part, 0, box(-1, 1, -1, 1));
  REQUIRE(c.status == Status::Ok);
  for (const auto& q : c.points) {
    CHECK(q.p1 <= 0.5);
    CHECK(std::abs(q.p1 - 0.25 - 0.5 * q.p2) < 1e-9);
  }
  CHECK((c.ends[0].find("step-underflow") == 0) != (c.ends[1].find("step-underflow") == 0));
}
