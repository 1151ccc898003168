// The Monte-Carlo GAMP state evolution (models/spectral/gamp_se_mc.hpp): its Q -> 0 slope against
// the binned operator F of the same pool, its map and fixed points against the closed-form
// quadrature SE (gamp_se.hpp) for abs and sign-z1z2 through the user-expression path, and the
// sign committee's second threshold against an independent direct Monte-Carlo of the SE
// restricted to the trivial direction.
#include "tests/statistics.hpp"
#include "tests/support.hpp"
#include "z1z2_oracle.hpp"
#include "models/spectral/gamp_se.hpp"
#include "models/spectral/gamp_se_mc.hpp"
#include "lib/gauss/quadrature.hpp"
#include "models/spectral/user_channel.hpp"
#include "solvers/continuation.hpp"

#include <Eigen/Eigenvalues>

#include <cmath>
#include <numbers>
#include <random>

using namespace summit;
using namespace summit::spectral;

namespace {

McGampSe make_se(const std::string& g, int p, long pool, int nodes, int bins, std::uint64_t seed) {
  McSeOptions o;
  o.pool = pool;
  o.nodes = nodes;
  o.bins = bins;
  o.seed = seed;
  return McGampSe(expression_label(g, p), p, o);
}

// The fixed point of q -> [T(q I)]_11 (isotropic channels: Q stays q I exactly, the pool being
// symmetric under the coordinate swaps) by the secant method from q0.
double qstar(const McGampSe& se, double alpha, double q0) {
  const Eigen::MatrixXd I = Eigen::MatrixXd::Identity(se.p(), se.p());
  auto f = [&](double q) { return se.step(alpha, q * I)(0, 0) - q; };
  double a = q0, b = q0 + 0.02, fa = f(a), fb = f(b);
  for (int it = 0; it < 40 && std::abs(b - a) > 1e-11; ++it) {
    const double c = b - fb * (b - a) / (fb - fa);
    a = b;
    fa = fb;
    b = c;
    fb = f(b);
  }
  return b;
}

double sgn(double v) { return double((v > 0) - (v < 0)); }

}  // namespace

TEST_CASE("mc gamp SE: Q = 0 is exact for even channels and the slope there is the binned F") {
  // y = z1 z2 (continuous: binned). The pool is symmetric under z -> -z with equal labels, so
  // E_pool[z | b] = 0 and T(0) = 0 up to rounding; the slope E[g g^T](eps M)/eps equals
  // F(M) = sum_b P_b G_b M G_b of the same pool up to O(eps) (the O(eps^{3/2}) term is odd in
  // xi and vanishes on the symmetric Gauss-Hermite rule): eps = 1e-7, tolerance 1e-5 relative.
  const McGampSe se = make_se("z1*z2", 2, 20000, 8, 100, 3);
  CHECK(se.symmetry_order() == 8);  // all signed permutations (odd ones flip y)
  CHECK(se.expectation(Eigen::MatrixXd::Zero(2, 2)).E.norm() < 1e-20);
  const Eigen::MatrixXd A = se.binned_F();
  Eigen::MatrixXd B(2, 2);
  B << 1.0, 0.3, -0.4, 0.8;
  for (const Eigen::MatrixXd& M : {Eigen::MatrixXd(Eigen::MatrixXd::Identity(2, 2)),
                                   Eigen::MatrixXd(B * B.transpose())}) {
    const double eps = 1e-7;
    const Eigen::MatrixXd slope = se.expectation(eps * M).E / eps;
    const Eigen::VectorXd vecM = Eigen::Map<const Eigen::VectorXd>(M.data(), 4);  // symmetric
    const Eigen::VectorXd vF = A * vecM;
    const Eigen::MatrixXd F = Eigen::Map<const Eigen::MatrixXd>(vF.data(), 2, 2);
    INFO("slope " << slope << "\nF " << F);
    CHECK(test::rel_err(slope, F) < 1e-5);
  }
  // The same operator by estimate_channel (another pool, 2e6 samples, 400 bins): r(F) against
  // 1/alpha_c = 1 + c = 1.684207 with c from the independent oracle (tests/models/spectral/z1z2_oracle.hpp:
  // Bessel functions and the integral by the trapezoidal rule, not the library's quadrature). Binned F on a pool of 2e5: r within 1.5%
  // (MC error ~ sqrt(bins/pool) ~ 5e-2 on each G_b entry, averaged over bins; measured 0.3-0.8%).
  const McGampSe big = make_se("z1*z2", 2, 200000, 8, 400, 1);
  const double r = Eigen::EigenSolver<Eigen::MatrixXd>(big.binned_F()).eigenvalues().cwiseAbs().maxCoeff();
  CHECK(r == doctest::Approx(1 + test::z1z2_second_moment_oracle()).epsilon(0.015));
}

