// The franz-parisi model: the cumulant generating function against Monte-Carlo, the Legendre
// transform I(m) against the exact finite-n law of the overlap of independent prior draws
// (lattice enumeration; the Bessel density for the Gaussian prior), and the thresholds against
// an independent dense scan with plain bisection.
#include "tests/statistics.hpp"
#include "tests/support.hpp"
#include "models/landscape/franz_parisi.hpp"
#include "solvers/integrate.hpp"
#include "solvers/stability.hpp"

#include <boost/math/special_functions/bessel.hpp>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

using namespace summit;
using namespace summit::landscape;

namespace {

// log sum_i exp(l_i)
double log_sum_exp(const std::vector<double>& l) {
  double mx = -INFINITY;
  for (double x : l) mx = std::max(mx, x);
  double s = 0;
  for (double x : l) s += std::exp(x - mx);
  return mx + std::log(s);
}

double log_multinomial(int n, int a, int b, int c) {
  return std::lgamma(n + 1.0) - std::lgamma(a + 1.0) - std::lgamma(b + 1.0) - std::lgamma(c + 1.0);
}

// A law on three overlap values v0 < v1 < v2 with weights w (the test's own tilted moments, for
// the Bahadur-Rao prefactor, and its own Legendre transform by bisection).
struct Law3 {
  double v[3], w[3];
  double Lambda(double th) const {
    double z = 0;
    for (int k = 0; k < 3; ++k) z += w[k] * std::exp(th * v[k]);
    return std::log(z);
  }
  double mean(double th) const {
    double z = 0, s = 0;
    for (int k = 0; k < 3; ++k) {
      z += w[k] * std::exp(th * v[k]);
      s += w[k] * v[k] * std::exp(th * v[k]);
    }
    return s / z;
  }
  double var(double th) const {
    const double mu = mean(th);
    double z = 0, s = 0;
    for (int k = 0; k < 3; ++k) {
      z += w[k] * std::exp(th * v[k]);
      s += w[k] * (v[k] - mu) * (v[k] - mu) * std::exp(th * v[k]);
    }
    return s / z;
  }
  double theta(double m) const {  // bisection on the increasing mean(th) = m
    double lo = -60, hi = 60;
    for (int it = 0; it < 64; ++it) {  // 120 / 2^64 ~ 7e-18
      const double mid = 0.5 * (lo + hi);
      (mean(mid) < m ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
  }
  double rate(double m) const {
    const double th = theta(m);
    return th * m - Lambda(th);
  }
};

}  // namespace

TEST_CASE("franz-parisi: Lambda(theta) = log E exp(theta x x') against Monte-Carlo over prior draws") {
  // x, x' sampled from the prior itself (not from the law of x x' the code builds), 4e5 pairs.
  // Criterion: |E exp(theta x x') - exp(Lambda)| <= t standard errors (CLT, t from tests/statistics.hpp; the variance of
  // exp(theta x x') is finite for these theta, for the Gaussian since 2 theta < 1).
  std::mt19937_64 rng(7);
  struct Case {
    Prior prior;
    std::vector<double> support, probs;  // empty: Gaussian
    double theta;
  };
  const double s3 = 1 / std::sqrt(0.3);
  std::vector<Case> cases = {
      {Prior::gaussian(), {}, {}, 0.3},
      {Prior::gaussian(), {}, {}, -0.45},
      {Prior::sparse_rademacher(0.3), {-s3, 0, s3}, {0.15, 0.7, 0.15}, 0.4},
      {Prior::discrete({-1, 2}, {2.0 / 3, 1.0 / 3}), {-1, 2}, {2.0 / 3, 1.0 / 3}, 0.35},
      {Prior::discrete({-1, 2}, {2.0 / 3, 1.0 / 3}), {-1, 2}, {2.0 / 3, 1.0 / 3}, -0.5},
      {Prior::rademacher(), {-1, 1}, {0.5, 0.5}, 1.3},
  };
  for (const auto& c : cases) {
    CAPTURE(c.theta);
    std::normal_distribution<double> N;
    std::discrete_distribution<int> pick(c.probs.begin(), c.probs.end());
    auto draw = [&] { return c.support.empty() ? N(rng) : c.support[pick(rng)]; };
    const int M = 400000;
    double s = 0, s2 = 0;
    for (int i = 0; i < M; ++i) {
      const double e = std::exp(c.theta * draw() * draw());
      s += e;
      s2 += e * e;
    }
    const double mean = s / M, se = std::sqrt((s2 / M - mean * mean) / M);
    CHECK(test::within_error_bar(mean, std::exp(c.prior.Lambda(c.theta)), se, test::error_bar(M)));  // M = 4e5 draws
    // Lambda' and Lambda'' against central differences of Lambda (error O(h^2) ~ 1e-9).
    const double h = 1e-4;
    CHECK(c.prior.dLambda(c.theta) ==
          doctest::Approx((c.prior.Lambda(c.theta + h) - c.prior.Lambda(c.theta - h)) / (2 * h)).epsilon(1e-7));
    CHECK(c.prior.d2Lambda(c.theta) ==
          doctest::Approx((c.prior.Lambda(c.theta + h) - 2 * c.prior.Lambda(c.theta) + c.prior.Lambda(c.theta - h)) /
                          (h * h))
              .epsilon(1e-5));
  }
}

TEST_CASE("franz-parisi: Rademacher I(m) against the exact binomial law of x.x'") {
  // S = x.x' = n - 2K, K ~ Bin(n, 1/2). Bahadur-Rao for a lattice law of span h = 2:
  //   P(S = n m) = h / sqrt(2 pi n Lambda''(theta_m)) e^{-n I(m)} (1 + O(1/n)),
  // Lambda''(theta_m) = 1 - m^2, so -log P/n - log(2 pi n (1 - m^2)/4)/(2n) = I(m) + O(1/n^2).
  // Criterion: the residual is < 2e-6 at n = 800 (the uncorrected gap is ~4e-3) and shrinks by
  // a factor > 3 from n = 400 to 800 (second order; measured factors ~4).
  const Prior p = Prior::rademacher();
  for (const double m : {0.1, 0.35, 0.6, 0.85}) {
    double res[2];
    int i = 0;
    for (const int n : {400, 800}) {
      const int k = static_cast<int>(std::lround(n * (1 - m) / 2));
      const double mm = 1 - 2.0 * k / n;
      const double logP = std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) - n * std::log(2.0);
      res[i++] = -logP / n - std::log(2 * std::numbers::pi * n * (1 - mm * mm) / 4) / (2 * n) - p.rate(mm);
    }
    CAPTURE(m);
    MESSAGE("m = " << m << ": residual " << res[0] << " -> " << res[1]);
    CHECK(std::abs(res[1]) < 2e-6);
    CHECK(std::abs(res[1]) < std::abs(res[0]) / 3);
  }
}

TEST_CASE("franz-parisi: sparse Rademacher and an asymmetric user prior, I(m) against exact lattice laws") {
  // The exact law of S = sum_i x_i x'_i from the multinomial counts of the values of x x';
  // Bahadur-Rao correction with the test's own tilted variance (Law3) and the lattice span h.
  // Criterion as for Rademacher: residual < 1e-5 at n = 600 and shrinking by > 2.5 from 300.
  SUBCASE("sparse Rademacher rho = 0.5: x x' in {-2, 0, 2}, span 2") {
    const Prior p = Prior::sparse_rademacher(0.5);
    const Law3 law{{-2, 0, 2}, {0.125, 0.75, 0.125}};
    for (const double m : {0.2, 0.7, 1.3}) {
      double res[2];
      int i = 0;
      for (const int n : {300, 600}) {
        const int j = static_cast<int>(std::lround(n * m / 2));  // S = 2 (a - b) = 2 j
        const double mm = 2.0 * j / n;
        std::vector<double> terms;
        for (int b = 0; b + j + b <= n; ++b) {
          const int a = b + j, c = n - a - b;
          terms.push_back(log_multinomial(n, a, b, c) + (a + b) * std::log(0.125) + c * std::log(0.75));
        }
        const double logP = log_sum_exp(terms);
        const double var = law.var(law.theta(mm));
        res[i++] = -logP / n - std::log(2 * std::numbers::pi * n * var / 4) / (2 * n) - p.rate(mm);
        // the test's own Legendre transform agrees with the closed form of the model
        CHECK(law.rate(mm) == doctest::Approx(p.rate(mm)).epsilon(1e-10));
      }
      CAPTURE(m);
      MESSAGE("m = " << m << ": residual " << res[0] << " -> " << res[1]);
      CHECK(std::abs(res[1]) < 1e-5);
      CHECK(std::abs(res[1]) < std::abs(res[0]) / 2.5);
    }
  }
  SUBCASE("user prior x in {-1, 2} w.p. {2/3, 1/3}: x x' in {-2, 1, 4}, span 3, asymmetric") {
    const Prior p = Prior::discrete({-1, 2}, {2.0 / 3, 1.0 / 3});
    const Law3 law{{-2, 1, 4}, {4.0 / 9, 4.0 / 9, 1.0 / 9}};
    for (const double m : {-1.2, -0.4, 0.5, 1.5, 3.0}) {
      double res[2];
      int i = 0;
      for (const int n : {300, 600}) {
        // S = -2a + b + 4c, a + b + c = n: S = n + 3(c - a). Nearest reachable S to n m.
        const int j = static_cast<int>(std::lround((n * m - n) / 3));  // c - a = j
        const double mm = (n + 3.0 * j) / n;
        std::vector<double> terms;
        for (int a = 0; a <= n; ++a) {
          const int c = a + j, b = n - a - c;
          if (c < 0 || b < 0) continue;
          terms.push_back(log_multinomial(n, a, b, c) + (a + b) * std::log(4.0 / 9) + c * std::log(1.0 / 9));
        }
        const double logP = log_sum_exp(terms);
        const double var = law.var(law.theta(mm));
        res[i++] = -logP / n - std::log(2 * std::numbers::pi * n * var / 9) / (2 * n) - p.rate(mm);
        CHECK(law.rate(mm) == doctest::Approx(p.rate(mm)).epsilon(1e-9));
      }
      CAPTURE(m);
      MESSAGE("m = " << m << ": residual " << res[0] << " -> " << res[1]);
      CHECK(std::abs(res[1]) < 1e-5);
      CHECK(std::abs(res[1]) < std::abs(res[0]) / 2.5);
    }
  }
}

TEST_CASE("franz-parisi: Gaussian I(m) against the exact density of x.x' (Bessel K)") {
  // S = sum_i g_i g'_i has density f(s) = |s|^nu K_nu(|s|) / (sqrt(pi) Gamma(n/2) 2^nu), nu =
  // (n - 1)/2 (characteristic function (1 + t^2)^{-n/2}). Continuous Bahadur-Rao: the density of
  // m = S/n is sqrt(n / (2 pi Lambda''(theta_m))) e^{-n I(m)} (1 + O(1/n)), Lambda''(theta) =
  // (1 + theta^2)/(1 - theta^2)^2 (computed here from theta_m). Criterion: residual < 2e-5 at
  // n = 300 and shrinking by > 2.5 from n = 150 (n m <= 600 keeps K_nu above underflow).
  const Prior p = Prior::gaussian();
  for (const double m : {0.2, 0.8, 2.0}) {
    double res[2];
    int i = 0;
    for (const int n : {150, 300}) {
      const double nu = (n - 1) / 2.0, s = n * m;
      const double logf = nu * std::log(s) + std::log(boost::math::cyl_bessel_k(nu, s)) -
                          0.5 * std::log(std::numbers::pi) - std::lgamma(n / 2.0) - nu * std::log(2.0);
      const double th = 2 * m / (1 + std::sqrt(1 + 4 * m * m));
      const double var = (1 + th * th) / ((1 - th * th) * (1 - th * th));
      const double logdens = std::log(double(n)) + logf;
      res[i++] = -logdens / n + std::log(n / (2 * std::numbers::pi * var)) / (2 * n) - p.rate(m);
    }
    CAPTURE(m);
    MESSAGE("m = " << m << ": residual " << res[0] << " -> " << res[1]);
    CHECK(std::abs(res[1]) < 2e-5);
    CHECK(std::abs(res[1]) < std::abs(res[0]) / 2.5);
  }
}

TEST_CASE("franz-parisi: the generic Legendre transform agrees with the closed forms") {
  // Rademacher and sparse Rademacher through the discrete path (safeguarded Newton on
  // Lambda'(theta) = m) vs atanh / the quadratic in exp(theta/rho); also near the ends of the
  // support. Tolerance: 1e-10 relative (both are exact up to rounding; near the end theta is
  // conditioned by 1/(m_max - m)).
  for (const Prior& p : {Prior::rademacher(), Prior::sparse_rademacher(0.3), Prior::sparse_rademacher(0.8)}) {
    const Prior g = p.as_discrete();
    for (const double f : {-0.999, -0.7, -0.2, 1e-3, 0.3, 0.9, 0.9999}) {
      const double m = f * p.m_hi();
      CAPTURE(m);
      CHECK(g.theta(m) == doctest::Approx(p.theta(m)).epsilon(1e-10));
      CHECK(g.rate(m) == doctest::Approx(p.rate(m)).epsilon(1e-10));
    }
    CHECK(g.rate(g.m_hi()) == doctest::Approx(p.rate(p.m_hi())).epsilon(1e-14));
  }
  // A user prior equal to sparse Rademacher (rho = 0.25) built from its support.
  const Prior u = Prior::discrete({-2, 0, 2}, {0.125, 0.75, 0.125});
  const Prior s = Prior::sparse_rademacher(0.25);
  for (const double m : {0.5, 2.0, 3.9}) CHECK(u.rate(m) == doctest::Approx(s.rate(m)).epsilon(1e-10));
  CHECK(u.lambda_local() == doctest::Approx(1.0));
  // Bad input names the parameter.
  CHECK_THROWS_WITH_AS(Prior::discrete({0, 1}, {0.5, 0.5}), doctest::Contains("mean 0"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(Prior::discrete({-1, 1}, {0.5}), doctest::Contains("probs"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(test::make("franz-parisi", {{"prior", "user"}}), doctest::Contains("support"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(test::make("franz-parisi", {{"rho", "0.3"}}), doctest::Contains("rho"),
                       std::invalid_argument);
}

TEST_CASE("franz-parisi: thresholds against an independent dense scan") {
  // Oracle: the test's own Legendre transform (bisection, Law3) on a uniform grid of 20000
  // points of (0, m_max), min of theta(m)/m and 2 I(m)/m^2 (and 2 I(m_max)/m_max^2 = 2 log(2/rho^2)
  // rho^2 at the end). Tolerance 2e-6 relative: the grid min of a smooth function overshoots
  // by O(h^2 f'') ~ 1e-7 here.
  MESSAGE("rho, lambda_mono, m_mono, lambda_level, m_level (table in docs/landscape.md)");
  for (const double rho : {0.9, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05}) {
    const double r2 = rho * rho;
    const Law3 law{{-1 / rho, 0, 1 / rho}, {r2 / 2, 1 - r2, r2 / 2}};
    const double M = 1 / rho;
    double mono = 1, level = std::min(1.0, 2 * std::log(2 / r2) * r2);
    for (int k = 1; k < 20000; ++k) {
      const double m = M * k / 20000.0;
      const double th = law.theta(m);
      mono = std::min(mono, th / m);
      if (m > 0.05 * M) level = std::min(level, 2 * (th * m - law.Lambda(th)) / (m * m));
    }
    const FpThresholds t = fp_thresholds(Prior::sparse_rademacher(rho));
    MESSAGE(rho << "  " << t.lambda_mono << "  " << t.m_mono << "  " << t.lambda_level << "  " << t.m_level);
    CAPTURE(rho);
    CHECK(t.lambda_local == doctest::Approx(1.0).epsilon(1e-14));
    CHECK(t.lambda_mono == doctest::Approx(mono).epsilon(2e-6));
    CHECK(t.lambda_level == doctest::Approx(level).epsilon(2e-6));
    CHECK(t.lambda_mono <= t.lambda_level + 1e-12);
  }
  // The thresholds drop below 1 exactly when the fourth cumulant of x x' (1/rho^2 - 3) is
  // positive, i.e. rho < 1/sqrt(3) = 0.57735: near m = 0, I'(m)/m = 1 - kappa4 m^2/6 + O(m^4).
  // (An earlier expectation, "both < 1 for every rho < 1", is contradicted: see docs/landscape.md.)
  CHECK(fp_thresholds(Prior::sparse_rademacher(0.585)).lambda_mono == 1.0);
  CHECK(fp_thresholds(Prior::sparse_rademacher(0.585)).lambda_level == 1.0);
  CHECK(fp_thresholds(Prior::sparse_rademacher(0.57)).lambda_mono < 1.0);
  CHECK(fp_thresholds(Prior::sparse_rademacher(0.57)).lambda_level < 1.0);
  {
    const Prior p = Prior::sparse_rademacher(0.4);
    const double k4 = 1 / 0.16 - 3, m = 0.02;
    CHECK(p.theta(m) / m == doctest::Approx(1 - k4 * m * m / 6).epsilon(1e-6));  // O(m^4) ~ 1e-7
  }
  // Small rho: lambda_level -> 2 rho^2 log(2/rho^2) (the value at m_max = 1/rho, where
  // I = log(2/rho^2); docs/landscape.md): ratio -> 1.
  for (const double rho : {0.05, 0.01}) {
    const double a = 2 * rho * rho * std::log(2 / (rho * rho));
    const double l = fp_thresholds(Prior::sparse_rademacher(rho)).lambda_level;
    CAPTURE(rho);
    CHECK(l <= a + 1e-15);
    CHECK(l / a > 0.999);
  }
  // Rademacher: atanh(m)/m and 2 I(m)/m^2 are >= 1, attained as m -> 0.
  const FpThresholds r = fp_thresholds(Prior::rademacher());
  CHECK(r.lambda_mono == 1.0);
  CHECK(r.lambda_level == 1.0);
  CHECK(r.m_mono == 0.0);
  // Gaussian: theta(m)/m = 2/(1 + sqrt(1 + 4 m^2)) -> 0, so 0 without a cap; with m_cap = 2 the
  // infimum is at the cap: 2/(1 + sqrt 17); level: 2 I(2)/4 from the closed-form Gaussian I(m).
  const FpThresholds g = fp_thresholds(Prior::gaussian());
  CHECK(g.lambda_mono == 0.0);
  CHECK(g.m_mono == -1.0);
  const FpThresholds gc = fp_thresholds(Prior::gaussian(), 2.0);
  CHECK(gc.lambda_mono == doctest::Approx(2 / (1 + std::sqrt(17.0))).epsilon(1e-12));
  CHECK(gc.m_mono == doctest::Approx(2.0));
  const double s17 = std::sqrt(17.0);
  CHECK(gc.lambda_level == doctest::Approx(2 * (0.5 * (s17 - 1) - 0.5 * std::log((1 + s17) / 2)) / 4).epsilon(1e-12));
}

TEST_CASE("franz-parisi model: drift = Phi', stability of m = 0 changes at lambda_local, flow to the metastable maximum") {
  // Phi' against central differences of the Phi observable (O(h^2) ~ 1e-10); the Jacobian at
  // m = 0 is lambda - I''(0) = lambda - 1.
  for (const std::string prior : {"rademacher", "gaussian", "sparse-rademacher", "user"}) {
    std::map<std::string, std::string> ps{{"prior", prior}, {"lambda", "0.7"}};
    if (prior == "user") {
      ps["support"] = "-1,2";
      ps["probs"] = "0.6666666666666667,0.3333333333333333";
    }
    auto m = test::make("franz-parisi", ps);
    CAPTURE(prior);
    for (const double x : {-0.4, 0.1, 0.45}) {
      Vec dx;
      m->drift(Vec::Constant(1, x), dx);
      const double h = 1e-5;
      const double fd = (m->observables(Vec::Constant(1, x + h))[0] - m->observables(Vec::Constant(1, x - h))[0]) / (2 * h);
      CHECK(dx[0] == doctest::Approx(fd).epsilon(1e-7));
      CHECK(m->loss(Vec::Constant(1, x)) == doctest::Approx(-m->observables(Vec::Constant(1, x))[0]));
    }
    Vec dx;
    Mat J;
    m->drift_jacobian(Vec::Zero(1), dx, J);
    const double ll = prior == "user" ? 1.0 / 4 : 1.0;  // E x^2 = 2 for the user prior
    CHECK(J(0, 0) == doctest::Approx(0.7 - ll).epsilon(1e-10));
    Mat H;
    m->loss_hessian(Vec::Constant(1, 0.3), H);
    const double th = m->observables(Vec::Constant(1, 0.3))[3];
    const double h = 1e-5;
    const double dth = (m->observables(Vec::Constant(1, 0.3 + h))[3] - m->observables(Vec::Constant(1, 0.3 - h))[3]) / (2 * h);
    CHECK(H(0, 0) == doctest::Approx(dth - 0.7).epsilon(1e-7));  // I'' - lambda
    (void)th;
  }
  // Sparse Rademacher rho = 0.3, lambda = 0.8 in (lambda_mono = 0.4928, 1): Phi has a local
  // maximum m2 > 0 where I'(m2)/m2 = lambda on its decreasing side. The gradient ascent of Phi
  // from m0 = 3 (m_max = 3.33) converges to m2, found independently by bisection (Law3).
  auto m = test::make("franz-parisi", {{"prior", "sparse-rademacher"}, {"rho", "0.3"}, {"lambda", "0.8"}, {"m0", "3"}});
  const Law3 law{{-1 / 0.3, 0, 1 / 0.3}, {0.045, 0.91, 0.045}};
  double lo = 2.6, hi = 0.99999 / 0.3;  // g(m) = theta(m)/m increases through 0.8 on [2.6, hi]
  REQUIRE(law.theta(lo) / lo < 0.8);
  REQUIRE(law.theta(hi) / hi > 0.8);
  for (int it = 0; it < 100; ++it) {
    const double mid = 0.5 * (lo + hi);
    (law.theta(mid) / mid < 0.8 ? lo : hi) = mid;
  }
  IntegrateOptions io;
  io.times = {0, 200};
  const Trajectory tr = integrate(*m, m->initial_state(), io);
  REQUIRE(tr.status == Status::Ok);
  CHECK(tr.x.back()[0] == doctest::Approx(lo).epsilon(1e-8));
  const Stability st = analyse_stability(*m, tr.x.back());
  CHECK(st.type == "stable");
  // ... while m = 0 is also stable (lambda < lambda_local = 1): the hard-phase picture.
  CHECK(analyse_stability(*m, Vec::Zero(1)).type == "stable");
  const auto nt = m->hints().natural_threshold;
  CHECK(nt.parameter == "lambda");
  CHECK(nt.observable == "mono_gap");
}
