// The finite-alpha AMP state evolution of the rbm model (models/rbm/amp.cpp; docs/spectral.md
// `rbm`, "AMP at finite alpha"): the Gaussian-hidden limit of the same code against the closed
// forms (BBP, the existing cos^2 recursion), the +-1 SE against finite-d AMP runs and finite-d
// gradient descent, its alpha -> infinity limit against the population fixed point, and the
// weak-recovery threshold through the threshold solver.
#include "tests/statistics.hpp"
#include "m0_threshold_oracle.hpp"
#include "models/rbm/rbm.hpp"
#include "models/rbm/rbm_impl.hpp"
#include "solvers/continuation.hpp"
#include "tests/support.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

using namespace summit;
using namespace summit::rbm;

namespace {

// Mean and standard error over seeds of the measured (m, q) after each AMP iteration.
struct MeanSe {
  double m = 0, q = 0, sm = 0, sq = 0;
};
std::vector<MeanSe> amp_runs(Hidden h, double alpha, double beta, int d, int T, AmpState start, int seeds) {
  std::vector<std::vector<AmpState>> runs;
  for (int s = 0; s < seeds; ++s) runs.push_back(run_amp_k1(h, alpha, beta, d, T, start, 70 + s));
  std::vector<MeanSe> out(T);
  for (int t = 0; t < T; ++t) {
    MeanSe& r = out[t];
    for (const auto& x : runs) {
      r.m += x.at(t).m / seeds;
      r.q += x.at(t).q / seeds;
    }
    for (const auto& x : runs) {
      r.sm += (x[t].m - r.m) * (x[t].m - r.m) / (seeds - 1);
      r.sq += (x[t].q - r.q) * (x[t].q - r.q) / (seeds - 1);
    }
    r.sm = std::sqrt(r.sm / seeds);
    r.sq = std::sqrt(r.sq / seeds);
  }
  return out;
}

}  // namespace

TEST_CASE("rbm amp: Gaussian hidden units reproduce the cos^2 recursion and the BBP fixed point") {
  // Exact identities: with the linear denoiser the squared cosine m^2/q of the generic SE obeys
  // r <- a^2 b^2 r / (a^2 b^2 r + a b r + a) (amp_state_evolution_gaussian), whatever q and V do;
  // its fixed point is q = 1 - 1/lambda_1, m^2 = q cos^2 (gaussian_fixed_point) with
  // Lambda = 1 + alpha beta, and below BBP the m = 0 point is the bulk edge, q = 1 - 1/lambda_+,
  // V = 1/(1 + sqrt alpha), with gain sqrt(alpha) beta and replicon exactly 1. Tolerances: 1e-10
  // (quadrature of polynomials by the trapezoidal rule, the bisection for q' to 1e-16; the fixed
  // point to the solver tolerance 1e-12 amplified by the conditioning).
  for (const auto& [alpha, beta] : {std::pair{2.0, 1.0}, {10.0, 1.0}, {1.0, 2.0}, {8.0, 0.5}}) {
    CAPTURE(alpha);
    CAPTURE(beta);
    AmpState s{0.3, 0.5, 0.4};
    const auto r = amp_state_evolution_gaussian(alpha, beta, s.m * s.m / s.q, 12);
    for (int t = 1; t <= 12; ++t) {
      const AmpStep st = amp_se_step(Hidden::gaussian, alpha, beta, s);
      REQUIRE(st.ok);
      s = st.next;
      CHECK(s.m * s.m / s.q == doctest::Approx(r[t]).epsilon(1e-10));
    }
    const AmpFixedPoint f = amp_fixed_point(Hidden::gaussian, alpha, beta, {0.3, 0.5, 0.4});
    REQUIRE(f.converged);
    const GaussianFixedPoint g = gaussian_fixed_point(alpha, beta);
    CHECK(f.x.q == doctest::Approx(g.q).epsilon(1e-10));
    CHECK(f.x.m * f.x.m == doctest::Approx(g.m2).epsilon(1e-9));
    CHECK(f.at.Lambda == doctest::Approx(1 + alpha * beta).epsilon(1e-10));
    CHECK(f.at.replicon == doctest::Approx(1 / (alpha * beta * beta)).epsilon(1e-9));
    // L/n = (1/2) lambda_1 q + (1/2) log(1 - q) on the top eigenvector (closed form).
    CHECK(f.at.objective == doctest::Approx(0.5 * g.top_eigenvalue * g.q + 0.5 * std::log(1 - g.q)).epsilon(1e-9));
    const AmpFixedPoint u = amp_fixed_point(Hidden::gaussian, alpha, beta, {0, 0.5, 0.4}, true);
    REQUIRE(u.converged);
    CHECK(u.x.q == doctest::Approx(1 - 1 / mp_upper_edge(alpha)).epsilon(1e-10));
    CHECK(u.x.V == doctest::Approx(1 / (1 + std::sqrt(alpha))).epsilon(1e-10));
    CHECK(u.at.m_gain == doctest::Approx(std::sqrt(alpha) * beta).epsilon(1e-10));
    CHECK(u.at.replicon == doctest::Approx(1.0).epsilon(1e-9));
  }
}

