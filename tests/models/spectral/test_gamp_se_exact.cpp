// The GAMP state evolution by quadrature for norm2, z1z2 and abs-z1z2
// (models/spectral/gamp_se_exact.hpp): the Bessel ratio against closed forms and an angular
// integral, norm2 against the abs channel (p = 1), its slope at q = 0 and a Monte-Carlo estimate
// with the posterior mean by importance sampling of the sphere; the hyperbola posterior against
// importance sampling in z1, its quadrature against Monte-Carlo, the map's symmetries, its
// Jacobian at Q = 0 against alpha F, and the model's thresholds and fixed points.
#include "tests/statistics.hpp"
#include "tests/support.hpp"
#include "z1z2_oracle.hpp"
#include "models/spectral/gamp_se.hpp"
#include "models/spectral/gamp_se_exact.hpp"
#include "models/spectral/weak_recovery.hpp"
#include "solvers/continuation.hpp"
#include "solvers/fixed_points.hpp"

#include <Eigen/Dense>

#include <cmath>
#include <numbers>
#include <random>

using namespace summit;
using namespace summit::spectral;

TEST_CASE("bessel_ratio: closed forms, an angular integral, and the regime boundaries") {
  // nu = 1/2: tanh exactly; nu = 3/2: coth k - 1/k (the p = 3 vMF mean resultant length), checked
  // for k >= 0.5 where the closed form has no cancellation (relative 1e-13: rounding).
  for (double k : {0.0, 0.2, 3.0, 40.0, 400.0}) CHECK(bessel_ratio(0.5, k) == std::tanh(k));
  for (double k : {0.5, 2.0, 30.0, 49.9, 50.1, 300.0, 599.0, 601.0, 5000.0})
    CHECK(bessel_ratio(1.5, k) == doctest::Approx(1 / std::tanh(k) - 1 / k).epsilon(1e-13));
  // nu = 1 (p = 2): A_1(k) = int cos(t) e^{k (cos t - 1)} dt / int e^{k (cos t - 1)} dt over a
  // period, by the trapezoidal rule with 4000 points (exponentially accurate for periodic analytic
  // integrands; the scaled exponent avoids overflow): relative 1e-12.
  for (double k : {0.3, 5.0, 49.0, 51.0, 200.0, 700.0, 3000.0}) {
    double num = 0, den = 0;
    const int N = 4000;
    for (int i = 0; i < N; ++i) {
      const double t = 2 * std::numbers::pi * i / N, e = std::exp(k * (std::cos(t) - 1));
      num += std::cos(t) * e;
      den += e;
    }
    CHECK(bessel_ratio(1.0, k) == doctest::Approx(num / den).epsilon(1e-12));
  }
  // Small k: A_nu(k) = k / (2 nu) (1 + O(k^2)).
  CHECK(bessel_ratio(16.0, 1e-8) == doctest::Approx(1e-8 / 32).epsilon(1e-12));
  CHECK_THROWS_AS(bessel_ratio(0.2, 1.0), std::invalid_argument);
}

TEST_CASE("norm2 SE: p = 1 is the abs channel; the slope at q = 0 is 2/p") {
  // p = 1: y = z^2 carries the same information as |z| and A_{1/2} = tanh, so the map equals the
  // abs channel's; the two quadratures differ (Laguerre in xi^2/2 vs Gauss-Hermite in xi), so they
  // agree to their quadrature error (measured 5e-8 at q = 0.3; tolerance 1e-6).
  for (double q : {0.01, 0.3})
    CHECK(norm2_qhat_over_alpha(1, q) == doctest::Approx(gamp_qhat_over_alpha("abs", q)).epsilon(1e-6));
  // E[g_out,1^2] = (2/p) q + O(q^2) (F = (2/p) Id, docs/spectral.md): at q = 1e-5, relative
  // O(q) = 1e-5; tolerance 1e-4.
  for (int p : {2, 3, 5})
    CHECK(norm2_qhat_over_alpha(p, 1e-5) / 1e-5 == doctest::Approx(2.0 / p).epsilon(1e-4));
}

