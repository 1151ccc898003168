// ReLU expectations (lib/gauss/relu.hpp): closed forms against Monte Carlo and exact values,
// conventions for dead units, and the four-point function I4 (Plackett path) against Monte Carlo,
// the Stein/Tallis reduction, one-factor references and a long-double quadrature reference,
// including exactly singular covariances.
#include "gauss_test_util.hpp"
#include "lib/gauss/relu.hpp"

#include <numbers>

namespace {

using namespace summit::gauss;
using summit::gauss::test::check_activation_against_mc;
using summit::gauss::test::check_mc;
using summit::gauss::test::kSamples;
using summit::gauss::test::sub;

const double kPi = std::numbers::pi;

double relu_i4_integrand(const Eigen::VectorXd& z) {
  return Relu::dg(z[0]) * Relu::dg(z[1]) * Relu::g(z[2]) * Relu::g(z[3]);
}

McEstimate mc_i4(const Eigen::MatrixXd& C4, std::uint64_t seed) {
  return monte_carlo(C4, relu_i4_integrand, kSamples, seed);
}

TEST_CASE("relu: I2, J2, I3, I4 agree with Monte Carlo on random SPD covariances") {
  for (std::uint64_t seed : {101u, 202u, 303u}) check_activation_against_mc<Relu>(seed);
}

TEST_CASE("relu: exact values, the rho -> 1 limit and the small-rho series") {
  // E[H(u) u relu(u)] = E[u^2 H(u)] = 1/2 for unit variance.
  CHECK(Relu::I3(Cov3<double>{1, 1, 1, 1, 1, 1}) == doctest::Approx(0.5).epsilon(1e-15));
  // kappa(1,1,1) = 1/2, kappa(1,1,0) = 1/(2 pi), kappa(1,1,-1) = 0.
  CHECK(Relu::I2(Cov2<double>{1, 1, 1}) == doctest::Approx(0.5).epsilon(1e-15));
  CHECK(Relu::I2(Cov2<double>{1, 1, 0}) == doctest::Approx(1.0 / (2.0 * kPi)).epsilon(1e-15));
  CHECK(std::abs(Relu::I2(Cov2<double>{1, 1, -1})) < 1e-16);
  // E[H(a) H(b)] at rho = 0 is 1/4, at rho = 1 is 1/2.
  CHECK(Relu::J2(Cov2<double>{2, 3, 0}) == doctest::Approx(0.25).epsilon(1e-15));
  CHECK(Relu::J2(Cov2<double>{2, 2, 2}) == doctest::Approx(0.5).epsilon(1e-15));
  // rho -> 1: kappa -> sqrt(C_aa C_bb) / 2, continuously (h(rho) = pi - O(1 - rho)).
  const double aa = 0.7, bb = 2.3, s = std::sqrt(aa * bb);
  CHECK(Relu::I2(Cov2<double>{aa, bb, s}) == doctest::Approx(s / 2).epsilon(1e-15));
  for (double eps : {1e-4, 1e-8, 1e-12}) {
    const double v = Relu::I2(Cov2<double>{aa, bb, s * (1 - eps)});
    CHECK(std::abs(v - s / 2) <= s * eps);  // kappa = s/2 - s (1 - rho)/2 + O((1 - rho)^1.5)
  }
  // The Mehler (Hermite) series of the ReLU kernel: kappa = 1/(2 pi) + rho/4 + rho^2/(4 pi) +
  // rho^4/(48 pi) + O(rho^6) for unit variances.
  const double rho = 0.05;
  CHECK(Relu::I2(Cov2<double>{1, 1, rho}) ==
        doctest::Approx(1 / (2 * kPi) + rho / 4 + rho * rho / (4 * kPi) +
                        std::pow(rho, 4) / (48 * kPi))
            .epsilon(1e-10));
  // I4 special cases: all four fields equal -> E[u^2 H(u)] = C/2; independent -> 1/(8 pi) C.
  CHECK(Relu::I4(Cov4<double>{2, 2, 2, 2, 2, 2, 2, 2, 2, 2}) ==
        doctest::Approx(1.0).epsilon(1e-15));
  CHECK(Relu::I4(Cov4<double>{1, 1, 1, 1, 0, 0, 0, 0, 0, 0}) ==
        doctest::Approx(1 / (8 * kPi)).epsilon(1e-13));
  // I4 for (a,c) independent of (b,d): E[H(a) relu(c)] E[H(b) relu(d)] with
  // E[H(a) relu(c)] = (1 + r_ac) / (2 sqrt(2 pi)) for unit variances.
  const double rac = 0.3, rbd = -0.6;
  CHECK(Relu::I4(Cov4<double>{1, 1, 1, 1, 0, rac, 0, 0, rbd, 0}) ==
        doctest::Approx((1 + rac) * (1 + rbd) / (8 * kPi)).epsilon(1e-12));
}

TEST_CASE("relu: dead units (C_aa = 0) follow the H(0) = 1/2 convention, also in Monte Carlo") {
  std::mt19937_64 rng(7);
  Eigen::MatrixXd C = random_spd(4, rng);
  C.row(0).setZero();
  C.col(0).setZero();  // field 0 is a dead unit
  CHECK(Relu::I2(make_cov2(C, {0, 1})) == 0.0);
  CHECK(Relu::J2(make_cov2(C, {0, 1})) == 0.25);
  CHECK(Relu::I3(make_cov3(C, {0, 1, 2})) == doctest::Approx(C(1, 2) / 4).epsilon(1e-15));
  CHECK(Relu::I3(make_cov3(C, {1, 2, 0})) == 0.0);  // relu(0) = 0
  const std::array<int, 3> i3{0, 1, 2};
  check_mc("relu I3 dead", Relu::I3(make_cov3(C, i3)),
           monte_carlo(
               sub(C, i3),
               [](const Eigen::VectorXd& z) { return Relu::dg(z[0]) * z[1] * Relu::g(z[2]); },
               kSamples, 8));
  for (const std::array<int, 4> idx :
       {std::array<int, 4>{0, 1, 2, 3}, {1, 0, 2, 3}, {0, 0, 2, 3}}) {
    check_mc("relu I4 dead", Relu::I4(make_cov4(C, idx)), mc_i4(sub(C, idx), 9));
  }
  CHECK(Relu::I4(make_cov4(C, {1, 2, 0, 3})) == 0.0);
}

TEST_CASE("relu: I4 at degenerate covariances agrees with Monte Carlo and is finite") {
  std::mt19937_64 rng(17);
  const Eigen::MatrixXd C = random_spd(4, rng);
  // Repeated arguments: the diagonal of the committee ODE (i == k), teacher pairs (n == m), a
  // student field that is also a relu argument (j == i), and combinations.
  const std::vector<std::array<int, 4>> repeats{{0, 0, 1, 2}, {0, 1, 2, 2}, {0, 1, 0, 2},
                                                {0, 1, 2, 0}, {0, 0, 0, 1}, {0, 1, 0, 1},
                                                {0, 0, 1, 1}, {0, 1, 1, 1}};
  std::uint64_t seed = 20;
  for (const auto& idx : repeats) {
    const double v = Relu::I4(make_cov4(C, idx));
    INFO("indices " << idx[0] << idx[1] << idx[2] << idx[3]);
    check_mc("relu I4 repeated", v, mc_i4(sub(C, idx), ++seed));
  }
  // Repeated arguments of a rank-2 three-field covariance (f2 = combination of f0, f1).
  const Eigen::MatrixXd C3 = random_psd_rank(3, 2, rng);
  for (const std::array<int, 4> idx : {std::array<int, 4>{0, 0, 1, 2}, {0, 1, 2, 2}}) {
    check_mc("relu I4 repeated, rank 2", Relu::I4(make_cov4(C3, idx)), mc_i4(sub(C3, idx), ++seed));
  }
  // Student = teacher: C = L L^T with two identical rows of L (fields 0 and 2 are the same),
  // built by Eigen's product, so the duplicate rows need not be bitwise equal: exercises the path
  // quadrature at a covariance that is singular up to rounding.
  Eigen::MatrixXd L(4, 4);
  std::normal_distribution<double> normal;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) L(i, j) = normal(rng);
  L.row(2) = L.row(0);
  const Eigen::MatrixXd Cst = L * L.transpose() / 4.0;
  check_mc("relu I4 student = teacher", Relu::I4(make_cov4(Cst, {0, 1, 2, 3})), mc_i4(Cst, ++seed));
  check_mc("relu I4 student = teacher, swapped", Relu::I4(make_cov4(Cst, {1, 2, 0, 3})),
           mc_i4(sub(Cst, std::array<int, 4>{1, 2, 0, 3}), ++seed));
  // The same with an anti-aligned copy (field 2 = -field 0): H(a) relu(-a) = 0.
  Eigen::MatrixXd La = L;
  La.row(2) = -L.row(0);
  const Eigen::MatrixXd Canti = La * La.transpose() / 4.0;
  CHECK(std::abs(Relu::I4(make_cov4(Canti, {0, 1, 2, 3}))) < 1e-12);
  // Rank 2 and rank 3 covariances (no two fields collinear).
  for (int rank : {2, 3}) {
    const Eigen::MatrixXd Cr = random_psd_rank(4, rank, rng);
    check_mc("relu I4 rank " + std::to_string(rank), Relu::I4(make_cov4(Cr, {0, 1, 2, 3})),
             mc_i4(Cr, ++seed));
  }
  // Rank 1: every field is +-z.
  Eigen::MatrixXd w(4, 1);
  w << 1.0, 0.5, 2.0, 1.5;
  const Eigen::MatrixXd C1 = w * w.transpose();
  CHECK(Relu::I4(make_cov4(C1, {0, 1, 2, 3})) == doctest::Approx(2.0 * 1.5 / 2).epsilon(1e-10));
  w(1) = -0.5;
  const Eigen::MatrixXd C1m = w * w.transpose();
  CHECK(std::abs(Relu::I4(make_cov4(C1m, {0, 1, 2, 3}))) < 1e-10);
}