TEST_CASE("rbm amp: +-1 hidden units, SE vs finite-d AMP iterations") {
  // Oracle: the AMP iteration on sampled data (run_amp_k1, d = 1000, 16 seeds): (m, q) after 3 and
  // 12 iterations vs the SE trajectory from the same (m0, q0, V0). Tolerance: the Student-t
  // quantile for 16 seeds (tests/statistics.hpp, 9.5) times the standard error over seeds + 0.01 (finite-d bias O(1/sqrt d) of the Onsager terms). Informative (alpha = 8,
  // beta = 1) and pure noise (beta = 0: the m = 0 part, q and V).
  const int d = 1000, T = 12;
  for (const auto& [alpha, beta] : {std::pair{8.0, 1.0}, {8.0, 0.0}}) {
    const AmpState start{0.3, 0.5, 0.3};
    std::vector<AmpState> se{start};
    for (int t = 0; t < T; ++t) {
      const AmpStep st = amp_se_step(Hidden::rademacher, alpha, beta, se.back());
      REQUIRE(st.ok);
      se.push_back(st.next);
    }
    const auto runs = amp_runs(Hidden::rademacher, alpha, beta, d, T, start, 16);
    for (const int t : {3, T}) {
      const MeanSe& a = runs[t - 1];
      CAPTURE(alpha);
      CAPTURE(beta);
      CAPTURE(t);
      MESSAGE("alpha " << alpha << " beta " << beta << " t " << t << ": SE m " << se[t].m << " q "
                       << se[t].q << "; AMP m " << a.m << " +- " << a.sm << " q " << a.q << " +- " << a.sq);
      if (beta > 0) CHECK(test::within_error_bar(a.m, se[t].m, a.sm, test::error_bar(16), 0.01));
      CHECK(test::within_error_bar(a.q, se[t].q, a.sq, test::error_bar(16), 0.01));
    }
  }
}

TEST_CASE("rbm amp: +-1 fixed point vs finite-d gradient descent") {
  // Oracle: plain full-batch GD on the RBM objective (make_gd, the data matrix, d = 400,
  // alpha = 8, beta = 1, 16 seeds, lr = 0.1, t = 40: converged to 1e-4 on the time scale of the
  // slowest mode, |lambda_min| = 0.85 of the SE Jacobian as a rough guide) ends at the SE
  // fixed point (m*, q*) = (0.9266, 1.1533). Tolerance: the Student-t quantile for 16 seeds
  // (tests/statistics.hpp, 9.5) times the standard error + 0.02 (the spread
  // per seed is ~0.01 at d = 400; the finite-d bias O(1/sqrt d)).
  const AmpFixedPoint f = amp_fixed_point(Hidden::rademacher, 8, 1, {0.5, 1, 0.3});
  REQUIRE(f.converged);
  Config c;
  c.gaussian = false;
  c.alpha = 8;
  c.beta = 1;
  c.lr = 0.1;
  Layout layout;
  layout.add_vector("m", 1);
  layout.add_symmetric("Q", 1);
  const int S = 16;
  double m = 0, q = 0, m2 = 0, q2 = 0;
  for (int s = 0; s < S; ++s) {
    auto gd = make_gd(c, nullptr, layout, Eigen::VectorXd::Constant(1, 0.3),
                      Eigen::MatrixXd::Constant(1, 1, 0.5), 400, 90 + s);
    gd->advance(40);
    const Vec x = gd->measure();
    m += x[0] / S;
    q += x[1] / S;
    m2 += x[0] * x[0] / S;
    q2 += x[1] * x[1] / S;
  }
  const double sm = std::sqrt(std::max(0.0, m2 - m * m) / (S - 1)), sq = std::sqrt(std::max(0.0, q2 - q * q) / (S - 1));
  MESSAGE("GD d = 400: m " << m << " +- " << sm << ", q " << q << " +- " << sq << "; SE " << f.x.m << ", " << f.x.q);
  CHECK(test::within_error_bar(m, f.x.m, sm, test::error_bar(S), 0.02));
  CHECK(test::within_error_bar(q, f.x.q, sq, test::error_bar(S), 0.02));
}

