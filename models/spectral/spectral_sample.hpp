// A finite-size realisation of the symmetric spectral method for multi-index weak recovery
// (theory notes spectral.md §1.2 item 6): n = alpha d Gaussian inputs x, labels y = g(W* x/sqrt d)
// with W* = the first p coordinate directions (no loss of generality: the input law is
// rotation-invariant), and the dp x dp matrix
//   M = (1/n) sum_mu x_mu x_mu^T (kron) T(y_mu),   T(y) = G(y) (G(y) + I_p)^{-1}
// (the lambda = 1 member of the note's family, T = I - E[z z^T | y]^{-1}). Its top eigenvector v,
// reshaped to a d x p matrix V, is compared with the hidden subspace: the subspace overlap
// |P V|_F^2 / |V|_F^2, P the projector on span(W*) (random directions give ~ p/d).
// The top eigenpair is found by Lanczos with full reorthogonalisation on the matrix-free product
// V -> (1/n) X^T [(X V)_mu T(y_mu)]_mu (cost O(n d p) per product), never forming M.
#pragma once

#include <cstdint>
#include <string>

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

}  // namespace summit::spectral
