// The rbm model (docs/spectral.md, `rbm`): BBP closed forms, the spectral measure of the spike, the
// exact Gaussian-hidden gradient flow, the threshold, the AMP state evolution and the +-1-hidden
// population flow, each against an independent oracle (sampled matrices at d = 1000, finite-d
// gradient descent, Monte Carlo, exact identities).
#include "tests/statistics.hpp"
#include "models/rbm/rbm.hpp"
#include "lib/rmt/laws.hpp"
#include "models/rbm/rbm_impl.hpp"
#include "solvers/continuation.hpp"
#include "solvers/integrate.hpp"
#include "solvers/simulate.hpp"
#include "tests/support.hpp"

#include <doctest/doctest.h>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <tuple>

using namespace summit;
using namespace summit::rbm;

namespace {

// The sample covariance of n = alpha d points of N(0, I + beta e1 e1^T) as an operator (u = e1,
// which the rotation-invariant ensemble allows): n >= d: C = D (L L^T / n) D with the Bartlett
// factor L of a white Wishart(n, I_d) matrix and D = diag(sqrt(1 + beta), 1, ..., 1); n < d:
// C = X^T X / n with the data matrix X. Products cost O(d^2) (no d x d product is formed).
struct SpikedSample {
  SpikedSample(double alpha, double beta, int d, std::uint64_t seed) : s(std::sqrt(1 + beta)) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> N;
    n = static_cast<int>(std::lround(alpha * d));
    if (n >= d) {
      L = Eigen::MatrixXd::Zero(d, d);
      for (int i = 0; i < d; ++i) {
        std::chi_squared_distribution<double> chi(n - i);
        L(i, i) = std::sqrt(chi(rng));
        for (int j = 0; j < i; ++j) L(i, j) = N(rng);
      }
    } else {
      X.resize(n, d);
      for (int j = 0; j < d; ++j)
        for (int i = 0; i < n; ++i) X(i, j) = N(rng);
    }
  }
  Eigen::VectorXd apply(Eigen::VectorXd v) const {
    v[0] *= s;
    if (L.size()) {
      const Eigen::VectorXd w = L.triangularView<Eigen::Lower>().transpose() * v;
      v = L.triangularView<Eigen::Lower>() * w / n;
    } else {
      v = X.transpose() * (X * v) / n;
    }
    v[0] *= s;
    return v;
  }
  double s;
  int n = 0;
  Eigen::MatrixXd L, X;
};

// Top eigenvalue of a sample and its eigenvector's squared overlap with e1: Lanczos with full
// reorthogonalisation, 100 steps (the top Ritz value converges to < 1e-6 even at the BBP point,
// where the gap is ~ d^{-2/3}; far below the tolerances).
std::pair<double, double> top_pair(const SpikedSample& C, int d) {
  const int m = 100;
  Eigen::MatrixXd V(d, m);
  Eigen::VectorXd a(m), b(m);
  std::mt19937_64 rng(1);
  std::normal_distribution<double> N;
  Eigen::VectorXd v(d);
  for (int i = 0; i < d; ++i) v[i] = N(rng);
  V.col(0) = v.normalized();
  int steps = m;
  for (int j = 0; j < m; ++j) {
    Eigen::VectorXd w = C.apply(V.col(j));
    a[j] = V.col(j).dot(w);
    for (int pass = 0; pass < 2; ++pass) w -= V.leftCols(j + 1) * (V.leftCols(j + 1).transpose() * w);
    b[j] = w.norm();
    if (j + 1 < m) V.col(j + 1) = w / b[j];
  }
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es;
  es.computeFromTridiagonal(a.head(steps), b.head(steps - 1));
  const Eigen::VectorXd y = V.leftCols(steps) * es.eigenvectors().col(steps - 1);
  return {es.eigenvalues()[steps - 1], y[0] * y[0] / y.squaredNorm()};
}

}  // namespace

