// Hermite machinery (lib/gauss/hermite.hpp, quadrature.hpp) against independent computations:
// exact moments of the rules, closed-form Hermite coefficients (polynomials, ReLU, sign, erf from
// Stein's lemma / the generating function), Mehler sums vs 2-D quadrature vs the closed forms of
// lib/gauss (Erf::I2, Relu::I2, the arcsine law of sign), the Taylor-shift formula vs direct
// quadrature, Jet derivatives through the moving sectors of polar_expectation, and Monte Carlo
// with its CLT error bar.
#include "gauss_test_util.hpp"
#include "lib/gauss/erf.hpp"
#include "lib/gauss/hermite.hpp"
#include "lib/gauss/quadrature.hpp"
#include "lib/gauss/relu.hpp"

#include <ceres/jet.h>

#include <cmath>
#include <numbers>

namespace {

using namespace summit::gauss;
constexpr double kPi = std::numbers::pi;

double factorial(int n) { return std::tgamma(n + 1.0); }
// He_n(0): 0 for odd n, (-1)^{n/2} (n-1)!! for even n.
double he_at_zero(int n) {
  if (n % 2) return 0.0;
  double v = 1;
  for (int j = n - 1; j > 0; j -= 2) v *= j;
  return (n / 2) % 2 ? -v : v;
}
double relu(double z) { return z > 0 ? z : 0.0; }
double sgn(double z) { return z > 0 ? 1.0 : (z < 0 ? -1.0 : 0.0); }

}  // namespace

TEST_CASE("quadrature rules reproduce exact Gaussian moments") {
  // E z^{2j} = (2j-1)!!: a Gauss rule with n nodes is exact to degree 2n-1 (rounding ~1e-15 rel).
  const Rule& gh = gauss_hermite(20);
  for (int j = 0; j <= 19; ++j) {
    double q = 0, odd = 0;
    for (int i = 0; i < gh.size(); ++i) {
      q += gh.w[i] * std::pow(gh.x[i], 2 * j);
      odd += gh.w[i] * std::pow(gh.x[i], 2 * j + 1);
    }
    const double exact = he_at_zero(2 * j) * ((j % 2) ? -1.0 : 1.0);  // |He_2j(0)| = (2j-1)!!
    // relative rounding grows with the spread of the terms w_i x_i^{2j} (up to ~1e-11 here)
    CHECK(q == doctest::Approx(exact).epsilon(1e-10));
    CHECK(std::abs(odd) < 1e-10 * std::max(1.0, exact));
  }
  // Half-line rules: int_0^inf t^{j+p} e^{-t^2/2} dt = 2^{(j+p-1)/2} Gamma((j+p+1)/2), exact for
  // j <= 2n-1.
  for (int p : {0, 1}) {
    const Rule& hl = half_line_gauss(16, p);
    for (int j = 0; j <= 31; ++j) {
      double q = 0;
      for (int i = 0; i < hl.size(); ++i) q += hl.w[i] * std::pow(hl.x[i], j);
      const double exact = std::pow(2.0, (j + p - 1) / 2.0) * std::tgamma((j + p + 1) / 2.0);
      INFO("p = " << p << ", j = " << j);
      CHECK(q == doctest::Approx(exact).epsilon(1e-11));
    }
  }
  const Rule& gl = gauss_legendre(9);
  for (int j = 0; j <= 17; ++j) {
    double q = 0;
    for (int i = 0; i < gl.size(); ++i) q += gl.w[i] * std::pow(gl.x[i], j);
    CHECK(q == doctest::Approx(j % 2 ? 0.0 : 2.0 / (j + 1)).epsilon(1e-13));
  }
  CHECK_THROWS_AS(half_line_gauss(10, 2), std::invalid_argument);
  CHECK_THROWS_AS(gauss_hermite(0), std::invalid_argument);
}

