// Two-parameter continuation of folds, branch points and Hopf points on normal forms with exact
// curves and codimension-two points (tests/bifurcation/normal_forms.hpp).
//
// Tolerances: the defining systems are solved to max|G| <= 1e-10 (the corrector tolerance); the
// closed forms checked below have slopes of order one on the window, so the points satisfy them
// to ~1e-9 (checked: 1e-8). Codimension-two points are located by bracketing a test function in
// the arclength to 1e-13 of a step: 1e-8 in each parameter is the requirement checked.
#include "normal_forms.hpp"
#include "solvers/bifurcation.hpp"
#include "solvers/bifurcation_curve.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace summit;

namespace {
ModelFactory2 nf2(const std::string& kind) {
  return [kind](double p1, double p2) { return std::make_unique<test::NormalForm>(kind, p1, p2); };
}
BifurcationCurveOptions window(const std::string& kind, double a, double b, double c, double d) {
  BifurcationCurveOptions o;
  o.kind = kind;
  o.p1_lo = a;
  o.p1_hi = b;
  o.p2_lo = c;
  o.p2_hi = d;
  return o;
}
}  // namespace

TEST_CASE("two-parameter: the fold curve of x' = p2 + p1 x - x^3 is 27 p2^2 = 4 p1^3 with a cusp at 0") {
  // The fold at p1 = 1 from a one-parameter run in p2 (exact p2 = 2/(3 sqrt 3), x = -1/sqrt 3).
  const ModelFactory in_p2 = [](double p2) { return std::make_unique<test::NormalForm>("cusp", 1.0, p2); };
  BifurcationOptions o1;
  o1.lo = -1;
  o1.hi = 1;
  const BifurcationDiagram d = continue_branches(in_p2, Vec{{-1.3247, 0.0}}, o1);
  REQUIRE(d.status == Status::Ok);
  REQUIRE(d.special.size() == 2);
  const SpecialPoint& f = d.special[0];
  REQUIRE(f.type == "fold");
  CHECK(std::abs(f.parameter - 2 / (3 * std::sqrt(3.0))) < 1e-8);
  // Continue it in (p1, p2), the window p1 in [-0.5, 1.2], p2 in [-1, 1].
  const BifurcationCurve c =
      continue_bifurcation_curve(nf2("cusp"), f.x, 1.0, f.parameter, window("fold", -0.5, 1.2, -1, 1));
  REQUIRE(c.status == Status::Ok);
  REQUIRE(c.points.size() > 10);
  for (const auto& q : c.points) {
    CHECK(std::abs(q.p1 - 3 * q.x[0] * q.x[0]) < 1e-8);
    CHECK(std::abs(q.p2 + 2 * q.x[0] * q.x[0] * q.x[0]) < 1e-8);
  }
  REQUIRE(c.special.size() == 1);
  CHECK(c.special[0].type == "cusp");
  CHECK(std::abs(c.special[0].p1) < 1e-8);
  CHECK(std::abs(c.special[0].p2) < 1e-8);
  // Both ends leave the window through p1 = 1.2 (the two folds p2 = -+2 (p1/3)^{3/2}).
  for (const auto& e : c.ends) CHECK(e.find("left the window at (1.2") == 0);
}

TEST_CASE("two-parameter: the Hopf curve of the Bogdanov-Takens normal form is p1 = 0, BT at p2 = 0") {
  const BifurcationCurve c = continue_bifurcation_curve(nf2("bogdanov-takens"), Vec{{0.0, 0.0}}, 0.0, -1.0,
                                                        window("hopf", -1, 1, -1, 0.5));
  REQUIRE(c.status == Status::Ok);
  REQUIRE(c.points.size() > 10);
  for (const auto& q : c.points) {
    CHECK(std::abs(q.p1) < 1e-8);
    CHECK(std::abs(q.kappa + q.p2) < 1e-8);  // omega^2 = -p2 on the curve (det J = -p2)
  }
  REQUIRE(c.special.size() == 1);
  CHECK(c.special[0].type == "bogdanov-takens");
  CHECK(std::abs(c.special[0].p1) < 1e-8);
  CHECK(std::abs(c.special[0].p2) < 1e-8);
}

TEST_CASE("two-parameter: the branch-point curve of x' = (p1 - p2) x - x^3 is p1 = p2") {
  const BifurcationCurve c = continue_bifurcation_curve(nf2("pitchfork2"), Vec{{0.0, 0.0}}, 0.3, 0.3,
                                                        window("branch", -1, 1, -1, 1));
  REQUIRE(c.status == Status::Ok);
  REQUIRE(c.points.size() > 10);
  double lo = 1, hi = -1;
  for (const auto& q : c.points) {
    CHECK(std::abs(q.p1 - q.p2) < 1e-8);
    CHECK(std::abs(q.x[0]) < 1e-8);
    lo = std::min(lo, q.p1);
    hi = std::max(hi, q.p1);
  }
  CHECK(lo < -0.9);  // the whole diagonal of the window
  CHECK(hi > 0.9);
  CHECK(c.special.empty());
}

TEST_CASE("two-parameter: bad kinds and windows are rejected with a status") {
  CHECK(continue_bifurcation_curve(nf2("cusp"), Vec{{0.0, 0.0}}, 0, 0, window("torus", -1, 1, -1, 1)).status ==
        Status::InvalidInput);
  CHECK(continue_bifurcation_curve(nf2("cusp"), Vec{{0.0, 0.0}}, 0, 0, window("fold", 1, -1, -1, 1)).status ==
        Status::InvalidInput);
  // Not a Hopf point: the cusp form has real eigenvalues only.
  CHECK(continue_bifurcation_curve(nf2("cusp"), Vec{{0.0, 0.0}}, 0, 0, window("hopf", -1, 1, -1, 1)).status ==
        Status::InvalidInput);
}