TEST_CASE("norm2 SE: quadrature against Monte-Carlo with the posterior mean by importance sampling") {
  // p = 3, q = 0.4: sample omega, z; the posterior of z on the sphere |z| = r is estimated by K
  // uniform directions u weighted by exp(r u.omega / v) (no Bessel function). Two independent
  // estimates m1, m2 of the posterior mean make (m1 - omega).(m2 - omega) unbiased for |E[z|.] -
  // omega|^2 up to the O(1/K) ratio-estimator bias; E[g_1^2] = that / (p v^2).
  const int p = 3, S = 6000, K = 400;
  const double q = 0.4, v = 1 - q;
  std::mt19937_64 rng(5);
  std::normal_distribution<double> N;
  auto unit = [&](Eigen::Vector3d& u) {
    for (int i = 0; i < 3; ++i) u[i] = N(rng);
    u.normalize();
  };
  double s = 0, s2 = 0;
  for (int k = 0; k < S; ++k) {
    Eigen::Vector3d omega, eta, u;
    for (int i = 0; i < 3; ++i) {
      omega[i] = std::sqrt(q) * N(rng);
      eta[i] = N(rng);
    }
    const double r = (omega + std::sqrt(v) * eta).norm();
    Eigen::Vector3d m[2];
    for (auto& mm : m) {
      Eigen::Vector3d acc = Eigen::Vector3d::Zero();
      double wsum = 0;
      for (int j = 0; j < K; ++j) {
        unit(u);
        const double w = std::exp(r * (u.dot(omega) - omega.norm()) / v);  // scaled: <= 1
        acc += w * r * u;
        wsum += w;
      }
      mm = acc / wsum;
    }
    const double e = (m[0] - omega).dot(m[1] - omega) / (p * v * v);
    s += e;
    s2 += e * e;
  }
  const double mean = s / S, se = std::sqrt((s2 / S - mean * mean) / S);
  const double quad = norm2_qhat_over_alpha(p, q);
  INFO("norm2 p = 3, q = 0.4: quadrature " << quad << ", MC " << mean << " +- " << se);
  // The normal quantile of tests/statistics.hpp (S samples) plus the ratio-estimator bias: relative O(kappa^2 / K) with kappa =
  // r|omega|/v ~ 2 here, bounded by 0.01 * quad.
  CHECK(test::within_error_bar(mean, quad, se, test::error_bar(S), 0.01 * quad));
}

namespace {
// Posterior mean of z given y = z1 z2, omega, V by importance sampling in z1 (an independent
// parametrisation of the hyperbola): z1 ~ N(omega1, V11), weight N(y/z1 | z1) / |z1| (the
// conditional density of z2 given z1, at y/z1, times the Jacobian of z2 -> y).
Eigen::Vector2d posterior_is(double y, const Eigen::Vector2d& w, const Eigen::Matrix2d& V, int K,
                             std::mt19937_64& rng, bool abs_channel) {
  std::normal_distribution<double> N;
  const double m = V(0, 1) / V(0, 0), c = V(1, 1) - V(0, 1) * V(0, 1) / V(0, 0);
  Eigen::Vector2d acc = Eigen::Vector2d::Zero();
  double ws = 0;
  for (int k = 0; k < K; ++k) {
    const double z1 = w[0] + std::sqrt(V(0, 0)) * N(rng);
    for (double sg : abs_channel ? std::vector<double>{1.0, -1.0} : std::vector<double>{1.0}) {
      const double z2 = sg * y / z1, mu = w[1] + m * (z1 - w[0]);
      const double wt = std::exp(-0.5 * (z2 - mu) * (z2 - mu) / c) / std::abs(z1);
      acc += wt * Eigen::Vector2d(z1, z2);
      ws += wt;
    }
  }
  return acc / ws;
}
}  // namespace

