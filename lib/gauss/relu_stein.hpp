// The ReLU four-point function of a well-conditioned correlation from ONE orthant probability:
// its value and its gradient in the six correlations, in closed form given P4 (Stein's lemma and
// Price's theorem), so that the only quadrature is P4 in double, whatever the scalar type.
//
// Contract. For a unit-diagonal correlation r whose smallest eigenvalue is at least
// kSteinMinEigenvalue (relu_stein_band(r) >= 0), relu_i4_stein(r) returns
//   value = I4~(R) = E[H(a) H(b) relu(c) relu(d)]   (unit variances; a, b, c, d = 0, 1, 2, 3)
//   grad[p] = d I4~ / d r_p for the six pairs p of kPairs (ab, ac, ad, bc, bd, cd), each
//            off-diagonal entry counted once (r_jk = r_kj move together),
// equal to relu_i4_path (relu.hpp) and to its Jet derivatives up to the error measured in
// tests/gauss/test_relu_stein.cpp. The function relu_i4_first_order (below) turns value and
// gradient into a double or a first-order Jet (ceres::Jet<double, N>): no Jet ever enters the
// quadrature, which is why a Jet evaluation costs about as much as a double one.
//
// Derivation (unit variances, f = H(a) H(b) g(c) g(d), g = relu, g' = H, H' = delta).
//  * Price's theorem: d E[f] / d r_jk = E[d_j d_k f] (j != k). With phi2(0,0; r) =
//    1 / (2 pi sqrt(1 - r^2)) = Z_jk, the density of (x_j, x_k) at 0:
//      d/dr_ab = E[delta(a) delta(b) g(c) g(d)] = Z_ab kappa(S^{ab})
//      d/dr_ac = E[delta(a) H(b) H(c) g(d)]     = e(a; d)
//      d/dr_ad = E[delta(a) H(b) g(c) H(d)]     = e(a; c)
//      d/dr_bc = e(b; d),   d/dr_bd = e(b; c)
//      d/dr_cd = E[H(a) H(b) H(c) H(d)]         = P4
//    where kappa(S^{ab}) is the degree-1 arc-cosine kernel (Cho & Saul 2009) of the covariance S
//    of (c, d) given x_a = x_b = 0, and, by Stein's lemma on g(x) = x H(x) in the law given
//    x_j = 0 (covariance S^j_xy = r_xy - r_xj r_jy),
//      e(j; x) = E[delta(x_j) g(x_x) prod_{other two} H] = sum_{k != j} S^j_xk Z_jk Q_jk,
//    with Q_jk = P2 of the partial correlation of the complementary pair given x_j = x_k = 0.
//    These are the integrands of the Plackett path of relu.hpp at t = 1.
//  * Stein's lemma on x_c in E[x_c x_d 1{a,b,c,d > 0}] (the Stein/Tallis reduction, Tallis 1961):
//      I4~ = r_cd P4 + r_ac e(a; d) + r_bc e(b; d) + e(c; d).
// Every Z_jk, Q_jk and conditional covariance is the PathNode of orthant.hpp at s = 0 (t = 1).
//
// Why the eigenvalue floor. These closed forms divide by sqrt(1 - r_jk^2) and by conditional
// variances that vanish with the smallest eigenvalue of R (Cauchy interlacing bounds every
// principal minor's eigenvalues, 1 - |r_jk| included, from below by lambda_min(R)), and multiply
// them by covariances that vanish with them: the cancellation grows as R nears the boundary of
// the PSD cone, where the path integral of relu.hpp, which never divides by a vanishing Schur
// complement, is used instead. The floor and the P4 rules
// are measured (kSteinBands below; tests/gauss/test_relu_stein.cpp).
#pragma once

#include "lib/gauss/orthant.hpp"
#include "lib/gauss/p4_memo.hpp"
#include "lib/gauss/scalar.hpp"

#include <array>
#include <cmath>
#include <type_traits>

