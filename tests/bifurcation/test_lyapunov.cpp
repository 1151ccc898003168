// The first Lyapunov coefficient (solvers/lyapunov_coefficient.hpp) where its second-derivative
// terms carry the answer: B(q, J^{-1} B(q, qbar)) and B(qbar, (2 i omega - J)^{-1} B(q, q)) of
// Kuznetsov's formula. The Hopf and Bautin normal forms of the other tests have no quadratic
// terms, so there only the cubic term C(q, q, qbar) is checked.
//
// The system (parameter p, Hopf point at p = 0, x = y = z = 0, eigenvalues p +- i omega, -mu):
//   x' = p x - omega y + f(x, y) + x z
//   y' = omega x + p y + g(x, y)
//   z' = -mu z + sigma (x^2 + y^2)
// with f = a1 x^2 + a2 x y + a3 y^2 + c1 x^3 + c2 x y^2, g = b1 x^2 + b2 x y + b3 y^2 + d1 x^2 y
// + d2 y^3.
// Independent oracle, in two steps:
// - the centre manifold of the z direction is z = (sigma / mu)(x^2 + y^2) + O(|x|^3) (x^2 + y^2
//   is invariant under the rotation, so -mu h + sigma r^2 = 0 for h = alpha r^2), which adds
//   (sigma / mu) x (x^2 + y^2) to f;
// - the planar formula of Guckenheimer & Holmes ("Nonlinear Oscillations, Dynamical Systems, and
//   Bifurcations of Vector Fields", 1983, eq. (3.4.11)) for x' = -omega y + f, y' = omega x + g:
//     a = (f_xxx + f_xyy + g_xxy + g_yyy) / 16
//       + (f_xy (f_xx + f_yy) - g_xy (g_xx + g_yy) - f_xx g_xx + f_yy g_yy) / (16 omega),
//   the coefficient of r' = a r^3 in the Euclidean radius. With the normalisation q^H q = 1 of
//   summit's l1 the radius is sqrt 2 |z| (q = (1, -i) / sqrt 2), so l1 = 2 a / omega (the Hopf
//   normal form x' = -y - x r^2, a = -1, gives the -2 checked in test_normal_forms.cpp).
// The formula was cross-checked against a direct simulation of the planar case at p = 0
// (RK4, dt = 0.01, r0 = 0.02, t = 3000: the slope of 1/r^2 is -2a; a = 0.3750 predicted,
// 0.3752 simulated for the first set below; -0.27563 and -0.27565 for a cubic set at omega = 2).
//
// Tolerance: the drift is a polynomial of degree 3, so its Jacobian is quadratic and the
// central differences of the Jacobian in lyapunov_coefficient are exact up to rounding, ~1e-16
// |J| / h^2 = 1e-10 for h = 1e-3; located on the branch x = 0 the Hopf point is at |p| <= 1e-8,
// which moves l1 by O(1e-8). 1e-7 is checked.
#include "lib/gauss/scalar.hpp"
#include "lib/jet_model.hpp"
#include "solvers/bifurcation.hpp"
#include "solvers/lyapunov_coefficient.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <memory>

using namespace summit;

namespace {

struct HopfCoefficients {
  double omega = 1, mu = 1, sigma = 0;
  std::array<double, 3> a{}, b{};  // quadratic parts of f and g
  double c1 = 0, c2 = 0, d1 = 0, d2 = 0;
};

class QuadraticHopf final : public JetModel<QuadraticHopf> {
 public:
  QuadraticHopf(const HopfCoefficients& k, double p) : k_(k), p_(p) {
    layout_.add_scalar("x").add_scalar("y").add_scalar("z");
  }
  std::string name() const override { return "quadratic-hopf"; }
  const ParamValues& params() const override { return pv_; }
  const Layout& layout() const override { return layout_; }
  bool realisable(const Vec& x, std::string*, double = 1e-9) const override { return x.allFinite(); }
  Vec initial_state() const override { return Vec::Zero(3); }
  Vec random_state(std::mt19937_64&) const override { return Vec::Zero(3); }

