// Normalised probabilists' Hermite functions and Hermite expansions (docs/single_index.md,
// "Conventions" and "lib/gauss additions"):
//
//   h_k = He_k / sqrt(k!),  E[h_j(z) h_k(z)] = delta_jk for z ~ N(0, 1),
//   c_k(f) = E[f(z) h_k(z)] = E[f(z) He_k(z)] / sqrt(k!),
//   Mehler: E[f(u) g(v)] = sum_k c_k(f) c_k(g) rho^k for unit-variance (u, v) with correlation rho,
//   shift:  c_k(f(. + e)) = sum_{j >= k} c_j(f) sqrt(j!/k!) e^{j-k} / (j-k)!  (He_j(x + e) =
//           sum_k C(j, k) e^{j-k} He_k(x)).
//
// hermite_coefficients integrates f h_k phi by a rule adapted to f: Gauss-Hermite for smooth f,
// and, with breakpoints b_1 < ... < b_m (where f or a derivative jumps: ReLU, sign), Gauss-Legendre
// on each [b_i, b_{i+1}] plus half-line Gauss rules (weight e^{-t^2/2}, quadrature.hpp) on the two
// tails. The error estimate is the difference between this rule and one with more nodes (about
// 1.5x for Gauss-Hermite, 2x per piece with breakpoints); the finer value is returned.
#pragma once

#include "lib/gauss/quadrature.hpp"
#include "lib/gauss/scalar.hpp"

#include <cmath>
#include <functional>
#include <vector>

namespace summit::gauss {

// h_k(z) by the stable recurrence h_{k+1} = (z h_k - sqrt(k) h_{k-1}) / sqrt(k+1). T: double or Jet.
template <class T>
T hermite_h(int k, const T& z) {
  T hm = lift<T>(0.0), h = lift<T>(1.0);
  for (int j = 0; j < k; ++j) {
    const T hn = (z * h - lift<T>(std::sqrt(double(j))) * hm) / lift<T>(std::sqrt(double(j + 1)));
    hm = h;
    h = hn;
  }
  return h;
}

// sum_k c[k] h_k(z), and its derivative sum_k c[k] sqrt(k) h_{k-1}(z).
template <class T>
T hermite_series(const std::vector<double>& c, const T& z) {
  T hm = lift<T>(0.0), h = lift<T>(1.0), acc = lift<T>(0.0);
  for (std::size_t j = 0; j < c.size(); ++j) {
    if (c[j] != 0.0) acc += lift<T>(c[j]) * h;
    const T hn = (z * h - lift<T>(std::sqrt(double(j))) * hm) / lift<T>(std::sqrt(double(j + 1)));
    hm = h;
    h = hn;
  }
  return acc;
}
template <class T>
T hermite_series_derivative(const std::vector<double>& c, const T& z) {
  T hm = lift<T>(0.0), h = lift<T>(1.0), acc = lift<T>(0.0);
  for (std::size_t j = 1; j < c.size(); ++j) {  // h at step j is h_{j-1}
    if (c[j] != 0.0) acc += lift<T>(c[j] * std::sqrt(double(j))) * h;
    const T hn =
        (z * h - lift<T>(std::sqrt(double(j - 1))) * hm) / lift<T>(std::sqrt(double(j)));
    hm = h;
    h = hn;
  }
  return acc;
}

// A rule for E[f(z)], z ~ N(0,1): nodes x and weights w (the Gaussian density included), composite
// over the pieces cut by the sorted breakpoints (each |b| <= 8), n nodes per piece.
Rule normal_rule(const std::vector<double>& breakpoints, int n);

struct HermiteExpansion {
  std::vector<double> c;      // c_0 .. c_K
  std::vector<double> error;  // a-posteriori error estimate of each c_k
  double max_error() const;
};

struct HermiteOptions {
  std::vector<double> breakpoints;  // points where f (or a derivative) is not smooth
  int nodes = 0;                    // nodes (per piece); 0: automatic from K
};

// c_0..c_K of f. Throws std::invalid_argument for K < 0 or K > 150, or bad breakpoints.
HermiteExpansion hermite_coefficients(const std::function<double(double)>& f, int K,
                                      const HermiteOptions& options = {});

// E[f(z)], z ~ N(0,1), with the same rules and error estimate.
QuadEstimate normal_expectation(const std::function<double(double)>& f,
                                const HermiteOptions& options = {});

// sum_k a_k b_k rho^k over the common length.
double mehler(const std::vector<double>& a, const std::vector<double>& b, double rho);

// Coefficients of f(. + e) from those of f (the Taylor shift above, truncated to the given
// length: exact when f is a polynomial of that degree).
std::vector<double> hermite_shift(const std::vector<double>& c, double e);

// Information exponent of the pair (a, b): min{k >= 1 : |a_k b_k| > tol}, or 0 when there is none
// within the common length (no signal at any order considered).
int information_exponent(const std::vector<double>& a, const std::vector<double>& b,
                         double tol = 1e-10);

}  // namespace summit::gauss