namespace summit::gauss::detail {

// Smallest eigenvalue of R from which the Stein route is used (measured, see kSteinBands).
inline constexpr double kSteinMinEigenvalue = 1e-5;

// True when r - delta I is positive definite (Cholesky), i.e. lambda_min(r) > delta.
inline bool min_eigenvalue_above(const Mat4& r, double delta) {
  double L[4][4] = {};
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j <= i; ++j) {
      double s = r[i][j] - (i == j ? delta : 0.0);
      for (int k = 0; k < j; ++k) s -= L[i][k] * L[j][k];
      if (i == j) {
        if (!(s > 0.0)) return false;
        L[i][i] = std::sqrt(s);
      } else {
        L[i][j] = s / L[j][j];
      }
    }
  }
  return true;
}

// The P4 rule per band of lambda_min(R) (lower bound of the band, panels, nodes per panel).
// Every singularity of the P4 integrand in s = sqrt(1 - t) sits at distance
// >= sqrt(lambda_min / (1 - lambda_min)) from s = 0 (orthant.hpp), so the band fixes the rule.
// Measured max |P4 - long-double reference| per band (60 correlations (1 - eta) R_s + eta I each,
// R_s of rank 1-3; tests/gauss/test_relu_stein.cpp re-checks the I4 values):
//   lambda_min > 0.1:   1 panel of 16 nodes, 1.7e-14   (orthant.hpp's library rule there)
//   (0.05, 0.1]:        1 panel of 20,       1.3e-14   (16 nodes: 6e-12)
//   (0.02, 0.05]:       1 panel of 24,       7.1e-14   (16 nodes: 5e-10)
//   (0.003, 0.02]:      2 panels of 16,      3.6e-14
//   (0.001, 0.003]:     3 panels of 16,      4.6e-14   (2 panels: 3.9e-13)
//   (1e-4, 1e-3]:       4 panels of 16,   and (1e-5, 1e-4]: 5 panels of 16: the I4 values of
//                       the route stay within 1.1e-13 of the reference (300 correlations per
//                       eta = 3e-5 ... 1e-3; 5.6e-15 at 3e-6 among those above the floor).
// Below 1e-5 the route's error grows like 1e-16 / sqrt(lambda_min) (1e-12 at 1e-6, 1.6e-10 at
// 1e-8, measured against the same reference), hence the floor.
struct SteinBand {
  double lambda;
  int levels, nodes;
};
inline constexpr SteinBand kSteinBands[] = {{0.1, 0, 16},   {0.05, 0, 20}, {0.02, 0, 24},
                                            {0.003, 1, 16}, {1e-3, 2, 16}, {1e-4, 3, 16},
                                            {kSteinMinEigenvalue, 4, 16}};
inline constexpr int kSteinBandCount = 7;

// The band of r (index into kSteinBands), or -1 when the Stein route does not apply
// (lambda_min(r) <= kSteinMinEigenvalue). lambda_min is bracketed by Cholesky tests at the band
// floors rather than computed (a 4x4 Cholesky costs a fraction of one Jacobi sweep).
inline int relu_stein_band(const Mat4& r) {
  for (int b = 0; b < kSteinBandCount; ++b)
    if (min_eigenvalue_above(r, kSteinBands[b].lambda)) return b;
  return -1;
}

inline const PathRule& stein_rule(int band) {
  static const std::array<PathRule, kSteinBandCount> rules = [] {
    std::array<PathRule, kSteinBandCount> r;
    for (int b = 0; b < kSteinBandCount; ++b)
      r[b] = make_path_rule<double>(kSteinBands[b].levels, kSteinBands[b].nodes, kPathRatio);
    return r;
  }();
  return rules[band];
}

struct ReluI4Stein {
  double value = 0;
  std::array<double, 6> grad{};  // kPairs order: ab, ac, ad, bc, bd, cd
};

