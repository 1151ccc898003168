// The full GAMP state evolution (models/spectral/gamp_se.hpp): its linearisation against the
// closed-form operator F, its quadrature against Monte-Carlo, its fixed points against finite-d
// GAMP runs, and the sign committee's trivial subspace against sampled conditional moments.
#include "tests/statistics.hpp"
#include "tests/support.hpp"
#include "models/spectral/gamp_se.hpp"
#include "solvers/continuation.hpp"
#include "solvers/fixed_points.hpp"

#include <cmath>
#include <numbers>
#include <random>

using namespace summit;
using namespace summit::spectral;

namespace {
// The SE iterated with the companion code's damping (0.7 new + 0.3 old) from q0 = 0.01.
double se_fixed_point(const std::string& ch, double alpha) {
  double q = 0.01;
  for (int t = 0; t < 5000; ++t) {
    const double qn = gamp_step(ch, alpha, q);
    if (std::abs(qn - q) < 1e-12) return qn;
    q = 0.3 * q + 0.7 * qn;
    if (q > 1 - 1e-9) return 1;
  }
  return q;
}
}  // namespace

TEST_CASE("gamp SE: the linearisation at q = 0 is r(F) q") {
  // E[g_out^2] = r(F) q + O(q^2): r = E[(z^2-1)^2] = 2 for abs/square, 4/pi^2 for sign-z1z2
  // (docs/spectral.md, table of channels). At q = 1e-5 the O(q) relative correction is ~1e-5:
  // tolerance 1e-4.
  const double q = 1e-5;
  CHECK(gamp_qhat_over_alpha("abs", q) / q == doctest::Approx(2.0).epsilon(1e-4));
  CHECK(gamp_qhat_over_alpha("square", q) / q == doctest::Approx(2.0).epsilon(1e-4));
  CHECK(gamp_qhat_over_alpha("sign-z1z2", q) / q ==
        doctest::Approx(4 / (std::numbers::pi * std::numbers::pi)).epsilon(1e-4));
  CHECK_THROWS_WITH_AS(gamp_qhat_over_alpha("z1z2", 0.1), doctest::Contains("channel 'z1z2'"),
                       std::invalid_argument);
}

TEST_CASE("gamp SE: quadrature against Monte-Carlo of the posterior means") {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> N;
  const int S = 400000;
  for (double q : {0.3, 0.7}) {
    const double V = 1 - q;
    // abs: E[g^2] with g = (E[z|y,omega] - omega)/V, the posterior on z = +-y computed from the
    // two Gaussian weights directly (not through the tanh form used by the library).
    double s = 0, s2 = 0;
    for (int i = 0; i < S; ++i) {
      const double omega = std::sqrt(q) * N(rng), z = omega + std::sqrt(V) * N(rng), y = std::abs(z);
      const double wp = std::exp(-(y - omega) * (y - omega) / (2 * V));
      const double wm = std::exp(-(y + omega) * (y + omega) / (2 * V));
      const double g = ((wp - wm) / (wp + wm) * y - omega) / V;
      s += g * g;
      s2 += g * g * g * g;
    }
    const double mean = s / S, se = std::sqrt((s2 / S - mean * mean) / S);
    INFO("abs q = " << q << ": MC " << mean << " +- " << se);
    CHECK(test::within_error_bar(mean, gamp_qhat_over_alpha("abs", q), se, test::error_bar(S)));
  }
  // sign-z1z2: E[g_1^2 | omega] = sum_y E[(z1 - omega1) 1{y}]^2 / (V^2 P(y)) with the truncated
  // moments estimated by rejection sampling of z ~ N(omega, V I) at a few omega; averaged over
  // omega by Monte-Carlo. Independent of the closed forms (Phi, phi) the library uses.
  {
    const double q = 0.5, V = 0.5;
    double acc = 0, acc2 = 0;
    const int W = 400, Z = 4000;
    for (int w = 0; w < W; ++w) {
      const double o1 = std::sqrt(q) * N(rng), o2 = std::sqrt(q) * N(rng);
      double num[2] = {0, 0}, cnt[2] = {0, 0};
      for (int k = 0; k < Z; ++k) {
        const double z1 = o1 + std::sqrt(V) * N(rng), z2 = o2 + std::sqrt(V) * N(rng);
        const int y = z1 * z2 > 0 ? 0 : 1;
        num[y] += (z1 - o1) / Z;
        cnt[y] += 1.0 / Z;
      }
      double e = 0;
      for (int y = 0; y < 2; ++y)
        if (cnt[y] > 0) e += num[y] * num[y] / (V * V * cnt[y]);
      acc += e;
      acc2 += e * e;
    }
    const double mean = acc / W, se = std::sqrt((acc2 / W - mean * mean) / W);
    // Error budget: the CLT error over omega (t se, t for W = 400 samples) plus the O(1/Z) bias of the ratio estimator
    // num^2/cnt (its variance term, E ~ V/(V^2 Z) per omega = 1/(V Z) = 5e-4).
    INFO("sign-z1z2 MC " << mean << " +- " << se);
    CHECK(test::within_error_bar(mean, gamp_qhat_over_alpha("sign-z1z2", q), se, test::error_bar(W), 1.0 / (V * Z)));
  }
}

