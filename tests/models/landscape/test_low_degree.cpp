// The low-degree model: exact finite-n norms against enumeration of every pair of prior draws,
// against Monte-Carlo over sampled pairs, against exact low-order identities, and their
// approach to the n -> infinity limit (rate 1/n).
#include "tests/statistics.hpp"
#include "tests/support.hpp"
#include "models/landscape/low_degree.hpp"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

using namespace summit;
using namespace summit::landscape;

namespace {

double norm_wigner(int n, double lambda, int D, double rho) {
  return std::exp(log_ld_norm_wigner(n, lambda, D, rho));
}
double norm_submatrix(int n, double lambda, int D, double rho) {
  return std::exp(log_ld_norm_submatrix(n, lambda, D, rho));
}
// sum_{d<=D} r^d/d! term by term (independent of the library's Horner form)
double texp(double r, int D) {
  double s = 0, t = 1;
  for (int d = 0; d <= D; ++d) {
    s += t;
    t *= r / (d + 1);
  }
  return s;
}

}  // namespace

TEST_CASE("low-degree: exact finite-n norms against enumeration of all pairs of prior draws") {
  // E_{X,X'} sum_{d<=D} <mu(X), mu(X')>^d / d! by brute force: every pair of signals, the inner
  // product of the two n x n upper-triangular mean matrices summed entry by entry, weighted by the
  // prior. Tolerance 1e-11 relative (both exact; rounding over ~1e5 terms).
  const std::vector<int> Ds{0, 1, 2, 3, 5, 9};
  SUBCASE("spiked Wigner, Rademacher, n = 8 (65536 pairs)") {
    const int n = 8;
    for (const double lambda : {0.7, 2.0}) {
      std::vector<double> acc(Ds.size(), 0.0);
      for (int a = 0; a < (1 << n); ++a)
        for (int b = 0; b < (1 << n); ++b) {
          double R = 0;
          for (int i = 0; i < n; ++i)
            for (int j = i + 1; j < n; ++j) {
              const double xi = (a >> i & 1) ? 1 : -1, xj = (a >> j & 1) ? 1 : -1;
              const double yi = (b >> i & 1) ? 1 : -1, yj = (b >> j & 1) ? 1 : -1;
              R += (std::sqrt(lambda / n) * xi * xj) * (std::sqrt(lambda / n) * yi * yj);
            }
          for (size_t k = 0; k < Ds.size(); ++k) acc[k] += texp(R, Ds[k]) / 65536.0;
        }
      for (size_t k = 0; k < Ds.size(); ++k) {
        CAPTURE(lambda);
        CAPTURE(Ds[k]);
        CHECK(norm_wigner(n, lambda, Ds[k], 1.0) == doctest::Approx(acc[k]).epsilon(1e-11));
      }
    }
  }
  SUBCASE("spiked Wigner, sparse Rademacher rho = 0.6, n = 5 (59049 pairs)") {
    const int n = 5;
    const double rho = 0.6, amp = 1 / std::sqrt(rho);
    std::vector<std::vector<double>> xs;
    std::vector<double> ws;
    for (int c = 0; c < 243; ++c) {
      std::vector<double> x(n);
      double w = 1;
      int cc = c;
      for (int i = 0; i < n; ++i, cc /= 3) {
        const int t = cc % 3;  // 0: 0, 1: +amp, 2: -amp
        x[i] = t == 0 ? 0 : (t == 1 ? amp : -amp);
        w *= t == 0 ? 1 - rho : rho / 2;
      }
      xs.push_back(x);
      ws.push_back(w);
    }
    const double lambda = 1.3;
    std::vector<double> acc(Ds.size(), 0.0);
    for (size_t a = 0; a < xs.size(); ++a)
      for (size_t b = 0; b < xs.size(); ++b) {
        double R = 0;
        for (int i = 0; i < n; ++i)
          for (int j = i + 1; j < n; ++j) R += lambda / n * xs[a][i] * xs[a][j] * xs[b][i] * xs[b][j];
        for (size_t k = 0; k < Ds.size(); ++k) acc[k] += ws[a] * ws[b] * texp(R, Ds[k]);
      }
    for (size_t k = 0; k < Ds.size(); ++k) {
      CAPTURE(Ds[k]);
      CHECK(norm_wigner(n, lambda, Ds[k], rho) == doctest::Approx(acc[k]).epsilon(1e-11));
    }
  }
  SUBCASE("planted submatrix, rho = 0.3, n = 8 (65536 pairs)") {
    const int n = 8;
    const double rho = 0.3;
    for (const double lambda : {0.4, 1.5}) {
      std::vector<double> acc(Ds.size(), 0.0);
      for (int a = 0; a < (1 << n); ++a)
        for (int b = 0; b < (1 << n); ++b) {
          const int ka = std::popcount(unsigned(a)), kb = std::popcount(unsigned(b));
          const double w = std::pow(rho, ka) * std::pow(1 - rho, n - ka) * std::pow(rho, kb) * std::pow(1 - rho, n - kb);
          double R = 0;
          for (int i = 0; i < n; ++i)
            for (int j = i + 1; j < n; ++j)
              R += (lambda * (a >> i & 1) * (a >> j & 1)) * (lambda * (b >> i & 1) * (b >> j & 1));
          for (size_t k = 0; k < Ds.size(); ++k) acc[k] += w * texp(R, Ds[k]);
        }
      for (size_t k = 0; k < Ds.size(); ++k) {
        CAPTURE(lambda);
        CAPTURE(Ds[k]);
        CHECK(norm_submatrix(n, lambda, Ds[k], rho) == doctest::Approx(acc[k]).epsilon(1e-11));
      }
    }
  }
}

