// A user-defined multi-index channel y = g(z), z ~ N(0, I_p), given as an expression in z1..zp
// (muparser syntax: + - * / ^, abs, sign, sqrt, exp, log, sin, cos, tanh, min, max, and erf),
// and its weak-recovery objects by Monte-Carlo (docs/spectral.md, "User channels"):
//   m(y) = E[z | y] (trivial subspace where it is not 0), G(y) = E[z z^T | y] - I,
//   F(M) = E_y[G M G].
// Labels that take few distinct values (<= 64 in the sample) are grouped exactly; otherwise the
// sample is split into `bins` equal-count bins of y and the conditional moments are bin means.
// Errors: Monte-Carlo (each bin mean has standard error ~ sqrt(Var/n_bin), which biases the
// quadratic F upwards by O(bins/samples)) and, for continuous labels, binning (the within-bin
// variation of G, which biases F downwards). Both are reported by re-estimating with half the
// bins (`binning_shift`).
#pragma once

#include <Eigen/Core>

#include <cstdint>
#include <string>

namespace summit::spectral {

struct ChannelEstimate {
  int p = 0;
  Eigen::MatrixXd A;   // vec(F(M)) = A vec(M), row-major vec of p x p matrices
  Eigen::MatrixXd S;   // E_y[m(y) m(y)^T]
  int trivial_dim = 0; // eigenvalues of S above 25 times its Monte-Carlo noise level
  bool discrete = false;
  int groups = 0;      // distinct labels or bins
  double noise_level = 0;  // groups/samples: the Monte-Carlo floor of S's eigenvalues
};

// Throws std::invalid_argument for a malformed expression (naming `g` and muparser's message),
// p outside [1, 8], or an expression that is not finite on the sample.
ChannelEstimate estimate_channel(const std::string& expression, int p, long samples, int bins,
                                 std::uint64_t seed);

}  // namespace summit::spectral