// The merged closed forms (n = 1, 2, 3 distinct fields) against the Plackett path evaluated on
// the unmerged, exactly singular 4 x 4 correlation: two independent routes to the same number.
TEST_CASE("relu: closed forms for repeated arguments equal the path on the singular covariance") {
  std::mt19937_64 rng(19);
  const std::vector<std::array<int, 4>> repeats{
      {0, 0, 1, 2}, {0, 1, 2, 2}, {0, 1, 0, 2}, {0, 1, 2, 0}, {0, 1, 1, 2},
      {0, 1, 2, 1}, {0, 0, 0, 1}, {0, 0, 1, 0}, {0, 1, 0, 1}, {0, 1, 1, 0},
      {0, 0, 1, 1}, {0, 1, 1, 1}, {1, 0, 1, 1}, {0, 0, 0, 0}};
  double worst = 0;
  for (int it = 0; it < 40; ++it) {
    // Full-rank and rank-2 covariances of the 3 underlying fields.
    const Eigen::MatrixXd C = it % 2 ? random_spd(3, rng) : random_psd_rank(3, 2, rng);
    for (const auto& idx : repeats) {
      std::array<std::array<double, 4>, 4> r;
      for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j)
          r[i][j] =
              i == j ? 1.0 : C(idx[i], idx[j]) / std::sqrt(C(idx[i], idx[i]) * C(idx[j], idx[j]));
      const double path =
          std::sqrt(C(idx[2], idx[2]) * C(idx[3], idx[3])) * detail::relu_i4_path(r);
      const double closed = Relu::I4(make_cov4(C, idx));
      worst = std::max(worst, std::abs(closed - path) / (1 + std::abs(path)));
    }
  }
  MESSAGE("max relative |closed - path| over repeated-argument patterns: " << worst);
  CHECK(worst < 1e-12);
}