TEST_CASE("hyperbola posterior: density and mean against sampling") {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> N;
  Eigen::Matrix2d V;
  V << 0.5, 0.15, 0.15, 0.4;
  const Eigen::Vector2d w(0.7, -0.4);
  // p(y | omega) against a histogram of y = z1 z2 in [y0 - d, y0 + d] (S samples): binomial
  // standard error, plus the O(d^2 p'') bin bias (d = 0.02: < 1e-3 here).
  const int S = 400000;
  const double d = 0.02;
  for (double y0 : {-0.8, -0.2, 0.3}) {
    const Eigen::Matrix2d Lc = V.llt().matrixL();
    int hits = 0;
    for (int k = 0; k < S; ++k) {
      const Eigen::Vector2d z = w + Lc * Eigen::Vector2d(N(rng), N(rng));
      if (std::abs(z[0] * z[1] - y0) < d) ++hits;
    }
    const double P = double(hits) / S, est = P / (2 * d), se = std::sqrt(P * (1 - P) / S) / (2 * d);
    const HyperbolaPosterior hp = hyperbola_posterior("z1z2", y0, w, V);
    INFO("y = " << y0 << ": density " << hp.density << ", histogram " << est << " +- " << se);
    CHECK(test::within_error_bar(est, hp.density, se, test::normal_error_bar(), 1e-3));
  }
  // The posterior mean against importance sampling in z1 (K = 200000 draws; its standard error
  // is below 0.01 here: tolerance 0.02). Includes a y near 0 (log-singular density) and abs-z1z2.
  for (double y : {-0.6, 0.05, 1.5}) {
    const Eigen::Vector2d a = hyperbola_posterior("z1z2", y, w, V).mean;
    const Eigen::Vector2d b = posterior_is(y, w, V, 200000, rng, false);
    INFO("z1z2 y = " << y << ": quadrature " << a.transpose() << ", IS " << b.transpose());
    CHECK((a - b).cwiseAbs().maxCoeff() < 0.02);
  }
  for (double y : {0.05, 0.8}) {
    const Eigen::Vector2d a = hyperbola_posterior("abs-z1z2", y, w, V).mean;
    const Eigen::Vector2d b = posterior_is(y, w, V, 200000, rng, true);
    INFO("abs-z1z2 y = " << y << ": quadrature " << a.transpose() << ", IS " << b.transpose());
    CHECK((a - b).cwiseAbs().maxCoeff() < 0.02);
  }
}

TEST_CASE("hyperbola SE: E[g g^T] given omega against Monte-Carlo over y") {
  // At one (omega, V): E_{y|omega}[g g^T] by the u = log|y| quadrature against sampling z ~
  // N(omega, V), y = z1 z2 and g from the s-quadrature posterior (which the outer quadrature does
  // not use at the same y). The Student-t quantile of tests/statistics.hpp for S samples times the
  // CLT standard error, per entry.
  std::mt19937_64 rng(9);
  std::normal_distribution<double> N;
  Eigen::Matrix2d V;
  V << 0.6, -0.1, -0.1, 0.45;
  const Eigen::Vector2d w(0.5, 0.9);
  const Eigen::Matrix2d Vi = V.inverse(), L = V.llt().matrixL();
  for (const char* ch : {"z1z2", "abs-z1z2"}) {
    const int S = 20000;
    Eigen::Matrix2d s = Eigen::Matrix2d::Zero(), s2 = Eigen::Matrix2d::Zero();
    for (int k = 0; k < S; ++k) {
      const Eigen::Vector2d z = w + L * Eigen::Vector2d(N(rng), N(rng));
      double y = z[0] * z[1];
      if (std::string(ch) == "abs-z1z2") y = std::abs(y);
      const Eigen::Vector2d g = Vi * (hyperbola_posterior(ch, y, w, V).mean - w);
      const Eigen::Matrix2d G = g * g.transpose();
      s += G;
      s2 += G.cwiseProduct(G);
    }
    const Eigen::Matrix2d mean = s / S;
    const Eigen::Matrix2d se = ((s2 / S - mean.cwiseProduct(mean)) / S).cwiseSqrt();
    const HyperbolaMoments h = hyperbola_conditional(ch, w, V);
    INFO(ch << ": quadrature\n" << h.E << "\nMC\n" << mean << "\n+-\n" << se);
    CHECK(h.mass == doctest::Approx(1).epsilon(1e-7));  // p(y | omega) integrates to 1
    for (int i = 0; i < 2; ++i)
      for (int j = i; j < 2; ++j) CHECK(test::within_error_bar(mean(i, j), h.E(i, j), se(i, j), test::error_bar(S)));
  }
}

