// Low-degree norms of planted dense subgraph, (multi-layer) SBM, angular and orthogonal group
// synchronisation (models/landscape/low_degree_problems.hpp): the exact finite-n sums against the
// definition of ||L^{<=D}||^2 (projection of the likelihood ratio on the orthonormal basis of the
// null, every graph enumerated), against Monte-Carlo over sampled pairs of signals, the n -> infinity
// limits against their closed forms and the finite-n values (rate 1/n), and the registry model.
#include "tests/support.hpp"
#include "models/landscape/low_degree.hpp"
#include "models/landscape/low_degree_problems.hpp"

#include <Eigen/QR>

#include <bit>
#include <cmath>
#include <complex>
#include <cstdint>
#include <numbers>
#include <random>
#include <stdexcept>
#include <vector>

using namespace summit;
using namespace summit::landscape;

namespace {

// ||L^{<=D}||^2 for D = 0..Dmax from the definition, for E <= 12 binary variables with null
// Bernoulli(q)^E and planted law the mixture (weights w) of product laws with probabilities p[x][e]:
// L(A) = sum_x w_x prod_e P_x(A_e)/Q(A_e), <L, chi_alpha>_Q = sum_A Q(A) L(A) prod_{e in alpha}
// (A_e - q)/sqrt(q(1 - q)), summed in squares over |alpha| <= D. No use of the e_{<=D} formula.
std::vector<double> projection_norms(int E, double q, const std::vector<double>& w,
                                     const std::vector<std::vector<double>>& p, int Dmax) {
  const uint32_t NA = 1u << E;
  std::vector<double> QL(NA);  // Q(A) L(A) = sum_x w_x P_x(A)
  for (uint32_t A = 0; A < NA; ++A) {
    double s = 0;
    for (size_t x = 0; x < w.size(); ++x) {
      double pr = w[x];
      for (int e = 0; e < E; ++e) pr *= (A >> e & 1) ? p[x][e] : 1 - p[x][e];
      s += pr;
    }
    QL[A] = s;
  }
  const double sd = std::sqrt(q * (1 - q));
  std::vector<double> by_degree(E + 1, 0.0);
  for (uint32_t alpha = 0; alpha < NA; ++alpha) {
    double c = 0;
    for (uint32_t A = 0; A < NA; ++A) {
      double chi = 1;
      for (int e = 0; e < E; ++e)
        if (alpha >> e & 1) chi *= ((A >> e & 1) - q) / sd;
      c += QL[A] * chi;
    }
    by_degree[std::popcount(alpha)] += c * c;
  }
  std::vector<double> cum(Dmax + 1);
  double s = 0;
  for (int D = 0; D <= Dmax; ++D) cum[D] = (s += D <= E ? by_degree[D] : 0.0);
  return cum;
}

// The (multi-layer) SBM on n vertices as such a mixture: every labelling (k^n), edges (i < j) in
// each of `layers` layers present with probability a/n (same label) or b/n.
std::vector<double> sbm_projection(int n, int k, int layers, double snr, double degree, int Dmax) {
  const double s = std::sqrt(snr * degree), a = degree + (k - 1) * s, b = degree - s;
  int labellings = 1;
  for (int i = 0; i < n; ++i) labellings *= k;
  std::vector<double> w(labellings, 1.0 / labellings);
  std::vector<std::vector<double>> p(labellings);
  for (int x = 0; x < labellings; ++x) {
    std::vector<int> lab(n);
    for (int i = 0, y = x; i < n; ++i, y /= k) lab[i] = y % k;
    for (int l = 0; l < layers; ++l)
      for (int i = 0; i < n; ++i)
        for (int j = i + 1; j < n; ++j) p[x].push_back((lab[i] == lab[j] ? a : b) / n);
  }
  return projection_norms(layers * n * (n - 1) / 2, degree / n, w, p, Dmax);
}

}  // namespace