TEST_CASE("relu: I4 and I3 never return NaN on exactly singular covariances") {
  std::mt19937_64 rng(31);
  std::normal_distribution<double> normal;
  for (int it = 0; it < 200; ++it) {
    // Rows of L drawn from a pool of 2 or 3 random vectors (exact copies, +-, or zero), so that
    // fields coincide, anti-coincide or die in all combinations.
    Eigen::MatrixXd pool(3, 3);
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) pool(i, j) = normal(rng);
    Eigen::MatrixXd L(4, 3);
    for (int i = 0; i < 4; ++i) {
      const int pick = static_cast<int>(rng() % 7);
      if (pick < 3)
        L.row(i) = pool.row(pick);
      else if (pick < 6)
        L.row(i) = -pool.row(pick - 3);
      else
        L.row(i).setZero();
    }
    const Eigen::MatrixXd C = L * L.transpose();
    const double v4 = Relu::I4(make_cov4(C, {0, 1, 2, 3}));
    const double v3 = Relu::I3(make_cov3(C, {0, 1, 2}));
    const double v2 = Relu::I2(make_cov2(C, {0, 2}));
    const double j2 = Relu::J2(make_cov2(C, {0, 1}));
    REQUIRE(std::isfinite(v4));
    REQUIRE(std::isfinite(v3));
    REQUIRE(std::isfinite(v2));
    REQUIRE(std::isfinite(j2));
    CHECK(v4 >= -1e-12);  // the integrand is >= 0
  }
}

// The Stein/Tallis reduction (Tallis 1961; lib/gauss/relu.hpp), at t = 1 with P4 from the path:
//   I4~ = r_cd P4 + sum_{j in a,b,c} sum_{k != j} r_cj S^(j)_dk phi2(0,0; r_jk) P2(rest | j, k)
// (unit variances). Valid for nonsingular R only; an independent check of the path formula.
double tallis_reduction(const std::array<std::array<double, 4>, 4>& r) {
  const auto c = detail::corr_tables(r);
  const detail::PathNode<double> nd(c.r, c.omr, c.opr, 0.0);  // s = 0: t = 1, R(t) = R
  auto pair_index = [](int j, int k) {
    for (int p = 0; p < 6; ++p)
      if ((detail::kPairs[p][0] == j && detail::kPairs[p][1] == k) ||
          (detail::kPairs[p][0] == k && detail::kPairs[p][1] == j))
        return p;
    return -1;
  };
  double acc = r[2][3] * detail::p4_path(r);
  for (int j = 0; j < 3; ++j)
    for (int k = 0; k < 4; ++k) {
      if (k == j) continue;
      const double S = k == 3 ? 1 - r[3][j] * r[3][j] : r[3][k] - r[3][j] * r[j][k];
      const int p = pair_index(j, k);
      acc += r[2][j] * S * nd.Z[p] * nd.Q[p];
    }
  return acc;
}

