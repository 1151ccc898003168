// Hermite activations (lib/expr/hermite_inline.hpp) against independent oracles: lib/gauss's
// closed-form erf expectations (the `erf` activation through its Hermite series), tensor
// Gauss-Hermite quadrature in 2, 3 and 4 dimensions for polynomial activations (exact for
// polynomials), and composite Gauss-Legendre quadrature in two dimensions for tanh. The
// four-point function I4 against lib/gauss's closed-form erf I4 and, for tanh, against tensor
// Gauss-Hermite quadrature in 4 dimensions with its own error estimate.
#include "lib/autodiff/jets.hpp"
#include "lib/expr/hermite_inline.hpp"
#include "lib/gauss/erf.hpp"
#include "lib/gauss/quadrature.hpp"
#include "tests/support.hpp"

#include <cmath>
#include <array>
#include <functional>
#include <numbers>
#include <random>

namespace summit::test {
namespace {

using expr::HermiteActivation;
using expr::HermiteEmitter;
using expr::HermiteQuantity;
using expr::TapeBuilder;
using expr::Val;

// The program of one expectation at covariance entries given as inputs (Cov2, Cov3 or Cov4 order).
expr::Tape program(const HermiteActivation& g, HermiteQuantity what, const std::vector<int>& fields) {
  const int n = what == HermiteQuantity::I4 ? 10 : what == HermiteQuantity::I3 ? 6 : 3;
  TapeBuilder b(n);
  HermiteEmitter e(b, g);
  std::vector<Val> in;
  for (int k = 0; k < n; ++k) in.push_back(b.input(k));
  return b.finish({e.expectation(what, in, fields)});
}

double run_double(const expr::Tape& t, const std::vector<double>& cov) {
  double out;
  std::vector<double> scratch;
  expr::run(t, cov.data(), &out, scratch);
  return out;
}

autodiff::Jet1 run_jet(const expr::Tape& t, const std::vector<double>& cov) {
  const int n = static_cast<int>(cov.size());
  std::vector<autodiff::Jet1> x(n), scratch;
  for (int k = 0; k < n; ++k) x[k] = k < autodiff::kBlock ? autodiff::Jet1(cov[k], k) : autodiff::Jet1(cov[k]);
  autodiff::Jet1 out;
  expr::run(t, x.data(), &out, scratch);
  return out;
}

// A random covariance of n fields with variances in [0.5, 1.5] and correlations |rho| <= 0.95.
Eigen::MatrixXd random_covariance(int n, std::mt19937_64& rng) {
  std::normal_distribution<double> n01;
  std::uniform_real_distribution<double> var(0.5, 1.5);
  while (true) {
    Eigen::MatrixXd W(n, n + 1);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j <= n; ++j) W(i, j) = n01(rng);
    const Eigen::MatrixXd G = W * W.transpose();
    const Eigen::VectorXd d = G.diagonal().cwiseSqrt().cwiseInverse();
    const Eigen::MatrixXd C = d.asDiagonal() * G * d.asDiagonal();  // a correlation matrix
    bool ok = true;
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < i; ++j) ok = ok && std::abs(C(i, j)) <= 0.95;
    if (!ok) continue;
    Eigen::VectorXd s(n);
    for (int i = 0; i < n; ++i) s[i] = std::sqrt(var(rng));
    return s.asDiagonal() * C * s.asDiagonal();
  }
}

std::vector<double> cov2(const Eigen::MatrixXd& C) { return {C(0, 0), C(1, 1), C(0, 1)}; }
std::vector<double> cov3(const Eigen::MatrixXd& C) {
  return {C(0, 0), C(1, 1), C(2, 2), C(0, 1), C(0, 2), C(1, 2)};
}
// Cov4 order of the fields (a, b, c, d) of C (indices may repeat).
std::vector<double> cov4(const Eigen::MatrixXd& C, std::array<int, 4> f) {
  std::vector<double> v;
  for (int k = 0; k < 4; ++k) v.push_back(C(f[k], f[k]));
  for (int k = 0; k < 4; ++k)
    for (int l = k + 1; l < 4; ++l) v.push_back(C(f[k], f[l]));
  return v;
}
// The index patterns of I4(a, b, c, d) the emitter treats differently: all distinct, a == b,
// c == d, c or d equal to a or b, and both.
const std::array<std::array<int, 4>, 7> kPatterns = {{{0, 1, 2, 3}, {0, 0, 2, 3}, {0, 1, 2, 2},
                                                      {0, 1, 0, 3}, {0, 1, 1, 2}, {0, 1, 0, 1},
                                                      {0, 0, 0, 3}}};