TEST_CASE("mc gamp SE: abs (phase retrieval) against the closed-form quadrature SE") {
  // The map E[g^2] at q = 0.48: over 6 pool seeds (pool 2e5, 400 bins, 40 nodes) the estimate
  // has mean 0.9245, sd 0.0042, against the quadrature 0.921039; the binning shift (400 -> 200
  // bins) is -0.0025 and 40 -> 160 nodes changes it by -5e-4. Tolerance: 4 sd + 0.003.
  const McGampSe se = make_se("abs(z1)", 1, 200000, 40, 400, 1);
  CHECK(se.symmetry_order() == 2);
  for (double q : {0.3, 0.6}) {
    const double mc = se.expectation(Eigen::MatrixXd::Constant(1, 1, q)).E(0, 0);
    const double exact = gamp_qhat_over_alpha("abs", q);
    INFO("q = " << q << ": MC " << mc << " vs quadrature " << exact);
    CHECK(std::abs(mc - exact) < 4 * 0.0042 * exact / 0.92 + 0.003);
  }
  // The fixed point at alpha = 1 (exact SE: 0.4763). Over pool seeds 1-6: 0.4798 mean, sd 0.0078;
  // the fixed point is weakly stable (map slope ~0.85), which amplifies the map's error ~7 times.
  // Tolerance: 3 sd + the 400 -> 200-bin shift (0.0015).
  const double q = qstar(se, 1.0, 0.45);
  INFO("q* = " << q);
  CHECK(std::abs(q - 0.4763) < 3 * 0.0078 + 0.0015);
}

TEST_CASE("mc gamp SE: sign-z1z2 against the closed-form SE (discrete labels: no binning)") {
  // Exact SE (gamp_se.hpp): q* = 0.243 at alpha = 3. The MC fixed point over pool seeds 1-6
  // (pool 2e5, 16 nodes): mean 0.2426, sd 0.0157. Tolerance 3 sd.
  const McGampSe se = make_se("sign(z1*z2)", 2, 200000, 16, 400, 1);
  CHECK(se.discrete());
  CHECK(se.groups() == 2);
  // The map keeps Q = q I exactly (symmetric pool, symmetric rule): off-diagonal 0.
  const Eigen::MatrixXd T = se.step(3.0, 0.2 * Eigen::MatrixXd::Identity(2, 2));
  CHECK(std::abs(T(0, 1)) < 1e-14);
  CHECK(std::abs(T(0, 0) - T(1, 1)) < 1e-14);
  const double q = qstar(se, 3.0, 0.22);
  double qe = 0.01;  // the exact SE iterated (damped) from 0.01
  for (int t = 0; t < 3000; ++t) qe = 0.3 * qe + 0.7 * gamp_step("sign-z1z2", 3.0, qe);
  INFO("MC q* = " << q << ", exact " << qe);
  CHECK(qe == doctest::Approx(0.243).epsilon(0.01));
  CHECK(std::abs(q - qe) < 3 * 0.0157);
}