TEST_CASE("hyperbola SE: Jacobian at Q = 0 is F, symmetries, quadrature error") {
  // Near Q = 0, E[g g^T] = F(Q) + O(|Q|^2 log|Q|) with F(M) = c M + sigma_x M sigma_x (z1z2),
  // c M (abs-z1z2), c = E[(a - 1)^2] (docs/spectral.md). At Q = h E11, h E22, h (E11 + E22 + E12
  // + E21) with h = 1e-6: relative deviation measured < 1e-5; tolerance 1e-4.
  const double c = z1z2_second_moment(), h = 1e-6;
  Eigen::Matrix2d sx;
  sx << 0, 1, 1, 0;
  Eigen::Matrix2d E11 = Eigen::Matrix2d::Zero(), E22 = Eigen::Matrix2d::Zero(), J = Eigen::Matrix2d::Ones();
  E11(0, 0) = 1;
  E22(1, 1) = 1;
  for (const Eigen::Matrix2d& M : {E11, E22, J}) {
    const Eigen::Matrix2d Fz = c * M + sx * M * sx, Fa = c * M;
    const Eigen::Matrix2d ez = hyperbola_qhat_over_alpha("z1z2", h * M).E / h;
    const Eigen::Matrix2d ea = hyperbola_qhat_over_alpha("abs-z1z2", h * M).E / h;
    INFO("M =\n" << M << "\nz1z2 E/h =\n" << ez << "\nabs-z1z2 E/h =\n" << ea);
    CHECK((ez - Fz).cwiseAbs().maxCoeff() < 1e-4 * Fz.cwiseAbs().maxCoeff());
    CHECK((ea - Fa).cwiseAbs().maxCoeff() < 1e-4 * Fa.cwiseAbs().maxCoeff());
  }
  // Symmetries: swapping z1 <-> z2 swaps Q and E; z2 -> -z2 flips the off-diagonals of both
  // (z1z2: with y -> -y; abs-z1z2: y unchanged). The polar rule is invariant under both maps of
  // its angles (n_angle divisible by 4), so they hold to rounding: 1e-10 relative.
  Eigen::Matrix2d Q;
  Q << 0.5, 0.2, 0.2, 0.3;
  Eigen::Matrix2d P, S;
  P << 0, 1, 1, 0;
  S << 1, 0, 0, -1;
  HyperbolaQuad coarse;  // the symmetries hold for any rule with n_angle divisible by 4
  coarse.n_angle = 16;
  coarse.n_radial = 8;
  for (const char* ch : {"z1z2", "abs-z1z2"}) {
    const HyperbolaMoments a = hyperbola_qhat_over_alpha(ch, Q, coarse);
    const Eigen::Matrix2d b = hyperbola_qhat_over_alpha(ch, P * Q * P, coarse).E;
    const Eigen::Matrix2d f = hyperbola_qhat_over_alpha(ch, S * Q * S, coarse).E;
    INFO(ch << " E =\n" << a.E);
    CHECK((P * a.E * P - b).cwiseAbs().maxCoeff() < 1e-10 * a.E.norm());
    CHECK((S * a.E * S - f).cwiseAbs().maxCoeff() < 1e-10 * a.E.norm());
    CHECK(std::abs(a.E(0, 1) - a.E(1, 0)) == 0);
    CHECK(a.mass == doctest::Approx(1).epsilon(1e-7));
  }
  // The default rule's error estimate: 1.5 n_radial, 2 n_angle, 2 n_panel move E by < 1e-5
  // relative at this Q (measured 2e-6).
  const HyperbolaMoments a = hyperbola_qhat_over_alpha("z1z2", Q, {}, true);
  INFO("z1z2 E =\n" << a.E << "\nquadrature error " << a.error);
  CHECK(a.error < 1e-5 * a.E.norm());
}

