#include "lib/gram.hpp"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>

namespace summit::gram {

Eigen::MatrixXd symmetric_gradient(const Block& q, const Eigen::VectorXd& grad) {
  const int n = q.rows;
  Eigen::MatrixXd G(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) G(i, j) = (i == j ? 2.0 : 1.0) * grad[q.index(i, j)];
  return G;
}

Eigen::MatrixXd unpack_symmetric(const Block& q, const Eigen::VectorXd& x) {
  const int n = q.rows;
  Eigen::MatrixXd Q(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) Q(i, j) = x[q.index(i, j)];
  return Q;
}

void pack_symmetric(const Block& q, const Eigen::MatrixXd& Q, Eigen::VectorXd& x) {
  for (int i = 0; i < q.rows; ++i)
    for (int j = i; j < q.rows; ++j) x[q.index(i, j)] = 0.5 * (Q(i, j) + Q(j, i));
}

void flow(const Eigen::MatrixXd& Q, const Eigen::MatrixXd& R, const Eigen::MatrixXd& T,
          const Eigen::MatrixXd& Gs, const Eigen::MatrixXd& S, Eigen::MatrixXd& dQ,
          Eigen::MatrixXd& dR) {
  dR = -(Gs * R + S * T);
  const Eigen::MatrixXd A = Gs * Q + S * R.transpose();
  dQ = -(A + A.transpose());
}

namespace {
Eigen::MatrixXd full_overlap(const Eigen::MatrixXd& Q, const Eigen::MatrixXd& R,
                             const Eigen::MatrixXd& T) {
  const int K = static_cast<int>(Q.rows()), M = static_cast<int>(T.rows());
  Eigen::MatrixXd C(K + M, K + M);
  C << Q, R, R.transpose(), T;
  return C;
}
}  // namespace

double min_eigenvalue(const Eigen::MatrixXd& Q, const Eigen::MatrixXd& R, const Eigen::MatrixXd& T) {
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(full_overlap(Q, R, T), Eigen::EigenvaluesOnly);
  return es.eigenvalues().minCoeff();
}

bool realise(const Eigen::MatrixXd& Q, const Eigen::MatrixXd& R, const Eigen::MatrixXd& T,
             Eigen::MatrixXd& W, Eigen::MatrixXd& Wt, double tol) {
  const int K = static_cast<int>(Q.rows());
  const Eigen::MatrixXd C = full_overlap(Q, R, T);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(C);
  const double scale = std::max(1.0, C.cwiseAbs().maxCoeff());
  if (es.eigenvalues().minCoeff() < -tol * scale) return false;
  const Eigen::VectorXd s = es.eigenvalues().cwiseMax(0.0).cwiseSqrt();
  const Eigen::MatrixXd B = es.eigenvectors() * s.asDiagonal();  // B B^T = C
  W = B.topRows(K);
  Wt = B.bottomRows(C.rows() - K);
  return true;
}

}  // namespace summit::gram