TEST_CASE("rbm: BBP top eigenvalue and overlap vs sampled spiked covariances at d = 1000") {
  // Oracle: the top eigenpair of S = 16 sampled C at d = 1000; error bar: the Student-t quantile of
  // tests/statistics.hpp (9.5 for 16 samples) times the standard error of the mean, plus a finite-d bias allowance b: above BBP O(1/sqrt(d n)) (b = 0.01); at
  // the edge (no outlier) the Tracy-Widom mean -1.21 sigma_TW with
  // sigma_TW = (sqrt n + sqrt d)(1/sqrt n + 1/sqrt d)^{1/3} / n (b = 2 sigma_TW); at the BBP point
  // (4, 0.5) corrections are O(d^{-1/3}) = 0.1 (b = 0.1).
  struct Case {
    double alpha, beta, b_lam, b_c2;
    int S;
  };
  auto tw = [](double alpha, int d) {
    const double n = alpha * d;
    return (std::sqrt(n) + std::sqrt(double(d))) * std::cbrt(1 / std::sqrt(n) + 1 / std::sqrt(double(d))) / n;
  };
  const int d = 1000;
  for (const Case c : {Case{2, 1, 0.01, 0.01, 16}, Case{1, 2, 0.01, 0.01, 16}, Case{10, 1, 0.01, 0.01, 16},
                       Case{4, 0.5, 0.1, 0.1, 16}, Case{0.5, 1, 2 * tw(0.5, d), 0.01, 16}}) {
    const int S = c.S;
    CAPTURE(c.alpha);
    CAPTURE(c.beta);
    const GaussianFixedPoint f = gaussian_fixed_point(c.alpha, c.beta);
    double ml = 0, ml2 = 0, mc = 0, mc2 = 0;
    for (int s = 0; s < S; ++s) {
      const auto [top, c2] = top_pair(SpikedSample(c.alpha, c.beta, d, 7 + 31 * s), d);
      ml += top / S;
      ml2 += top * top / S;
      mc += c2 / S;
      mc2 += c2 * c2 / S;
    }
    const double sel = std::sqrt(std::max(ml2 - ml * ml, 0.0) / (S - 1));
    const double sec = std::sqrt(std::max(mc2 - mc * mc, 0.0) / (S - 1));
    MESSAGE("alpha " << c.alpha << " beta " << c.beta << ": lambda1 " << f.top_eigenvalue << " vs "
                     << ml << " +- " << sel << "; cos2 " << f.overlap2 << " vs " << mc << " +- " << sec);
    CHECK(test::within_error_bar(ml, f.top_eigenvalue, sel, test::error_bar(S), c.b_lam));
    CHECK(test::within_error_bar(mc, f.overlap2, sec, test::error_bar(S), c.b_c2));
    // The stationary point of the reduced objective: q = 1 - 1/lambda1, m^2 = q cos^2.
    CHECK(f.q == doctest::Approx(1 - 1 / f.top_eigenvalue));
    CHECK(f.m2 == doctest::Approx(f.q * f.overlap2));
  }
  // Exact values at the test grid (BBP / Paul closed forms; docs/spectral.md, `rbm`).
  CHECK(bbp_top_eigenvalue(2, 1) == doctest::Approx(3.0));
  CHECK(bbp_overlap2(2, 1) == doctest::Approx(1.0 / 3.0));
  CHECK(bbp_top_eigenvalue(4, 0.5) == doctest::Approx(2.25));  // = the MP edge at BBP
  CHECK(bbp_overlap2(0.5, 1) == 0.0);
}

