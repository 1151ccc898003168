// Exact first and second derivatives of templated model code with Ceres Jets.
//
// Jets carry a fixed number B of directional derivatives; a state of any size is handled in
// ceil(n / B) passes (forward mode, one block of B seed directions per pass). Second derivatives
// use nested Jets (Jet<Jet<double,B>,B>), one pass per pair of blocks. Include this header only in
// translation units that instantiate models (it pulls in ceres/jet.h).
#pragma once

#include <ceres/jet.h>

#include <Eigen/Core>

#include <algorithm>
#include <vector>

namespace summit::autodiff {

inline constexpr int kBlock = 8;
using Jet1 = ceres::Jet<double, kBlock>;
using Jet2 = ceres::Jet<Jet1, kBlock>;

// f(const T* x, T* out) computes m outputs. Fills fx (m) and the m x n Jacobian J.
template <class F>
void jacobian(const F& f, const Eigen::VectorXd& x, int m, Eigen::VectorXd& fx, Eigen::MatrixXd& J) {
  const int n = static_cast<int>(x.size());
  std::vector<Jet1> xj(n), out(m);
  fx.resize(m);
  J.resize(m, n);
  for (int b0 = 0; b0 < std::max(n, 1); b0 += kBlock) {
    for (int k = 0; k < n; ++k) {
      xj[k] = Jet1(x[k]);
      if (k >= b0 && k < b0 + kBlock) xj[k].v[k - b0] = 1.0;
    }
    f(xj.data(), out.data());
    for (int i = 0; i < m; ++i) {
      fx[i] = out[i].a;
      for (int k = b0; k < std::min(n, b0 + kBlock); ++k) J(i, k) = out[i].v[k - b0];
    }
    if (n == 0) break;
  }
}

// Gradient of a scalar function f(const T* x) -> T.
template <class F>
double gradient(const F& f, const Eigen::VectorXd& x, Eigen::VectorXd& g) {
  Eigen::VectorXd fx;
  Eigen::MatrixXd J;
  jacobian([&](const Jet1* xj, Jet1* out) { out[0] = f(xj); }, x, 1, fx, J);
  g = J.row(0).transpose();
  return fx[0];
}

// Hessian of a scalar function f(const T* x) -> T (T = nested Jet).
template <class F>
void hessian(const F& f, const Eigen::VectorXd& x, Eigen::MatrixXd& H) {
  const int n = static_cast<int>(x.size());
  H.setZero(n, n);
  std::vector<Jet2> xj(n);
  for (int bi = 0; bi < n; bi += kBlock) {
    for (int bj = bi; bj < n; bj += kBlock) {
      for (int k = 0; k < n; ++k) {
        Jet1 inner(x[k]);
        if (k >= bj && k < bj + kBlock) inner.v[k - bj] = 1.0;
        xj[k] = Jet2(inner);
        if (k >= bi && k < bi + kBlock) xj[k].v[k - bi] = Jet1(1.0);
      }
      const Jet2 L = f(xj.data());
      for (int i = bi; i < std::min(n, bi + kBlock); ++i)
        for (int j = bj; j < std::min(n, bj + kBlock); ++j) {
          H(i, j) = L.v[i - bi].v[j - bj];
          H(j, i) = H(i, j);
        }
    }
  }
}

}  // namespace summit::autodiff