TEST_CASE("Hermite coefficients of polynomials are exact") {
  // z^4 = He_4 + 6 He_2 + 3: c_0 = 3, c_2 = 6 sqrt(2), c_4 = sqrt(24).
  const auto e = hermite_coefficients([](double z) { return z * z * z * z; }, 8);
  CHECK(e.c[0] == doctest::Approx(3.0).epsilon(1e-13));
  CHECK(e.c[2] == doctest::Approx(6.0 * std::sqrt(2.0)).epsilon(1e-13));
  CHECK(e.c[4] == doctest::Approx(std::sqrt(24.0)).epsilon(1e-13));
  for (int k : {1, 3, 5, 6, 7, 8}) CHECK(std::abs(e.c[k]) < 1e-12);
  CHECK(e.max_error() < 1e-12);
  // h_k itself: unit vector (orthonormality).
  for (int k = 0; k <= 6; ++k) {
    const auto h = hermite_coefficients([k](double z) { return hermite_h(k, z); }, 10);
    for (int j = 0; j <= 10; ++j) CHECK(h.c[j] == doctest::Approx(j == k ? 1.0 : 0.0).epsilon(1e-12));
  }
  // hermite_series and its derivative vs the explicit h_3 = (z^3 - 3z)/sqrt(6).
  const std::vector<double> c{0, 0, 0, 1};
  for (double z : {-1.7, 0.3, 2.2}) {
    CHECK(hermite_series(c, z) == doctest::Approx((z * z * z - 3 * z) / std::sqrt(6.0)));
    CHECK(hermite_series_derivative(c, z) == doctest::Approx((3 * z * z - 3) / std::sqrt(6.0)));
  }
}

TEST_CASE("kink-aware coefficients of ReLU and sign match Stein's lemma") {
  // Stein: E[f He_k] = E[f' He_{k-1}], so E[relu He_k] = phi(0) He_{k-2}(0) (k >= 2) and
  // E[sign He_k] = 2 phi(0) He_{k-1}(0) (k >= 1): closed forms independent of any quadrature.
  const double phi0 = 1.0 / std::sqrt(2 * kPi);
  HermiteOptions o;
  o.breakpoints = {0.0};
  const int K = 30;
  const auto r = hermite_coefficients(relu, K, o);
  CHECK(r.c[0] == doctest::Approx(phi0).epsilon(1e-14));
  CHECK(r.c[1] == doctest::Approx(0.5).epsilon(1e-14));
  CHECK(r.c[2] == doctest::Approx(1.0 / (2 * std::sqrt(kPi))).epsilon(1e-13));
  CHECK(std::abs(r.c[3]) < 1e-13);
  CHECK(r.c[4] == doctest::Approx(-1.0 / std::sqrt(48 * kPi)).epsilon(1e-13));
  double worst = 0;
  for (int k = 2; k <= K; ++k)
    worst = std::max(worst, std::abs(r.c[k] - phi0 * he_at_zero(k - 2) / std::sqrt(factorial(k))));
  CHECK(worst < 1e-12);
  CHECK(r.max_error() < 1e-12);
  const auto s = hermite_coefficients(sgn, K, o);
  worst = 0;
  for (int k = 0; k <= K; ++k) {
    const double exact = k == 0 ? 0.0 : 2 * phi0 * he_at_zero(k - 1) / std::sqrt(factorial(k));
    worst = std::max(worst, std::abs(s.c[k] - exact));
  }
  CHECK(worst < 1e-12);
  // A known pitfall: plain Gauss-Hermite (no breakpoint at the kink) misses c_4 of ReLU
  // by far more than rounding, and its own error estimate says so.
  const auto naive = hermite_coefficients(relu, 4);
  CHECK(std::abs(naive.c[4] + 1.0 / std::sqrt(48 * kPi)) > 1e-6);
  CHECK(naive.error[4] > 1e-7);
}