TEST_CASE("low-degree gaps: exact graph norms against the projection of the likelihood ratio") {
  // Both sides exact; tolerance 1e-12 relative (rounding over 2^12 x 2^12 terms).
  SUBCASE("sbm, k = 2 and k = 3, n = 4 (6 edges)") {
    for (const int k : {2, 3}) {
      const auto ref = sbm_projection(4, k, 1, 0.5, 1.2, 6);
      for (int D = 0; D <= 6; ++D)
        CHECK(ld_norm_sbm(4, k, 1, 0.5, 1.2, D) == doctest::Approx(ref[D]).epsilon(1e-12));
    }
  }
  SUBCASE("multi-layer sbm, L = 2, n = 4 (12 edges)") {
    const auto ref = sbm_projection(4, 2, 2, 0.4, 1.0, 8);
    for (int D = 0; D <= 8; ++D) CHECK(ld_norm_sbm(4, 2, 2, 0.4, 1.0, D) == doctest::Approx(ref[D]).epsilon(1e-12));
  }
  SUBCASE("planted dense subgraph, n = 5 (10 edges)") {
    const int n = 5;
    const double rho = 0.4, q = 0.3, lambda = 1.1, p_in = q + lambda * std::sqrt(q * (1 - q));
    std::vector<double> w;
    std::vector<std::vector<double>> p;
    for (int S = 0; S < (1 << n); ++S) {
      w.push_back(std::pow(rho, std::popcount(unsigned(S))) * std::pow(1 - rho, n - std::popcount(unsigned(S))));
      std::vector<double> pe;
      for (int i = 0; i < n; ++i)
        for (int j = i + 1; j < n; ++j) pe.push_back((S >> i & 1) && (S >> j & 1) ? p_in : q);
      p.push_back(pe);
    }
    const auto ref = projection_norms(10, q, w, p, 10);
    for (int D = 0; D <= 10; ++D)
      CHECK(std::exp(log_ld_norm_dense_subgraph(n, lambda, D, rho, q)) == doctest::Approx(ref[D]).epsilon(1e-12));
  }
}

TEST_CASE("low-degree gaps: Monte-Carlo over sampled pairs of signals") {
  std::mt19937_64 rng(20261207);
  SUBCASE("sbm n = 60, k = 2, D = 6: e_{<=D} of the 1770 edge weights per pair of labellings") {
    // Independent of the class-count enumeration: labels drawn, the elementary symmetric sums
    // accumulated edge by edge. Tolerance 4 standard errors (20000 pairs).
    const int n = 60, k = 2, D = 6;
    const double snr = 0.7, degree = 3, s = std::sqrt(snr * degree), q = degree / n;
    const double tau2 = std::pow(k * s, 2) / (double(n) * n * q * (1 - q));
    std::uniform_int_distribution<int> lab(0, k - 1);
    const int N = 20000;
    double sum = 0, sum2 = 0;
    for (int t = 0; t < N; ++t) {
      std::vector<int> x(n), y(n);
      for (int i = 0; i < n; ++i) x[i] = lab(rng), y[i] = lab(rng);
      std::vector<double> e(D + 1, 0.0);
      e[0] = 1;
      for (int i = 0; i < n; ++i)
        for (int j = i + 1; j < n; ++j) {
          const double we = tau2 * ((x[i] == x[j]) - 1.0 / k) * ((y[i] == y[j]) - 1.0 / k);
          for (int d = D; d >= 1; --d) e[d] += we * e[d - 1];
        }
      double v = 0;
      for (double z : e) v += z;
      sum += v;
      sum2 += v * v;
    }
    const double mean = sum / N, se = std::sqrt((sum2 / N - mean * mean) / (N - 1));
    const double exact = ld_norm_sbm(n, k, 1, snr, degree, D);
    MESSAGE("sbm n = 60: exact " << exact << ", MC " << mean << " +- " << se);
    CHECK(std::abs(exact - mean) < 4 * se);
  }
  SUBCASE("angular synchronisation, continuous angles: L = 1 (n = 300) and L = 2 (n = 6)") {
    // R = (lambda/n) sum_l (|S_l|^2 - n) with phi_i uniform on the circle (not on a grid).
    // Tolerance 4 standard errors (40000 draws).
    for (const auto& [n, L, D, lambda] : {std::tuple{300, 1, 6, 0.7}, std::tuple{6, 2, 4, 0.8}}) {
      std::uniform_real_distribution<double> U(0, 2 * std::numbers::pi);
      const int N = 40000;
      double sum = 0, sum2 = 0;
      for (int t = 0; t < N; ++t) {
        std::vector<double> phi(n);
        for (auto& f : phi) f = U(rng);
        double R = 0;
        for (int l = 1; l <= L; ++l) {
          std::complex<double> S = 0;
          for (double f : phi) S += std::polar(1.0, l * f);
          R += std::norm(S) - n;
        }
        const double v = truncated_exp(lambda * R / n, D);
        sum += v;
        sum2 += v * v;
      }
      const double mean = sum / N, se = std::sqrt((sum2 / N - mean * mean) / (N - 1));
      const double exact = ld_norm_angular(n, L, lambda, D);
      MESSAGE("angular n = " << n << ", L = " << L << ": exact " << exact << ", MC " << mean << " +- " << se);
      CHECK(std::abs(exact - mean) < 4 * se);
    }
  }
  SUBCASE("O(2) synchronisation, Haar matrices from QR, n = 30") {
    // h_i Haar on O(2) (QR of a Gaussian matrix with the signs of diag(R) fixed), R = (lambda r/2n)
    // (||sum h||_F^2 - n r) with r = 2. Independent of the rotation/reflection decomposition.
    // Tolerance 4 standard errors (40000 draws).
    const int n = 30, D = 5;
    const double lambda = 0.6;
    std::normal_distribution<double> G(0, 1);
    const int N = 40000;
    double sum = 0, sum2 = 0;
    for (int t = 0; t < N; ++t) {
      Eigen::Matrix2d total = Eigen::Matrix2d::Zero();
      for (int i = 0; i < n; ++i) {
        Eigen::Matrix2d M;
        M << G(rng), G(rng), G(rng), G(rng);
        Eigen::HouseholderQR<Eigen::Matrix2d> qr(M);
        Eigen::Matrix2d Q = qr.householderQ();
        const Eigen::Matrix2d Rm = qr.matrixQR().triangularView<Eigen::Upper>();
        for (int c = 0; c < 2; ++c)
          if (Rm(c, c) < 0) Q.col(c) *= -1;
        total += Q;
      }
      const double v = truncated_exp(lambda * 2 / (2.0 * n) * (total.squaredNorm() - 2.0 * n), D);
      sum += v;
      sum2 += v * v;
    }
    const double mean = sum / N, se = std::sqrt((sum2 / N - mean * mean) / (N - 1));
    const double exact = ld_norm_orthogonal(n, 2, lambda, D);
    MESSAGE("O(2) n = 30: exact " << exact << ", MC " << mean << " +- " << se);
    CHECK(std::abs(exact - mean) < 4 * se);
  }
}