TEST_CASE("the erf activation's Hermite series reproduces the closed-form erf expectations") {
  const HermiteActivation g = expr::named_activation("erf");
  std::mt19937_64 rng(3);
  for (int trial = 0; trial < 10; ++trial) {
    const Eigen::MatrixXd C = random_covariance(3, rng);
    // For erf(x/sqrt2) Mehler's series is the Taylor series of (2/pi) asin(x) (I2) or of
    // (2/pi) / sqrt((1+q_a)(1+q_b)) (1 - x^2)^{-1/2} (J2) in x = C_ab / sqrt((1+q_a)(1+q_b)),
    // whose coefficients are <= 1: the tail after order K = 40 is below x^41 / (1 - x), and
    // I3 = C_ab E[g''g] + C_bc E[g'g'] (|C| <= 1.5) at most 3 such tails. The coefficients
    // themselves come from 100-node Gauss-Hermite of an entire function: rounding, 1e-13.
    auto tail = [&](int a, int b) {
      const double x = std::abs(C(a, b)) / std::sqrt((1 + C(a, a)) * (1 + C(b, b)));
      return std::pow(x, 41) / (1 - x);
    };
    const std::vector<double> c2 = cov2(C), c3 = cov3(C);
    using gauss::Cov2, gauss::Cov3, gauss::Erf;
    const double i2 = run_double(program(g, HermiteQuantity::I2, {0, 1}), c2);
    const double j2 = run_double(program(g, HermiteQuantity::J2, {0, 1}), c2);
    const double i3 = run_double(program(g, HermiteQuantity::I3, {0, 1, 2}), c3);
    CHECK(std::abs(i2 - Erf::I2(Cov2<double>{c2[0], c2[1], c2[2]})) < tail(0, 1) + 1e-13);
    CHECK(std::abs(j2 - Erf::J2(Cov2<double>{c2[0], c2[1], c2[2]})) < tail(0, 1) + 1e-13);
    CHECK(std::abs(i3 - Erf::I3(Cov3<double>{c3[0], c3[1], c3[2], c3[3], c3[4], c3[5]})) <
          3 * tail(0, 2) + 1e-13);
    // Equal fields (a == b, a == c): the 1-D quadrature, no truncation.
    const std::vector<double> same2 = {c2[0], c2[0], c2[0]};
    CHECK(std::abs(run_double(program(g, HermiteQuantity::I2, {0, 0}), same2) -
                   Erf::I2(Cov2<double>{c2[0], c2[0], c2[0]})) < 1e-13);
    const std::vector<double> same3 = {c3[0], c3[1], c3[0], c3[3], c3[0], c3[3]};
    CHECK(std::abs(run_double(program(g, HermiteQuantity::I3, {0, 1, 0}), same3) -
                   Erf::I3(Cov3<double>{same3[0], same3[1], same3[2], same3[3], same3[4], same3[5]})) < 1e-13);
    // Exact derivatives: Jets through the program against Jets through the closed form. The
    // series' derivative in C_ab is its term-wise derivative, whose tail is below
    // 41 x^40 / (1 - x)^2 / sqrt(1 + q) <= 50 x^40 / (1 - x)^2.
    const autodiff::Jet1 gi2 = run_jet(program(g, HermiteQuantity::I2, {0, 1}), c2);
    std::vector<autodiff::Jet1> x(3);
    for (int k = 0; k < 3; ++k) x[k] = autodiff::Jet1(c2[k], k);
    const autodiff::Jet1 wi2 = Erf::I2(Cov2<autodiff::Jet1>{x[0], x[1], x[2]});
    const double xab = std::abs(C(0, 1)) / std::sqrt((1 + C(0, 0)) * (1 + C(1, 1)));
    for (int k = 0; k < 3; ++k)
      CHECK(std::abs(gi2.v[k] - wi2.v[k]) < 50 * std::pow(xab, 40) / ((1 - xab) * (1 - xab)) + 1e-12);
  }
}

