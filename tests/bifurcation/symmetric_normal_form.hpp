// An S_n-equivariant normal form with a known set of symmetry-breaking branches, for the
// equivariant branching of solvers/equivariant_branching.hpp. State x in R^n, y = x - mean(x):
//   x_i' = p y_i + q (y_i^2 - mean(y^2)) - (y_i^3 - mean(y^3)) - mean(x).
// Every term is a function of x_i and of symmetric functions of x, so the drift commutes with
// every permutation of the coordinates (S_n). At x = 0 the Jacobian is p on the standard
// representation {sum x = 0} (dimension n - 1, irreducible) and -1 on the mean direction: at p = 0
// n - 1 eigenvalues cross zero at once. The axial isotropy subgroups of the standard
// representation are S_k x S_{n-k} (k = 1 .. n/2), and the branch with isotropy S_k x S_{n-k} is
// exactly (y takes the value a on k coordinates and b on the others, k a + (n - k) b = 0, and the
// difference of the two equations gives the rest):
//   a = (n - k) t,  b = -k t,  p = c_k t^2 - q (n - 2k) t,  c_k = (n-k)^2 - k (n-k) + k^2,
// a transcritical branch for k != n/2 (with a fold at t = q (n - 2k) / (2 c_k)) and a pitchfork
// for k = n/2. mean(x) = 0 on every branch (the sum of the equations is -n mean(x)).
#pragma once

#include "lib/gauss/scalar.hpp"
#include "lib/jet_model.hpp"
#include "solvers/continuation.hpp"

#include <memory>
#include <string>

namespace summit::test {

class SymmetricNormalForm final : public JetModel<SymmetricNormalForm> {
 public:
  SymmetricNormalForm(int n, double p, double q) : n_(n), p_(p), q_(q) { layout_.add_vector("x", n); }
  std::string name() const override { return "symmetric-normal-form"; }
  const ParamValues& params() const override { return pv_; }
  const Layout& layout() const override { return layout_; }
  bool realisable(const Vec& x, std::string*, double = 1e-9) const override { return x.allFinite(); }
  Vec initial_state() const override { return Vec::Zero(n_); }
  Vec random_state(std::mt19937_64&) const override { return Vec::Zero(n_); }

  template <class T>
  T loss_t(const T* x) const {
    T s = gauss::lift<T>(0.0);
    for (int i = 0; i < n_; ++i) s = s + x[i] * x[i];
    return s;
  }
  template <class T>
  void drift_t(const T* x, T* dx) const {
    const T inv_n = gauss::lift<T>(1.0 / n_), p = gauss::lift<T>(p_), q = gauss::lift<T>(q_);
    T mean = gauss::lift<T>(0.0);
    for (int i = 0; i < n_; ++i) mean = mean + x[i];
    mean = mean * inv_n;
    T m2 = gauss::lift<T>(0.0), m3 = gauss::lift<T>(0.0);
    for (int i = 0; i < n_; ++i) {
      const T y = x[i] - mean;
      m2 = m2 + y * y;
      m3 = m3 + y * y * y;
    }
    m2 = m2 * inv_n;
    m3 = m3 * inv_n;
    for (int i = 0; i < n_; ++i) {
      const T y = x[i] - mean;
      dx[i] = p * y + q * (y * y - m2) - (y * y * y - m3) - mean;
    }
  }

 private:
  int n_;
  double p_, q_;
  Layout layout_;
  ParamValues pv_;
};

inline ModelFactory symmetric_normal_form(int n, double q) {
  return [n, q](double p) { return std::make_unique<SymmetricNormalForm>(n, p, q); };
}

}  // namespace summit::test
