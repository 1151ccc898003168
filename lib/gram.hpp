// Gram overlaps: the chain rule from a loss written in overlaps to the gradient flow of the
// weights, seen through the overlaps.
//
// Student weights w_1..w_K and fixed teacher weights w*_1..w*_M in R^N with overlaps
//   Q_ij = w_i.w_j / N,  R_in = w_i.w*_n / N,  T_nm = w*_n.w*_m / N.
// For a loss L(Q, R), let Gs = the symmetric gradient w.r.t. Q (d L / d Q_ij for i != j counted
// once for the pair, 2 dL/dQ_ii on the diagonal; i.e. the gradient with respect to the stored
// upper-triangle coordinate q_ij for i<j and twice it on the diagonal) and S = dL/dR. Then
//   N dL/dw_k = sum_j Gs_kj w_j + sum_n S_kn w*_n,
// and the weight-space flow dw_k/dt = -N dL/dw_k (the online-SGD scaling of Saad & Solla 1995 and
// Goldt et al. 2019 at learning rate 1, time in units of N steps) gives
//   dR/dt = -(Gs R + S T),   dQ/dt = -(Gs Q + S R^T) - (Gs Q + S R^T)^T.
// Derivation: docs/committee.md, "Gradient flow, derived by the chain rule" (the lr^1 part of the
// Saad-Solla/Goldt et al. drift, i.e. its small-learning-rate limit).
#pragma once

#include "lib/state/layout.hpp"

#include <Eigen/Core>

namespace summit::gram {

// Gs from the gradient with respect to a stored symmetric block.
Eigen::MatrixXd symmetric_gradient(const Block& q, const Eigen::VectorXd& grad);
// Full symmetric matrix from a stored symmetric block of state x.
Eigen::MatrixXd unpack_symmetric(const Block& q, const Eigen::VectorXd& x);
void pack_symmetric(const Block& q, const Eigen::MatrixXd& Q, Eigen::VectorXd& x);

// The gradient-flow drift of (Q, R) for loss gradient (Gs, S); T is the fixed teacher Gram matrix.
void flow(const Eigen::MatrixXd& Q, const Eigen::MatrixXd& R, const Eigen::MatrixXd& T,
          const Eigen::MatrixXd& Gs, const Eigen::MatrixXd& S, Eigen::MatrixXd& dQ,
          Eigen::MatrixXd& dR);

// Weight vectors (rows) realising overlaps (Q, R, T) in R^{K+M}: returns W (K x (K+M)) and
// Wt (M x (K+M)) with W W^T = Q, W Wt^T = R, Wt Wt^T = T. Uses an eigen-decomposition square
// root of the full (K+M) overlap matrix, so singular (PSD) overlaps are fine.
// Returns false if the overlap matrix has an eigenvalue below -tol * max(1, |C|).
bool realise(const Eigen::MatrixXd& Q, const Eigen::MatrixXd& R, const Eigen::MatrixXd& T,
             Eigen::MatrixXd& W, Eigen::MatrixXd& Wt, double tol = 1e-10);

// Smallest eigenvalue of [[Q, R], [R^T, T]].
double min_eigenvalue(const Eigen::MatrixXd& Q, const Eigen::MatrixXd& R, const Eigen::MatrixXd& T);

}  // namespace summit::gram