TEST_CASE("rbm: the spectral measure of the spike (deterministic equivalent) vs exact identities and samples") {
  // beta = 0: nu_u is the Marchenko-Pastur law (exact identity; the MP density from lib/rmt).
  for (const double alpha : {0.5, 2.0}) {
    const auto [lo, hi] = rmt::MarchenkoPastur{1 / alpha, 1}.edges();
    for (double x = lo + 0.05; x < hi; x += 0.37)
      CHECK(spike_density(alpha, 0, x) ==
            doctest::Approx(rmt::MarchenkoPastur{1 / alpha, 1}.density(x)).epsilon(1e-10));
  }
  // Total mass 1 = bulk + outlier cos^2 + atom at 0, with the bulk integrated by a fine midpoint
  // rule in theta (lambda = c + r cos theta); tolerance: the rule's error.
  for (const auto& [alpha, beta] : {std::pair{2.0, 1.0}, {0.5, 1.0}, {2.0, 0.5}, {10.0, 0.2}}) {
    const double g = 1 / alpha, lo = std::pow(1 - std::sqrt(g), 2), hi = std::pow(1 + std::sqrt(g), 2);
    const double c = (lo + hi) / 2, r = (hi - lo) / 2;
    const int M = 200000;
    double mass = 0;
    for (int i = 0; i < M; ++i) {
      const double th = (i + 0.5) * std::numbers::pi / M;
      mass += spike_density(alpha, beta, c + r * std::cos(th)) * r * std::sin(th) * std::numbers::pi / M;
    }
    CAPTURE(alpha);
    CAPTURE(beta);
    CHECK(mass + bbp_overlap2(alpha, beta) + spike_zero_atom(alpha, beta) == doctest::Approx(1).epsilon(2e-4));
  }
  // Moments u^T C^p u (p = 1..4) of sampled C = X^T X / n at d = 1000 (u = e1, X the data matrix,
  // products by matrix-vector multiplication) vs int lambda^p dnu_u by the 80-node quadrature.
  // Oracle error bar: the standard error of the mean over 16 independent samples times the
  // Student-t quantile of tests/statistics.hpp (9.5).
  const double alpha = 2, beta = 1;
  const Nodes n = make_nodes(alpha, beta, 80);
  const int d = 1000, ns = 2000, S = 16;
  std::vector<Eigen::VectorXd> mom(S, Eigen::VectorXd::Zero(4));
  for (int sample = 0; sample < S; ++sample) {
    std::mt19937_64 rng(200 + sample);
    std::normal_distribution<double> N;
    Eigen::MatrixXd X(ns, d);
    for (int jj = 0; jj < d; ++jj)
      for (int ii = 0; ii < ns; ++ii) X(ii, jj) = N(rng);
    X.col(0) *= std::sqrt(1 + beta);
    Eigen::VectorXd v = Eigen::VectorXd::Unit(d, 0);
    for (int p = 0; p < 4; ++p) {
      v = X.transpose() * (X * v) / ns;
      mom[sample][p] = v[0];
    }
  }
  for (int p = 1; p <= 4; ++p) {
    double theory = n.cos2 * std::pow(n.lam_out, p);
    for (size_t jj = 0; jj < n.lam.size(); ++jj) theory += n.nu[jj] * std::pow(n.lam[jj], p);
    double mean = 0, sq = 0;
    for (const auto& m : mom) mean += m[p - 1] / S;
    for (const auto& m : mom) sq += (m[p - 1] - mean) * (m[p - 1] - mean) / (S - 1);
    const double se = std::sqrt(sq / S);
    MESSAGE("u^T C^" << p << " u: quadrature " << theory << ", sampled " << mean << " +- " << se);
    CHECK(test::within_error_bar(mean, theory, se, test::error_bar(S)));
  }
  // Exact low moments of nu_u: int lambda dnu = 1 + beta, int lambda^2 dnu = (1+beta)^2 (1 + g) +
  // ... (here only the first, E u^T C u = u^T Sigma u = 1 + beta exactly).
  double m1 = n.cos2 * n.lam_out;
  for (size_t j = 0; j < n.lam.size(); ++j) m1 += n.nu[j] * n.lam[j];
  CHECK(m1 == doctest::Approx(1 + beta).epsilon(1e-6));
}

