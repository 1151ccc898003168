// An independent oracle for the erf committee: the Saad & Solla (PRE 52, 4225, 1995) ODEs for
// soft-committee machines with g(x) = erf(x/sqrt 2), written here from the paper's closed forms
// of I2, I3, I4 (not from models/committee or lib/gauss), in the conventions of docs/committee.md
// ("Model and conventions", "Equations") restricted to second layers v = v* = 1, no noise, no
// weight decay, teacher overlap T = I:
//   dR_in/dalpha = lr sum_c w_c I3(i, K+n, c),
//   dQ_ik/dalpha = lr sum_c w_c [I3(i, k, c) + I3(k, i, c)] + lr^2 sum_{c,d} w_c w_d I4(i, k, c, d),
//   eps_g = 1/2 sum_{c,d} w_c w_d I2(c, d),   w = (-1 x K, +1 x M).
// On top: the Jacobian by central differences (step 1e-6, error O(1e-10)), a Newton polish, and
// the critical learning rate of perfect learning (Q = R = I) by bisection on the sign of the
// largest real part of the Jacobian's eigenvalues.
#pragma once

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace summit::test {

class ErfCommitteeOracle {
 public:
  ErfCommitteeOracle(int K, int M, double lr) : K_(K), M_(M), lr_(lr) {}

  // State: Q's upper triangle row by row, then R row by row (K x M): the layout of
  // docs/committee.md (Q[1,1], Q[1,2], ..., R[1,1], R[1,2], ...).
  int dim() const { return K_ * (K_ + 1) / 2 + K_ * M_; }

  Eigen::MatrixXd covariance(const Eigen::VectorXd& x) const {
    const int n = K_ + M_;
    Eigen::MatrixXd C = Eigen::MatrixXd::Identity(n, n);  // T = I
    int p = 0;
    for (int i = 0; i < K_; ++i)
      for (int k = i; k < K_; ++k) C(i, k) = C(k, i) = x[p++];
    for (int i = 0; i < K_; ++i)
      for (int m = 0; m < M_; ++m) C(i, K_ + m) = C(K_ + m, i) = x[p++];
    return C;
  }

  double loss(const Eigen::VectorXd& x) const {
    const Eigen::MatrixXd C = covariance(x);
    double e = 0;
    for (int c = 0; c < K_ + M_; ++c)
      for (int d = 0; d < K_ + M_; ++d) e += w(c) * w(d) * I2(C, c, d);
    return 0.5 * e;
  }

  Eigen::VectorXd drift(const Eigen::VectorXd& x) const {
    const Eigen::MatrixXd C = covariance(x);
    const int n = K_ + M_;
    auto B = [&](int i, int b) {
      double s = 0;
      for (int c = 0; c < n; ++c) s += w(c) * I3(C, i, b, c);
      return s;
    };
    Eigen::VectorXd dx(dim());
    int p = 0;
    for (int i = 0; i < K_; ++i)
      for (int k = i; k < K_; ++k) {
        double quad = 0;
        for (int c = 0; c < n; ++c)
          for (int d = 0; d < n; ++d) quad += w(c) * w(d) * I4(C, i, k, c, d);
        dx[p++] = lr_ * (B(i, k) + B(k, i)) + lr_ * lr_ * quad;
      }
    for (int i = 0; i < K_; ++i)
      for (int m = 0; m < M_; ++m) dx[p++] = lr_ * B(i, K_ + m);
    return dx;
  }

  Eigen::MatrixXd jacobian(const Eigen::VectorXd& x, double h = 1e-6) const {
    Eigen::MatrixXd J(dim(), dim());
    for (int k = 0; k < dim(); ++k) {
      Eigen::VectorXd xp = x, xm = x;
      xp[k] += h;
      xm[k] -= h;
      J.col(k) = (drift(xp) - drift(xm)) / (2 * h);
    }
    return J;
  }

  double max_real_eigenvalue(const Eigen::VectorXd& x) const {
    return Eigen::EigenSolver<Eigen::MatrixXd>(jacobian(x)).eigenvalues().real().maxCoeff();
  }

  // Newton from x until |drift| < tol (least squares, so flat directions do not stop it).
  Eigen::VectorXd polish(Eigen::VectorXd x, double tol = 1e-13) const {
    for (int it = 0; it < 50 && drift(x).cwiseAbs().maxCoeff() > tol; ++it)
      x -= jacobian(x).completeOrthogonalDecomposition().solve(drift(x));
    return x;
  }

  // Perfect learning for K = M: Q = R = I.
  Eigen::VectorXd perfect() const { return covariance_inverse_layout(Eigen::MatrixXd::Identity(K_, K_)); }

 private:
  int K_, M_;
  double lr_;

  double w(int c) const { return c < K_ ? -1.0 : 1.0; }

  Eigen::VectorXd covariance_inverse_layout(const Eigen::MatrixXd& QR) const {
    Eigen::VectorXd x(dim());
    int p = 0;
    for (int i = 0; i < K_; ++i)
      for (int k = i; k < K_; ++k) x[p++] = QR(i, k);
    for (int i = 0; i < K_; ++i)
      for (int m = 0; m < M_; ++m) x[p++] = QR(i, m);
    return x;
  }

  // Saad & Solla (1995), eqs. for g(x) = erf(x/sqrt 2); C is the covariance of the fields.
  static double I2(const Eigen::MatrixXd& C, int a, int b) {
    return 2 / std::numbers::pi * std::asin(C(a, b) / std::sqrt((1 + C(a, a)) * (1 + C(b, b))));
  }
  // E[g'(a) b g(c)]
  static double I3(const Eigen::MatrixXd& C, int a, int b, int c) {
    const double L3 = (1 + C(a, a)) * (1 + C(c, c)) - C(a, c) * C(a, c);
    return 2 / std::numbers::pi / std::sqrt(L3) * (C(b, c) * (1 + C(a, a)) - C(a, b) * C(a, c)) / (1 + C(a, a));
  }
  // E[g'(a) g'(b) g(c) g(d)]
  static double I4(const Eigen::MatrixXd& C, int a, int b, int c, int d) {
    const double L4 = (1 + C(a, a)) * (1 + C(b, b)) - C(a, b) * C(a, b);
    const double L0 = L4 * C(c, d) - C(b, c) * C(b, d) * (1 + C(a, a)) - C(a, c) * C(a, d) * (1 + C(b, b)) +
                      C(a, b) * C(a, c) * C(b, d) + C(a, b) * C(a, d) * C(b, c);
    const double L1 = L4 * (1 + C(c, c)) - C(b, c) * C(b, c) * (1 + C(a, a)) - C(a, c) * C(a, c) * (1 + C(b, b)) +
                      2 * C(a, b) * C(a, c) * C(b, c);
    const double L2 = L4 * (1 + C(d, d)) - C(b, d) * C(b, d) * (1 + C(a, a)) - C(a, d) * C(a, d) * (1 + C(b, b)) +
                      2 * C(a, b) * C(a, d) * C(b, d);
    return 4 / (std::numbers::pi * std::numbers::pi) / std::sqrt(L4) * std::asin(L0 / std::sqrt(L1 * L2));
  }
};

// The learning rate in [lo, hi] where perfect learning (K = M, T = I) loses stability: bisection
// on the sign of the largest real part of the oracle's Jacobian to |hi - lo| < tol.
inline double erf_committee_critical_lr(int K, double lo, double hi, double tol = 1e-9) {
  auto lam = [K](double lr) {
    const ErfCommitteeOracle o(K, K, lr);
    return o.max_real_eigenvalue(o.perfect());
  };
  const double slo = lam(lo);
  if (!(slo < 0 && lam(hi) > 0)) return std::nan("");
  while (hi - lo > tol) {
    const double mid = 0.5 * (lo + hi);
    (lam(mid) < 0 ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace summit::test