TEST_CASE("low-degree: exact low orders") {
  // E R = 0 and E R^2 = (lambda^2/2)(1 - 1/n) for spiked Wigner with any rho (R = (lambda/2n)
  // sum_{i != j} v_i v_j, E v^2 = 1), so ||L^{<=1}||^2 = 1 and ||L^{<=2}||^2 = 1 + (lambda^2/4)(1 - 1/n)
  // (derived from E(x.x')^4 = 3n^2 - 2n for rho = 1; the same for rho < 1). Planted submatrix:
  // E K(K-1) = n(n-1) rho^4, so ||L^{<=1}||^2 = 1 + lambda^2 n(n-1) rho^4 / 2. Tolerance 1e-12
  // relative.
  for (const double rho : {1.0, 0.5, 0.2}) {
    for (const int n : {50, 800}) {
      CAPTURE(rho);
      CAPTURE(n);
      CHECK(norm_wigner(n, 0.9, 1, rho) == doctest::Approx(1.0).epsilon(1e-12));
      CHECK(norm_wigner(n, 0.9, 2, rho) == doctest::Approx(1 + 0.81 / 4 * (1 - 1.0 / n)).epsilon(1e-12));
    }
  }
  CHECK(norm_submatrix(2000, 0.1, 1, 0.05) == doctest::Approx(1 + 0.01 * 2000 * 1999 * std::pow(0.05, 4) / 2).epsilon(1e-12));
  CHECK(norm_submatrix(2000, 0.1, 0, 0.05) == doctest::Approx(1.0).epsilon(1e-12));  // sum of the Bin pmf
}