// P4 of r (requires relu_stein_band(r) >= 0) through the per-thread memo of p4_memo.hpp, with
// the band chosen on the canonical relabelling (at a band floor, rounding may put the relabelled
// matrix in the next band down, whose rule is the more accurate one; below the lowest floor it
// gets the lowest band's rule).
inline double relu_stein_p4(const Mat4& r) {
  return p4_canonical(r, [](const Mat4& rc) -> const PathRule& {
    const int b = relu_stein_band(rc);
    return stein_rule(b < 0 ? kSteinBandCount - 1 : b);
  });
}

// Value and gradient of I4~ at r (requires relu_stein_band(r) >= 0).
inline ReluI4Stein relu_i4_stein(const Mat4& r) {
  const double p4 = relu_stein_p4(r);
  const CorrTables<double> c = corr_tables(r);
  const PathNode<double> nd(c.r, c.omr, c.opr, 0.0);  // s = 0: t = 1, the law of R itself
  // Pair index of {j, k} in kPairs.
  auto pi = [](int j, int k) {
    if (j > k) std::swap(j, k);
    return j == 0 ? k - 1 : (j == 1 ? k + 1 : 5);
  };
  // S^j_xk = r_xk - r_xj r_jk (S^j_xx = 1 - r_xj^2, exact as det).
  auto S = [&](int j, int x, int k) { return x == k ? nd.det[j][x] : r[x][k] - r[x][j] * r[j][k]; };
  // e(j; x) = sum_{k != j} S^j_xk Z_jk Q_jk.
  auto e = [&](int j, int x) {
    double acc = 0;
    for (int k = 0; k < 4; ++k) {
      if (k == j) continue;
      const int p = pi(j, k);
      acc += S(j, x, k) * nd.Z[p] * nd.Q[p];
    }
    return acc;
  };
  ReluI4Stein out;
  const double kappa_ab = (nd.sqD[0] + nd.Slm[0] * (0.5 * kPi + nd.th[0])) / kTwoPi;
  out.grad[0] = nd.Z[0] * kappa_ab;
  out.grad[1] = e(0, 3);
  out.grad[2] = e(0, 2);
  out.grad[3] = e(1, 3);
  out.grad[4] = e(1, 2);
  out.grad[5] = p4;
  out.value = r[2][3] * p4 + r[0][2] * out.grad[1] + r[1][2] * out.grad[3] + e(2, 3);
  return out;
}

// Types for which value + gradient . (directions) is the whole derivative information: double
// and first-order Jets (a Jet-like type whose Scalar is arithmetic). Nested Jets are not.
template <class T, class = void>
struct is_first_order : std::false_type {};
template <class T>
struct is_first_order<T, std::enable_if_t<std::is_arithmetic_v<T>>> : std::true_type {};
template <class T>
struct is_first_order<T, std::enable_if_t<std::is_arithmetic_v<typename T::Scalar>>>
    : std::true_type {};
template <class T>
inline constexpr bool is_first_order_v = is_first_order<T>::value;

// I4~ of the correlation r (entries of type T, a double or first-order Jet) by the Stein route:
// the value, plus for a Jet the chain rule sum_p grad_p * (derivative part of r_p). Returns
// false (and leaves out untouched) when the route does not apply.
template <class T>
bool relu_i4_first_order(const std::array<std::array<T, 4>, 4>& r, T& out) {
  static_assert(is_first_order_v<T>);
  const Mat4 rv = values_of(r);
  if (relu_stein_band(rv) < 0) return false;
  const ReluI4Stein s = relu_i4_stein(rv);
  out = lift<T>(s.value);
  if constexpr (!std::is_arithmetic_v<T>) {
    for (int p = 0; p < 6; ++p) {
      const T& rp = r[kPairs[p][0]][kPairs[p][1]];
      out.v += s.grad[p] * rp.v;
    }
  }
  return true;
}

}  // namespace summit::gauss::detail
