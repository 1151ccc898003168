// Structured exact Jacobian of the committee drift (private to models/committee; included at the
// end of committee_impl.hpp so that every explicit instantiation of Committee<Act> sees it).
//
// Contract: Committee<Act>::drift_jacobian(x, dx, J) returns the drift and its exact Jacobian,
// equal to the Jet pass over the whole drift (JetModel::drift_jacobian, kept as
// jet_drift_jacobian) up to rounding.
//
// Why it is cheaper. The drift is a sum of Gaussian expectations, each a function of a few
// entries of the covariance C = [[Q, R], [R^T, T]]:
//   dR_in, dQ_ik  <-  B(i,b) = sum_c w_c I3(C_ii, C_bb, C_cc, C_ib, C_ic, C_bc)
//   dQ_ik (SGD)   <-  sum_{a<=b} w_a w_b I4(i,k,a,b) (10 entries) + noise^2 J2(i,k) (3 entries)
// so the Jacobian is assembled term by term: each expectation is evaluated once with a Jet
// carrying one direction per distinct state coordinate among its arguments (at most 6 for I3, 10
// for I4, 3 for J2; an entry of T is a constant and gets none; Q_ik and Q_ki are one coordinate),
// and its derivatives are added to the columns of those coordinates. The whole-drift Jet pass
// instead costs ceil(dim / 8) evaluations of every term (dim = K(K+1)/2 + KM: 20 passes at
// K = M = 10, 77 at K = M = 20).
//
// Why the two agree to rounding, degenerate points included: every operation on a Jet computes
// its value from values only and each derivative component from that value path and the
// component's own seed, so a Jet seeded with a subset of the state directions yields exactly
// those columns of the whole pass. Seeding per distinct coordinate (rather than per argument)
// matters: an argument repeated in one term (C_ii = C_ic = C_cc in I3(i, b, i)) must carry one
// shared direction, because lib/gauss evaluates rho = C_ac / sqrt(C_aa C_cc) as 1 - 1e-16 there
// (ceres' Jet division multiplies by the reciprocal), where sqrt(1 - rho^2) has a derivative of
// ~1e8; separate directions would carry partials of that size that cancel only to ~1e-9.
//
// Where it does not apply (a trained second layer, whose v enters as a weight; the erf SGD drift,
// whose fused erf_quad path is already cheaper per Jet pass than per-term Jets) the Jet pass is
// used.
#pragma once

#include "lib/autodiff/jets.hpp"

#include <algorithm>
#include <type_traits>