TEST_CASE("rbm: the threshold of the uninformative point is the BBP point alpha beta^2 = 1") {
  // Oracle: the BBP condition [STD]. The growth rate of the outlier direction above BBP is
  // lambda1 - lambda_+ = (beta - alpha^{-1/2})^2 / beta (quadratic onset). Below BBP the point is
  // strictly stable, so the bisection follows the sign of lambda_max (not its classification
  // with the zero tolerance, which placed the point at 4.0027 for beta = 0.5); lambda_max is
  // ~ (alpha - alpha_c)^2 near the point and its rounding noise ~1e-14 gives |error| ~ 1e-7:
  // tolerance 1e-5.
  for (const auto& [beta, lo, hi] : {std::tuple{0.5, 1.0, 10.0}, {1.0, 0.3, 5.0}, {2.0, 0.05, 1.0}}) {
    auto make = [beta](double a) {
      // 16 bulk nodes: the threshold involves only the edge and the outlier node.
      return test::make("rbm", {{"hidden", "gaussian"}, {"beta", format_real(beta)}, {"alpha", format_real(a)},
                                {"nodes", "16"}});
    };
    ThresholdOptions o;
    o.lo = lo;
    o.hi = hi;
    Vec start;
    for (const auto& p : make(lo)->special_points())
      if (p.name == "uninformative") start = p.x;
    const ThresholdResult r = locate_stability_change(make, start, o);
    REQUIRE(r.status == Status::Ok);
    CAPTURE(beta);
    MESSAGE("beta " << beta << ": threshold " << r.threshold << ", BBP " << 1 / (beta * beta));
    CHECK(std::abs(r.threshold - 1 / (beta * beta)) < 1e-5);
    CHECK(r.direction == ThresholdDirection::LosesStability);
  }
}

TEST_CASE("rbm: AMP state evolution (Gaussian hidden units) vs the BBP overlap and sampled eigenvectors") {
  // The SE fixed point from r0 = 0.01 against the Paul/BBP cos^2 (a closed form derived
  // independently from the spiked-covariance resolvent) and against the sampled top eigenvector
  // overlap (d = 1000, tolerance of the first test case). Below BBP the SE goes to 0.
  for (const auto& [alpha, beta] : {std::pair{2.0, 1.0}, {10.0, 1.0}, {1.0, 2.0}}) {
    const auto r = amp_state_evolution_gaussian(alpha, beta, 0.01, 2000);
    CHECK(r.back() == doctest::Approx(bbp_overlap2(alpha, beta)).epsilon(1e-9));
    double c2 = 0;
    for (int s = 0; s < 4; ++s) c2 += top_pair(SpikedSample(alpha, beta, 1000, 11 + s), 1000).second / 4;
    CHECK(std::abs(r.back() - c2) < 0.04);  // 4 standard errors of the 4-sample mean (sd ~0.02)
  }
  const auto below = amp_state_evolution_gaussian(2.0, 0.5, 0.3, 2000);
  CHECK(below.back() < 1e-6);
  // Linear stability of r = 0: the SE slope at 0 is alpha beta^2 (finite difference).
  const double h = 1e-9;
  CHECK(amp_state_evolution_gaussian(3.0, 0.4, h, 1)[1] / h == doctest::Approx(3.0 * 0.16).epsilon(1e-6));
}