TEST_CASE("a polynomial activation given by Hermite coefficients is exact (tensor Gauss-Hermite)") {
  // g(x) = 0.3 + He_1 + 0.5 He_2 - 0.2 He_3 = 0.3 + x + 0.5 (x^2 - 1) - 0.2 (x^3 - 3x).
  const HermiteActivation g = expr::series_activation({0.3, 1, 0.5, -0.2});
  auto f = [](double x) { return 0.3 + x + 0.5 * (x * x - 1) - 0.2 * (x * x * x - 3 * x); };
  auto f1 = [](double x) { return 1 + x - 0.2 * (3 * x * x - 3); };
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 5; ++trial) {
    const Eigen::MatrixXd C = random_covariance(3, rng);
    const Eigen::VectorXd mu2 = Eigen::VectorXd::Zero(2), mu3 = Eigen::VectorXd::Zero(3);
    const Eigen::MatrixXd C2 = C.topLeftCorner(2, 2);
    // 8 nodes per dimension integrate polynomials of degree <= 15 exactly (here <= 6): rounding
    // only, values of order 10.
    const double i2 = gauss::gauss_expectation(mu2, C2, [&](const Eigen::VectorXd& u) { return f(u[0]) * f(u[1]); }, 8).value;
    const double j2 = gauss::gauss_expectation(mu2, C2, [&](const Eigen::VectorXd& u) { return f1(u[0]) * f1(u[1]); }, 8).value;
    const double i3 = gauss::gauss_expectation(mu3, C, [&](const Eigen::VectorXd& u) { return f1(u[0]) * u[1] * f(u[2]); }, 8).value;
    CHECK(std::abs(run_double(program(g, HermiteQuantity::I2, {0, 1}), cov2(C)) - i2) < 1e-12);
    CHECK(std::abs(run_double(program(g, HermiteQuantity::J2, {0, 1}), cov2(C)) - j2) < 1e-12);
    CHECK(std::abs(run_double(program(g, HermiteQuantity::I3, {0, 1, 2}), cov3(C)) - i3) < 1e-12);
    const double same = gauss::gauss_expectation(mu2, C2, [&](const Eigen::VectorXd& u) { return f(u[0]) * f(u[0]); }, 8).value;
    CHECK(std::abs(run_double(program(g, HermiteQuantity::I2, {0, 0}), {C(0, 0), C(0, 0), C(0, 0)}) - same) < 1e-12);
  }
}

// E[g(u) g(v)] for g = tanh, tanh', the sigmoid or its derivative, and (u, v) with covariance (qa, qb, cab), u = sa z1,
// v = (cab / sa) z1 + b2 z2, by composite Gauss-Legendre in (z1, z2) on [-12, 12]^2 (8 panels of
// 60 nodes per axis): the Gaussian mass outside is below 1e-32, and in each variable the
// integrand is analytic within distance pi / (2 max(sa, |b1|, b2)) >= 0.9 of the real axis for
// the variances <= 1.5 used here, so each panel (half-width 1.5) converges like
// (0.6 + sqrt(1 + 0.36))^-120 < 1e-29: the oracle is exact to rounding.
// (The logistic sigmoid (1 + tanh(x/2))/2 has its poles farther out, so the same bound holds.)
double pair_legendre(double qa, double qb, double cab, const std::function<double(double)>& g) {
  const double sa = std::sqrt(qa), b1 = cab / sa, b2 = std::sqrt(qb - cab * cab / qa);
  const gauss::Rule& r = gauss::gauss_legendre(60);
  std::vector<double> z, w;  // the composite rule, with the Gaussian density in the weights
  for (int p = 0; p < 8; ++p)
    for (int k = 0; k < r.size(); ++k) {
      const double x = -12 + 3 * p + 1.5 * (r.x[k] + 1);
      z.push_back(x);
      w.push_back(1.5 * r.w[k] * std::exp(-x * x / 2) / std::sqrt(2 * std::numbers::pi));
    }
  double acc = 0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    double inner = 0;
    for (std::size_t j = 0; j < z.size(); ++j) inner += w[j] * g(b1 * z[i] + b2 * z[j]);
    acc += w[i] * g(sa * z[i]) * inner;
  }
  return acc;
}

