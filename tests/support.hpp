// Shared helpers of the test suites.
#pragma once

#include "lib/model.hpp"
#include "models/models.hpp"

#include <doctest/doctest.h>

#include <map>
#include <memory>
#include <random>
#include <string>

namespace summit::test {

inline std::unique_ptr<Model> make(const std::string& name,
                                   const std::map<std::string, std::string>& params = {}) {
  return builtin_registry().make(name, params);
}

// Central finite-difference Jacobian of f: R^n -> R^m (step h; error O(h^2) + O(eps/h)).
template <class F>
Mat fd_jacobian(const F& f, const Vec& x, double h = 1e-6) {
  const Vec f0 = f(x);
  Mat J(f0.size(), x.size());
  for (int k = 0; k < x.size(); ++k) {
    Vec xp = x, xm = x;
    xp[k] += h;
    xm[k] -= h;
    J.col(k) = (f(xp) - f(xm)) / (2 * h);
  }
  return J;
}

// max |a - b| / max(1, |b|)
inline double rel_err(const Mat& a, const Mat& b) {
  return (a - b).cwiseAbs().maxCoeff() / std::max(1.0, b.cwiseAbs().maxCoeff());
}

}  // namespace summit::test