TEST_CASE("gamp SE model for z1z2, abs-z1z2, norm2: thresholds, fixed points, input checks") {
  // The thresholds equal the linearised ones 1/(1 + c), 1/c and p/2: FD Jacobian (one-sided, h =
  // 1e-6) relative error ~1e-6; tolerance 2e-5.
  const double c = test::z1z2_second_moment_oracle();  // independent of the library's quadrature
  auto thr = [](std::map<std::string, std::string> pv, double lo, double hi) {
    auto make = [pv](double a) {
      auto q = pv;
      q["alpha"] = format_real(a);
      q["state_evolution"] = "gamp";
      return test::make("multi-index-weak-recovery", q);
    };
    ThresholdOptions o;
    o.lo = lo;
    o.hi = hi;
    o.grid = 3;
    const auto m = make(lo);
    const ThresholdResult r = locate_stability_change(make, Vec::Zero(m->dim()), o);
    REQUIRE(r.status == Status::Ok);
    return r.threshold;
  };
  CHECK(thr({{"channel", "z1z2"}}, 0.3, 1.0) == doctest::Approx(1 / (1 + c)).epsilon(2e-5));
  CHECK(thr({{"channel", "abs-z1z2"}}, 1.0, 2.0) == doctest::Approx(1 / c).epsilon(2e-5));
  CHECK(thr({{"channel", "norm2"}, {"p", "3"}}, 1.0, 2.0) == doctest::Approx(1.5).epsilon(2e-5));

  // z1z2 at alpha = 1: the damped SE from Q0 = 0.01 I converges to Q* = 0.215708 I (docs/spectral.md).
  // REGRESSION VALUE, not an independent oracle: produced by the same quadrature with
  //   summit fixed-points multi-index-weak-recovery --set channel=z1z2 --set state_evolution=gamp
  //     --set alpha=1 --starts 0 --format json      (Q[1,1] = 0.21570847849661726)
  // so this checks the model wiring and that the value has not drifted: the
  // drift there is below the 1e-6 the 6-digit value allows (|d drift/dQ| ~ 1), and the map keeps
  // Q = q I (its off-diagonal output is 0 to rounding).
  const auto m = test::make("multi-index-weak-recovery",
                            {{"channel", "z1z2"}, {"state_evolution", "gamp"}, {"alpha", "1"}});
  REQUIRE(m->dim() == 3);
  Vec dx;
  m->drift(Vec{{0.215708, 0, 0.215708}}, dx);
  INFO("drift " << dx.transpose());
  CHECK(dx.lpNorm<Eigen::Infinity>() < 2e-6);
  CHECK(std::abs(dx[1]) < 1e-14);
  // realisability: 0 <= Q <= I
  std::string why;
  CHECK_FALSE(m->realisable(Vec{{0.5, 0.6, 0.5}}, &why));
  CHECK(why.find("0 <= Q <= I") != std::string::npos);
  CHECK_FALSE(m->realisable(Vec{{1.2, 0, 0.5}}, &why));
  CHECK(m->realisable(Vec{{0.5, 0.5, 0.5}}, &why));
  // symmetry: (Q11, Q12, Q22) ~ (Q22, -Q12, Q11)
  CHECK(m->symmetry_distance(Vec{{0.3, 0.1, 0.2}}, Vec{{0.2, -0.1, 0.3}}) == 0);
  CHECK_THROWS_WITH_AS(hyperbola_qhat_over_alpha("z1z2", Eigen::Matrix2d::Identity()),
                       doctest::Contains("0 <= Q < I"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(hyperbola_posterior("abs-z1z2", -1, Eigen::Vector2d::Zero(), Eigen::Matrix2d::Identity()),
                       doctest::Contains("y must be nonzero"), std::invalid_argument);
}