TEST_CASE("erf coefficients: generating-function closed form and Mehler = Erf::I2") {
  // g = erf(z/sqrt2), g' = sqrt(2/pi) e^{-z^2/2}; E[e^{-z^2/2} e^{zt - t^2/2}] = e^{-t^2/4}/sqrt2
  // gives c_{2j+1} = (2j)! (-1/4)^j / (j! sqrt(pi (2j+1)!)), even coefficients 0.
  auto g = [](double z) { return std::erf(z / std::numbers::sqrt2); };
  const int K = 40;
  const auto e = hermite_coefficients(g, K);
  for (int k = 0; k <= K; ++k) {
    double exact = 0;
    if (k % 2) {
      const int j = (k - 1) / 2;
      exact = factorial(2 * j) * std::pow(-0.25, j) / (factorial(j) * std::sqrt(kPi * factorial(k)));
    }
    INFO("k = " << k);
    CHECK(std::abs(e.c[k] - exact) < 1e-14);
  }
  // Mehler: sum c_k^2 rho^k = E[g(u) g(v)] = (2/pi) asin(rho/2) (Erf::I2 at unit variances);
  // the terms decay like 4^{-k/2}: 40 terms leave < 1e-12.
  for (double rho : {-0.9, -0.3, 0.0, 0.5, 1.0}) {
    const double closed = Erf::I2(Cov2<double>{1.0, 1.0, rho});
    CHECK(mehler(e.c, e.c, rho) == doctest::Approx(closed).epsilon(1e-11));
  }
}

TEST_CASE("2-D Gaussian expectations: polar (kink-aware), tensor Gauss-Hermite, Mehler, closed forms") {
  HermiteOptions o;
  o.breakpoints = {0.0};
  const auto cr = hermite_coefficients(relu, 150, o);
  const std::vector<std::array<double, 2>> kinks{{1.0, 0.0}, {0.0, 1.0}};
  for (double rho : {-1.0, -0.7, 0.0, 0.35, 0.8, 0.999, 1.0}) {
    const double closed = Relu::I2(Cov2<double>{1.0, 1.0, rho});
    // polar quadrature: ReLU x ReLU is piecewise quadratic, integrated exactly sector by sector
    const double polar = polar_expectation(
        1.0, rho, 1.0, [](double u, double v) { return relu(u) * relu(v); }, kinks);
    INFO("rho = " << rho);
    CHECK(polar == doctest::Approx(closed).epsilon(1e-13));
    // Mehler with 150 coefficients: the tail sum_{k>150} c_k^2 |rho|^k is < 1e-12 for
    // |rho| <= 0.8 (c_k^2 ~ k^{-5/2}/(2 pi)); at |rho| -> 1 it decays only like K^{-3/2}.
    if (std::abs(rho) <= 0.8) CHECK(mehler(cr.c, cr.c, rho) == doctest::Approx(closed).epsilon(1e-12));
    // sign x sign: (2/pi) asin(rho)
    const double ss = polar_expectation(
        1.0, rho, 1.0, [](double u, double v) { return sgn(u) * sgn(v); }, kinks);
    CHECK(ss == doctest::Approx(2 / kPi * std::asin(rho)).epsilon(1e-13));
  }
  // General covariance, smooth integrand: erf pair via tensor GH and polar vs Erf::I2.
  Eigen::MatrixXd C(2, 2);
  C << 1.7, -0.6, -0.6, 0.8;
  auto ge = [](double x) { return std::erf(x / std::numbers::sqrt2); };
  const double closed = Erf::I2(Cov2<double>{C(0, 0), C(1, 1), C(0, 1)});
  const auto gh = gauss_expectation(
      Eigen::VectorXd::Zero(2), C, [&](const Eigen::VectorXd& u) { return ge(u[0]) * ge(u[1]); }, 40);
  CHECK(gh.value == doctest::Approx(closed).epsilon(1e-12));
  CHECK(gh.error < 1e-10);
  const double polar = polar_expectation(
      C(0, 0), C(0, 1), C(1, 1), [&](double u, double v) { return ge(u) * ge(v); }, {}, 40, 40);
  CHECK(polar == doctest::Approx(closed).epsilon(1e-12));
  // tanh x ReLU (no closed form): Mehler vs polar, two independent routes.
  const auto ct = hermite_coefficients([](double z) { return std::tanh(z); }, 150);
  for (double rho : {-0.6, 0.2, 0.7}) {
    const double pol = polar_expectation(
        1.0, rho, 1.0, [](double u, double v) { return std::tanh(u) * relu(v); }, kinks, 40, 40);
    MESSAGE("tanh x relu, rho = " << rho << ": Mehler - polar = " << mehler(ct.c, cr.c, rho) - pol);
    CHECK(mehler(ct.c, cr.c, rho) == doctest::Approx(pol).epsilon(1e-12));  // measured ~2e-15
  }
}