TEST_CASE("tanh: the Mehler series against composite Gauss-Legendre quadrature") {
  const HermiteActivation g = expr::named_activation("tanh");
  const expr::Tape i2 = program(g, HermiteQuantity::I2, {0, 1}), j2 = program(g, HermiteQuantity::J2, {0, 1});
  auto tanh0 = [](double x) { return std::tanh(x); };
  auto tanh1 = [](double x) { const double t = std::tanh(x); return 1 - t * t; };
  struct Case {
    double qa, qb, rho;
  };
  for (const Case& c : {Case{0.5, 1, 0.3}, Case{1, 1, 0.9}, Case{1.5, 1, -0.8}, Case{0.7, 1.3, 0.5}}) {
    const double cab = c.rho * std::sqrt(c.qa * c.qb);
    INFO("q_a = " << c.qa << ", q_b = " << c.qb << ", rho = " << c.rho);
    // Order 40, 100 nodes: for q <= 1.5 and |rho| <= 0.9 the error measured against nested
    // adaptive quadrature (docs/models.md, "Hermite activations") is below 1e-9 for I2 and
    // 1e-8 for J2 (tanh' has slower decaying coefficients).
    CHECK(std::abs(run_double(i2, {c.qa, c.qb, cab}) - pair_legendre(c.qa, c.qb, cab, tanh0)) < 1e-9);
    CHECK(std::abs(run_double(j2, {c.qa, c.qb, cab}) - pair_legendre(c.qa, c.qb, cab, tanh1)) < 1e-8);
  }
}

TEST_CASE("sigmoid (no parity): the Mehler series against composite Gauss-Legendre quadrature") {
  const HermiteActivation g = expr::named_activation("sigmoid");
  const expr::Tape i2 = program(g, HermiteQuantity::I2, {0, 1}), j2 = program(g, HermiteQuantity::J2, {0, 1});
  auto sig0 = [](double x) { return 1 / (1 + std::exp(-x)); };
  auto sig1 = [&](double x) { const double s = sig0(x); return s * (1 - s); };
  for (const double rho : {-0.9, 0.2, 0.95}) {
    const double qa = 1.4, qb = 0.6, cab = rho * std::sqrt(qa * qb);
    INFO("rho = " << rho);
    // sigmoid(x) = (1 + tanh(x/2))/2: its series are tanh's at a quarter of the variance
    // (q / 4 <= 0.35), where the table of docs/models.md gives errors below 1e-11; 1e-10 leaves
    // room for the constant term's rounding.
    CHECK(std::abs(run_double(i2, {qa, qb, cab}) - pair_legendre(qa, qb, cab, sig0)) < 1e-10);
    CHECK(std::abs(run_double(j2, {qa, qb, cab}) - pair_legendre(qa, qb, cab, sig1)) < 1e-10);
  }
}