TEST_CASE("rbm: Gaussian-hidden gradient flow (spectral ODE) vs finite-d GD at d = 1000") {
  // Oracle: plain GD on the RBM objective with n = alpha d sampled points, d = 1000, 3 seeds
  // (solvers/simulate). The measured spread over seeds of m is 0.01-0.033 (finite-d fluctuations
  // of the spike's spectral weights, O(d^{-1/2})), of Q 0.001-0.006; GD step lr = 0.002 (Euler
  // error in m ~ 0.005 at t = 8). Tolerance: 0.05 on m, 0.01 on Q (about 3 standard errors of the
  // 3-seed mean at the largest spread, plus the Euler error).
  for (const auto& [alpha, beta] : {std::pair{2.0, 1.0}, {0.5, 1.0}}) {
    auto m = test::make("rbm", {{"alpha", format_real(alpha)}, {"beta", format_real(beta)},
                                {"m0", "0.5"}, {"q0", "0.6"}, {"lr", "0.002"}});
    const std::vector<double> times{0.5, 1, 2, 4, 8};
    IntegrateOptions io;
    io.times = times;
    const Trajectory tr = integrate(*m, m->initial_state(), io);
    REQUIRE(tr.status == Status::Ok);
    SimulateOptions so;
    so.d = 1000;
    so.seeds = 3;
    so.seed = 5;
    so.times = times;
    const SimulationResult sim = simulate(*m, m->initial_state(), so);
    REQUIRE(sim.status == Status::Ok);
    const auto& cols = sim.columns;
    const int im = static_cast<int>(std::find(cols.begin(), cols.end(), "m[1]") - cols.begin());
    const int iq = static_cast<int>(std::find(cols.begin(), cols.end(), "Q[1,1]") - cols.begin());
    for (size_t i = 0; i < times.size(); ++i) {
      const Vec obs = m->observables(tr.x[i]);
      MESSAGE("alpha " << alpha << " beta " << beta << " t " << times[i] << ": m " << obs[0] << " vs " << sim.mean(i, im)
                      << " (sd " << sim.sd(i, im) << "), Q " << obs[1] << " vs " << sim.mean(i, iq) << " (sd " << sim.sd(i, iq) << ")");
      CHECK(std::abs(obs[0] - sim.mean(i, im)) < 0.05);
      CHECK(std::abs(obs[1] - sim.mean(i, iq)) < 0.01);
    }
  }
}

TEST_CASE("rbm: the spectral ODE against the independent scalar Gamma-ODE and the closed-form fixed point") {
  // gaussian_flow_k1 integrates dGamma/dt = 1/(1 - q) with q(t) from the spectral integrals (RK4,
  // 64 nodes): an independent discretisation of the same exact flow (agreement to 1e-4, t <= 5);
  // at long times (t = 400: the slowest bulk mode decays like exp(-(lambda1 - lambda_+) t), rate
  // 0.086) the ODE reaches the closed-form stationary point q = 1 - 1/lambda1, m^2 = q cos^2.
  auto m = test::make("rbm", {{"alpha", "2"}, {"beta", "1"}, {"m0", "0.2"}, {"q0", "0.3"}});
  const std::vector<double> times{0.5, 2, 5, 400};
  IntegrateOptions io;
  io.times = times;
  const Trajectory tr = integrate(*m, m->initial_state(), io);
  REQUIRE(tr.status == Status::Ok);
  const auto flow = gaussian_flow_k1(2, 1, 0.2, 0.3, {0.5, 2, 5});
  for (size_t i = 0; i < flow.size(); ++i) {
    const Vec obs = m->observables(tr.x[i]);
    CHECK(obs[0] == doctest::Approx(flow[i].m).epsilon(1e-4));
    CHECK(obs[1] == doctest::Approx(flow[i].q).epsilon(1e-4));
  }
  const GaussianFixedPoint f = gaussian_fixed_point(2, 1);
  const Vec end = m->observables(tr.x.back());
  CHECK(end[1] == doctest::Approx(f.q).epsilon(1e-6));
  CHECK(end[0] * end[0] == doctest::Approx(f.m2).epsilon(1e-6));
}