TEST_CASE("two-parameter: the Hopf curve of the Bautin normal form has l1 = 2 p2 and a generalised Hopf point at (0, 0)") {
  // Start on the Hopf curve p1 = 0 at p2 = -0.5 (l1 = -1 < 0: supercritical), traced over
  // [-1, 1]^2. l1 comes from Richardson-extrapolated differences of the Jacobian (truncation
  // O(h^4) = 1e-12, rounding ~1e-16 / h^2 = 1e-10 for h = 1e-3): 1e-6 is checked on l1 = 2 p2;
  // the sign change is located to 1e-8 in p2 (the bracket's width plus l1's error / 2).
  const BifurcationCurve c = continue_bifurcation_curve(nf2("bautin"), Vec::Zero(2), 0.0, -0.5,
                                                        window("hopf", -1, 1, -1, 1));
  REQUIRE(c.status == Status::Ok);
  REQUIRE(c.points.size() > 10);
  int checked = 0;
  for (const auto& q : c.points) {
    CHECK(std::abs(q.p1) < 1e-8);
    CHECK(std::abs(q.kappa - 1) < 1e-8);
    REQUIRE(std::isfinite(q.lyapunov));
    CHECK(std::abs(q.lyapunov - 2 * q.p2) < 1e-6);
    ++checked;
  }
  CHECK(checked == static_cast<int>(c.points.size()));
  REQUIRE(c.special.size() == 1);
  CHECK(c.special[0].type == "generalised-hopf");
  CHECK(std::abs(c.special[0].p1) < 1e-8);
  CHECK(std::abs(c.special[0].p2) < 1e-8);
}

TEST_CASE("two-parameter: the Hopf curve of the fold-Hopf normal form has a zero-Hopf point at (0, 0) and a generalised Hopf point at (-1/4, 1/4)") {
  // The zero-hopf form of normal_forms.hpp (Kuznetsov sec. 8.5, th = 1, vt = 0.5, s = 1): the
  // Hopf curve is (p1, p2) = (-z^2, -z - z^2) on the equilibria (0, 0, z), omega = 1 + z / 2,
  // det J = 2 z omega^2 (zero-Hopf at z = 0) and l1 = -(1 + 2 z) / (z omega) (generalised Hopf at
  // z = -1/2). Start at z = 1/2, (p1, p2) = (-0.25, -0.75); the window [-1.5, 0.5] x [-1.5, 1]
  // holds the curve for z in [-sqrt 1.5, (sqrt 7 - 1) / 2], so it ends through p1 = -1.5 and
  // p2 = -1.5.
  // Tolerances: the points solve the defining system to 1e-10 and the closed forms have slopes of
  // order one, so 1e-8 (as above). l1: the drift is cubic, so the differences of its quadratic
  // Jacobian in lyapunov_coefficient are exact up to rounding (~1e-10 for h = 1e-3); the
  // J^{-1} B(q, qbar) term divides by the real eigenvalue 2 z, which amplifies the error by
  // 1 / |z| ~ |l1|: 1e-6 (1 + |l1|) is checked. The two points are located by bracketing (det J
  // and l1, slopes 2 and 16/3 there) to 1e-13 of a step: 1e-8 in each parameter is required.
  const double z0 = 0.5;
  const BifurcationCurve c = continue_bifurcation_curve(nf2("zero-hopf"), Vec{{0.0, 0.0, z0}}, -z0 * z0,
                                                        -z0 - z0 * z0, window("hopf", -1.5, 0.5, -1.5, 1));
  REQUIRE(c.status == Status::Ok);
  REQUIRE(c.points.size() > 10);
  double zlo = 1, zhi = -1;
  for (const auto& q : c.points) {
    const double z = q.x[2], omega = 1 + 0.5 * z;
    CHECK(std::abs(q.x[0]) < 1e-8);
    CHECK(std::abs(q.x[1]) < 1e-8);
    CHECK(std::abs(q.p1 + z * z) < 1e-8);
    CHECK(std::abs(q.p2 + z + z * z) < 1e-8);
    CHECK(std::abs(q.kappa - omega * omega) < 1e-8);
    REQUIRE(std::isfinite(q.lyapunov));
    const double l1 = -(1 + 2 * z) / (z * omega);
    CHECK(std::abs(q.lyapunov - l1) < 1e-6 * (1 + std::abs(l1)));
    zlo = std::min(zlo, z);
    zhi = std::max(zhi, z);
  }
  // The curve crossed both codimension-two points and ran to the window's edges (the last point
  // inside lies within a step, <= 0.08, of z = -sqrt 1.5 = -1.22 and z = 0.82).
  CHECK(zlo < -1.1);
  CHECK(zhi > 0.7);
  for (const auto& e : c.ends) CHECK(e.find("left the window") == 0);
  REQUIRE(c.special.size() == 2);
  int zero_hopf = 0, bautin = 0;
  for (const auto& s : c.special) {
    if (s.type == "zero-hopf") {
      ++zero_hopf;
      CHECK(std::abs(s.p1) < 1e-8);
      CHECK(std::abs(s.p2) < 1e-8);
      CHECK(std::abs(s.x[2]) < 1e-8);
    } else if (s.type == "generalised-hopf") {
      ++bautin;
      CHECK(std::abs(s.p1 + 0.25) < 1e-8);
      CHECK(std::abs(s.p2 - 0.25) < 1e-8);
      CHECK(std::abs(s.x[2] + 0.5) < 1e-8);
    }
  }
  CHECK(zero_hopf == 1);
  CHECK(bautin == 1);
}