TEST_CASE("low-degree gaps: exact small cases and moments") {
  // E|S|^2 = n, E|S|^4 = 2n^2 - n, E|S|^6 = 6n^3 - 9n^2 + 4n (sums of squared multinomials): exact.
  for (const int n : {1, 2, 5, 40}) {
    const auto m = circle_sum_moments(n, 3);
    CHECK(m[1] == doctest::Approx(n).epsilon(1e-14));
    CHECK(m[2] == doctest::Approx(2.0 * n * n - n).epsilon(1e-14));
    CHECK(m[3] == doctest::Approx(6.0 * n * n * n - 9.0 * n * n + 4.0 * n).epsilon(1e-13));
  }
  // Angular, L = 1: the moment sum against brute force over every configuration on the grid
  // Z_m, m = D + 1 (which integrates every frequency <= D exactly): 1e-12.
  {
    const int n = 5, D = 5, m = D + 1;
    const double lambda = 0.9;
    double ref = 0;
    int total = 1;
    for (int i = 0; i < n; ++i) total *= m;
    for (int c = 0; c < total; ++c) {
      std::complex<double> S = 0;
      for (int i = 0, y = c; i < n; ++i, y /= m) S += std::polar(1.0, 2 * std::numbers::pi * (y % m) / m);
      ref += truncated_exp(lambda * (std::norm(S) - n) / n, D) / total;
    }
    CHECK(ld_norm_angular(n, 1, lambda, D) == doctest::Approx(ref).epsilon(1e-12));
  }
  // Orthogonal r = 1 is Rademacher spiked Wigner.
  CHECK(ld_norm_orthogonal(50, 1, 0.7, 6) == doctest::Approx(std::exp(log_ld_norm_wigner(50, 0.7, 6, 1.0))).epsilon(1e-14));
  // Degree 2, Gaussian problems: 1 + E R^2/2 with E R^2 = lambda^2 (E|S|^4 - 2n E|S|^2 + n^2)/n^2
  // = lambda^2 (1 - 1/n) for L = 1 (exact).
  CHECK(ld_norm_angular(30, 1, 0.8, 2) == doctest::Approx(1 + 0.32 * (1 - 1 / 30.0)).epsilon(1e-13));
  // Degree 1 of the dense subgraph: 1 + lambda^2 E C(K, 2) = 1 + lambda^2 n(n-1) rho^4/2 (exact).
  CHECK(std::exp(log_ld_norm_dense_subgraph(300, 0.4, 1, 0.1, 0.2)) ==
        doctest::Approx(1 + 0.16 * 300 * 299 * 1e-4 / 2).epsilon(1e-12));
}