TEST_CASE("gamp SE: fixed points against finite-d GAMP (phase retrieval, Gaussian prior)") {
  // Below alpha_c = 1/2 the SE goes to q = 0; between 1/2 and alpha_alg to 0 < q* < 1; above
  // alpha_alg to perfect recovery q = 1. Barbier et al. (PNAS 2019) report alpha_alg ~ 1.13 for
  // real phase retrieval with a Gaussian prior: our SE must bracket it.
  CHECK(se_fixed_point("abs", 0.45) < 1e-8);
  const double q1 = se_fixed_point("abs", 1.0);
  CHECK(q1 > 0.3);
  CHECK(q1 < 0.7);
  CHECK(se_fixed_point("abs", 1.12) < 0.9);
  CHECK(se_fixed_point("abs", 1.14) == 1.0);
  // Finite d: 32 independent GAMP runs at d = 1000 (n = alpha d). Tolerance: the Student-t
  // quantile for 32 runs (tests/statistics.hpp) times the standard error of the mean over the runs
  // (their spread is the finite-d fluctuation, ~0.07 at alpha = 1), plus d^-1/2 for the finite-d
  // bias of the overlap (corrections to the SE are O(d^-1/2); unit constant assumed, not derived:
  // the mean measured at d = 1000 is within 0.01 of q*).
  auto runs = [](double alpha, double* sem) {
    const int n = 32;
    double s = 0, s2 = 0;
    for (int seed = 1; seed <= n; ++seed) {
      const double m = std::abs(run_gamp_p1("abs", alpha, 1000, 40, 0.05, seed).overlap.back());
      s += m;
      s2 += m * m;
    }
    const double mean = s / n;
    *sem = std::sqrt(std::max(0.0, s2 / n - mean * mean) * n / (n - 1) / n);
    return mean;
  };
  double sem = 0;
  const double m1 = runs(1.0, &sem);
  INFO("GAMP alpha = 1: m = " << m1 << " +- " << sem << ", SE q* = " << q1);
  CHECK(test::within_error_bar(m1, q1, sem, test::error_bar(32), 1 / std::sqrt(1000.0)));
  CHECK(runs(1.5, &sem) > 0.999);             // perfect recovery (SE: q* = 1)
  CHECK(runs(0.4, &sem) < 0.15);              // no recovery: |m| = O(d^-1/2) fluctuations
}

TEST_CASE("gamp SE as a model: fixed points and the weak-recovery threshold") {
  const auto m = test::make("multi-index-weak-recovery",
                            {{"channel", "abs"}, {"state_evolution", "gamp"}, {"alpha", "1"}});
  Vec x = Vec::Constant(1, 0.4);
  double res = 0;
  REQUIRE(polish_fixed_point(*m, x, FixedPointOptions{}, &res) == Status::Ok);
  // The polished fixed point and the damped iteration agree to their tolerances (1e-10, 1e-12).
  CHECK(x[0] == doctest::Approx(se_fixed_point("abs", 1.0)).epsilon(1e-8));
  auto make = [](double a) {
    return test::make("multi-index-weak-recovery", {{"channel", "sign-z1z2"},
                                                    {"state_evolution", "gamp"},
                                                    {"alpha", format_real(a)}});
  };
  ThresholdOptions o;
  o.lo = 1;
  o.hi = 4;
  o.grid = 7;
  const ThresholdResult r = locate_stability_change(make, Vec::Zero(1), o);
  REQUIRE(r.status == Status::Ok);
  // pi^2/4 (the linearised operator); tolerance 1e-5 from the finite-difference Jacobian (h = 1e-6).
  CHECK(r.threshold == doctest::Approx(std::numbers::pi * std::numbers::pi / 4).epsilon(1e-5));
  // Every channel of the menu has a GAMP SE now (quadrature or Monte-Carlo); what remains invalid
  // is combining it with the sampled spectral method.
  CHECK_THROWS_WITH_AS(test::make("multi-index-weak-recovery",
                                  {{"channel", "z1z2"}, {"state_evolution", "gamp"}, {"sample_d", "100"}}),
                       doctest::Contains("'sample_d'"), std::invalid_argument);
}