namespace summit::committee {

namespace jacobian_detail {

// Seeds args[k] = Jet(values[k]) with one derivative direction per distinct coordinate cols[k]
// (cols[k] < 0: a constant, no direction); columns[d] is the coordinate of direction d.
template <class J, int N>
int seed_by_coordinate(const double (&values)[N], const int (&cols)[N], J (&args)[N],
                       int (&columns)[N]) {
  int used = 0;
  for (int k = 0; k < N; ++k) {
    args[k] = J(values[k]);
    if (cols[k] < 0) continue;
    int d = 0;
    while (d < used && columns[d] != cols[k]) ++d;
    if (d == used) columns[used++] = cols[k];
    args[k].v[d] = 1.0;
  }
  return used;
}

// The state coordinate of the covariance entry (a, b) of C = [[Q, R], [R^T, T]], or -1 for an
// entry of T (a constant).
struct CovarianceCoordinate {
  const Block& q;
  const Block& r;
  int K;
  int operator()(int a, int b) const {
    if (a < K && b < K) return q.index(a, b);
    if (a < K) return r.index(a, b - K);
    if (b < K) return r.index(b, a - K);
    return -1;
  }
};

}  // namespace jacobian_detail

template <class Act>
bool Committee<Act>::structured_jacobian_applies() const {
  return !this->c_.train_v && (this->c_.gradient_flow || !std::is_same_v<Act, gauss::Erf>);
}

template <class Act>
void Committee<Act>::jet_drift_jacobian(const Vec& x, Vec& dx, Mat& J) const {
  JetModel<Committee<Act>, CommitteeBase>::drift_jacobian(x, dx, J);
}

template <class Act>
void Committee<Act>::drift_jacobian(const Vec& x, Vec& dx, Mat& J) const {
  if (!structured_jacobian_applies()) {
    jet_drift_jacobian(x, dx, J);
    return;
  }
  const Config& c = this->c_;
  const int K = c.K, M = c.M, n = K + M, dim = this->layout_.size();
  const Block& qb = this->layout_.block("Q");
  const Block& rb = this->layout_.block("R");
  std::vector<double> C, w;
  unpack(x.data(), C, w);
  auto cv = [&](int a, int b) { return C[a * n + b]; };
  const jacobian_detail::CovarianceCoordinate coord{qb, rb, K};
  // Output row of B(i, b): dR_{i, b-K} for a teacher b, dQ_{ib} for a student b.
  auto row_of = [&](int i, int b) { return b >= K ? rb.index(i, b - K) : qb.index(i, b); };
  dx.setZero(dim);
  J.setZero(dim, dim);
  const double lr = c.lr, wd = c.wd, s2 = c.noise * c.noise;

  // B terms: -lr w_i B(i,b) into row_of(i,b) (twice for b == i: dQ_ii = -2 lr w_i B(i,i)).
  using jacobian_detail::seed_by_coordinate;
  using J3 = autodiff::Jet1;  // 8 directions, at most 6 used
  for (int i = 0; i < K; ++i)
    for (int b = 0; b < n; ++b) {
      const int row = row_of(i, b);
      const double coef = -lr * w[i] * (b == i ? 2.0 : 1.0);
      for (int cc = 0; cc < n; ++cc) {
        const double vals[6] = {cv(i, i), cv(b, b), cv(cc, cc), cv(i, b), cv(i, cc), cv(b, cc)};
        const int cols[6] = {coord(i, i), coord(b, b), coord(cc, cc),
                             coord(i, b), coord(i, cc), coord(b, cc)};
        J3 a[6];
        int columns[6];
        const int nd = seed_by_coordinate(vals, cols, a, columns);
        const J3 t = Act::I3(gauss::Cov3<J3>{a[0], a[1], a[2], a[3], a[4], a[5]});
        const double f = coef * w[cc];
        dx[row] += f * t.a;
        for (int d = 0; d < nd; ++d) J(row, columns[d]) += f * t.v[d];
      }
    }
  // Weight decay.
  for (int i = 0; i < K; ++i) {
    for (int m = 0; m < M; ++m) {
      const int idx = rb.index(i, m);
      dx[idx] += -wd * cv(i, K + m);
      J(idx, idx) += -wd;
    }
    for (int k = i; k < K; ++k) {
      const int idx = qb.index(i, k);
      dx[idx] += -2.0 * wd * cv(i, k);
      J(idx, idx) += -2.0 * wd;
    }
  }
  if (c.gradient_flow) return;

  // The O(lr^2) bracket: lr^2 w_i w_k [sum_{a<=b} (2 - [a == b]) w_a w_b I4(i,k,a,b) + s2 J2].
  using J10 = ceres::Jet<double, 10>;
  for (int i = 0; i < K; ++i)
    for (int k = i; k < K; ++k) {
      const int row = qb.index(i, k);
      const double pre = lr * lr * w[i] * w[k];
      for (int a = 0; a < n; ++a)
        for (int b = a; b < n; ++b) {
          const double vals[10] = {cv(i, i), cv(k, k), cv(a, a), cv(b, b), cv(i, k),
                                   cv(i, a), cv(i, b), cv(k, a), cv(k, b), cv(a, b)};
          const int cols[10] = {coord(i, i), coord(k, k), coord(a, a), coord(b, b), coord(i, k),
                                coord(i, a),  coord(i, b), coord(k, a), coord(k, b), coord(a, b)};
          J10 e[10];
          int columns[10];
          const int nd = seed_by_coordinate(vals, cols, e, columns);
          const J10 t = Act::I4(
              gauss::Cov4<J10>{e[0], e[1], e[2], e[3], e[4], e[5], e[6], e[7], e[8], e[9]});
          const double f = pre * (a == b ? 1.0 : 2.0) * w[a] * w[b];
          dx[row] += f * t.a;
          for (int d = 0; d < nd; ++d) J(row, columns[d]) += f * t.v[d];
        }
      if (s2 > 0) {
        using J2t = autodiff::Jet1;
        const double vals[3] = {cv(i, i), cv(k, k), cv(i, k)};
        const int cols[3] = {coord(i, i), coord(k, k), coord(i, k)};
        J2t e[3];
        int columns[3];
        const int nd = seed_by_coordinate(vals, cols, e, columns);
        const J2t t = Act::J2(gauss::Cov2<J2t>{e[0], e[1], e[2]});
        dx[row] += pre * s2 * t.a;
        for (int d = 0; d < nd; ++d) J(row, columns[d]) += pre * s2 * t.v[d];
      }
    }
}

template <class Act>
void Committee<Act>::jet_loss_gradient(const Vec& x, double& L, Vec& g) const {
  JetModel<Committee<Act>, CommitteeBase>::loss_gradient(x, L, g);
}

// eps_g = sum_{a <= b} (1/2 if a == b, else 1) w_a w_b I2(C_aa, C_bb, C_ab) (loss_t): each term is
// evaluated once with one Jet direction per distinct state coordinate among its three arguments,
// instead of ceil(dim / 8) whole-loss Jet passes (77 at K = M = 20). The weight-space Hessian of
// analyse_stability_weight_space takes 2 free_dim such gradients.
template <class Act>
void Committee<Act>::loss_gradient(const Vec& x, double& L, Vec& g) const {
  if (this->c_.train_v) {  // v enters the weights w: not a constant of the terms
    jet_loss_gradient(x, L, g);
    return;
  }
  const int K = this->c_.K, n = K + this->c_.M;
  std::vector<double> C, w;
  unpack(x.data(), C, w);
  const jacobian_detail::CovarianceCoordinate coord{this->layout_.block("Q"),
                                                    this->layout_.block("R"), K};
  using J3 = autodiff::Jet1;  // 8 directions, at most 3 used
  g.setZero(this->layout_.size());
  L = 0;
  for (int a = 0; a < n; ++a)
    for (int b = a; b < n; ++b) {
      const double vals[3] = {C[a * n + a], C[b * n + b], C[a * n + b]};
      const int cols[3] = {coord(a, a), coord(b, b), coord(a, b)};
      J3 e[3];
      int columns[3];
      const int nd = jacobian_detail::seed_by_coordinate(vals, cols, e, columns);
      const J3 t = Act::I2(gauss::Cov2<J3>{e[0], e[1], e[2]});
      const double f = (a == b ? 0.5 : 1.0) * w[a] * w[b];
      L += f * t.a;
      for (int d = 0; d < nd; ++d) g[columns[d]] += f * t.v[d];
    }
}

}  // namespace summit::committee