namespace {
// Direct Monte-Carlo of the SE restricted to Q = q u u^T (u = (1,1,1)/sqrt3) for the sign
// committee, independent of the pool reweighting: at each Gauss-Hermite node omega = sqrt(q) xi u
// sample z = omega + V^{1/2} eta with V = I - q u u^T and average per label y. Returns
// E_uu = E[g_u^2] and c with F_K = c Id (K = the plane orthogonal to u; G_K = (Cov(z_K | y,
// omega) - I) is a multiple of I_K by the permutation symmetry, c = E[G_K,11^2] averaged over the
// two diagonal entries), from S samples per node.
struct Oracle {
  double Euu = 0, c = 0;
};
Oracle committee_oracle(double q, int S, std::uint64_t seed) {
  const gauss::Rule& R = gauss::gauss_hermite(40);
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> N;
  const Eigen::Vector3d u = Eigen::Vector3d::Ones() / std::sqrt(3.0);
  Eigen::Matrix<double, 3, 2> K;
  K.col(0) << 1, -1, 0;
  K.col(1) << 1, 1, -2;
  K.col(0) /= std::sqrt(2.0);
  K.col(1) /= std::sqrt(6.0);
  const Eigen::Matrix3d Vh = Eigen::Matrix3d::Identity() - (1 - std::sqrt(1 - q)) * u * u.transpose();
  Oracle o;
  for (int j = 0; j < R.size(); ++j) {
    const Eigen::Vector3d omega = std::sqrt(q) * R.x[j] * u;
    double n[4] = {0, 0, 0, 0}, su[4] = {0, 0, 0, 0};
    Eigen::Matrix2d sk[4];
    Eigen::Vector2d mk[4];
    for (int y = 0; y < 4; ++y) sk[y].setZero(), mk[y].setZero();
    for (int s = 0; s < S; ++s) {
      const Eigen::Vector3d z = omega + Vh * Eigen::Vector3d(N(rng), N(rng), N(rng));
      const int y = static_cast<int>(std::lround((sgn(z[0]) + sgn(z[1]) + sgn(z[2]) + 3) / 2));
      const Eigen::Vector2d zk = K.transpose() * z;
      n[y] += 1;
      su[y] += u.dot(z);
      mk[y] += zk;
      sk[y] += zk * zk.transpose();
    }
    for (int y = 0; y < 4; ++y) {
      if (n[y] < 2) continue;
      const double P = n[y] / S, g = (su[y] / n[y] - std::sqrt(q) * R.x[j]) / (1 - q);
      const Eigen::Vector2d m = mk[y] / n[y];
      const Eigen::Matrix2d G = sk[y] / n[y] - m * m.transpose() - Eigen::Matrix2d::Identity();
      o.Euu += R.w[j] * P * g * g;
      o.c += R.w[j] * P * 0.5 * (G(0, 0) * G(0, 0) + G(1, 1) * G(1, 1));
    }
  }
  return o;
}

McGampSe committee_se(long pool, int nodes, std::uint64_t seed) {
  McSeOptions o;
  o.pool = pool;
  o.nodes = nodes;
  o.seed = seed;
  return McGampSe([](const double* z) { return sgn(z[0]) + sgn(z[1]) + sgn(z[2]); }, 3, o);
}
}  // namespace

