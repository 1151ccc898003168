// The top eigenpair of a p = 1 spectral matrix D = (1/n) sum_i T(y_i) x_i x_i^T for a single-
// index model y = g(z), z = x.w*/|w*| (Lu & Li 2020; Mondelli & Montanari 2019; docs/spectral.md,
// "The p = 1 spectral method"): with alpha = n/d,
//   psi(lambda) = lambda (1/alpha + E[T/(lambda - T)]),  phi(lambda) = lambda E[T z^2/(lambda - T)]
// for lambda > sup T. Let lambda_bar minimise psi. If the solution lambda* > lambda_bar of
// psi = phi exists (then psi'(lambda*) > 0), the top eigenvalue is psi(lambda*) and the squared
// overlap of the top eigenvector with w* is psi'(lambda*)/(psi'(lambda*) - phi'(lambda*));
// otherwise the top eigenvalue is the bulk edge psi(lambda_bar) and the overlap vanishes.
#pragma once

#include <functional>

namespace summit::spectral {

struct SpectralPrediction {
  bool outlier = false;      // an informative outlier separates from the bulk
  double top_eigenvalue = 0;
  double overlap2 = 0;       // squared cosine between the top eigenvector and w*
  double bulk_edge = 0;      // psi(lambda_bar)
};

// T(z) is the preprocessing composed with the channel (T(g(z))); sup_T its supremum.
SpectralPrediction predict_p1(double alpha, const std::function<double(double)>& T_of_z,
                              double sup_T);

}  // namespace summit::spectral