TEST_CASE("low-degree: Monte-Carlo over sampled pairs of prior draws") {
  // Mean of sum_{d<=D} R^d/d! over M independent pairs (x, x') drawn from the prior; criterion
  // |exact - MC| <= t standard errors (CLT, t the quantile of tests/statistics.hpp).
  std::mt19937_64 rng(2026);
  SUBCASE("spiked Wigner, Rademacher, n = 800: x.x' = n - 2 popcount(x xor x')") {
    const int n = 800, W = (n + 63) / 64, M = 300000;
    const std::uint64_t last = (std::uint64_t(1) << (n % 64)) - 1;
    for (const double lambda : {0.5, 0.9, 1.2}) {
      const int D = 6;
      double s = 0, s2 = 0;
      for (int t = 0; t < M; ++t) {
        int pc = 0;
        for (int w = 0; w < W; ++w) {
          std::uint64_t z = rng() ^ rng();
          if (w == W - 1 && n % 64) z &= last;
          pc += std::popcount(z);
        }
        const double S = n - 2.0 * pc, R = lambda * (S * S - n) / (2.0 * n);
        const double v = texp(R, D);
        s += v;
        s2 += v * v;
      }
      const double mean = s / M, se = std::sqrt((s2 / M - mean * mean) / M);
      const double exact = norm_wigner(n, lambda, D, 1.0);
      MESSAGE("lambda = " << lambda << ": exact " << exact << ", MC " << mean << " +- " << se);
      CHECK(test::within_error_bar(mean, exact, se, test::error_bar(M)));
    }
  }
  SUBCASE("spiked Wigner, sparse Rademacher rho = 0.4, n = 300") {
    const int n = 300, M = 30000, D = 4;
    const double rho = 0.4, lambda = 0.8, amp = 1 / std::sqrt(rho);
    std::uniform_real_distribution<double> U;
    auto draw = [&] {
      const double u = U(rng);
      return u < rho / 2 ? amp : (u < rho ? -amp : 0.0);
    };
    double s = 0, s2 = 0;
    for (int t = 0; t < M; ++t) {
      double S = 0, Q = 0;
      for (int i = 0; i < n; ++i) {
        const double v = draw() * draw();
        S += v;
        Q += v * v;
      }
      const double val = texp(lambda * (S * S - Q) / (2.0 * n), D);
      s += val;
      s2 += val * val;
    }
    const double mean = s / M, se = std::sqrt((s2 / M - mean * mean) / M);
    const double exact = norm_wigner(n, lambda, D, rho);
    MESSAGE("sparse: exact " << exact << ", MC " << mean << " +- " << se);
    CHECK(test::within_error_bar(mean, exact, se, test::error_bar(M)));
  }
  SUBCASE("planted submatrix, n = 2000, rho = 0.05, lambda = 0.1 (mu = 0.5): sets by geometric gaps") {
    const int n = 2000, M = 100000;
    const double rho = 0.05, lambda = 0.1;
    std::geometric_distribution<int> gap(rho);
    std::vector<int> A, B;
    auto draw = [&](std::vector<int>& S) {
      S.clear();
      for (int i = gap(rng); i < n; i += 1 + gap(rng)) S.push_back(i);
    };
    const int Ds[2] = {2, 8};
    double s[2] = {0, 0}, s2[2] = {0, 0};
    std::vector<int> C;
    for (int t = 0; t < M; ++t) {
      draw(A);
      draw(B);
      C.clear();
      std::set_intersection(A.begin(), A.end(), B.begin(), B.end(), std::back_inserter(C));
      const double K = static_cast<double>(C.size());
      for (int k = 0; k < 2; ++k) {
        const double val = texp(lambda * lambda * K * (K - 1) / 2, Ds[k]);
        s[k] += val;
        s2[k] += val * val;
      }
    }
    for (int k = 0; k < 2; ++k) {
      const double mean = s[k] / M, se = std::sqrt((s2[k] / M - mean * mean) / M);
      const double exact = norm_submatrix(n, lambda, Ds[k], rho);
      MESSAGE("submatrix D = " << Ds[k] << ": exact " << exact << ", MC " << mean << " +- " << se);
      CHECK(test::within_error_bar(mean, exact, se, test::error_bar(M)));
    }
  }
}