TEST_CASE("mc gamp SE: sign committee, restricted map and kernel operator vs direct Monte-Carlo") {
  const Eigen::Vector3d u = Eigen::Vector3d::Ones() / std::sqrt(3.0);
  const Eigen::Matrix3d P = u * u.transpose();
  Eigen::Matrix<double, 3, 2> K;
  K.col(0) << 1, -1, 0;
  K.col(1) << 1, 1, -2;
  K.col(0) /= std::sqrt(2.0);
  K.col(1) /= std::sqrt(6.0);
  const double q = 0.7;
  // Pool estimates over 4 seeds (pool 1e5, 12-fold symmetric: signed permutations with y -> +-y).
  double e[4], c[4];
  for (int s = 0; s < 4; ++s) {
    const McGampSe se = committee_se(100000, 40, s + 1);
    CHECK(se.symmetry_order() == 12);
    CHECK(se.groups() == 4);
    const Eigen::MatrixXd E = se.expectation(q * P).E;
    // Exact invariance of span(u u^T) (symmetric pool and rule): no component off u u^T.
    CHECK((E - u.dot(E * u) * P).norm() < 1e-13);
    e[s] = u.dot(E * u);
    const Eigen::MatrixXd A = se.kernel_operator(q * P, K);  // 4 x 4 on vec(M), M in K
    CHECK((A - A(0, 0) * Eigen::MatrixXd::Identity(4, 4)).norm() < 1e-10 * A(0, 0));
    c[s] = A(0, 0);
  }
  auto mean_sd = [](const double* v, double& m, double& sd) {
    m = (v[0] + v[1] + v[2] + v[3]) / 4;
    sd = 0;
    for (int i = 0; i < 4; ++i) sd += (v[i] - m) * (v[i] - m) / 3;
    sd = std::sqrt(sd);
  };
  double em, esd, cm, csd;
  mean_sd(e, em, esd);
  mean_sd(c, cm, csd);
  // The oracle: two independent replicas give its own error (sd of one replica ~ |a - b|/sqrt2).
  const Oracle o1 = committee_oracle(q, 20000, 11), o2 = committee_oracle(q, 20000, 12);
  const double oe = 0.5 * (o1.Euu + o2.Euu), oc = 0.5 * (o1.c + o2.c);
  const double oesd = std::abs(o1.Euu - o2.Euu) / 2, ocsd = std::abs(o1.c - o2.c) / 2;
  INFO("E_uu pool " << em << " +- " << esd / 2 << ", oracle " << oe << " +- " << oesd);
  INFO("c pool " << cm << " +- " << csd / 2 << ", oracle " << oc << " +- " << ocsd);
  // Tolerance: the combined standard error of the two means times the Student-t quantile for the
  // smaller sample (the two oracle replicas: 1 degree of freedom would give 6e6; we use the 4 pool
  // draws, 3 degrees of freedom, tests/statistics.hpp: 280, and the oracle's sd estimated from two
  // replicas makes this approximate), plus 0.5% for the ratio-estimator bias of the oracle
  // (O(1/n_y) per node and label, n_y >= 20000/8). The 0.5% is the operative bound here.
  CHECK(test::within_error_bar(em, oe, std::hypot(esd / 2, oesd), test::error_bar(4), 0.005 * oe));
  CHECK(test::within_error_bar(cm, oc, std::hypot(csd / 2, ocsd), test::error_bar(4), 0.005 * oc));
}

TEST_CASE("mc gamp SE: sign committee, the kernel linearisation is the full map's derivative") {
  // At the restricted fixed point Q* = q* u u^T the derivative of the full map along the
  // orthogonal directions, d/de T(Q* + e P_K) (finite difference e = 1e-6, full-rank evaluation
  // with nodes^3 outer points), must equal alpha F_K(P_K) (kernel_operator, moments at rank 1):
  // the same pool, so they agree to the O(e) truncation (tolerance 1e-3 relative).
  const McGampSe se = committee_se(24000, 10, 5);
  const Eigen::Vector3d u = Eigen::Vector3d::Ones() / std::sqrt(3.0);
  const Eigen::Matrix3d P = u * u.transpose(), PK = Eigen::Matrix3d::Identity() - P;
  Eigen::Matrix<double, 3, 2> K;
  K.col(0) << 1, -1, 0;
  K.col(1) << 1, 1, -2;
  K.col(0) /= std::sqrt(2.0);
  K.col(1) /= std::sqrt(6.0);
  const double alpha = 5;
  double q = 0.8;
  for (int it = 0; it < 200; ++it) q = 0.3 * q + 0.7 * u.dot(se.step(alpha, q * P) * u);
  CHECK(std::abs(u.dot(se.step(alpha, q * P) * u) - q) < 1e-9);
  const double eps = 1e-6;
  const Eigen::MatrixXd T = se.step(alpha, q * P + eps * PK);
  const double along = (K.transpose() * T * K).trace() / 2 / eps;  // per unit of P_K
  const Eigen::MatrixXd A = se.kernel_operator(q * P, K);
  INFO("q* = " << q << ", FD " << along << ", alpha F_K " << alpha * A(0, 0));
  CHECK(along == doctest::Approx(alpha * A(0, 0)).epsilon(1e-3));
}

