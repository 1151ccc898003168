// Finite-N one-pass SGD of the actual committee network (docs/committee.md, "Model and
// conventions"; the scaling of Goldt et al. 2019 and of nn2pp, Goldt et al.'s public code):
//   w_k += -(wd/N) w_k + (lr/sqrt N) v_k g'(lambda_k) Delta x,
//   v_k += -(wd/N) v_k + (lr2/N) g(lambda_k) Delta          (train_second_layer only),
// with a fresh x ~ N(0, I_N) and y = sum_m v*_m g(rho_m) + noise zeta every step; time alpha
// advances by 1/N per step. The weights start exactly at the given overlaps: the overlaps are
// realised by vectors in R^{K+M} (CommitteeBase::weights) and embedded in R^N by a random
// orthonormal frame, scaled by sqrt(N).
#include "models/committee/committee_impl.hpp"

#include <Eigen/QR>

#include <cmath>
#include <stdexcept>

namespace summit::committee {

namespace {

using RowMat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

class CommitteeSGD final : public Microscopic {
 public:
  CommitteeSGD(const CommitteeBase& m, const Vec& x0, int d, std::uint64_t seed,
               double (*g)(double), double (*dg)(double))
      : m_(m), c_(m.config()), d_(d), rng_(seed), g_(g), dg_(dg) {
    const int K = c_.K, M = c_.M, n = K + M;
    if (d < n)
      throw std::invalid_argument("simulation dimension d = " + std::to_string(d) +
                                  " must be >= K + M = " + std::to_string(n));
    Eigen::MatrixXd W0;
    if (!m.weights(x0, W0))
      throw std::invalid_argument("simulation: initial state is not realisable");
    RowMat G(d, n);
    for (int i = 0; i < d; ++i)
      for (int j = 0; j < n; ++j) G(i, j) = normal_(rng_);
    Eigen::HouseholderQR<Eigen::MatrixXd> qr(G);
    const Eigen::MatrixXd U = qr.householderQ() * Eigen::MatrixXd::Identity(d, n);
    const double sd = std::sqrt(double(d));
    W_ = sd * W0 * U.transpose();
    Ws_ = sd * m.teacher_weights() * U.transpose();
    v_ = m.v(x0);
    x_.resize(d);
    lam_.resize(K);
    rho_.resize(M);
  }

  // Runs the SGD steps up to the nearest whole step of t + dt; time() is then steps / d exactly.
  void advance(double dt) override {
    const long long target = std::llround((t_ + dt) * d_);
    while (steps_ < target) step();
    t_ = double(steps_) / d_;
  }
  double time() const override { return t_; }

  Vec measure() const override {
    const Eigen::MatrixXd Q = W_ * W_.transpose() / double(d_);
    const Eigen::MatrixXd R = W_ * Ws_.transpose() / double(d_);
    return m_.pack(Q, R, v_);
  }

 private:
  void step() {
    const int K = c_.K, M = c_.M;
    for (int i = 0; i < d_; ++i) x_[i] = normal_(rng_);
    const double isd = 1.0 / std::sqrt(double(d_));
    lam_.noalias() = isd * (W_ * x_);
    rho_.noalias() = isd * (Ws_ * x_);
    double y = c_.noise > 0 ? c_.noise * normal_(rng_) : 0.0;
    for (int m = 0; m < M; ++m) y += c_.vstar[m] * g_(rho_[m]);
    double yhat = 0;
    for (int k = 0; k < K; ++k) yhat += v_[k] * g_(lam_[k]);
    const double delta = y - yhat;
    const double decay = 1.0 - c_.wd / d_;
    for (int k = 0; k < K; ++k) {
      const double a = c_.lr * isd * v_[k] * dg_(lam_[k]) * delta;
      W_.row(k) = decay * W_.row(k) + a * x_.transpose();
    }
    if (c_.train_v)
      for (int k = 0; k < K; ++k) v_[k] = decay * v_[k] + c_.lr2 / d_ * g_(lam_[k]) * delta;
    ++steps_;
  }

  const CommitteeBase& m_;
  const Config& c_;
  int d_;
  std::mt19937_64 rng_;
  std::normal_distribution<double> normal_{0.0, 1.0};
  double (*g_)(double);
  double (*dg_)(double);
  RowMat W_, Ws_;
  Eigen::VectorXd v_, x_, lam_, rho_;
  double t_ = 0;
  long long steps_ = 0;
};

}  // namespace

std::unique_ptr<Microscopic> CommitteeBase::microscopic(const Vec& x0, int d,
                                                        std::uint64_t seed) const {
  return std::make_unique<CommitteeSGD>(*this, x0, d, seed, g_, dg_);
}

}  // namespace summit::committee