  template <class T>
  T loss_t(const T* x) const {
    return gauss::lift<T>(0.5) * (x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
  }
  template <class T>
  void drift_t(const T* s, T* ds) const {
    auto c = [](double v) { return gauss::lift<T>(v); };
    const T &x = s[0], &y = s[1], &z = s[2];
    const T f = c(k_.a[0]) * x * x + c(k_.a[1]) * x * y + c(k_.a[2]) * y * y + c(k_.c1) * x * x * x +
                c(k_.c2) * x * y * y;
    const T g = c(k_.b[0]) * x * x + c(k_.b[1]) * x * y + c(k_.b[2]) * y * y + c(k_.d1) * x * x * y +
                c(k_.d2) * y * y * y;
    ds[0] = c(p_) * x - c(k_.omega) * y + f + x * z;
    ds[1] = c(k_.omega) * x + c(p_) * y + g;
    ds[2] = -c(k_.mu) * z + c(k_.sigma) * (x * x + y * y);
  }

 private:
  HopfCoefficients k_;
  double p_;
  Layout layout_;
  ParamValues pv_;
};

// The oracle: l1 = 2 a / omega with a of Guckenheimer & Holmes (3.4.11), f including the centre
// manifold's (sigma / mu) x (x^2 + y^2).
double oracle_l1(const HopfCoefficients& k) {
  const double s = k.sigma / k.mu;
  const double fxx = 2 * k.a[0], fxy = k.a[1], fyy = 2 * k.a[2];
  const double fxxx = 6 * (k.c1 + s), fxyy = 2 * (k.c2 + s);
  const double gxx = 2 * k.b[0], gxy = k.b[1], gyy = 2 * k.b[2];
  const double gxxy = 2 * k.d1, gyyy = 6 * k.d2;
  const double a = (fxxx + fxyy + gxxy + gyyy) / 16 +
                   (fxy * (fxx + fyy) - gxy * (gxx + gyy) - fxx * gxx + fyy * gyy) / (16 * k.omega);
  return 2 * a / k.omega;
}

void check_case(const HopfCoefficients& k) {
  const double expected = oracle_l1(k);
  // At the exact Hopf point.
  const QuadraticHopf at0(k, 0.0);
  LyapunovCoefficient l;
  std::string why;
  REQUIRE(first_lyapunov_coefficient(at0, Vec::Zero(3), l, &why));
  CHECK(l.omega == doctest::Approx(k.omega).epsilon(1e-12));
  CHECK(std::abs(l.l1 - expected) < 1e-7);
  // As `summit continue` reports it: located on the branch x = 0 and carried by the Hopf point.
  BifurcationOptions o;
  o.lo = -0.5;
  o.hi = 0.5;
  const BifurcationDiagram d = continue_branches(
      [k](double p) { return std::make_unique<QuadraticHopf>(k, p); }, Vec::Zero(3), o);
  REQUIRE(d.status == Status::Ok);
  REQUIRE(d.special.size() == 1);
  CHECK(d.special[0].type == "hopf");
  CHECK(std::abs(d.special[0].parameter) < 1e-8);
  CHECK(std::abs(d.special[0].lyapunov - expected) < 1e-7);
}

}  // namespace

TEST_CASE("first Lyapunov coefficient: planar, quadratic terms only (the two B terms carry l1)") {
  HopfCoefficients k;
  k.a = {1.0, 1.0, 0.5};
  k.b = {-0.5, 1.0, 1.0};
  // a = 6 / 16 = 0.375: l1 = 0.75, subcritical. Without the B terms l1 would be 0.
  CHECK(oracle_l1(k) == doctest::Approx(0.75).epsilon(1e-15));
  check_case(k);
}

TEST_CASE("first Lyapunov coefficient: planar, quadratic and cubic terms, omega = 2") {
  HopfCoefficients k;
  k.omega = 2;
  k.a = {0.6, -0.8, 0.5};
  k.b = {-0.4, 0.9, 0.3};
  k.c1 = -0.5;
  k.c2 = 0.2;
  k.d1 = 0.3;
  k.d2 = -0.4;
  CHECK(oracle_l1(k) == doctest::Approx(2 * -0.275625 / 2).epsilon(1e-12));
  check_case(k);
}

TEST_CASE("first Lyapunov coefficient: a stable third direction, l1 from J^{-1} B(q, qbar) alone") {
  // f = g = 0: the cubic term C vanishes (the drift is quadratic), B(q, q) has no z component
  // (q_x^2 + q_y^2 = 0), so l1 = sigma / (mu omega) comes from the centre-manifold term
  // -2 B(q, J^{-1} B(q, qbar)) only.
  HopfCoefficients k;
  k.omega = 1.3;
  k.mu = 0.5;
  k.sigma = 1.5;
  CHECK(oracle_l1(k) == doctest::Approx(1.5 / (0.5 * 1.3)).epsilon(1e-14));
  check_case(k);
  // With quadratic terms in the plane as well: the contributions add.
  k.a = {1.0, 1.0, 0.5};
  k.b = {-0.5, 1.0, 1.0};
  check_case(k);
}