TEST_CASE("rbm amp: +-1 hidden units, alpha -> infinity approaches the population fixed point") {
  // Oracle: rademacher_population_fixed_point (the root of (1 + beta) E sech^2(s Z) = 1, an
  // independent bisection). At the informative fixed point D = E[dg] = 1/(1 + beta) exactly
  // (m = mhat/Lambda with mhat = alpha beta m D, Lambda = alpha (1 - D)), so V = (1 + beta)/(alpha
  // beta) (1e-9: solver tolerance). Observed rates (asserted with 10% slack on the ratios):
  // m - m* = O(1/alpha^2) (x 1/100 per decade) and q - m^2 = V + O(1/alpha^2), i.e.
  // alpha (q - m^2) -> (1 + beta)/beta.
  for (const double beta : {0.5, 1.0, 3.0}) {
    const RademacherFixedPoint p = rademacher_population_fixed_point(beta);
    double prev_dm = 0;
    for (const double alpha : {100.0, 1000.0, 10000.0}) {
      const AmpFixedPoint f = amp_fixed_point(Hidden::rademacher, alpha, beta, {0.5, 1, 0.1});
      REQUIRE(f.converged);
      CAPTURE(beta);
      CAPTURE(alpha);
      CHECK(f.at.D == doctest::Approx(1 / (1 + beta)).epsilon(1e-9));
      CHECK(f.x.V == doctest::Approx((1 + beta) / (alpha * beta)).epsilon(1e-9));
      const double dm = f.x.m - p.m, dq = f.x.q - f.x.m * f.x.m;
      MESSAGE("beta " << beta << " alpha " << alpha << ": m " << f.x.m << " (m* " << p.m << ", diff "
                      << dm << "), q - m^2 = " << dq << ", alpha (q - m^2) = " << alpha * dq);
      CHECK(std::abs(alpha * dq - (1 + beta) / beta) < 20 / alpha);
      if (prev_dm != 0) CHECK(dm / prev_dm == doctest::Approx(0.01).epsilon(0.1));
      prev_dm = dm;
    }
  }
}

TEST_CASE("rbm amp: the weak-recovery threshold of the +-1 SE") {
  // The m = 0 point loses stability where alpha beta D / Lambda = beta D/(1 - D) = 1. Through the
  // model and the threshold solver (continuation of 'uninformative' in alpha): for beta = 0.5 at
  // alpha_c = 4.8453 (above BBP, alpha beta^2 = 1 at 4; oracle: tests/models/rbm/m0_threshold_oracle.hpp,
  // the same equations integrated over lambda instead of omega, 4.845261; tolerance 1e-4 relative
  // from the bisection and the finite-difference Jacobian), and the gain at the located point is 1
  // (independent of the solver: the SE's own linearisation, m_gain, 1e-5 from the bisection
  // tolerance and the finite-difference Jacobian). Consistency with alpha -> infinity: the gain
  // approaches sqrt(alpha) beta, the Gaussian/BBP value, from below (D/(1 - D) vs sqrt(alpha):
  // 9.909 vs 10 at alpha = 100).
  const ModelFactory make = [](double a) {
    return test::make("rbm", {{"hidden", "rademacher"}, {"beta", "0.5"}, {"alpha", format_real(a)}});
  };
  const auto m0 = make(4.0);
  const auto pts = m0->special_points();
  REQUIRE(!pts.empty());
  REQUIRE(pts[0].name == "uninformative");
  ThresholdOptions to;
  to.lo = 4;
  to.hi = 10;
  to.grid = 12;
  const ThresholdResult r = locate_stability_change(make, pts[0].x, to);
  REQUIRE(r.status == Status::Ok);
  MESSAGE("alpha_c(beta = 0.5) = " << r.threshold);
  CHECK(r.threshold == doctest::Approx(test::rbm_m0_threshold(0.5, 4, 10)).epsilon(1e-4));
  const AmpFixedPoint u = amp_fixed_point(Hidden::rademacher, r.threshold, 0.5, {0, 1, 0.3}, true);
  REQUIRE(u.converged);
  CHECK(u.at.m_gain == doctest::Approx(1.0).epsilon(1e-5));
  CHECK(u.at.replicon > 1);  // the m = 0 point is replica-symmetry unstable there
  const AmpFixedPoint big = amp_fixed_point(Hidden::rademacher, 100, 1, {0, 1, 0.1}, true);
  REQUIRE(big.converged);
  CHECK(big.at.m_gain < 10);
  CHECK(big.at.m_gain > 9.8);
}