std::array<std::array<double, 4>, 4> correlation(const Eigen::MatrixXd& C) {
  std::array<std::array<double, 4>, 4> r;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) r[i][j] = i == j ? 1.0 : C(i, j) / std::sqrt(C(i, i) * C(j, j));
  return r;
}

TEST_CASE(
    "relu: the Plackett-path I4 equals the Stein/Tallis reduction at nonsingular covariances") {
  std::mt19937_64 rng(41);
  double worst = 0;
  for (int it = 0; it < 100; ++it) {
    const auto r = correlation(it % 2 ? random_spd(4, rng) : random_psd_rank(4, 4, rng));
    worst = std::max(worst, std::abs(detail::relu_i4_path(r) - tallis_reduction(r)));
  }
  MESSAGE("max |path - Tallis| over 100 covariances: " << worst);
  CHECK(worst < 1e-12);
}

TEST_CASE("relu: I4 and P4 match one-factor references to 1e-12") {
  std::mt19937_64 rng(43);
  std::uniform_real_distribution<double> u(-0.95, 0.95);
  for (int it = 0; it < 12; ++it) {
    std::array<double, 4> l{u(rng), u(rng), u(rng), u(rng)};
    const Cov4<double> c = test::one_factor_cov(l);
    INFO("loadings " << l[0] << " " << l[1] << " " << l[2] << " " << l[3]);
    CHECK(std::abs(Relu::I4(c) - test::one_factor_relu_i4(l)) < 1e-12);
    CHECK(std::abs(P4(c) - test::one_factor_p4(l)) < 1e-12);
  }
}

// Quadrature accuracy: the library rule (16 Gauss-Legendre nodes per panel, geometric panels
// for nearly singular R) against (a) the rule with twice the nodes per panel and (b) the same
// integral in long double with 40 nodes on each of 45 panels (ratio 1/2, down to s = 2^-44),
// over random, Wishart(4), low-rank, duplicated and nearly singular correlations
// R = (1 - eta) R_s + eta I, eta = 1e-2 ... 1e-14.
TEST_CASE("relu: path quadrature error of I4 is below 1e-12 (measured ~1e-13)") {
  using Arr = std::array<std::array<double, 4>, 4>;
  using ArrL = std::array<std::array<long double, 4>, 4>;
  std::mt19937_64 rng(47);
  std::vector<Arr> cases;
  for (int it = 0; it < 20; ++it) cases.push_back(correlation(random_spd(4, rng)));
  for (int it = 0; it < 20; ++it) cases.push_back(correlation(random_psd_rank(4, 4, rng)));
  for (int it = 0; it < 15; ++it) cases.push_back(correlation(random_psd_rank(4, 1 + it % 3, rng)));
  for (double eta : {1e-2, 1e-4, 1e-6, 1e-8, 1e-10, 1e-12, 1e-14})
    for (int it = 0; it < 4; ++it) {
      Arr r = correlation(random_psd_rank(4, 1 + it % 3, rng));
      for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j)
          if (i != j) r[i][j] *= 1 - eta;
      cases.push_back(r);
    }
  const auto ref_rule = detail::make_path_rule<long double>(44, 40, 0.5L);
  double worst_ref = 0, worst_2n = 0;
  for (const Arr& r : cases) {
    ArrL rl;
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 4; ++j) rl[i][j] = r[i][j];
    const int levels = detail::path_levels(detail::path_eta(r));
    const auto rule2 =
        detail::make_path_rule<double>(levels, 2 * detail::kPathNodes, detail::kPathRatio);
    const double v = detail::relu_i4_path(r);
    worst_ref =
        std::max(worst_ref, std::abs(v - static_cast<double>(detail::relu_i4_path(rl, ref_rule))));
    worst_2n = std::max(worst_2n, std::abs(v - detail::relu_i4_path(r, rule2)));
  }
  MESSAGE("I4 quadrature: max |n - ref| = " << worst_ref << ", max |n - 2n| = " << worst_2n);
  CHECK(worst_ref < 1e-12);
  CHECK(worst_2n < 1e-12);
}

}  // namespace
