// examples/models/committee_tanh_sgd.summit (the tanh committee with the O(lr^2) SGD term, whose
// four-point function g_I4 is a nested quadrature) against independent oracles: a Monte-Carlo
// estimate of its drift at lr = 1 (normal error bars, tests/statistics.hpp) and a finite-d
// simulation of one-pass SGD of the network itself (d = 1000, 16 seeds, Student-t), at a learning
// rate where the lr^2 term changes the curve by far more than the error bars (checked: the
// first-order model committee_tanh.summit is rejected by the same simulation).
#include "solvers/integrate.hpp"
#include "tests/statistics.hpp"
#include "tests/support.hpp"

#include <Eigen/Cholesky>

#include <cmath>
#include <random>
#include <string>

namespace summit::test {
namespace {

const std::string kModels = std::string(SUMMIT_SOURCE_DIR) + "/examples/models/";

std::string q_name(int i, int k) { return "Q[" + std::to_string(i + 1) + "," + std::to_string(k + 1) + "]"; }
std::string r_name(int i, int n) { return "R[" + std::to_string(i + 1) + "," + std::to_string(n + 1) + "]"; }

// One-pass SGD of the committee y = sum_n tanh(nu_n), yhat = sum_i tanh(lambda_i) in dimension d
// (lambda = W x / sqrt d, nu = W* x / sqrt d, x ~ N(0, I_d)): w_i += (lr / sqrt d) tanh'(lambda_i)
// Delta x, Delta = y - yhat; time alpha = steps / d (the scaling of models/committee/microscopic.cpp).
// Start: teacher n along sqrt(d) e_n (T = I), students with Q = I and R = r0 I (K <= M here).
struct CommitteeSgd {
  int K, M, d;
  double lr;
  Eigen::MatrixXd W, Ws;
  std::mt19937_64 rng;
  std::normal_distribution<double> n01;