TEST_CASE("low-degree: the n -> infinity limits and the rate of approach") {
  // The chi^2_1 central-moment recursion against the binomial formula E(G^2 - 1)^d =
  // sum_k C(d,k) (-1)^{d-k} (2k-1)!! (1e-12), and the D -> infinity sum against
  // e^{-lambda/2} (1 - lambda)^{-1/2} (docs/landscape.md, "low-degree: conventions"; 1e-12 at
  // D = 400).
  for (const double lambda : {0.3, 0.9}) {
    double sum = 1;  // d = 0
    for (int D = 1; D <= 12; ++D) {
      double mu = 0;
      for (int k = 0; k <= D; ++k) {
        double df = 1;  // (2k - 1)!!
        for (int j = 1; j <= k; ++j) df *= 2 * j - 1;
        mu += std::tgamma(D + 1.0) / (std::tgamma(k + 1.0) * std::tgamma(D - k + 1.0)) * ((D - k) % 2 ? -1 : 1) * df;
      }
      sum += std::pow(lambda / 2, D) * mu / std::tgamma(D + 1.0);
      CHECK(ld_norm_wigner_limit(lambda, D) == doctest::Approx(sum).epsilon(1e-13));
    }
    CHECK(ld_norm_wigner_limit(lambda, 400) == doctest::Approx(std::exp(-lambda / 2) / std::sqrt(1 - lambda)).epsilon(1e-12));
  }
  // lambda = 1.2 > 1: the limit grows without bound in D (terms ~ lambda^D / sqrt(D)).
  CHECK(ld_norm_wigner_limit(1.2, 64) > 1e3);
  CHECK(ld_norm_wigner_limit(1.2, 128) > 1e3 * ld_norm_wigner_limit(1.2, 64));
  // Rate: at fixed D the finite-n norm approaches the limit as c/n: the gap halves when n doubles
  // (criterion: ratio in [1.8, 2.2]; measured ratios ~2.0).
  auto ratios = [](auto f, double lim, std::vector<int> ns) {
    std::vector<double> gap;
    for (const int n : ns) gap.push_back(lim - f(n));
    for (size_t k = 0; k + 1 < gap.size(); ++k) {
      MESSAGE("n-gap " << gap[k] << " -> " << gap[k + 1] << " ratio " << gap[k] / gap[k + 1]);
      CHECK(gap[k] / gap[k + 1] > 1.8);
      CHECK(gap[k] / gap[k + 1] < 2.2);
    }
  };
  ratios([](int n) { return norm_wigner(n, 0.5, 8, 1.0); }, ld_norm_wigner_limit(0.5, 8), {250, 500, 1000, 2000});
  ratios([](int n) { return norm_wigner(n, 0.9, 8, 0.5); }, ld_norm_wigner_limit(0.9, 8), {250, 500, 1000});
  // planted submatrix at fixed mu = lambda rho^2 n = 1, rho = 0.2
  ratios([](int n) { return norm_submatrix(n, 1.0 / (0.04 * n), 6, 0.2); }, ld_norm_submatrix_limit(1.0, 6),
         {500, 1000, 2000, 4000});  // the O(1/n^2) part is larger here: ratio 2.24 from 250
}

TEST_CASE("low-degree model: observables, thresholds and errors") {
  auto m = test::make("low-degree", {{"lambda", "0.9"}, {"n", "400"}, {"D", "8"}});
  const Vec o = m->observables(m->initial_state());
  CHECK(o[0] == doctest::Approx(norm_wigner(400, 0.9, 8, 1.0)));
  CHECK(o[2] == doctest::Approx(ld_norm_wigner_limit(0.9, 8)));
  CHECK(o[3] == 1.0);
  REQUIRE(m->hints().natural_threshold.exact.has_value());
  CHECK(*m->hints().natural_threshold.exact == 1.0);  // the closed-form spiked-Wigner threshold
  auto s = test::make("low-degree", {{"model", "planted-submatrix"}, {"lambda", "0.1"}, {"n", "2000"}});
  const Vec os = s->observables(s->initial_state());
  CHECK(os[3] == doctest::Approx(1 / (0.0025 * 2000)));  // default rho = 0.05
  CHECK(os[5] == doctest::Approx(0.5));                   // mu
  CHECK(s->hints().natural_threshold.parameter.empty());
  // The loss is the kernel T_D(r): its value at r is the truncated exponential.
  CHECK(m->loss(Vec::Constant(1, 0.7)) == doctest::Approx(texp(0.7, 8)));
  CHECK_THROWS_WITH_AS(test::make("low-degree", {{"lambda", "200"}, {"n", "2000"}, {"D", "200"}}),
                       doctest::Contains("beyond double range"), std::invalid_argument);
  CHECK_THROWS_AS(test::make("low-degree", {{"rho", "0"}}), std::invalid_argument);
}

