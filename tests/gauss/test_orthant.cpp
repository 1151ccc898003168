// Orthant probabilities P2, P3, P4 (lib/gauss/orthant.hpp): exact values, Monte Carlo,
// one-factor references, block structure and the path quadrature accuracy.
#include "gauss_test_util.hpp"
#include "lib/gauss/orthant.hpp"

#include <numbers>

namespace {

using namespace summit::gauss;
using summit::gauss::test::check_mc;
using summit::gauss::test::kSamples;

const double kPi = std::numbers::pi;

double all_positive(const Eigen::VectorXd& z) { return (z.array() > 0.0).all() ? 1.0 : 0.0; }

Cov4<double> equicorrelated(double rho) { return {1, 1, 1, 1, rho, rho, rho, rho, rho, rho}; }

TEST_CASE("orthant: P2 and P3 exact values") {
  CHECK(P2(0.0) == doctest::Approx(0.25).epsilon(1e-15));
  CHECK(P2(1.0) == doctest::Approx(0.5).epsilon(1e-15));
  CHECK(P2(-1.0) == doctest::Approx(0.0));
  CHECK(P2(0.5) == doctest::Approx(1.0 / 3.0).epsilon(1e-15));  // 1/4 + (pi/6)/(2 pi)
  CHECK(P2(1.5) == P2(1.0));                                    // clamped
  CHECK(P3(0.0, 0.0, 0.0) == doctest::Approx(0.125).epsilon(1e-15));
  CHECK(P3(0.5, 0.5, 0.5) == doctest::Approx(0.25).epsilon(1e-15));  // 1/(n+1), n = 3
  CHECK(P3(1.0, 1.0, 1.0) == doctest::Approx(0.5).epsilon(1e-15));
}

TEST_CASE("orthant: P3 agrees with Monte Carlo") {
  std::mt19937_64 rng(3);
  const Eigen::MatrixXd C = random_spd(3, rng);
  const Eigen::VectorXd d = C.diagonal().cwiseSqrt().cwiseInverse();
  const Eigen::MatrixXd R = d.asDiagonal() * C * d.asDiagonal();
  check_mc("P3", P3(R(0, 1), R(0, 2), R(1, 2)), monte_carlo(C, all_positive, kSamples, 4));
}

TEST_CASE("orthant: P4 exact values") {
  // Independent fields: 1/16.
  CHECK(P4(equicorrelated(0.0)) == doctest::Approx(1.0 / 16.0).epsilon(1e-14));
  // Equicorrelated rho = 1/2: P_n = 1/(n + 1), here 1/5.
  CHECK(P4(equicorrelated(0.5)) == doctest::Approx(0.2).epsilon(1e-13));
  // Equicorrelated rho: int phi(z) Phi(sqrt(rho / (1 - rho)) z)^4 dz (one factor).
  for (double rho : {0.1, 0.3, 0.7, 0.9, 0.99}) {
    const double l = std::sqrt(rho);
    INFO("rho = " << rho);
    CHECK(std::abs(P4(equicorrelated(rho)) - test::one_factor_p4({l, l, l, l})) < 1e-12);
  }
  // Equicorrelated rho = -1/3 is the most negative PSD value (singular): P4 = 0.
  CHECK(std::abs(P4(equicorrelated(-1.0 / 3.0))) < 1e-7);
  // All fields equal: 1/2. A field of zero variance counts as H(0) = 1/2.
  CHECK(P4(equicorrelated(1.0)) == doctest::Approx(0.5).epsilon(1e-15));
  CHECK(P4(Cov4<double>{0, 1, 1, 1, 0, 0, 0, 0.3, 0.2, 0.1}) ==
        doctest::Approx(0.5 * P3(0.3, 0.2, 0.1)).epsilon(1e-15));
  // Duplicated fields reduce to P3 (here field b == field a, scaled covariances).
  CHECK(P4(Cov4<double>{2, 2, 1, 3, 2, 0.4, -0.6, 0.4, -0.6, 0.5}) ==
        doctest::Approx(P3(0.4 / std::sqrt(2.0), -0.6 / std::sqrt(6.0), 0.5 / std::sqrt(3.0)))
            .epsilon(1e-15));
}

TEST_CASE("orthant: P4 of a block-diagonal correlation is the product of two P2") {
  for (double r1 : {-0.9, -0.3, 0.0, 0.6, 0.99})
    for (double r2 : {-0.5, 0.2, 0.8, 1.0}) {
      INFO("r1 = " << r1 << ", r2 = " << r2);
      const double expect = P2(r1) * P2(r2);
      // blocks {a,b}, {c,d}
      CHECK(std::abs(P4(Cov4<double>{1, 1, 1, 1, r1, 0, 0, 0, 0, r2}) - expect) < 1e-12);
      // blocks {a,c}, {b,d}
      CHECK(std::abs(P4(Cov4<double>{1, 1, 1, 1, 0, r1, 0, 0, r2, 0}) - expect) < 1e-12);
    }
}

TEST_CASE("orthant: P4 agrees with Monte Carlo on random covariances") {
  std::mt19937_64 rng(5);
  for (std::uint64_t seed : {6u, 7u, 8u}) {
    const Eigen::MatrixXd C = seed == 8u ? random_psd_rank(4, 3, rng) : random_spd(4, rng);
    check_mc("P4", P4(make_cov4(C, {0, 1, 2, 3})), monte_carlo(C, all_positive, kSamples, seed));
  }
}

TEST_CASE("orthant: P4 is symmetric under permutations of the fields") {
  std::mt19937_64 rng(9);
  const Eigen::MatrixXd C = random_spd(4, rng);
  const double p = P4(make_cov4(C, {0, 1, 2, 3}));
  CHECK(std::abs(P4(make_cov4(C, {3, 1, 0, 2})) - p) < 1e-13);
  CHECK(std::abs(P4(make_cov4(C, {2, 3, 1, 0})) - p) < 1e-13);
}

TEST_CASE("orthant: Gauss-Legendre nodes integrate polynomials exactly") {
  std::vector<double> x, w;
  detail::gauss_legendre(16, x, w);
  for (int k = 0; k <= 31; ++k) {
    double acc = 0;
    for (int i = 0; i < 16; ++i) acc += w[i] * std::pow(x[i], k);
    const double exact = k % 2 ? 0.0 : 2.0 / (k + 1);
    INFO("degree " << k);
    CHECK(std::abs(acc - exact) < 1e-14);
  }
}

TEST_CASE("orthant: P4 path quadrature error against a long-double reference") {
  using Arr = std::array<std::array<double, 4>, 4>;
  using ArrL = std::array<std::array<long double, 4>, 4>;
  std::mt19937_64 rng(13);
  const auto ref_rule = detail::make_path_rule<long double>(44, 40, 0.5L);
  double worst = 0;
  for (int it = 0; it < 40; ++it) {
    const Eigen::MatrixXd C = it % 2 ? random_spd(4, rng) : random_psd_rank(4, 4, rng);
    Arr r;
    ArrL rl;
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 4; ++j) {
        r[i][j] = i == j ? 1.0 : C(i, j) / std::sqrt(C(i, i) * C(j, j));
        rl[i][j] = r[i][j];
      }
    worst = std::max(
        worst, std::abs(detail::p4_path(r) - static_cast<double>(detail::p4_path(rl, ref_rule))));
  }
  MESSAGE("P4 quadrature: max |n - ref| = " << worst);
  CHECK(worst < 1e-12);
}

}  // namespace
