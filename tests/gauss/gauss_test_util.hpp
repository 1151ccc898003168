// Shared helpers of the lib/gauss tests: Monte-Carlo checks of the closed forms and
// finite-difference references for the Jet derivatives.
#pragma once

#include "../statistics.hpp"
#include "lib/gauss/covariance.hpp"
#include "lib/gauss/monte_carlo.hpp"

#include <doctest/doctest.h>

#include <Eigen/Core>

#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <string>
#include <vector>

namespace summit::gauss::test {

// Samples per Monte-Carlo check: the standard errors are then ~1e-3 of the typical spread of the
// integrand, far below any missing term of a closed form, and the suite stays fast.
inline constexpr long kSamples = 400000;

// C(idx, idx): the covariance of the fields listed (repeats allowed: the result is then singular).
template <std::size_t N>
Eigen::MatrixXd sub(const Eigen::MatrixXd& C, const std::array<int, N>& idx) {
  Eigen::MatrixXd S(N, N);
  for (std::size_t i = 0; i < N; ++i)
    for (std::size_t j = 0; j < N; ++j) S(i, j) = C(idx[i], idx[j]);
  return S;
}

// Checks |closed - MC| <= z SE + 1e-12 with z = 5.33, the normal quantile of tests/statistics.hpp.
// The MC mean is (by the CLT, samples >= 4e5) Gaussian around the true value with standard
// deviation SE, so a correct closed form fails with probability 1e-7 per check (counted against
// the suite's budget); 1e-12 absorbs rounding when SE = 0 (a constant integrand).
inline void check_mc(const std::string& what, double closed, const McEstimate& mc) {
  INFO(what << ": closed form " << closed << ", MC " << mc.mean << " +- " << mc.std_error);
  CHECK(std::isfinite(closed));
  CHECK(summit::test::within_error_bar(mc.mean, closed, mc.std_error, summit::test::normal_error_bar(), 1e-12));
}

// Central finite difference of f (a function of a vector of doubles) in coordinate k.
// Error: truncation h^2 |f'''| / 6 ~ 1e-13 plus roundoff ~ 2 eps |f| / h ~ 4e-10 for h = 1e-6
// and O(1) values and derivatives; the Jet checks use 1e-6 relative (plus 1e-8 absolute).
template <class F>
double central_fd(const F& f, std::vector<double> x, int k, double h = 1e-6) {
  const double x0 = x[k];
  x[k] = x0 + h;
  const double fp = f(x);
  x[k] = x0 - h;
  const double fm = f(x);
  return (fp - fm) / (2.0 * h);
}

inline bool fd_close(double jet, double fd) {
  return std::abs(jet - fd) <= 1e-6 * std::abs(fd) + 1e-8;
}

// Cov structs from / to flat vectors (entries in declaration order).
template <class T>
Cov2<T> cov2_from(const std::vector<T>& x) {
  return {x[0], x[1], x[2]};
}
template <class T>
Cov3<T> cov3_from(const std::vector<T>& x) {
  return {x[0], x[1], x[2], x[3], x[4], x[5]};
}
template <class T>
Cov4<T> cov4_from(const std::vector<T>& x) {
  return {x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8], x[9]};
}
inline std::vector<double> flat(const Cov2<double>& c) { return {c.aa, c.bb, c.ab}; }
inline std::vector<double> flat(const Cov3<double>& c) {
  return {c.aa, c.bb, c.cc, c.ab, c.ac, c.bc};
}
inline std::vector<double> flat(const Cov4<double>& c) {
  return {c.aa, c.bb, c.cc, c.dd, c.ab, c.ac, c.ad, c.bc, c.bd, c.cd};
}