  CommitteeSgd(int K_, int M_, int d_, double lr_, double r0, std::uint64_t seed)
      : K(K_), M(M_), d(d_), lr(lr_), W(Eigen::MatrixXd::Zero(K_, d_)), Ws(Eigen::MatrixXd::Zero(M_, d_)), rng(seed) {
    const double s = std::sqrt(double(d));
    for (int n = 0; n < M; ++n) Ws(n, n) = s;  // teacher n along e_n: T = I
    for (int i = 0; i < K; ++i) {               // student i: r0 e_i + sqrt(1 - r0^2) e_{M+i}
      if (i < M) W(i, i) = s * r0;
      W(i, M + i) = s * std::sqrt(1 - (i < M ? r0 * r0 : 0.0));
    }
  }
  void run(double alpha) {
    const long steps = std::lround(alpha * d);
    Eigen::VectorXd x(d);
    const double isd = 1 / std::sqrt(double(d));
    for (long s = 0; s < steps; ++s) {
      for (int j = 0; j < d; ++j) x[j] = n01(rng);
      const Eigen::VectorXd lam = isd * (W * x), nu = isd * (Ws * x);
      double delta = 0;
      for (int n = 0; n < M; ++n) delta += std::tanh(nu[n]);
      for (int i = 0; i < K; ++i) delta -= std::tanh(lam[i]);
      for (int i = 0; i < K; ++i) {
        const double t = std::tanh(lam[i]);
        W.row(i) += (lr * isd * (1 - t * t) * delta) * x.transpose();
      }
    }
  }
  Eigen::MatrixXd Q() const { return W * W.transpose() / double(d); }
  Eigen::MatrixXd R() const { return W * Ws.transpose() / double(d); }
};

TEST_CASE("committee_tanh_sgd.summit: the drift with the lr^2 term equals its Monte-Carlo estimate") {
  const double lr = 1;
  const int K = 2, M = 2;
  auto m = make(kModels + "committee_tanh_sgd.summit", {{"lr", "1"}});
  // A realisable state with unequal variances and correlations (students w_i in R^4, teachers e_n).
  Eigen::MatrixXd Wst(K, K + M);
  Wst << 0.6, -0.3, 0.7, 0.2,  //
      0.1, 0.8, -0.4, 0.5;
  const Eigen::MatrixXd Qm = Wst * Wst.transpose(), Rm = Wst.leftCols(M);
  const Layout& l = m->layout();
  Vec x = m->initial_state();
  for (int i = 0; i < K; ++i) {
    for (int k = i; k < K; ++k) x[l.index_of(q_name(i, k))] = Qm(i, k);
    for (int n = 0; n < M; ++n) x[l.index_of(r_name(i, n))] = Rm(i, n);
  }
  Eigen::MatrixXd C = Eigen::MatrixXd::Identity(K + M, K + M);
  C.topLeftCorner(K, K) = Qm;
  C.topRightCorner(K, M) = Rm;
  C.bottomLeftCorner(M, K) = Rm.transpose();
  const Eigen::MatrixXd L = C.llt().matrixL();
  // The SGD increment per unit alpha (Saad & Solla 1995): dR_in = lr g'(lambda_i) nu_n Delta,
  // dQ_ik = lr (g'(lambda_i) lambda_k + g'(lambda_k) lambda_i) Delta + lr^2 g'(lambda_i) g'(lambda_k) Delta^2.
  const int n = 400000, dim = m->dim();
  Eigen::VectorXd sum = Eigen::VectorXd::Zero(dim), sum2 = Eigen::VectorXd::Zero(dim), sample(dim);
  Eigen::VectorXd sum_lr2 = Eigen::VectorXd::Zero(dim);
  std::mt19937_64 rng(31);
  std::normal_distribution<double> n01;
  Eigen::VectorXd z(K + M);
  for (int s = 0; s < n; ++s) {
    for (int k = 0; k < K + M; ++k) z[k] = n01(rng);
    const Eigen::VectorXd u = L * z;
    double delta = 0;
    for (int c = 0; c < K + M; ++c) delta += (c < K ? -1 : 1) * std::tanh(u[c]);
    for (int i = 0; i < K; ++i) {
      const double ti = std::tanh(u[i]), gi = 1 - ti * ti;
      for (int k = i; k < K; ++k) {
        const double tk = std::tanh(u[k]), gk = 1 - tk * tk;
        const int j = l.index_of(q_name(i, k));
        sample[j] = lr * (gi * u[k] + gk * u[i]) * delta + lr * lr * gi * gk * delta * delta;
        sum_lr2[j] += lr * lr * gi * gk * delta * delta;
      }
      for (int nn = 0; nn < M; ++nn) sample[l.index_of(r_name(i, nn))] = lr * gi * u[K + nn] * delta;
    }
    sum += sample;
    sum2 += sample.cwiseProduct(sample);
  }
  Vec drift;
  m->drift(x, drift);
  for (int k = 0; k < dim; ++k) {
    const double mean = sum[k] / n, se = std::sqrt((sum2[k] / n - mean * mean) / (n - 1));
    INFO(l.coord_name(k) << ": theory " << drift[k] << ", Monte-Carlo " << mean << " +- " << se
                         << " (lr^2 part " << sum_lr2[k] / n << ")");
    // bias: the series and quadrature errors, below 1e-6 at these variances (docs/models.md)
    CHECK(within_error_bar(mean, drift[k], se, normal_error_bar(), 1e-6));
  }
  // The exact Jacobian (Jets through the nested rule of g_I4) against central differences
  // (h = 1e-5: error about h^2 |f'''| + eps |f| / h, 1e-10 here).
  Vec d0;
  Mat J;
  m->drift_jacobian(x, d0, J);
  const Mat Jfd = fd_jacobian([&](const Vec& y) { Vec dy; m->drift(y, dy); return dy; }, x, 1e-5);
  CHECK(rel_err(J, Jfd) < 1e-8);
}

TEST_CASE("committee_tanh_sgd.summit: the perfect point is a fixed point (a singular covariance)") {
  // Student fields equal the teacher fields: Delta = 0 exactly, so the drift vanishes; the
  // conditional variances in g_I4 are 0 there (docs/models.md), and the value must still be right.
  auto m = make(kModels + "committee_tanh_sgd.summit", {{"lr", "1"}});
  Vec perfect;
  for (const auto& p : m->special_points())
    if (p.name == "perfect") perfect = p.x;
  REQUIRE(perfect.size() == m->dim());
  Vec drift;
  m->drift(perfect, drift);
  auto m1 = make(kModels + "committee_tanh.summit", {{"lr", "1"}});
  Vec drift1;
  m1->drift(perfect, drift1);
  INFO("drift " << drift.transpose() << "\nfirst-order drift " << drift1.transpose());
  // The first-order part (Mehler series of g_I3 at rho = 1) leaves 1.6e-7; the lr^2 part is
  // g_I4's error where two g fields (student j, teacher j) are perfectly correlated, the inner
  // series' worst case (order 12): measured 7.4e-5 on Q[i,i] (1.1e-6 with `order 80 nodes 140`;
  // docs/models.md). Regression bound 1e-4; the R entries have no lr^2 term.
  CHECK(drift.cwiseAbs().maxCoeff() < 1e-4);
  CHECK(std::abs(drift1.cwiseAbs().maxCoeff()) < 1e-6);
  CHECK(std::abs(m->loss(perfect)) < 1e-6);
}

TEST_CASE("committee_tanh_sgd.summit: the curve at lr = 1 against finite-d SGD (d = 1000, 16 seeds)") {
  const int K = 2, M = 2, d = 1000, seeds = 16;
  const double lr = 1, r0 = 0.2, t_end = 2;
  const std::map<std::string, std::string> p = {{"lr", "1"}};
  auto full = make(kModels + "committee_tanh_sgd.summit", p);
  auto first_order = make(kModels + "committee_tanh.summit", p);
  const Layout& l = full->layout();
  Vec x0 = full->initial_state();
  for (int i = 0; i < K; ++i) x0[l.index_of(r_name(i, i))] = r0;
  IntegrateOptions io;
  io.times = {0.0, t_end};
  io.rel_tol = io.abs_tol = 1e-9;
  const Trajectory tf = integrate(*full, x0, io), t1 = integrate(*first_order, x0, io);
  REQUIRE(tf.status == Status::Ok);
  REQUIRE(t1.status == Status::Ok);
  const int dim = full->dim();
  Eigen::VectorXd sum = Eigen::VectorXd::Zero(dim), sum2 = Eigen::VectorXd::Zero(dim);
  for (int s = 0; s < seeds; ++s) {
    CommitteeSgd sim(K, M, d, lr, r0, 1000 + s);
    sim.run(t_end);
    const Eigen::MatrixXd Q = sim.Q(), R = sim.R();
    Eigen::VectorXd v(dim);
    for (int i = 0; i < K; ++i) {
      for (int k = i; k < K; ++k) v[l.index_of(q_name(i, k))] = Q(i, k);
      for (int n = 0; n < M; ++n) v[l.index_of(r_name(i, n))] = R(i, n);
    }
    sum += v;
    sum2 += v.cwiseProduct(v);
  }
  int first_order_rejected = 0;
  for (int k = 0; k < dim; ++k) {
    const double mean = sum[k] / seeds, se = std::sqrt((sum2[k] / seeds - mean * mean) / (seeds - 1) / seeds);
    const double ode = tf.x.back()[k], ode1 = t1.x.back()[k];
    INFO(l.coord_name(k) << " at alpha = " << t_end << ": SGD " << mean << " +- " << se << ", ODE " << ode
                         << ", first-order ODE " << ode1);
    // bias: the O(1/d) finite-size correction (2/d, as tests/models/committee's simulation tests)
    CHECK(within_error_bar(mean, ode, se, error_bar(seeds), 2.0 / d));
    if (std::abs(mean - ode1) > error_bar(seeds) * se + 2.0 / d) ++first_order_rejected;
  }
  // The lr^2 term matters here: without it the curve misses the simulation in the Q entries.
  CHECK(first_order_rejected >= 2);
}

}  // namespace
}  // namespace summit::test
