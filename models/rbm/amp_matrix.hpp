// AMP for the reduced RBM objective with k >= 1 hidden units and r >= 1 spikes: matrix order
// parameters (docs/spectral.md, `rbm`, "AMP with k hidden units and r spikes").
//
// Contract. Data x_mu ~ N(0, I + U Lambda U^T), U (d x r) with orthonormal columns, Lambda =
// diag(lambda_1..lambda_r) > 0, n = alpha d. Objective (maximised): sum_mu eta(W^T x_mu / sqrt d)
// - n psi(Q), Q = W^T W / d, with eta, psi of rbm.hpp (Gaussian or +-1 hidden units). The AMP
// iteration is the k-dimensional form of the k = 1 iteration of rbm.hpp (derived here; the paper's
// body, Xu, Krzakala & Zdeborova 2025, arXiv:2505.18046, could not be read):
//   Omega^t = X W^t / sqrt d - G^{t-1} V^t                               (n x k)
//   lambda_mu: lambda - omega = V grad eta(lambda),  g = grad eta(lambda), (prox of -eta, needs V < I)
//              J = dg/domega = H (I - V H)^{-1},  H = Hess eta(lambda)
//   B^t = X^T G^t / sqrt d + W^t Ahat^t,  Ahat^t = -(1/d) sum_mu J_mu
//   W^{t+1} = B^t Lam^{-1},  Lam = alpha Gamma(Q^{t+1}) + Ahat^t,  V^{t+1} = Lam^{-1}
// with Gamma(Q) = 2 dpsi/dQ = (I - Q)^{-1} (Gaussian) or <h h^T>_Q (+-1), and Q^{t+1} =
// Lam^{-1} (B^T B / d) Lam^{-1} solved self-consistently. At a fixed point X^T grad eta / sqrt d =
// alpha W Gamma(Q): the stationarity condition of the objective (so finite-d GD can end there).
// State evolution in (M, Q, V), M = W^T U / sqrt d (k x r); omega ~ N(0, Sigma), Sigma = Q +
// M Lambda M^T; D = E[J]:
//   Mhat = alpha Lambda M^T D (r x k, Stein's lemma),  Qhat = alpha E[g g^T],  Ahat = -alpha D,
//   M' = Lam^{-1} Mhat^T,  Q' = Lam^{-1} (Mhat^T Mhat + Qhat) Lam^{-1},  V' = Lam^{-1}.
// For k = r = 1 these are exactly the equations of amp_se_step (rbm.hpp).
// Expectations: Gaussian hidden units in closed form (g = (I - V)^{-1} omega); +-1 hidden units
// (k <= 2) by a tensor product of graded Gauss-Legendre panels in omega (amp_matrix.cpp).
#pragma once

#include "models/rbm/rbm.hpp"

#include <Eigen/Dense>

#include <cstdint>
#include <string>
#include <vector>

namespace summit::rbm {

struct MatState {
  Eigen::MatrixXd M;  // k x r overlaps with the spikes
  Eigen::MatrixXd Q;  // k x k Gram matrix
  Eigen::MatrixXd V;  // k x k Onsager matrix
};

struct MatStep {
  bool ok = false;
  std::string why;               // when !ok: the condition that failed
  MatState next;
  Eigen::MatrixXd D, Lam;        // E[dg/domega], Lam = alpha Gamma(Q') - alpha D
  double objective = 0;          // E[eta(lambda)] - psi(Q): L/n at a fixed point
  double replicon = 0;           // spectral radius of X -> alpha E[J Lam^{-1} X Lam^{-1} J]
  Eigen::VectorXd gain;          // gain[j] = lambda_j rho(alpha Lam^{-1} D): growth of M at M = 0
};

// The k-dimensional output denoiser at (omega, V): lambda, g = grad eta(lambda), J = dg/domega.
// Needs V symmetric with 0 < V < I (the proximal problem is then strictly concave).
struct MatOutput {
  Eigen::VectorXd lambda, g;
  Eigen::MatrixXd J;
  double eta = 0;
};
MatOutput matrix_output_denoiser(Hidden h, const Eigen::VectorXd& omega, const Eigen::MatrixXd& V);

// One SE step. lambdas: the spike strengths (r of them). +-1 hidden units need k <= 2.
MatStep matrix_se_step(Hidden h, double alpha, const std::vector<double>& lambdas, const MatState& s);

// The Onsager matrix consistent with overlaps (M, Q): the V in 0 < V < I with
// V = (alpha Gamma(Q) - alpha E[J](Sigma, V))^{-1}, the V of an SE fixed point with these overlaps
// (damped iteration from V = I/2, up to 300 steps, to 1e-10). Used to report finite-d GD states
// in the SE's coordinates. false if the iteration leaves the domain or does not converge.
bool consistent_onsager(Hidden h, double alpha, const std::vector<double>& lambdas,
                        const Eigen::MatrixXd& M, const Eigen::MatrixXd& Q, Eigen::MatrixXd& V);

// A finite-d AMP run, one iteration per step(): data with u_j = e_j, n = alpha d, start as below.
// step() returns false (and does nothing) once an iteration has failed or left 0 < V < I.
class MatrixAmpRun {
 public:
  MatrixAmpRun(Hidden h, double alpha, const std::vector<double>& lambdas, int d,
               const MatState& start, std::uint64_t seed);
  bool step();
  MatState state() const;  // measured (M, Q) and the current V

 private:
  Hidden h_;
  double alpha_;
  int r_;
  bool ok_ = true;
  Eigen::MatrixXd X_, W_, G_, V_, Q_;
};

// A finite-d AMP run (u_j = e_j, n = alpha d) from W0 = sqrt(d) U M0^T + noise with Gram
// Q0 - M0 M0^T orthogonal to U, V^0 = V0: the measured (M, Q, V) after each iteration.
std::vector<MatState> run_amp_matrix(Hidden h, double alpha, const std::vector<double>& lambdas,
                                     int d, int iterations, const MatState& start,
                                     std::uint64_t seed);

// Finite-d full-batch gradient descent, `steps` steps of size lr per advance(); state(): the
// measured (M, Q), V = 0 (or state_with_onsager). advance() returns false once Q left the domain of psi (Gaussian: Q < I).
class MatrixGdRun {
 public:
  MatrixGdRun(Hidden h, double alpha, const std::vector<double>& lambdas, int d, double lr,
              const MatState& start, std::uint64_t seed);
  bool advance(long steps);
  MatState state() const;
  // The measured (M, Q) with V from consistent_onsager; false where that fails.
  bool state_with_onsager(MatState& s) const;

 private:
  Hidden h_;
  double alpha_, lr_;
  int r_;
  std::vector<double> lambdas_;
  bool ok_ = true;
  Eigen::MatrixXd X_, W_;
};

// Finite-d full-batch gradient descent W <- W + lr (X^T grad eta(X W / sqrt d) / (alpha sqrt d)
// - W Gamma(Q)) (time = steps x lr, the gradient flow of rbm.hpp) on the same data law and start:
// the measured (M, Q) (V unused) at the requested times.
std::vector<MatState> run_gd_matrix(Hidden h, double alpha, const std::vector<double>& lambdas,
                                    int d, double lr, const std::vector<double>& times,
                                    const MatState& start, std::uint64_t seed);

}  // namespace summit::rbm
