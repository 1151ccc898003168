// Finite-size realisations of the spectral methods for multi-index weak recovery (Defilippis et
// al. 2025, arXiv:2502.02545; docs/spectral.md, "The spectral method at finite d"): n = alpha d
// Gaussian inputs x, labels y = g(W* x/sqrt d) with W* = the first p coordinate directions (no
// loss of generality: the input law is rotation-invariant), G(y) = E[z z^T | y] - I_p in closed
// form per channel.
//
// Symmetric method (`sample_spectral_method`): the dp x dp matrix
//   M = (1/n) sum_mu x_mu x_mu^T (kron) T(y_mu),   T(y) = G(y) (G(y) + I_p)^{-1}
// (the lambda = 1 member of the family T_lambda = G (G + lambda I)^{-1}, T = I - E[z z^T | y]^{-1};
// for the p = 1 channels abs and square the bounded T = (z^2 - 1)/(z^2 + 1), i.e. the lambda = 2
// member, as in the p = 1 psi/phi prediction of spectral_p1). Its top eigenvector v,
// reshaped to a d x p matrix V, is compared with the hidden subspace: the subspace overlap
// |P V|_F^2 / |V|_F^2, P the projector on span(W*) (random directions give ~ p/d).
// The top eigenpair is found by Lanczos with full reorthogonalisation on the matrix-free product
// V -> (1/n) X^T [(X V)_mu T(y_mu)]_mu (cost O(n d p) per product), never forming M.
//
// Asymmetric method (`asymmetric_spectral_method`): the np x np matrix acting on U in R^{n x p}
//   L = ((X X^T/d - I_n) (kron) I_p) blockdiag(G(y_1), ..., G(y_n)),
// the linearised GAMP iteration at the uninformative fixed point; estimator
// W_hat = X^T [G(y_mu) u_mu]_mu / sqrt d. Exact identity (derivation in docs/spectral.md): for
// every real lambda with G(y_mu) + lambda I invertible for all mu,
//   L U = lambda U  <=>  M_lambda W = W,  M_lambda = (1/d) sum_mu x_mu x_mu^T (kron) T_lambda(y_mu),
//   T_lambda = G (G + lambda I)^{-1},  W = W_hat,  u_mu = (G(y_mu) + lambda I)^{-1} W^T x_mu/sqrt d.
// For lambda > 1, G + lambda I >= (lambda - 1) I > 0 (G >= -I), and lambda M_lambda is
// non-decreasing in lambda (Loewner order: d(lambda T_lambda)/d lambda = G^2 (G + lambda)^{-2}),
// so phi(lambda) = top eigenvalue of lambda M_lambda is non-decreasing and the real eigenvalues of
// L above 1 are the fixed points phi(lambda) = lambda. The largest one is reached monotonically
// from above by lambda <- phi(lambda) (accelerated by Newton steps that are accepted only when they
// stay on the side phi <= lambda), each phi by matrix-free Lanczos on M_lambda (warm-started).
// The search covers lambda >= kAsymLambdaMin; none there means no outlier (the bulk of L lies in a
// disc of radius ~ sqrt(alpha/alpha_c) and the outlier sits at ~ alpha/alpha_c, both crossing 1 at
// alpha_c; measured, docs/spectral.md).
#pragma once

#include <Eigen/Dense>

#include <cstdint>
#include <string>
#include <vector>

namespace summit::spectral {

struct SpectralSample {
  double top_eigenvalue = 0;
  double subspace_overlap = 0;  // in [0, 1]
  bool converged = false;       // Lanczos residual of the top Ritz pair <= 1e-6 (relative)
  int products = 0;             // matrix-vector products used
};

// Channels: abs, square (p = 1); sign-z1z2, z1z2, abs-z1z2 (p = 2). d >= 10.
SpectralSample sample_spectral_method(const std::string& channel, double alpha, int d,
                                      std::uint64_t seed);

// One sample of the data: X (n x d, rows x_mu), the hidden dimension p and G(y_mu) (p x p).
// Same random stream as sample_spectral_method (the same seed gives the same X).
// Channels: abs, square (p = 1), sign-z1z2, z1z2, abs-z1z2 (p = 2), norm2 (y = |z|^2, any p >= 1;
// `p` is used only for norm2). d >= 10, alpha > 0.
struct SpectralData {
  int p = 0, n = 0, d = 0;
  Eigen::MatrixXd X;
  std::vector<Eigen::MatrixXd> G;
};
SpectralData sample_spectral_data(const std::string& channel, double alpha, int d,
                                  std::uint64_t seed, int p = 2);

// Lower end of the eigenvalue search of L: T_lambda >= -1/(lambda - 1) stays bounded (>= -20),
// which keeps the Lanczos runs on M_lambda well conditioned.
inline constexpr double kAsymLambdaMin = 1.05;

struct AsymmetricSample {
  bool outlier = false;         // L has a real eigenvalue >= kAsymLambdaMin
  double top_eigenvalue = 0;    // that largest real eigenvalue of L (kAsymLambdaMin if none)
  double subspace_overlap = 0;  // |P W|^2/|W|^2 of the estimator W (0 if no outlier)
  Eigen::MatrixXd W;            // d x p estimator (unit Frobenius norm; empty if no outlier)
  bool converged = false;       // every Lanczos run converged and the iteration settled
  int iterations = 0;           // evaluations of phi(lambda)
  int products = 0;             // products with M_lambda
};
AsymmetricSample asymmetric_spectral_method(const SpectralData& data);
AsymmetricSample sample_asymmetric_spectral_method(const std::string& channel, double alpha, int d,
                                                   std::uint64_t seed, int p = 2);

}  // namespace summit::spectral