TEST_CASE("polar_expectation: Jet derivatives include the moving kinks") {
  // d/drho E[sign u sign v] = (2/pi) / sqrt(1 - rho^2) although sign' = 0 almost everywhere:
  // the derivative comes entirely from the sector boundaries (Leibniz rule).
  using J = ceres::Jet<double, 1>;
  const std::vector<std::array<double, 2>> kinks{{1.0, 0.0}, {0.0, 1.0}};
  for (double rho : {-0.5, 0.1, 0.6}) {
    const J r(rho, 0);
    const J v = polar_expectation(
        J(1.0), r, J(1.0),
        [](const J& a, const J& b) {
          return J(sgn(a.a) * sgn(b.a));
        },
        kinks);
    CHECK(v.v[0] == doctest::Approx(2 / kPi / std::sqrt(1 - rho * rho)).epsilon(1e-12));
  }
  // d/dC_12 of E[relu relu] = E[H(u) H(v)] = 1/4 + asin(rho)/(2 pi) (Price's theorem).
  const J r(0.3, 0);
  const J v = polar_expectation(
      J(1.0), r, J(1.0),
      [](const J& a, const J& b) {
        const J ra = a.a > 0 ? a : J(0.0), rb = b.a > 0 ? b : J(0.0);
        return ra * rb;
      },
      kinks);
  CHECK(v.v[0] == doctest::Approx(0.25 + std::asin(0.3) / (2 * kPi)).epsilon(1e-12));
}

TEST_CASE("Hermite shift formula vs direct quadrature of f(z + e)") {
  // Exact for polynomials: h_5(z + e).
  const std::vector<double> c5{0, 0, 0, 0, 0, 1};
  for (double e : {-0.8, 0.4, 1.3}) {
    const auto sh = hermite_shift(c5, e);
    const auto direct = hermite_coefficients([e](double z) { return hermite_h(5, z + e); }, 5);
    for (int k = 0; k <= 5; ++k) CHECK(sh[k] == doctest::Approx(direct.c[k]).epsilon(1e-12));
  }
  // tanh, truncated at 80 terms (the shifted series converges like c_j e^j sqrt(j!/k!)/(j-k)!).
  const auto ct = hermite_coefficients([](double z) { return std::tanh(z); }, 80);
  const double e = 0.5;
  const auto sh = hermite_shift(ct.c, e);
  const auto direct = hermite_coefficients([e](double z) { return std::tanh(z + e); }, 10);
  for (int k = 0; k <= 10; ++k) CHECK(sh[k] == doctest::Approx(direct.c[k]).epsilon(1e-9));
}

TEST_CASE("tensor Gauss-Hermite with a mean vs Monte Carlo (CLT error bar)") {
  std::mt19937_64 rng(11);
  const Eigen::MatrixXd C = random_spd(3, rng);
  Eigen::VectorXd mu(3);
  mu << 0.3, -0.5, 0.2;
  auto g = [](const Eigen::VectorXd& u) { return std::tanh(u[0]) * std::cos(u[1]) + u[2] * u[2] * u[0]; };
  const auto q = gauss_expectation(mu, C, g, 40);
  MESSAGE("tensor GH n = 40: error estimate " << q.error);
  CHECK(q.error < 1e-7);
  const auto mc = monte_carlo(C, [&](const Eigen::VectorXd& z) { return g(z + mu); },
                              test::kSamples, 5);
  test::check_mc("tanh cos + u2^2 u0 with mean", q.value, mc);
  // information exponent of pairs of coefficient lists
  CHECK(information_exponent({0, 0, 0.5, 1}, {1, 1, 0, 2}) == 3);
  CHECK(information_exponent({0, 1}, {1, 0}) == 0);
}
