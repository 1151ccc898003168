#include "models/random_matrix/transient_bbp_flow.hpp"

#include "lib/params.hpp"

#include <Eigen/Eigenvalues>
#include <Eigen/QR>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace summit::random_matrix {

FlowTeacher draw_teacher(const TransientBBPParams& p, int N, std::mt19937_64& rng) {
  std::normal_distribution<double> G;
  FlowTeacher T;
  T.n1 = std::clamp(int(std::lround(p.phi * N)), 1, N - 1);
  const int sizes[2] = {T.n1, N - T.n1}, start[2] = {0, T.n1};
  const double u1 = p.symmetric ? p.v1 : p.u1;
  const double v2[2] = {p.v1, 1 - p.v1}, u2[2] = {u1, 1 - u1};
  T.u = Eigen::VectorXd::Zero(N);
  T.v = Eigen::VectorXd::Zero(N);
  for (int a = 0; a < 2; ++a) {
    Eigen::VectorXd va(sizes[a]), ua(sizes[a]);
    for (int i = 0; i < sizes[a]; ++i) va[i] = G(rng), ua[i] = G(rng);
    va *= std::sqrt(v2[a]) / va.norm();
    if (p.symmetric) {
      ua = va;
    } else {
      if (v2[a] > 0) ua -= va * (va.dot(ua) / va.squaredNorm());
      ua *= std::sqrt(u2[a]) / ua.norm();
    }
    T.v.segment(start[a], sizes[a]) = va;
    T.u.segment(start[a], sizes[a]) = ua;
  }
  return T;
}

SampledFlow::SampledFlow(const TransientBBPParams& p, int N, double ratio, FlowData data,
                         std::uint64_t seed)
    : p_(p) {
  if (N < 2) throw std::invalid_argument("sim_N = " + std::to_string(N) + ": must be >= 2");
  if (!(ratio > 1) || !std::isfinite(ratio))
    throw std::invalid_argument("sim_ratio = " + format_real(ratio) +
                                ": T/N must be > 1 (the sample covariance must be invertible)");
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> G;
  teacher_ = draw_teacher(p, N, rng);
  const int T = int(std::lround(ratio * N));
  Eigen::VectorXd sqrt_c(N);
  for (int i = 0; i < N; ++i) sqrt_c[i] = std::sqrt(i < teacher_.n1 ? p.c1 : p.c2);
  const double sigma = p.s * std::sqrt(double(T) / N);

  // X X^T and E X^T accumulated over blocks of columns (the noise columns drawn with them).
  Eigen::MatrixXd XX = Eigen::MatrixXd::Zero(N, N), EX = Eigen::MatrixXd::Zero(N, N);
  Eigen::MatrixXd R;  // TwoBlock: the T x N orthonormal columns (R^T has orthonormal rows)
  if (data == FlowData::TwoBlock) {
    Eigen::MatrixXd A(T, N);
    for (int j = 0; j < N; ++j)
      for (int i = 0; i < T; ++i) A(i, j) = G(rng);
    Eigen::HouseholderQR<Eigen::MatrixXd> qr(A);
    R = qr.householderQ() * Eigen::MatrixXd::Identity(T, N);
    // Haar: fix the signs by the diagonal of the triangular factor.
    for (int j = 0; j < N; ++j)
      if (qr.matrixQR()(j, j) < 0) R.col(j) *= -1;
  }
  const int block = 512;
  for (int c0 = 0; c0 < T; c0 += block) {
    const int nc = std::min(block, T - c0);
    Eigen::MatrixXd Xb(N, nc), Eb(N, nc);
    if (data == FlowData::TwoBlock) {
      Xb = std::sqrt(double(T)) * sqrt_c.asDiagonal() * R.middleRows(c0, nc).transpose();
    } else {
      for (int j = 0; j < nc; ++j)
        for (int i = 0; i < N; ++i) Xb(i, j) = sqrt_c[i] * G(rng);
    }
    for (int j = 0; j < nc; ++j)
      for (int i = 0; i < N; ++i) Eb(i, j) = sigma * G(rng);
    XX.noalias() += Xb * Xb.transpose();
    EX.noalias() += Eb * Xb.transpose();
  }
  XX /= T;
  EX /= T;
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(XX);
  Q_ = es.eigenvectors();
  lambda_ = es.eigenvalues();
  Eigen::MatrixXd W0(N, N);
  for (int j = 0; j < N; ++j)
    for (int i = 0; i < N; ++i) W0(i, j) = p.sigma0 / std::sqrt(double(N)) * G(rng);
  Winf_ = p.theta * teacher_.u * teacher_.v.transpose() +
          (EX * Q_) * lambda_.cwiseInverse().asDiagonal() * Q_.transpose();
  D0_ = (W0 - Winf_) * Q_;
}

FlowMeasurement SampledFlow::at(double t) const {
  const int N = int(Q_.rows());
  const Eigen::VectorXd decay = (-t * lambda_).array().exp();
  Eigen::MatrixXd W = Winf_;
  W.noalias() += (D0_ * decay.asDiagonal()) * Q_.transpose();
  const Eigen::MatrixXd S = 0.5 * (W + W.transpose());
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(S);
  FlowMeasurement m;
  m.top = es.eigenvalues()[N - 1];
  m.second = es.eigenvalues()[N - 2];
  const Eigen::VectorXd xi = es.eigenvectors().col(N - 1);
  m.overlap = std::pow(xi.dot(teacher_.v), 2);
  m.overlap_u = std::pow(xi.dot(teacher_.u), 2);
  Eigen::MatrixXd D = W - p_.theta * teacher_.u * teacher_.v.transpose();
  for (int j = 0; j < N; ++j) D.col(j) *= std::sqrt(j < teacher_.n1 ? p_.c1 : p_.c2);
  m.excess_test_error = D.squaredNorm() / N;
  return m;
}

}  // namespace summit::random_matrix