TEST_CASE("rbm: +-1 hidden units, population drift vs Monte Carlo") {
  // Oracle: E[x tanh(W^T x / sqrt d)] by Monte Carlo in d = k + 1 = 3 dimensions (u = e1, W
  // explicit), 4e5 samples; the drift dW/dt = sqrt(d) E[x tanh(.)] - W <hh^T> mapped to (dm, dQ).
  // Tolerance: the normal quantile of tests/statistics.hpp (5.33) times the standard errors of the
  // Monte-Carlo means.
  const double beta = 1.5;
  auto model = test::make("rbm", {{"hidden", "rademacher"}, {"beta", "1.5"}, {"k", "2"}});
  Eigen::MatrixXd W(3, 2);  // columns: units (already scaled: lambda = W^T x)
  W << 0.6, -0.3, 0.4, 0.7, -0.2, 0.5;
  const Eigen::Vector3d u = Eigen::Vector3d::UnitX();
  const Eigen::Vector2d mvec = W.transpose() * u;
  const Eigen::Matrix2d Q = W.transpose() * W;
  Vec x(5);
  x << mvec[0], mvec[1], Q(0, 0), Q(0, 1), Q(1, 1);
  Vec dx;
  model->drift(x, dx);
  std::mt19937_64 rng(3);
  std::normal_distribution<double> N;
  const int S = 400000;
  Eigen::MatrixXd acc = Eigen::MatrixXd::Zero(3, 2), acc2 = Eigen::MatrixXd::Zero(3, 2);
  for (int s = 0; s < S; ++s) {
    Eigen::Vector3d z(N(rng), N(rng), N(rng));
    z[0] += std::sqrt(beta) * N(rng);
    const Eigen::Vector2d t = (W.transpose() * z).array().tanh();
    const Eigen::MatrixXd g = z * t.transpose();
    acc += g / S;
    acc2 += g.cwiseAbs2() / S;
  }
  const Eigen::MatrixXd se = ((acc2 - acc.cwiseAbs2()) / S).cwiseSqrt();
  const Eigen::Matrix2d H = rademacher_second_moment(Q);
  const Eigen::MatrixXd dW = acc - W * H;  // d grad_W in the scaled variables
  const Eigen::Vector2d dm = dW.transpose() * u;
  const Eigen::Matrix2d dQ = dW.transpose() * W + W.transpose() * dW;
  // Propagated MC error: dm has se of the first row; dQ combines rows with weights W.
  const Eigen::Matrix2d seQ = se.transpose() * W.cwiseAbs() + W.cwiseAbs().transpose() * se;
  // S = 4e5 samples: the normal quantile of tests/statistics.hpp (5.33); seQ bounds the propagated
  // error by the triangle inequality, so the level is conservative.
  const double z = test::normal_error_bar();
  for (int a = 0; a < 2; ++a) CHECK(test::within_error_bar(dx[a], dm[a], se(0, a), z));
  CHECK(test::within_error_bar(dx[2], dQ(0, 0), seQ(0, 0), z));
  CHECK(test::within_error_bar(dx[3], dQ(0, 1), seQ(0, 1), z));
  CHECK(test::within_error_bar(dx[4], dQ(1, 1), seQ(1, 1), z));
  // <h h^T> for k = 2: off-diagonal tanh(Q12) exactly.
  CHECK(H(0, 1) == doctest::Approx(std::tanh(Q(0, 1))).epsilon(1e-12));
}