TEST_CASE("I4 of the erf activation against the closed form (an exact oracle)") {
  const HermiteActivation g = expr::named_activation("erf");
  std::vector<expr::Tape> tapes;  // one program per index pattern (about a million instructions each)
  for (const auto& f : kPatterns) tapes.push_back(program(g, HermiteQuantity::I4, std::vector<int>(f.begin(), f.end())));
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 6; ++trial) {
    const Eigen::MatrixXd C = random_covariance(4, rng);
    for (std::size_t p = 0; p < kPatterns.size(); ++p) {
      // Same fields are passed with their indices: the emitter recognises them by index.
      const auto& f = kPatterns[p];
      const std::vector<double> v = cov4(C, f);
      const expr::Tape& t = tapes[p];
      const double exact = gauss::Erf::I4(gauss::Cov4<double>{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]});
      INFO("trial " << trial << ", fields " << f[0] << f[1] << f[2] << f[3] << ": " << run_double(t, v) << " vs " << exact);
      // Bound from the measured table of docs/models.md ("The four-point function"): the erf
      // error is at most 2e-10 for variances up to 2 (these are <= 1.5); 1e-8 is well above it.
      CHECK(std::abs(run_double(t, v) - exact) < 1e-8);
      // Derivatives: the Jets through the program against Jets through the closed form. Not
      // measured separately: the Jets differentiate the same rules, whose derivative errors
      // converge at the same exponential rate; 1e-7 is a loose bound (it passes).
      if (f != std::array<int, 4>{0, 1, 2, 3}) continue;
      const autodiff::Jet1 got = run_jet(t, v);
      std::vector<autodiff::Jet1> x(10);
      for (int k = 0; k < 10; ++k) x[k] = k < autodiff::kBlock ? autodiff::Jet1(v[k], k) : autodiff::Jet1(v[k]);
      const autodiff::Jet1 want = gauss::Erf::I4(gauss::Cov4<autodiff::Jet1>{x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8], x[9]});
      // With repeated fields the closed form splits the derivative between tied entries
      // differently; compare the all-distinct pattern only
      // (derivatives in the first kBlock = 8 entries: aa .. ad, bc).
      for (int k = 0; k < autodiff::kBlock; ++k) CHECK(std::abs(got.v[k] - want.v[k]) < 1e-7);
    }
  }
}

TEST_CASE("I4 of a polynomial activation is exact (tensor Gauss-Hermite in 4 dimensions)") {
  const HermiteActivation g = expr::series_activation({0.3, 1, 0.5, -0.2});
  auto f0 = [](double x) { return 0.3 + x + 0.5 * (x * x - 1) - 0.2 * (x * x * x - 3 * x); };
  auto f1 = [](double x) { return 1 + x - 0.2 * (3 * x * x - 3); };
  std::mt19937_64 rng(13);
  for (int trial = 0; trial < 3; ++trial) {
    const Eigen::MatrixXd C = random_covariance(4, rng);
    for (const auto& f : kPatterns) {
      Eigen::MatrixXd S(4, 4);
      for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) S(i, j) = C(f[i], f[j]);
      // 8 nodes per dimension integrate degree <= 15 exactly (here <= 10); singular S (repeated
      // fields) is allowed by gauss_expectation. Rounding only, values of order 10.
      const double want = gauss::gauss_expectation(Eigen::VectorXd::Zero(4), S, [&](const Eigen::VectorXd& u) {
                            return f1(u[0]) * f1(u[1]) * f0(u[2]) * f0(u[3]);
                          }, 8).value;
      const std::vector<int> fields(f.begin(), f.end());
      INFO("fields " << f[0] << f[1] << f[2] << f[3]);
      CHECK(std::abs(run_double(program(g, HermiteQuantity::I4, fields), cov4(C, f)) - want) < 1e-11);
    }
  }
}

TEST_CASE("I4 of tanh against tensor Gauss-Hermite quadrature in 4 dimensions") {
  const HermiteActivation g = expr::named_activation("tanh");
  const expr::Tape t = program(g, HermiteQuantity::I4, {0, 1, 2, 3});
  auto th = [](double x) { return std::tanh(x); };
  auto dth = [](double x) { const double y = std::tanh(x); return 1 - y * y; };
  std::mt19937_64 rng(19);
  for (int trial = 0; trial < 3; ++trial) {
    const Eigen::MatrixXd C = random_covariance(4, rng);
    // The oracle's own error estimate compares 24 and 37 nodes per dimension.
    const gauss::QuadEstimate want = gauss::gauss_expectation(Eigen::VectorXd::Zero(4), C, [&](const Eigen::VectorXd& u) {
      return dth(u[0]) * dth(u[1]) * th(u[2]) * th(u[3]);
    }, 24);
    const double got = run_double(t, cov4(C, {0, 1, 2, 3}));
    INFO("trial " << trial << ": " << got << " vs " << want.value << " +- " << want.error);
    // Our error at variances <= 2 is at most 2e-6 (docs/models.md; 5e-8 at variance 1), the
    // oracle's is estimated by itself (Gauss-Hermite converges slowly for tanh).
    CHECK(std::abs(got - want.value) < 3 * want.error + 2e-6);
  }
}

}  // namespace
}  // namespace summit::test