TEST_CASE("low-degree: the identity ||L^{<=D}||^2 = E sum_{d<=D} R^d/d! against a direct Hermite projection") {
  // Spiked Wigner with n = 3 (N = 3 observed entries Y_12, Y_13, Y_23), Rademacher prior,
  // lambda = 1.5. The likelihood ratio L(Y) = E_x exp(<mu(x), Y> - |mu(x)|^2/2) is projected on
  // the orthonormal Hermite polynomials h_a(Y) = prod_e He_{a_e}(Y_e)/sqrt(a_e!) with |a| <= D
  // by 40-point Gauss-Hermite quadrature per axis (Golub-Welsch); ||L^{<=D}||^2 = sum_a <L, h_a>^2.
  // Independent of the overlap formula. Tolerance 1e-10 relative (quadrature exact to ~1e-14
  // for these entire integrands).
  const int n = 3, Q = 40;
  const double lambda = 1.5;
  Mat Jm = Mat::Zero(Q, Q);
  for (int k = 1; k < Q; ++k) Jm(k, k - 1) = Jm(k - 1, k) = std::sqrt(double(k));
  Eigen::SelfAdjointEigenSolver<Mat> es(Jm);
  const Vec nodes = es.eigenvalues();
  Vec weights(Q);
  for (int k = 0; k < Q; ++k) weights[k] = es.eigenvectors()(0, k) * es.eigenvectors()(0, k);  // sum 1
  const int Dmax = 5;
  // normalised He_k at every node
  std::vector<std::vector<double>> H(Q, std::vector<double>(Dmax + 1));
  for (int q = 0; q < Q; ++q) {
    H[q][0] = 1;
    H[q][1] = nodes[q];
    for (int k = 1; k < Dmax; ++k) H[q][k + 1] = nodes[q] * H[q][k] - k * H[q][k - 1];
    double f = 1;
    for (int k = 1; k <= Dmax; ++k) {
      f *= k;
      H[q][k] /= std::sqrt(f);
    }
  }
  // the 4 distinct signals (x and -x give the same mu): mu_e = sqrt(lambda/n) x_i x_j
  std::vector<std::array<double, 3>> mus;
  for (int s = 0; s < 8; ++s) {
    const double x[3] = {(s & 1) ? 1.0 : -1.0, (s & 2) ? 1.0 : -1.0, (s & 4) ? 1.0 : -1.0};
    const double c = std::sqrt(lambda / n);
    mus.push_back({c * x[0] * x[1], c * x[0] * x[2], c * x[1] * x[2]});
  }
  // coefficients <L, h_a> for all a with |a| <= Dmax
  std::vector<double> coef;
  std::vector<int> deg;
  for (int a = 0; a <= Dmax; ++a)
    for (int b = 0; a + b <= Dmax; ++b)
      for (int c = 0; a + b + c <= Dmax; ++c) {
        double s = 0;
        for (int i = 0; i < Q; ++i)
          for (int j = 0; j < Q; ++j)
            for (int k = 0; k < Q; ++k) {
              double L = 0;
              for (const auto& mu : mus)
                L += std::exp(mu[0] * nodes[i] + mu[1] * nodes[j] + mu[2] * nodes[k] -
                              0.5 * (mu[0] * mu[0] + mu[1] * mu[1] + mu[2] * mu[2])) / 8;
              s += weights[i] * weights[j] * weights[k] * L * H[i][a] * H[j][b] * H[k][c];
            }
        coef.push_back(s);
        deg.push_back(a + b + c);
      }
  for (int D = 0; D <= Dmax; ++D) {
    double norm = 0;
    for (size_t t = 0; t < coef.size(); ++t)
      if (deg[t] <= D) norm += coef[t] * coef[t];
    CAPTURE(D);
    CHECK(norm == doctest::Approx(norm_wigner(n, lambda, D, 1.0)).epsilon(1e-10));
  }
}
