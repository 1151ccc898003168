// Gaussian and Rademacher expectations shared by the rbm model's translation units (not a
// public header): E sech^2 and E log cosh of a centred Gaussian field, the inverse and log-det of
// a small SPD matrix, and <h h^T> and psi(Q) over {-1, +1}^k. Templated on the scalar so the model
// classes get exact Jacobians through Jets; instantiated where used.
#pragma once

#include "lib/gauss/scalar.hpp"
#include "models/rbm/rbm_impl.hpp"

#include <cmath>
#include <vector>

namespace summit::rbm {

namespace detail {

using gauss::lift;
using gauss::value;

// log cosh x without overflow: |x| + log1p(e^{-2|x|}) - log 2 (AMP's Rademacher denoiser in
// amp.cpp and amp_matrix.cpp).
inline double log_cosh(double x) {
  const double a = std::abs(x);
  return a + std::log1p(std::exp(-2 * a)) - std::log(2.0);
}

// E[f(sqrt(omega) Z)] for the even, analytic f = sech^2 and log cosh: the trapezoidal rule on
// [-12, 12] with step 0.05 (spectrally accurate for integrands analytic in a strip: the poles of
// sech^2(s z) at |Im z| = pi/(2s) give an error ~ exp(-pi^2/(s h)), below 1e-12 for s < 6), and
// the Taylor series for omega < 1e-3 (so that Jets see the correct derivatives at omega = 0).

template <class T>
T e_sech2(const T& omega) {
  using std::sqrt;
  using std::tanh;
  if (value(omega) < 1e-3) {
    // sech^2 x = 1 - x^2 + (2/3) x^4 - (17/45) x^6 + ..., E Z^{2j} = 1, 3, 15.
    return lift<T>(1.0) - omega + lift<T>(2.0) * omega * omega -
           lift<T>(17.0 / 3.0) * omega * omega * omega;
  }
  const T s = sqrt(omega);
  const auto& w = trapezoid_weights();
  T acc = lift<T>(0.0);
  for (int i = 0; i < kTrapPoints; ++i) {
    const T t = tanh(s * lift<T>(trapezoid_node(i)));
    acc += lift<T>(w[i]) * (lift<T>(1.0) - t * t);
  }
  return acc;
}

template <class T>
T e_logcosh(const T& omega) {
  using std::exp;
  using std::log;
  using std::sqrt;
  if (value(omega) < 1e-3) {
    // log cosh x = x^2/2 - x^4/12 + x^6/45 - ...
    return lift<T>(0.5) * omega - lift<T>(0.25) * omega * omega +
           lift<T>(1.0 / 3.0) * omega * omega * omega;
  }
  const T s = sqrt(omega);
  const auto& w = trapezoid_weights();
  T acc = lift<T>(0.0);
  for (int i = 0; i < kTrapPoints; ++i) {
    const T a = s * lift<T>(std::abs(trapezoid_node(i)));  // log cosh a = a + log(1 + e^{-2a}) - log 2
    acc += lift<T>(w[i]) * (a + log(lift<T>(1.0) + exp(lift<T>(-2.0) * a)) - lift<T>(std::log(2.0)));
  }
  return acc;
}

// Inverse and log-determinant of a k x k symmetric positive definite matrix (row-major), by
// Gauss-Jordan elimination without pivoting (the pivots of an SPD matrix are positive).
template <class T>
void inverse_logdet(std::vector<T> A, int k, std::vector<T>& inv, T& logdet) {
  using std::log;
  inv.assign(k * k, lift<T>(0.0));
  for (int i = 0; i < k; ++i) inv[i * k + i] = lift<T>(1.0);
  logdet = lift<T>(0.0);
  for (int c = 0; c < k; ++c) {
    const T p = A[c * k + c];
    logdet += log(p);
    for (int j = 0; j < k; ++j) {
      A[c * k + j] /= p;
      inv[c * k + j] /= p;
    }
    for (int r = 0; r < k; ++r) {
      if (r == c) continue;
      const T f = A[r * k + c];
      for (int j = 0; j < k; ++j) {
        A[r * k + j] -= f * A[c * k + j];
        inv[r * k + j] -= f * inv[c * k + j];
      }
    }
  }
}

// <h h^T> and psi(Q) = log 2^-k sum_h exp(h^T Q h / 2) on {-1, +1}^k (k <= 10).
template <class T>
void rademacher_moments(const std::vector<T>& Q, int k, std::vector<T>& H, T& psi) {
  using std::exp;
  using std::log;
  const int nconf = 1 << k;
  std::vector<T> e(nconf);
  // Shift by the largest exponent's value for stability.
  double shift = -std::numeric_limits<double>::infinity();
  std::vector<T> ex(nconf);
  for (int c = 0; c < nconf; ++c) {
    T s = lift<T>(0.0);
    for (int a = 0; a < k; ++a)
      for (int b = 0; b < k; ++b) {
        const double h = ((c >> a) & 1 ? 1.0 : -1.0) * ((c >> b) & 1 ? 1.0 : -1.0);
        s += lift<T>(0.5 * h) * Q[a * k + b];
      }
    ex[c] = s;
    shift = std::max(shift, value(s));
  }
  T Z = lift<T>(0.0);
  for (int c = 0; c < nconf; ++c) {
    e[c] = exp(ex[c] - lift<T>(shift));
    Z += e[c];
  }
  H.assign(k * k, lift<T>(0.0));
  for (int c = 0; c < nconf; ++c)
    for (int a = 0; a < k; ++a)
      for (int b = 0; b < k; ++b) {
        const double h = ((c >> a) & 1 ? 1.0 : -1.0) * ((c >> b) & 1 ? 1.0 : -1.0);
        H[a * k + b] += lift<T>(h) * e[c];
      }
  for (auto& h : H) h /= Z;
  psi = log(Z) + lift<T>(shift - k * std::log(2.0));
}

}  // namespace detail

}  // namespace summit::rbm