// Each of I2, J2, I3, I4 of Act against Monte Carlo on random_spd(4) drawn with this seed.
template <class Act>
void check_activation_against_mc(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const Eigen::MatrixXd C = random_spd(4, rng);
  const std::string tag = std::string(Act::name) + " seed " + std::to_string(seed);
  const std::array<int, 2> i2{0, 1};
  const std::array<int, 3> i3{0, 1, 2};
  const std::array<int, 4> i4{0, 1, 2, 3};
  check_mc(tag + " I2", Act::I2(make_cov2(C, i2)),
           monte_carlo(
               sub(C, i2), [](const Eigen::VectorXd& z) { return Act::g(z[0]) * Act::g(z[1]); },
               kSamples, seed + 1));
  check_mc(tag + " J2", Act::J2(make_cov2(C, i2)),
           monte_carlo(
               sub(C, i2), [](const Eigen::VectorXd& z) { return Act::dg(z[0]) * Act::dg(z[1]); },
               kSamples, seed + 2));
  check_mc(
      tag + " I3", Act::I3(make_cov3(C, i3)),
      monte_carlo(
          sub(C, i3), [](const Eigen::VectorXd& z) { return Act::dg(z[0]) * z[1] * Act::g(z[2]); },
          kSamples, seed + 3));
  check_mc(tag + " I4", Act::I4(make_cov4(C, i4)),
           monte_carlo(
               sub(C, i4),
               [](const Eigen::VectorXd& z) {
                 return Act::dg(z[0]) * Act::dg(z[1]) * Act::g(z[2]) * Act::g(z[3]);
               },
               kSamples, seed + 4));
}

}  // namespace summit::gauss::test

namespace summit::gauss::test {

// Independent high-precision references for one-factor correlations r_ij = l_i l_j (|l_i| < 1):
// x_i = l_i z + sqrt(1 - l_i^2) e_i with z, e iid N(0,1), so given z the fields are independent
// and the expectations are 1-D integrals over z, done here by composite Simpson on [-12, 12]
// with h = 1e-3 (error ~ h^4 ~ 1e-12 times a smooth integrand's 4th derivative; the tails beyond
// |z| = 12 weigh < 1e-32).
template <class F>
double simpson_over_z(const F& f) {
  const int n = 24000;
  const double a = -12.0, h = 24.0 / n;
  double acc = 0;
  for (int k = 0; k <= n; ++k) {
    const double z = a + k * h;
    const double w = (k == 0 || k == n) ? 1.0 : (k % 2 == 1 ? 4.0 : 2.0);
    acc += w * std::exp(-0.5 * z * z) * f(z);
  }
  return acc * h / 3.0 / std::sqrt(2.0 * std::numbers::pi);
}

inline double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }

// P(x_1..x_4 > 0) = int phi(z) prod_i Phi(l_i z / sqrt(1 - l_i^2)) dz.
inline double one_factor_p4(const std::array<double, 4>& l) {
  return simpson_over_z([&](double z) {
    double p = 1;
    for (double li : l) p *= normal_cdf(li * z / std::sqrt(1 - li * li));
    return p;
  });
}

// E[H(x_a) H(x_b) x_c x_d 1{x_c > 0, x_d > 0}] with E[x 1{x>0} | z] = m Phi(m/s) + s phi(m/s),
// m = l z, s = sqrt(1 - l^2).
inline double one_factor_relu_i4(const std::array<double, 4>& l) {
  return simpson_over_z([&](double z) {
    auto sd = [&](int i) { return std::sqrt(1 - l[i] * l[i]); };
    auto first = [&](int i) {
      const double m = l[i] * z, s = sd(i);
      return m * normal_cdf(m / s) +
             s * std::exp(-0.5 * m * m / (s * s)) / std::sqrt(2.0 * std::numbers::pi);
    };
    return normal_cdf(l[0] * z / sd(0)) * normal_cdf(l[1] * z / sd(1)) * first(2) * first(3);
  });
}

inline Cov4<double> one_factor_cov(const std::array<double, 4>& l) {
  auto r = [&](int i, int j) { return l[i] * l[j]; };
  return {1, 1, 1, 1, r(0, 1), r(0, 2), r(0, 3), r(1, 2), r(1, 3), r(2, 3)};
}

}  // namespace summit::gauss::test
