// The direct finite-N simulation of transient-bbp: gradient flow of a linear student W (N x N)
// on sampled data, the independent check of the deterministic equivalent in transient_bbp.hpp.
//
// Contract: SampledFlow draws, for one seed, a teacher (unit u, v with the model's block weights;
// u = v for the symmetric teacher, P_a u orthogonal to P_a v for the independent one), inputs X
// (N x T, T = ratio N), label noise E (entries of variance sigma^2 = s^2 T/N, so s^2 = sigma^2 N/T
// as in the model) and W0 (entries of variance sigma0^2/N). The flow dW/dt = (Y - W X) X^T / T
// with Y = theta u v^T X + E is solved exactly in the eigenbasis of Chat = X X^T / T:
//   W(t) = W_inf + (W0 - W_inf) Q e^{-t Lambda} Q^T,   W_inf = W* + (E X^T / T) Chat^{-1},
// so nothing of the model's own formulas (k(t), gain(t), the Dyson equation) is used. Inputs:
// - FlowData::Gaussian: columns x ~ N(0, C), C = diag(c1 on the first round(phi N), c2 after);
// - FlowData::TwoBlock: the paper's prescribed singular values, X = sqrt(T) C^{1/2} R with R of
//   orthonormal rows drawn from the Haar measure, so X X^T / T = C exactly.
// at(t) measures S(t) = (W + W^T)/2: its two largest eigenvalues, the squared overlaps of the top
// eigenvector with v and u, and the excess test error (1/N) |(W - W*) C^{1/2}|_F^2. Costs: the
// construction O(T N^2) (Gram matrices in blocks of columns) plus one N x N eigendecomposition;
// at(t) one N^3 product and one N x N eigendecomposition. Requires ratio > 1 (Chat invertible).
#pragma once

#include "models/random_matrix/transient_bbp.hpp"

#include <Eigen/Core>

#include <cstdint>
#include <random>

namespace summit::random_matrix {

enum class FlowData { TwoBlock, Gaussian };

struct FlowTeacher {
  Eigen::VectorXd u, v;
  int n1 = 0;  // coordinates [0, n1) form block 1
};
// Unit u, v with |P_1 v|^2 = v1, |P_1 u|^2 = u1 (exact, not O(N^{-1/2})), drawn from rng.
FlowTeacher draw_teacher(const TransientBBPParams& p, int N, std::mt19937_64& rng);

struct FlowMeasurement {
  double top = 0, second = 0;        // the two largest eigenvalues of S(t)
  double overlap = 0, overlap_u = 0;  // <xi_top, v>^2 and <xi_top, u>^2
  double excess_test_error = 0;
};

class SampledFlow {
 public:
  // std::invalid_argument for N < 2 or ratio <= 1 (naming the parameter).
  SampledFlow(const TransientBBPParams& p, int N, double ratio, FlowData data, std::uint64_t seed);
  FlowMeasurement at(double t) const;
  const FlowTeacher& teacher() const { return teacher_; }

 private:
  TransientBBPParams p_;
  FlowTeacher teacher_;
  Eigen::MatrixXd Q_, Winf_, D0_;  // eigenvectors of Chat; W_inf; (W0 - W_inf) Q
  Eigen::VectorXd lambda_;         // eigenvalues of Chat
};

}  // namespace summit::random_matrix