TEST_CASE("mc gamp SE as a model: threshold, collapse of the weights, bad input") {
  // user z1*z2: the natural threshold (stability of Q = 0) is 1/r(binned F) of the same pool.
  const auto m = test::make("multi-index-weak-recovery",
                            {{"channel", "user"}, {"g", "z1*z2"}, {"state_evolution", "gamp"},
                             {"pool", "20000"}, {"bins", "100"}, {"nodes", "8"}});
  const McGampSe se = make_se("z1*z2", 2, 20000, 8, 100, 1);
  const double r = Eigen::EigenSolver<Eigen::MatrixXd>(se.binned_F()).eigenvalues().cwiseAbs().maxCoeff();
  auto make = [](double a) {
    return test::make("multi-index-weak-recovery",
                      {{"channel", "user"}, {"g", "z1*z2"}, {"state_evolution", "gamp"},
                       {"pool", "20000"}, {"bins", "100"}, {"nodes", "8"},
                       {"alpha", format_real(a)}});
  };
  ThresholdOptions o;
  o.lo = 0.3;
  o.hi = 1.2;
  o.grid = 4;
  o.param_tol = 1e-7;
  const ThresholdResult t = locate_stability_change(make, Vec::Zero(3), o);
  REQUIRE(t.status == Status::Ok);
  // Forward differences at Q = 0 (step 1e-6): O(1e-6) relative error of the Jacobian.
  CHECK(t.threshold == doctest::Approx(1 / r).epsilon(1e-5));
  CHECK(m->hints().natural_threshold.point == "trivial");
  // Q -> I: the importance weights collapse; the state is flagged, with the reason.
  const auto a = test::make("multi-index-weak-recovery",
                            {{"channel", "user"}, {"g", "abs(z1)"}, {"p", "1"},
                             {"state_evolution", "gamp"}, {"pool", "20000"}});
  std::string why;
  CHECK_FALSE(a->realisable(Vec::Constant(1, 0.999999), &why, 1e-9));
  CHECK(why.find("effective sample size") != std::string::npos);
  CHECK(a->realisable(Vec::Constant(1, 0.5), &why, 1e-9));
  CHECK_THROWS_WITH_AS(test::make("multi-index-weak-recovery",
                                  {{"channel", "sign-committee"}, {"state_evolution", "gamp"},
                                   {"nodes", "100"}}),
                       doctest::Contains("'nodes' = 100"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(test::make("multi-index-weak-recovery",
                                  {{"channel", "user"}, {"g", "z1*z3"}, {"state_evolution", "gamp"}}),
                       doctest::Contains("parameter 'g'"), std::invalid_argument);
  // The committee: the trivial direction is exactly invariant, so the natural threshold is the
  // root of kernel_growth at the point with only it learned.
  const auto c = test::make("multi-index-weak-recovery",
                            {{"channel", "sign-committee"}, {"state_evolution", "gamp"},
                             {"pool", "24000"}, {"alpha", "2"}});
  CHECK(c->hints().natural_threshold.observable == "kernel_growth");
  CHECK(c->hints().natural_threshold.point == "trivial-learned");
}
