// The Stein route of the ReLU four-point function (lib/gauss/relu_stein.hpp): value and
// gradient from one orthant probability, against (a) the Plackett-path integral of relu.hpp in
// double and in Jets (the existing implementation), (b) the same path integral in long double on
// a fine rule, value and Richardson-extrapolated differences, and (c) Monte Carlo, for the value
// and for every derivative (the score-function estimator), within the Student-t / normal error
// bar of tests/statistics.hpp.
#include "gauss_test_util.hpp"
#include "lib/gauss/relu.hpp"

#include <ceres/jet.h>

#include <Eigen/LU>

#include <algorithm>

namespace {

using namespace summit::gauss;
using summit::gauss::test::check_mc;
using summit::gauss::test::kSamples;
using Arr = std::array<std::array<double, 4>, 4>;
using ArrL = std::array<std::array<long double, 4>, 4>;
using J10 = ceres::Jet<double, 10>;
using detail::Mat4;

Arr correlation(const Eigen::MatrixXd& C) {
  Arr r;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) r[i][j] = i == j ? 1.0 : C(i, j) / std::sqrt(C(i, i) * C(j, j));
  return r;
}

ArrL to_long(const Arr& r) {
  ArrL rl;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) rl[i][j] = r[i][j];
  return rl;
}

// The long-double reference rule of test_relu.cpp (40 nodes on each of 45 panels, ratio 1/2;
// self-consistent to 1e-19 there).
const detail::PathRuleT<long double>& reference_rule() {
  static const auto rule = detail::make_path_rule<long double>(44, 40, 0.5L);
  return rule;
}

long double reference_i4(ArrL r) { return detail::relu_i4_path(r, reference_rule()); }

// d I4~ / d r_p of the long-double reference by Richardson-extrapolated central differences:
// (4 D(h/2) - D(h)) / 3 with D(h) = (f(r + h) - f(r - h)) / (2h) has truncation error
// O(h^4 f^(5)) ~ 1e-15 at h = 4e-4 and rounding ~1e-19 / h ~ 1e-15.
double reference_grad(const Arr& r, int p) {
  const int j = detail::kPairs[p][0], k = detail::kPairs[p][1];
  auto D = [&](long double h) {
    ArrL plus = to_long(r), minus = to_long(r);
    plus[j][k] = plus[k][j] = plus[j][k] + h;
    minus[j][k] = minus[k][j] = minus[j][k] - h;
    return (reference_i4(plus) - reference_i4(minus)) / (2 * h);
  };
  const long double h = 4e-4L;
  return static_cast<double>((4 * D(h / 2) - D(h)) / 3);
}

// Correlations on which the route is used: random SPD (Wishart + ridge), Wishart of rank 4, and
// R = (1 - eta) R_s + eta I with R_s of rank 1..4, eta from 1.1e-5 to 0.4 (lambda_min(R) >= eta).
std::vector<Arr> stein_cases(std::uint64_t seed, int per_kind) {
  std::mt19937_64 rng(seed);
  std::vector<Arr> cases;
  for (int it = 0; it < per_kind; ++it) cases.push_back(correlation(random_spd(4, rng)));
  for (int it = 0; it < per_kind; ++it) cases.push_back(correlation(random_psd_rank(4, 4, rng)));
  for (double eta : {1.1e-5, 3e-5, 1e-4, 3e-4, 1.1e-3, 3e-3, 1e-2, 3e-2, 0.06, 0.1, 0.2, 0.4})
    for (int it = 0; it < per_kind; ++it) {
      Arr r = correlation(random_psd_rank(4, 1 + it % 4, rng));
      for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j)
          if (i != j) r[i][j] *= 1 - eta;
      cases.push_back(r);
    }
  return cases;
}