TEST_CASE("low-degree gaps: n -> infinity limits and the approach of the finite-n norms") {
  // truncated_exp_series with g_1 only is the truncated exponential (exact, 1e-14).
  CHECK(truncated_exp_series({0, 1.7}, 9) == doctest::Approx(truncated_exp(1.7, 9)).epsilon(1e-14));
  // D -> infinity (D = 400) against the closed forms (1e-12).
  for (const double lam : {0.3, 0.8}) {
    const double ks = std::exp(-lam / 2 - lam * lam / 4) / std::sqrt(1 - lam);
    CHECK(ld_norm_sbm_limit(2, 1, lam, 400) == doctest::Approx(ks).epsilon(1e-12));
    CHECK(ld_norm_sbm_limit(3, 1, lam, 400) == doctest::Approx(std::pow(ks, 4)).epsilon(1e-12));
    const double per = lam / 2, ks2 = std::exp(-lam / 2 - lam * lam / 4) / std::sqrt(1 - lam);
    // two layers at snr = lam/2: total lam, plus the double edges exp((k-1)^2 L(L-1) snr^2/4)
    CHECK(ld_norm_sbm_limit(2, 2, per, 400) == doctest::Approx(ks2 * std::exp(per * per / 2)).epsilon(1e-12));
    CHECK(ld_norm_angular_limit(3, lam, 400) == doctest::Approx(std::pow(std::exp(-lam) / (1 - lam), 3)).epsilon(1e-12));
    CHECK(ld_norm_orthogonal_limit(2, lam, 400) ==
          doctest::Approx(std::exp(-2 * lam) / std::pow(1 - lam, 2)).epsilon(1e-12));
    CHECK(ld_norm_orthogonal_limit(1, lam, 12) == doctest::Approx(ld_norm_wigner_limit(lam, 12)).epsilon(1e-13));
  }
  // Rate: the gap to the limit halves when n doubles (O(1/n)); ratios within [1.8, 2.2].
  auto check_rate = [](auto norm_at, double limit, std::vector<int> ns) {
    std::vector<double> gaps;
    for (int n : ns) gaps.push_back(norm_at(n) - limit);
    for (size_t i = 1; i < gaps.size(); ++i) {
      const double ratio = gaps[i - 1] / gaps[i];
      MESSAGE("n = " << ns[i] << ": gap " << gaps[i] << ", ratio " << ratio);
      CHECK(ratio > 1.8);
      CHECK(ratio < 2.2);
    }
  };
  check_rate([](int n) { return ld_norm_sbm(n, 2, 1, 0.6, 3, 6); }, ld_norm_sbm_limit(2, 1, 0.6, 6), {40, 80, 160});
  check_rate([](int n) { return ld_norm_angular(n, 1, 0.7, 8); }, ld_norm_angular_limit(1, 0.7, 8), {500, 1000, 2000});
  check_rate([](int n) { return ld_norm_orthogonal(n, 2, 0.7, 8); }, ld_norm_orthogonal_limit(2, 0.7, 8),
             {250, 500, 1000});
  check_rate([](int n) { return std::exp(log_ld_norm_dense_subgraph(n, 1.0 / (0.04 * n), 6, 0.2, 0.5)); },
             ld_norm_submatrix_limit(1.0, 6), {500, 1000, 2000});
}