TEST_CASE("rbm: +-1 hidden units, population fixed point vs Monte Carlo") {
  // The root s of (1 + beta) E sech^2(s Z) = 1 (quadrature + bisection) makes the population
  // gradient along the spike vanish: g(r) = sqrt(1+beta) E[Z tanh(sqrt(1+beta) r Z)] - r, estimated
  // by Monte Carlo with 1e6 samples (common random numbers) is 0 at r* within the normal quantile
  // of tests/statistics.hpp (5.33 standard errors) and has opposite signs at r* -+ 0.1.
  for (const double beta : {0.5, 1.0, 3.0}) {
    const RademacherFixedPoint f = rademacher_population_fixed_point(beta);
    const double b = std::sqrt(1 + beta);
    std::mt19937_64 rng(9);
    std::normal_distribution<double> N;
    const int S = 1000000;
    double g0 = 0, g02 = 0, gm = 0, gp = 0;
    for (int s = 0; s < S; ++s) {
      const double z = N(rng);
      const double v = b * z * std::tanh(b * f.m * z) - f.m;
      g0 += v / S;
      g02 += v * v / S;
      gm += (b * z * std::tanh(b * (f.m - 0.1) * z) - (f.m - 0.1)) / S;
      gp += (b * z * std::tanh(b * (f.m + 0.1) * z) - (f.m + 0.1)) / S;
    }
    const double se = std::sqrt((g02 - g0 * g0) / S);
    CAPTURE(beta);
    MESSAGE("beta " << beta << ": r* = " << f.m << ", MC gradient " << g0 << " +- " << se);
    const double z = test::normal_error_bar();
    CHECK(test::within_error_bar(g0, 0, se, z));
    CHECK(gm > z * se);
    CHECK(gp < -z * se);
    // The model's point 'informative' is a fixed point of its drift with these overlaps.
    auto m = test::make("rbm", {{"hidden", "rademacher"}, {"theory", "flow"}, {"beta", format_real(beta)}});
    const auto pts = m->special_points();
    REQUIRE(pts.size() == 2);
    Vec dx;
    m->drift(pts[1].x, dx);
    CHECK(dx.lpNorm<Eigen::Infinity>() < 1e-10);
  }
}

TEST_CASE("rbm: bad parameters are rejected with the parameter's name") {
  CHECK_THROWS_WITH_AS(test::make("rbm", {{"m0", "0.8"}, {"q0", "0.5"}}),
                       doctest::Contains("'q0'"), std::invalid_argument);
  CHECK_THROWS_AS(test::make("rbm", {{"hidden", "binary"}}), std::invalid_argument);
  CHECK_THROWS_AS(test::make("rbm", {{"alpha", "0"}}), std::invalid_argument);
}

TEST_CASE("rbm: AMP state evolution vs finite-d AMP iterations (Gaussian hidden units)") {
  // Oracle: the AMP iteration itself on sampled data at d = 1000, M = X / sqrt(d) (n x d):
  //   p^t = M q^t - kappa_t p^{t-1},   h^{t+1} = M^T p^t - alpha q^t,   q^t = kappa_t h^t,
  // with linear denoisers (Onsager coefficients: the mean derivatives kappa_t and n/d) and the
  // normalisation kappa_t = sqrt(d)/|h^t|. Its squared cosine with u, averaged over 6 seeds,
  // follows the SE r_t; error bar: the Student-t quantile for 16 seeds (tests/statistics.hpp, 9.5)
  // times the standard error + 0.01 (finite-d bias O(1/sqrt d)).
  const int d = 1000, S = 16, T = 10;
  for (const auto& [alpha, beta] : {std::pair{2.0, 1.0}, {2.0, 0.5}}) {
    const double r0 = 0.1;
    const auto se_r = amp_state_evolution_gaussian(alpha, beta, r0, T);
    const int n = static_cast<int>(std::lround(alpha * d));
    std::vector<std::vector<double>> runs(S);
    for (int s = 0; s < S; ++s) {
      std::mt19937_64 rng(400 + s);
      std::normal_distribution<double> N;
      Eigen::MatrixXd M(n, d);
      for (int j = 0; j < d; ++j)
        for (int i = 0; i < n; ++i) M(i, j) = N(rng);
      for (int i = 0; i < n; ++i) M(i, 0) += std::sqrt(beta) * N(rng);  // u = e1
      M /= std::sqrt(double(d));
      Eigen::VectorXd h(d);
      for (int i = 0; i < d; ++i) h[i] = N(rng);
      h[0] = 0;
      h = h.normalized() * std::sqrt((1 - r0) * d);
      h[0] = std::sqrt(r0 * d);  // cos^2 = r0
      Eigen::VectorXd p_prev = Eigen::VectorXd::Zero(n);
      for (int t = 0; t < T; ++t) {
        const double kappa = std::sqrt(double(d)) / h.norm();
        const Eigen::VectorXd q = kappa * h;
        const Eigen::VectorXd p = M * q - kappa * p_prev;
        h = M.transpose() * p - alpha * q;
        p_prev = p;
        runs[s].push_back(h[0] * h[0] / h.squaredNorm());
      }
    }
    for (int t = 0; t < T; ++t) {
      double mean = 0, sq = 0;
      for (const auto& r : runs) mean += r[t] / S;
      for (const auto& r : runs) sq += (r[t] - mean) * (r[t] - mean) / (S - 1);
      const double se = std::sqrt(sq / S);
      CAPTURE(alpha);
      CAPTURE(beta);
      CAPTURE(t);
      MESSAGE("alpha " << alpha << " beta " << beta << " t " << t + 1 << ": SE " << se_r[t + 1]
                       << ", AMP " << mean << " +- " << se);
      CHECK(test::within_error_bar(mean, se_r[t + 1], se, test::error_bar(S), 0.01));
    }
  }
}