TEST_CASE("relu stein: the route applies above the eigenvalue floor only") {
  // lambda_min of (1 - eta) R_s + eta I with R_s of rank 1 is exactly eta.
  Arr r;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) r[i][j] = 1.0;
  auto shrink = [&](double eta) {
    Arr s = r;
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 4; ++j)
        if (i != j) s[i][j] = 1 - eta;
    return s;
  };
  CHECK(detail::relu_stein_band(shrink(2 * detail::kSteinMinEigenvalue)) >= 0);
  CHECK(detail::relu_stein_band(shrink(0.5 * detail::kSteinMinEigenvalue)) == -1);
  CHECK(detail::relu_stein_band(shrink(0.0)) == -1);  // exactly singular
  // Each band's floor: just above it the band (or a higher one), just below it a lower one.
  for (int b = 0; b < detail::kSteinBandCount; ++b) {
    const double lambda = detail::kSteinBands[b].lambda;
    CHECK(detail::relu_stein_band(shrink(lambda * 1.01)) <= b);
    const int below = detail::relu_stein_band(shrink(lambda * 0.99));
    CHECK((below > b || (below == -1 && b == detail::kSteinBandCount - 1)));
  }
  CHECK(detail::relu_stein_band(shrink(0.5)) == 0);
}

// Error bound of the route, measured here: max |Stein - long-double reference| was 1.1e-13 over
// such sets (worst at eta = 3e-5); the test allows 2e-13. The path integral of
// relu.hpp is itself within 1e-13 of the reference (test_relu.cpp), hence 3e-13 between the two.
TEST_CASE("relu stein: value equals the long-double path reference to 2e-13") {
  double worst_ref = 0, worst_path = 0;
  int used = 0;
  for (const Arr& r : stein_cases(53, 12)) {
    if (detail::relu_stein_band(r) < 0) continue;  // a rank-4 Wishart draw below the floor
    ++used;
    const double v = detail::relu_i4_stein(r).value;
    worst_ref = std::max(worst_ref, std::abs(v - static_cast<double>(reference_i4(to_long(r)))));
    worst_path = std::max(worst_path, std::abs(v - detail::relu_i4_path(r)));
  }
  MESSAGE("Stein route over " << used << " correlations: max |value - ref| = " << worst_ref
                              << ", max |value - path| = " << worst_path);
  CHECK(used >= 160);  // of 168
  CHECK(worst_ref < 2e-13);
  CHECK(worst_path < 3e-13);
}

// The gradient in the six correlations against Richardson differences of the long-double
// reference where those are accurate (lambda_min(R) > 0.2, error ~1e-15, see reference_grad;
// measured 1.9e-15) and against the path integral's own Jets everywhere above the floor
// (measured 5.7e-12, the largest near the floor, where no third reference decides which of the
// two quadratures of the derivative is closer). Both allowed 1e-11 relative to 1 + |gradient|.
TEST_CASE("relu stein: gradient equals differences of the reference and the path's Jets") {
  using J6 = ceres::Jet<double, 6>;
  double worst_ref = 0, worst_jet = 0;
  const auto cases = stein_cases(59, 3);
  for (const Arr& r : cases) {
    if (detail::relu_stein_band(r) < 0) continue;
    const auto s = detail::relu_i4_stein(r);
    const bool well_conditioned = detail::min_eigenvalue_above(r, 0.2);  // differences accurate
    std::array<std::array<J6, 4>, 4> rj;
    for (int i = 0; i < 4; ++i) rj[i][i] = J6(1.0);
    for (int p = 0; p < 6; ++p) {
      const int j = detail::kPairs[p][0], k = detail::kPairs[p][1];
      rj[j][k] = rj[k][j] = J6(r[j][k], p);
    }
    const J6 path = detail::relu_i4_path(rj, detail::path_rule(detail::path_levels(
                                                 detail::path_eta(r))));
    for (int p = 0; p < 6; ++p) {
      const double scale = 1 + std::abs(s.grad[p]);
      if (well_conditioned)
        worst_ref = std::max(worst_ref, std::abs(s.grad[p] - reference_grad(r, p)) / scale);
      worst_jet = std::max(worst_jet, std::abs(s.grad[p] - path.v[p]) / scale);
    }
  }
  MESSAGE("Stein gradient over " << cases.size() << " correlations: max rel |grad - ref| = "
                                 << worst_ref << ", max rel |grad - path Jet| = " << worst_jet);
  CHECK(worst_ref < 1e-11);
  CHECK(worst_jet < 1e-11);
}