TEST_CASE("rbm amp: +-1 m = 0 fixed points near V = 1 agree with the independent oracle") {
  // The library's 'uninformative' point (hidden = rademacher, theory = amp, beta = 0.5, k = 1)
  // against the m = 0 fixed point of tests/models/rbm/m0_threshold_oracle.hpp (the map integrated over
  // lambda, Newton from q = 1.5 and the V below). Before the quadrature fix (trapezoidal rule in
  // omega, step 0.05) the library had no m = 0 point below alpha = 2.800383 and a wrong one at
  // 2.9 (q off by 0.025); V0 reaches 0.94 here. The oracle's own step error: |point(h = 0.01) -
  // point(h = 0.002)| (measured <= 3e-14), asserted < 1e-11. Tolerance on the library: 1e-9,
  // from its fixed-point certificate max|F(x) - x| <= 1e-10 divided by the drift eigenvalues in
  // (q, V) (about -1.5 at these alphas, `summit continue` below), plus its quadrature error
  // (<= 5e-12, models/rbm/amp.cpp), with a factor 10 margin; measured: <= 6e-13 (MESSAGE).
  const double expected[][3] = {{2.5, 1.7759, 0.9437}, {2.8, 1.6495, 0.8766}, {2.9, 1.6125, 0.8570},
                                {3.3, 1.4842, 0.7887}, {3.6, 1.4043, 0.7462}};
  for (const auto& e : expected) {
    const double alpha = e[0];
    CAPTURE(alpha);
    const test::M0Point o = test::rbm_m0_point(alpha, 1.5, e[2], 0.01);
    const test::M0Point o2 = test::rbm_m0_point(alpha, 1.5, e[2], 0.002);
    REQUIRE(o.converged);
    REQUIRE(o2.converged);
    CHECK(std::abs(o.q - o2.q) < 1e-11);
    CHECK(std::abs(o.V - o2.V) < 1e-11);
    // The docs' 4-digit values (docs/spectral.md, "The m = 0 branch"), rounding 5e-5.
    CHECK(std::abs(o.q - e[1]) < 5e-5);
    CHECK(std::abs(o.V - e[2]) < 5e-5);
    const auto model = test::make("rbm", {{"hidden", "rademacher"}, {"theory", "amp"}, {"beta", "0.5"},
                                          {"k", "1"}, {"alpha", format_real(alpha)}});
    const auto pts = model->special_points();
    REQUIRE(!pts.empty());
    REQUIRE(pts[0].name == "uninformative");
    const Vec& x = pts[0].x;
    MESSAGE("alpha " << alpha << ": library (q, V) = (" << x[1] << ", " << x[2] << "), oracle ("
                     << o2.q << ", " << o2.V << "), diff " << x[1] - o2.q << ", " << x[2] - o2.V
                     << "; oracle h 0.01 vs 0.002: " << o.q - o2.q << ", " << o.V - o2.V);
    CHECK(x[0] == 0);
    CHECK(std::abs(x[1] - o2.q) < 1e-9);
    CHECK(std::abs(x[2] - o2.V) < 1e-9);
  }
}