TEST_CASE("rbm: symmetry distances see the model's exact symmetries") {
  // Gaussian hidden units: W -> W O (O orthogonal) maps (o, s, P) -> (O^T o, O^T s, O^T P O) and
  // leaves drift and loss invariant (exact identity); the distance of the rotated state is ~0,
  // and the drift of the rotated state is the rotated drift.
  auto g = test::make("rbm", {{"k", "2"}, {"nodes", "8"}});
  std::mt19937_64 rng(4);
  const Vec x = g->random_state(rng);
  const double c = std::cos(0.7), s = std::sin(0.7);
  Eigen::Matrix2d O;
  O << c, -s, s, c;
  auto rotate = [&](const Vec& v) {
    SpectralState st = unpack(g->layout(), v, 2, 8);
    st.o = O.transpose() * st.o;
    st.s0 = O.transpose() * st.s0;
    st.Pedge = O.transpose() * st.Pedge * O;
    st.P0 = O.transpose() * st.P0 * O;
    for (size_t j = 0; j < st.P.size(); ++j) {
      st.P[j] = O.transpose() * st.P[j] * O;
      st.s[j] = O.transpose() * st.s[j];
    }
    return pack(g->layout(), st);
  };
  const Vec y = rotate(x);
  CHECK(g->symmetry_distance(x, y) < 1e-12);
  CHECK(g->loss(y) == doctest::Approx(g->loss(x)).epsilon(1e-12));
  Vec dx, dy;
  g->drift(x, dx);
  g->drift(y, dy);
  CHECK((rotate(dx) - dy).lpNorm<Eigen::Infinity>() < 1e-12);
  CHECK(g->symmetry_distance(x, g->random_state(rng)) > 1e-3);
  // +-1 hidden units: flipping unit 2 and swapping the units.
  auto r = test::make("rbm", {{"hidden", "rademacher"}, {"k", "2"}});
  Vec a(5), b(5);
  a << 0.3, -0.2, 0.5, 0.1, 0.4;   // m1, m2, Q11, Q12, Q22
  b << 0.2, 0.3, 0.4, -0.1, 0.5;   // unit 2 -> -unit 2, then swap
  CHECK(r->symmetry_distance(a, b) < 1e-15);
  Vec da, db;
  r->drift(a, da);
  r->drift(b, db);
  CHECK(db[0] == doctest::Approx(-da[1]).epsilon(1e-12));
  CHECK(db[3] == doctest::Approx(-da[3]).epsilon(1e-12));
  CHECK(r->loss(a) == doctest::Approx(r->loss(b)).epsilon(1e-12));
}