// Relu::I4 on first-order Jets (the committee's exact Jacobian) uses the route; on the covariance
// entries (diagonal included, through the correlations and the scale) it must equal the
// whole-path Jet evaluation.
TEST_CASE("relu stein: Relu::I4 Jets equal the path Jets in the covariance entries") {
  std::mt19937_64 rng(61);
  double worst = 0;
  for (int it = 0; it < 40; ++it) {
    const Eigen::MatrixXd C = random_spd(4, rng);
    const Cov4<double> c = make_cov4(C, {0, 1, 2, 3});
    const std::vector<double> x = test::flat(c);
    std::vector<J10> xj(10);
    for (int k = 0; k < 10; ++k) xj[k] = J10(x[k], k);
    const Cov4<J10> cj = test::cov4_from(xj);
    const J10 fast = Relu::I4(cj);
    const auto A = to_array(cj);
    std::array<std::array<J10, 4>, 4> rj;
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 4; ++j)
        rj[i][j] = i == j ? J10(1.0) : A[i][j] / sqrt(A[i][i] * A[j][j]);
    const J10 path = sqrt(cj.cc * cj.dd) * detail::relu_i4_path(rj);
    worst = std::max(worst, std::abs(fast.a - path.a));
    for (int k = 0; k < 10; ++k)
      worst = std::max(worst, std::abs(fast.v[k] - path.v[k]) / (1 + std::abs(path.v[k])));
  }
  MESSAGE("Relu::I4 Jet vs path Jet over 40 SPD covariances: " << worst);
  CHECK(worst < 1e-11);
}

// Below the floor (and for n = 3 with a nearly collinear pair) a first-order Jet gets the path
// differentiated in the six correlations and chained (relu_i4_path_chained): the same numbers as
// the path on the Jet itself, up to rounding.
TEST_CASE("relu stein: the chained path Jets equal the path Jets below the floor") {
  std::mt19937_64 rng(73);
  double worst = 0;
  for (int it = 0; it < 30; ++it) {
    // C = D R D, R = (1 - eta) R_s + eta I (lambda_min(R) ~ eta), R_s of rank 1..3, D in [1, 2].
    const Eigen::MatrixXd Rs = random_psd_rank(4, 1 + it % 3, rng);
    const double eta = it % 2 ? 1e-7 : 1e-12;
    Eigen::MatrixXd C(4, 4);
    std::uniform_real_distribution<double> scale(1.0, 2.0);
    Eigen::Vector4d D;
    for (int i = 0; i < 4; ++i) D[i] = scale(rng);
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 4; ++j)
        C(i, j) = D[i] * D[j] *
                  (i == j ? 1.0 : (1 - eta) * Rs(i, j) / std::sqrt(Rs(i, i) * Rs(j, j)));
    REQUIRE(detail::relu_stein_band(correlation(C)) == -1);
    const std::vector<double> x = test::flat(make_cov4(C, {0, 1, 2, 3}));
    std::vector<J10> xj(10);
    for (int k = 0; k < 10; ++k) xj[k] = J10(x[k], k);
    const Cov4<J10> cj = test::cov4_from(xj);
    const J10 chained = Relu::I4(cj);
    const auto A = to_array(cj);
    std::array<std::array<J10, 4>, 4> rj;
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 4; ++j)
        rj[i][j] = i == j ? J10(1.0) : detail::clamp_unit(A[i][j] / sqrt(A[i][i] * A[j][j]));
    const J10 path = sqrt(cj.cc * cj.dd) * detail::relu_i4_path(rj);
    worst = std::max(worst, std::abs(chained.a - path.a));
    for (int k = 0; k < 10; ++k)
      worst = std::max(worst, std::abs(chained.v[k] - path.v[k]) / (1 + std::abs(path.v[k])));
  }
  MESSAGE("chained vs direct path Jets over 30 nearly singular covariances: " << worst);
  CHECK(worst < 1e-12);  // rounding only (measured 1.3e-16)
}