TEST_CASE("low-degree gaps: the multi-layer SBM limit, double edges included") {
  // The n -> infinity series of two layers carries the double-edge term g_2 = (k-1)^2 L(L-1)
  // snr^2/4 (derived, docs/landscape.md). The exact sums at n = 60, 120 extrapolated in 1/n
  // (Richardson, 2 f(120) - f(60)) must reach the limit: the O(1/n^2) remainder, measured from
  // n = 40, 80, 160 to shrink ~4x per doubling, is ~2e-3 here, so tolerance 6e-3. Without the
  // double edges the limit would be lower by a factor e^{-0.045}, i.e. by 0.049.
  const double snr = 0.3;
  const int D = 6;
  const double extrapolated = 2 * ld_norm_sbm(120, 2, 2, snr, 5, D) - ld_norm_sbm(60, 2, 2, snr, 5, D);
  const double limit = ld_norm_sbm_limit(2, 2, snr, D);
  MESSAGE("two-layer sbm: extrapolated " << extrapolated << ", limit " << limit);
  CHECK(std::abs(extrapolated - limit) < 6e-3);
  CHECK(limit - ld_norm_sbm_limit(2, 1, 2 * snr, D) > 0.04);  // the double edges matter here
}

TEST_CASE("low-degree gaps: the registry model (thresholds, gap, errors)") {
  auto obs = [](const std::map<std::string, std::string>& p) {
    auto m = test::make("low-degree", p);
    const auto names = m->observable_names();
    const Vec v = m->observables(m->initial_state());
    std::map<std::string, double> out;
    for (size_t i = 0; i < names.size(); ++i) out[names[i]] = v[i];
    return out;
  };
  // Planted dense subgraph: detection 1/(rho^2 n), recovery min(1, 1/(rho sqrt n)) (exact).
  auto pds = obs({{"model", "planted-dense-subgraph"}, {"n", "1000"}, {"rho", "0.1"}, {"lambda", "0.05"}});
  CHECK(pds["threshold"] == doctest::Approx(0.1).epsilon(1e-14));
  CHECK(pds["recovery_threshold"] == doctest::Approx(1 / std::sqrt(10.0)).epsilon(1e-14));
  CHECK(pds["gap_ratio"] == doctest::Approx(std::sqrt(10.0)).epsilon(1e-13));
  // SBM, multi-layer: Kesten-Stigum, no gap; the limit at D is the series of the model.
  auto sbm = obs({{"model", "sbm"}, {"lambda", "0.5"}, {"D", "6"}});
  CHECK(sbm["threshold"] == 1.0);
  CHECK(sbm["gap_ratio"] == 1.0);
  CHECK(sbm["norm_finite_n"] == doctest::Approx(ld_norm_sbm(60, 2, 1, 0.5, 5, 6)).epsilon(1e-14));
  auto ml = obs({{"model", "multilayer-sbm"}, {"L", "4"}, {"lambda", "0.1"}, {"D", "4"}, {"n", "20"}});
  CHECK(ml["threshold"] == doctest::Approx(0.25).epsilon(1e-15));
  CHECK(ml["norm_limit"] == doctest::Approx(ld_norm_sbm_limit(2, 4, 0.1, 4)).epsilon(1e-14));
  auto ang = obs({{"model", "angular-sync"}, {"L", "2"}, {"lambda", "0.5"}, {"D", "3"}});
  CHECK(ang["threshold"] == 1.0);
  CHECK(ang["norm_limit"] == doctest::Approx(ld_norm_angular_limit(2, 0.5, 3)).epsilon(1e-14));
  auto m = test::make("low-degree", {{"model", "orthogonal-sync"}});
  const auto thr = m->hints().natural_threshold;
  REQUIRE(thr.exact.has_value());
  CHECK(*thr.exact == 1.0);
  // Errors name the parameter.
  CHECK_THROWS_WITH_AS(test::make("low-degree", {{"model", "sbm"}, {"n", "5000"}}), doctest::Contains("'n'"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(test::make("low-degree", {{"model", "planted-dense-subgraph"}, {"lambda", "2"}}),
                       doctest::Contains("'lambda'"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(test::make("low-degree", {{"model", "sbm"}, {"lambda", "6"}}), doctest::Contains("'lambda'"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(test::make("low-degree", {{"model", "sbm"}, {"L", "3"}}), doctest::Contains("'L'"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(test::make("low-degree", {{"model", "orthogonal-sync"}, {"r", "3"}}), doctest::Contains("'r'"),
                       std::invalid_argument);
  // finite_n = false: only the n -> infinity quantities (any r; an n far beyond the exact sums).
  auto o3 = obs({{"model", "orthogonal-sync"}, {"r", "3"}, {"finite_n", "false"}, {"lambda", "0.5"}, {"D", "5"}});
  CHECK(o3.count("norm_finite_n") == 0);
  CHECK(o3["norm_limit"] == doctest::Approx(ld_norm_orthogonal_limit(3, 0.5, 5)).epsilon(1e-15));
  auto s3 = obs({{"model", "sbm"}, {"k", "3"}, {"n", "100000"}, {"finite_n", "false"}, {"D", "32"}});
  CHECK(s3["norm_limit"] == doctest::Approx(ld_norm_sbm_limit(3, 1, 0.5, 32)).epsilon(1e-15));
}

TEST_CASE("low-degree gaps: the numbers of docs/landscape.md (detection-recovery gaps)") {
  // Regression values (6 digits, so 1e-6 relative) printed by
  //   summit evaluate low-degree --set model=M --set D=8 --set lambda=L ... --format json
  // (the settings of each row); their correctness is checked by the exact/Monte-Carlo tests above.
  struct Row {
    double finite, limit;
    double (*finite_fn)();
    double (*limit_fn)();
  };
  const Row rows[] = {
      {1.140693, 1.133148, [] { return std::exp(log_ld_norm_dense_subgraph(2000, 0.1, 8, 0.05, 0.5)); },
       [] { return ld_norm_submatrix_limit(0.5, 8); }},
      {1.043217, 1.034350, [] { return ld_norm_sbm(60, 2, 1, 0.5, 5, 8); }, [] { return ld_norm_sbm_limit(2, 1, 0.5, 8); }},
      {1.805605, 1.143107, [] { return ld_norm_sbm(12, 3, 1, 0.5, 5, 8); }, [] { return ld_norm_sbm_limit(3, 1, 0.5, 8); }},
      {1.091459, 1.067148, [] { return ld_norm_sbm(40, 2, 2, 0.25, 5, 8); },
       [] { return ld_norm_sbm_limit(2, 2, 0.25, 8); }},
      {1.210215, 1.211624, [] { return ld_norm_angular(400, 1, 0.5, 8); }, [] { return ld_norm_angular_limit(1, 0.5, 8); }},
      {1.363976, 1.464645, [] { return ld_norm_angular(8, 2, 0.5, 8); }, [] { return ld_norm_angular_limit(2, 0.5, 8); }},
      {1.461365, 1.464645, [] { return ld_norm_orthogonal(400, 2, 0.5, 8); },
       [] { return ld_norm_orthogonal_limit(2, 0.5, 8); }},
  };
  for (const Row& r : rows) {
    CHECK(r.finite_fn() == doctest::Approx(r.finite).epsilon(1e-6));
    CHECK(r.limit_fn() == doctest::Approx(r.limit).epsilon(1e-6));
  }
  // The D -> infinity column: closed forms (independent of the series code) against D = 400 (1e-12).
  const double ks = std::exp(-0.25 - 0.0625) / std::sqrt(0.5), ang = std::exp(-0.5) / 0.5;
  CHECK(ld_norm_sbm_limit(2, 1, 0.5, 400) == doctest::Approx(ks).epsilon(1e-12));
  CHECK(ks == doctest::Approx(1.034661).epsilon(1e-6));
  CHECK(std::pow(ks, 4) == doctest::Approx(1.146019).epsilon(1e-6));
  CHECK(ks * std::exp(0.25 * 0.25 / 2) == doctest::Approx(1.067504).epsilon(1e-6));
  CHECK(ld_norm_sbm_limit(2, 2, 0.25, 400) == doctest::Approx(1.067504).epsilon(1e-6));
  CHECK(ang == doctest::Approx(1.213061).epsilon(1e-6));
  CHECK(ang * ang == doctest::Approx(1.471518).epsilon(1e-6));
  CHECK(std::exp(0.125) == doctest::Approx(1.133148).epsilon(1e-6));
  // At the threshold, D = 8 and D = 32 (regression values, same command with lambda at the
  // threshold and finite_n=false): the norm keeps growing with D.
  CHECK(ld_norm_sbm_limit(2, 1, 1.0, 8) == doctest::Approx(1.668130).epsilon(1e-6));
  CHECK(ld_norm_sbm_limit(2, 1, 1.0, 32) == doctest::Approx(3.097064).epsilon(1e-6));
  CHECK(ld_norm_sbm_limit(3, 1, 1.0, 8) == doctest::Approx(4.382937).epsilon(1e-6));
  CHECK(ld_norm_sbm_limit(3, 1, 1.0, 32) == doctest::Approx(34.850948).epsilon(1e-6));
  CHECK(ld_norm_sbm_limit(2, 2, 0.5, 8) == doctest::Approx(1.864668).epsilon(1e-6));
  CHECK(ld_norm_sbm_limit(2, 2, 0.5, 32) == doctest::Approx(3.496221).epsilon(1e-6));
  CHECK(ld_norm_angular_limit(1, 1.0, 8) == doctest::Approx(3.678795).epsilon(1e-6));
  CHECK(ld_norm_angular_limit(1, 1.0, 32) == doctest::Approx(12.507901).epsilon(1e-6));
  CHECK(ld_norm_angular_limit(2, 1.0, 8) == doctest::Approx(8.796825).epsilon(1e-6));
  CHECK(ld_norm_angular_limit(2, 1.0, 32) == doctest::Approx(85.125893).epsilon(1e-6));
  CHECK(ld_norm_orthogonal_limit(2, 1.0, 32) == doctest::Approx(85.125893).epsilon(1e-6));
  // Gallery panel (a): at rho = 1, K = n exactly, so ||L^{<=8}||^2 = T_8(lambda^2 n(n - 1)/2) and the
  // crossing of 2 is at lambda^2 n(n-1)/2 = x_8 with T_8(x_8) = 2 (x_8 = log 2 to 1e-7): the ratio to
  // the scale 1/n is sqrt(2 x_8 n/(n - 1)) = 1.178 at n = 2000 (the gallery prints 1.178).
  const double x8 = std::log(2.0);
  CHECK(truncated_exp(x8, 8) == doctest::Approx(2.0).epsilon(1e-6));
  CHECK(std::sqrt(2 * x8 * 2000 / 1999.0) == doctest::Approx(1.178).epsilon(5e-4));
  CHECK(std::exp(log_ld_norm_submatrix(2000, std::sqrt(2 * x8 / (2000.0 * 1999.0)), 8, 1.0)) ==
        doctest::Approx(truncated_exp(x8, 8)).epsilon(1e-12));
  // The dense subgraph has C(M, d) for M^d/d! (M = n(n - 1)/2 edges): 1 - O(D^2/M) = 1e-5 lower.
  CHECK(std::exp(log_ld_norm_dense_subgraph(2000, std::sqrt(2 * x8 / (2000.0 * 1999.0)), 8, 1.0, 0.5)) ==
        doctest::Approx(truncated_exp(x8, 8)).epsilon(1e-5));
}

TEST_CASE("low-degree gaps: the crossings printed by docs/gallery/low_degree_gaps.py") {
  // Regression values: `PYTHONPATH=build/python python3 docs/gallery/low_degree_gaps.py` prints the
  // lambda (rounded to 5 decimals) at which ||L^{<=8}||^2 = 2 at n = 2000, rho = 10^(-2 + j/4). At
  // those lambdas the norm is 2 up to that rounding (at most ~1e-3 relative in lambda at the
  // smallest, 0.00587; the norm moves by about twice that): tolerance 3e-3.
  CHECK(std::exp(log_ld_norm_submatrix(2000, 0.05687, 8, std::pow(10, -1.0))) == doctest::Approx(2).epsilon(3e-3));
  CHECK(std::exp(log_ld_norm_submatrix(2000, 0.00587, 8, std::pow(10, -0.5))) == doctest::Approx(2).epsilon(3e-3));
  CHECK(std::exp(log_ld_norm_submatrix(2000, 0.77809, 8, std::pow(10, -1.75))) == doctest::Approx(2).epsilon(3e-3));
  CHECK(std::exp(log_ld_norm_dense_subgraph(2000, 0.16739, 8, std::pow(10, -1.25), 0.5)) == doctest::Approx(2).epsilon(3e-3));
  CHECK(std::exp(log_ld_norm_dense_subgraph(2000, 0.85446, 8, std::pow(10, -1.75), 0.5)) == doctest::Approx(2).epsilon(3e-3));
}