TEST_CASE("sign committee: trivial subspace and G(y) against sampled conditional moments") {
  // y = sign z1 + sign z2 + sign z3. Closed forms: E[z | y] = sqrt(2/pi) c(y) (1, 1, 1) with
  // c(+-3) = +-1, c(+-1) = +-1/3; E[z_i z_j | y] = (2/pi) k(y) (i != j) with k(+-3) = 1,
  // k(+-1) = -1/3; E[z_i^2 | y] = 1.
  std::mt19937_64 rng(11);
  std::normal_distribution<double> N;
  const int S = 400000;
  double m[4] = {}, c12[4] = {}, d11[4] = {}, n[4] = {};
  for (int i = 0; i < S; ++i) {
    const double z1 = N(rng), z2 = N(rng), z3 = N(rng);
    const int y = (z1 > 0) + (z2 > 0) + (z3 > 0);  // 0..3 <-> y = -3, -1, 1, 3
    m[y] += z1;
    c12[y] += z1 * z2;
    d11[y] += z1 * z1;
    n[y] += 1;
  }
  const double r = std::sqrt(2 / std::numbers::pi), c[4] = {-1, -1.0 / 3, 1.0 / 3, 1},
               k[4] = {1, -1.0 / 3, -1.0 / 3, 1};
  for (int y = 0; y < 4; ++y) {
    // Each conditional mean has standard error <= sqrt(Var/n_y) with Var <= 1 (z1 | y) and
    // Var <= 3 (z1 z2 | y, z1^2 | y); n_y >= S/8 = 5e4, so the normal quantile applies.
    const double z = test::normal_error_bar();
    CHECK(test::within_error_bar(m[y] / n[y], r * c[y], std::sqrt(1 / n[y]), z));
    CHECK(test::within_error_bar(c12[y] / n[y], 2 / std::numbers::pi * k[y], std::sqrt(3 / n[y]), z));
    CHECK(test::within_error_bar(d11[y] / n[y], 1, std::sqrt(3 / n[y]), z));
  }
  const auto model = test::make("multi-index-weak-recovery", {{"channel", "sign-committee"}});
  CHECK(model->observables(model->initial_state())[1] == 1);  // trivial_subspace_dim
  const auto nt = model->hints().natural_threshold;
  REQUIRE(nt.exact.has_value());
  CHECK(*nt.exact == 0);
}

TEST_CASE("p = 2 spectral method at d = 1000: the subspace overlap rises across alpha_c") {
  // The sampled symmetric spectral matrix (n = alpha d, d = 1000) below and above the linearised
  // threshold (sign-z1z2: alpha_c = pi^2/4 = 2.47; z1z2: 0.594). Below: the top eigenvector is a
  // bulk vector, overlap O(p/d) (measured 0.008-0.014 at several alpha < alpha_c; bound 0.05).
  // Above (alpha ~ 2.4-4 alpha_c): measured 0.5-0.7 over seeds; bound 0.3 (the transition is
  // where the overlap becomes O(1), not a tight value: finite-d rounding near alpha_c is wide).
  auto overlap = [](const char* ch, double alpha) {
    const auto m = test::make("multi-index-weak-recovery",
                              {{"channel", ch}, {"alpha", format_real(alpha)}, {"sample_d", "1000"}});
    const auto names = m->observable_names();
    const Vec o = m->observables(m->initial_state());
    REQUIRE(names.back() == "sampled_subspace_overlap");
    return o[o.size() - 1];
  };
  CHECK(overlap("sign-z1z2", 1.2) < 0.05);
  CHECK(overlap("sign-z1z2", 6.0) > 0.3);
  CHECK(overlap("z1z2", 0.3) < 0.05);
  CHECK(overlap("z1z2", 2.4) > 0.3);
  CHECK_THROWS_WITH_AS(test::make("multi-index-weak-recovery",
                                  {{"channel", "norm2"}, {"sample_d", "100"}}),
                       doctest::Contains("parameter 'sample_d'"), std::invalid_argument);
}

TEST_CASE("fixed-points of a state evolution: the damped map's attractor, 2 random starts by default") {
  // The model's drift is the residual of the SE map (drift_is_map_residual), so the search
  // iterates the damped map (0.7) from each start instead of integrating the drift. Oracle: a
  // plain loop q <- 0.3 q + 0.7 gamp_step(q) from q0 = 0.01 (the companion code's iteration),
  // run to a step change < 1e-14; the searched point is certified to max|drift| <= 1e-10 and the
  // map is a contraction near it (slope < 1), so the two agree to ~1e-10 / (1 - slope): 1e-8.
  const double alpha = 1;
  auto m = test::make("multi-index-weak-recovery",
                      {{"channel", "abs"}, {"state_evolution", "gamp"}, {"alpha", "1"}});
  REQUIRE(m->hints().iteration.drift_is_map_residual);
  double q = 0.01;
  for (int t = 0; t < 5000; ++t) {
    const double n = 0.3 * q + 0.7 * gamp_step("abs", alpha, q);
    const bool done = std::abs(n - q) < 1e-14;
    q = n;
    if (done) break;
  }
  REQUIRE(q > 0.1);  // weak recovery above alpha_c = 1/2
  FixedPointOptions o;
  o.random_starts = -1;  // the default for state evolutions: 2
  const FixedPointResult r = find_fixed_points(*m, o);
  REQUIRE(r.status == Status::Ok);
  // Starts: trivial, perfect (special points) and both iterated, and 2 random starts iterated.
  CHECK(r.starts == 6);
  bool found = false;
  for (const auto& p : r.points) found = found || std::abs(p.x[0] - q) < 1e-8;
  CHECK(found);
}