// Monte Carlo: the value, and each derivative by the score function of N(0, C):
//   d E[f] / d C_ij = E[f(x) A_ij(x)] (i != j, the symmetric entry),  (1/2) E[f A_ii] (i == j),
//   A = C^-1 x x^T C^-1 - C^-1,
// an estimator independent of any quadrature; 11 comparisons per covariance at the normal
// quantile of tests/statistics.hpp (check_mc).
TEST_CASE("relu stein: value and Jet derivatives agree with Monte Carlo") {
  std::mt19937_64 rng(67);
  const int entry[10][2] = {{0, 0}, {1, 1}, {2, 2}, {3, 3}, {0, 1},
                            {0, 2}, {0, 3}, {1, 2}, {1, 3}, {2, 3}};
  for (int it = 0; it < 3; ++it) {
    const Eigen::MatrixXd C = random_spd(4, rng);
    const Eigen::MatrixXd Ci = C.inverse();
    const Cov4<double> c = make_cov4(C, {0, 1, 2, 3});
    REQUIRE(detail::relu_stein_band(correlation(C)) >= 0);
    std::vector<J10> xj(10);
    const std::vector<double> x = test::flat(c);
    for (int k = 0; k < 10; ++k) xj[k] = J10(x[k], k);
    const J10 v = Relu::I4(test::cov4_from(xj));
    auto f = [](const Eigen::VectorXd& z) {
      return Relu::dg(z[0]) * Relu::dg(z[1]) * Relu::g(z[2]) * Relu::g(z[3]);
    };
    const std::uint64_t seed = 700 + 20 * static_cast<std::uint64_t>(it);
    check_mc("relu I4 value (Stein route)", v.a, monte_carlo(C, f, kSamples, seed));
    for (int k = 0; k < 10; ++k) {
      const int i = entry[k][0], j = entry[k][1];
      const double half = i == j ? 0.5 : 1.0;
      auto score = [&](const Eigen::VectorXd& z) {
        const Eigen::VectorXd y = Ci * z;
        return half * f(z) * (y[i] * y[j] - Ci(i, j));
      };
      INFO("derivative in covariance entry " << k);
      check_mc("relu I4 derivative (Stein route)", v.v[k],
               monte_carlo(C, score, kSamples, seed + 1 + k));
    }
  }
}

}  // namespace

namespace {

// The memo of p4_memo.hpp: P4 of every relabelling of the four fields is bitwise the value
// computed afresh on the canonical relabelling (a pure function of the 4-set, hit or miss), and
// that value is P4 (the path rule on the canonical matrix, within the path's error, 4e-14 for
// such R, of P4 in the given order).
TEST_CASE("relu stein: the P4 memo is a pure function of the unordered 4-set") {
  std::mt19937_64 rng(71);
  auto rule_of = [](const Mat4& m) -> const detail::PathRule& {
    return detail::path_rule(detail::path_levels(detail::path_eta(m)));
  };
  std::array<int, 4> p{0, 1, 2, 3};
  for (int it = 0; it < 20; ++it) {
    const Arr r = correlation(random_spd(4, rng));
    const Arr rc = detail::corr_matrix(detail::canonical_corr(r));
    const double fresh = detail::p4_path(rc, rule_of(rc));
    CHECK(std::abs(fresh - detail::p4_path(r)) < 1e-13);
    int perms = 0;
    std::sort(p.begin(), p.end());
    do {
      Arr rp;
      for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) rp[i][j] = r[p[i]][p[j]];
      CHECK(detail::canonical_corr(rp) == detail::canonical_corr(r));
      CHECK(detail::p4_canonical(rp, rule_of) == fresh);  // bitwise
      ++perms;
    } while (std::next_permutation(p.begin(), p.end()));
    CHECK(perms == 24);
  }
}

}  // namespace
