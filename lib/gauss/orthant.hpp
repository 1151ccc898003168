// Gaussian orthant probabilities P_n = P(x_1 > 0, ..., x_n > 0) for zero-mean Gaussians, and the
// Plackett-path quadrature shared with the ReLU four-point function (relu.hpp).
//
//   P2(r)            = 1/4 + asin(r) / (2 pi)                          (Sheppard 1899)
//   P3(r12,r13,r23)  = 1/8 + (asin r12 + asin r13 + asin r23) / (4 pi)  (closed form)
//   P4(R)            = 1/16 + int_0^1 sum_{i<j} r_ij phi2(0,0; t r_ij) P2(r_{kl.ij}(t)) dt
//
// P4 uses Plackett's identity (Plackett 1954, Biometrika 41, 351) along the path
// R(t) = (1 - t) I + t R: dP/dR_ij = phi2(0, 0; R_ij) P(x_k > 0, x_l > 0 | x_i = x_j = 0), with
// phi2(0,0;rho) = 1 / (2 pi sqrt(1 - rho^2)) and {k,l} the complement of {i,j}; the conditional
// probability is P2 of the partial correlation r_{kl.ij}(t) (docs/committee.md, "Equations").
//
// Quadrature. All singularities of the integrand in t are real: t = 1/(1 - lambda) for the
// eigenvalues lambda of principal submatrices of R, i.e. t >= 1 (from lambda in [0, 1)) or
// t <= -1/3 (from lambda in (1, 4]). Substituting t = 1 - s^2 (dt = 2 s ds) turns the endpoint
// singularity of a singular R (lambda = 0: a unit identical to another, perfect learning) into
// an analytic point: phi2 ~ 1/sqrt(1 - t) becomes ~ 1/s and every square root of a principal
// minor of R(t) that vanishes like (1 - t)^m becomes s^m. A small nonzero eigenvalue eta of some
// principal submatrix (a nearly singular R, or a nearly collinear pair inside a singular R) leaves
// a singularity at s = i sqrt(eta / (1 - eta)), which a single Gauss-Legendre panel resolves only
// slowly, so the s-interval is split geometrically towards s = 0 (panels [0, q^L],
// [q^L, q^(L-1)], ..., [q, 1], ratio q = 0.15) with L chosen from the smallest such eta
// (path_eta), and each panel gets the same fixed Gauss-Legendre rule (nodes computed once, in
// double). The other singularities, t <= -1/3, i.e. s >= sqrt(4/3), are far enough.
#pragma once

#include "lib/gauss/covariance.hpp"
#include "lib/gauss/scalar.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <type_traits>
#include <vector>

namespace summit::gauss {

// P(x > 0, y > 0) for unit-variance x, y with correlation r (r clamped to [-1, 1]).
template <class T>
T P2(const T& r) {
  return lift<T>(0.25) + detail::asin_clamped(r) / lift<T>(detail::kTwoPi);
}

// P(x1 > 0, x2 > 0, x3 > 0) for unit variances and correlations r12, r13, r23.
template <class T>
T P3(const T& r12, const T& r13, const T& r23) {
  return lift<T>(0.125) +
         (detail::asin_clamped(r12) + detail::asin_clamped(r13) + detail::asin_clamped(r23)) /
             lift<T>(2.0 * detail::kTwoPi);
}

namespace detail {

using Mat4 = std::array<std::array<double, 4>, 4>;

// P_n(z) and P_n'(z) by the three-term recurrence.
template <class Real>
void legendre(int n, Real z, Real& p, Real& dp) {
  Real p0 = 1, p1 = z;
  for (int k = 2; k <= n; ++k) {
    const Real p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
    p0 = p1;
    p1 = p2;
  }
  p = p1;
  dp = n * (z * p1 - p0) / (z * z - 1);
}

// Gauss-Legendre nodes and weights on [-1, 1] (Newton on the three-term recurrence of P_n).
template <class Real>
void gauss_legendre(int n, std::vector<Real>& x, std::vector<Real>& w) {
  using std::abs;
  using std::cos;
  x.assign(n, Real(0));
  w.assign(n, Real(0));
  const Real pi = Real(3.14159265358979323846264338327950288L);
  for (int i = 0; i < n; ++i) {
    Real z = cos(pi * (Real(i) + Real(0.75)) / (Real(n) + Real(0.5)));
    Real p, dp;
    for (int it = 0; it < 100; ++it) {
      legendre(n, z, p, dp);
      const Real dz = p / dp;
      z -= dz;
      if (abs(dz) <= Real(4) * std::numeric_limits<Real>::epsilon()) break;
    }
    legendre(n, z, p, dp);
    x[i] = z;
    w[i] = Real(2) / ((1 - z * z) * dp * dp);
  }
}

// A rule value (double, or long double for references) as a T.
template <class T, class Real>
T from_real(Real x) {
  if constexpr (std::is_arithmetic_v<T>) {
    return static_cast<T>(x);
  } else {
    return lift<T>(static_cast<double>(x));
  }
}

// A rule for int_0^1 g(1 - s^2) 2 s ds: nodes s and weights that include the factor 2 s.
template <class Real>
struct PathRuleT {
  std::vector<Real> s, w;
};
using PathRule = PathRuleT<double>;

// Composite rule: panels [0, q^L], [q^L, q^(L-1)], ..., [q, 1] with m Gauss-Legendre nodes each.
template <class Real>
PathRuleT<Real> make_path_rule(int levels, int m, Real q) {
  std::vector<Real> x, w;
  gauss_legendre<Real>(m, x, w);
  std::vector<Real> edges{Real(0)};
  for (int l = levels; l >= 1; --l) {
    Real h = 1;
    for (int k = 0; k < l; ++k) h *= q;
    edges.push_back(h);
  }
  edges.push_back(Real(1));
  PathRuleT<Real> r;
  for (std::size_t p = 0; p + 1 < edges.size(); ++p) {
    const Real lo = edges[p], hi = edges[p + 1], half = (hi - lo) / 2, mid = (hi + lo) / 2;
    for (int i = 0; i < m; ++i) {
      const Real s = mid + half * x[i];
      r.s.push_back(s);
      r.w.push_back(half * w[i] * 2 * s);
    }
  }
  return r;
}

// Rule parameters (measured; see the accuracy note at Relu::I4 in relu.hpp): 16 nodes per panel,
// ratio 0.15, first panel at most 4 d long. Max level: 0.15^10 = 5.8e-9 covers eta >= 1e-15.
inline constexpr int kPathNodes = 16;
inline constexpr int kPathMaxLevels = 10;
inline constexpr double kPathRatio = 0.15;

inline const PathRule& path_rule(int levels) {
  static const std::array<PathRule, kPathMaxLevels + 1> rules = [] {
    std::array<PathRule, kPathMaxLevels + 1> r;
    for (int l = 0; l <= kPathMaxLevels; ++l)
      r[l] = make_path_rule<double>(l, kPathNodes, kPathRatio);
    return r;
  }();
  return rules[std::clamp(levels, 0, kPathMaxLevels)];
}

// Number of geometric levels for the distance parameter eta (path_eta): the s-plane
// singularity nearest to the interval sits at distance d = sqrt(eta / (1 - eta)) from s = 0, and
// the first panel [0, q^L] must not be longer than 4 d.
inline int path_levels(double eta) {
  if (eta >= 0.5) return 0;
  const double d = std::sqrt(eta / (1.0 - eta));
  if (4.0 * d >= 1.0) return 0;
  const int l = static_cast<int>(std::ceil(std::log(4.0 * d) / std::log(kPathRatio)));
  return std::clamp(l, 0, kPathMaxLevels);
}

// Eigenvalues of the leading n x n block (n <= 4) of a symmetric matrix (double values), by
// cyclic Jacobi rotations (absolute accuracy ~1e-16 times the norm; a few sweeps for n <= 4).
inline std::array<double, 4> eigenvalues(Mat4 a, int n) {
  for (int sweep = 0; sweep < 50; ++sweep) {
    double off = 0, diag = 0;
    for (int i = 0; i < n; ++i) {
      diag += a[i][i] * a[i][i];
      for (int j = i + 1; j < n; ++j) off += a[i][j] * a[i][j];
    }
    if (off <= 1e-36 * diag || off == 0.0) break;
    for (int p = 0; p < n; ++p)
      for (int q = p + 1; q < n; ++q) {
        if (a[p][q] == 0.0) continue;
        const double theta = (a[q][q] - a[p][p]) / (2.0 * a[p][q]);
        const double t =
            (theta >= 0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1.0));
        const double c = 1.0 / std::sqrt(t * t + 1.0), s = t * c;
        for (int k = 0; k < n; ++k) {  // columns p, q
          const double akp = a[k][p], akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; ++k) {  // rows p, q
          const double apk = a[p][k], aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
      }
  }
  std::array<double, 4> ev{};
  for (int i = 0; i < n; ++i) ev[i] = a[i][i];
  return ev;
}

// Smallest eigenvalue of a symmetric 4x4.
inline double min_eigenvalue(const Mat4& a) {
  const auto ev = eigenvalues(a, 4);
  return std::min(std::min(ev[0], ev[1]), std::min(ev[2], ev[3]));
}

// Eigenvalues at or below this count as exact zeros (rounding of an exactly singular matrix):
// a zero eigenvalue puts its singularity exactly at s = 0, where the integrand is analytic.
inline constexpr double kZeroEigenvalue = 1e-15;

// The distance parameter of the path quadrature for a unit-diagonal correlation r: the smallest
// eigenvalue above kZeroEigenvalue among all principal submatrices of size 2, 3 and 4 (every
// singularity of the path integrands is a zero of such a minor of R(t), at t = 1/(1 - lambda)),
// or 1 if there is none.
inline double path_eta(const Mat4& r) {
  double eta = 1.0;
  auto consider = [&](double l) {
    if (l > kZeroEigenvalue) eta = std::min(eta, l);
  };
  for (int i = 0; i < 4; ++i)
    for (int j = i + 1; j < 4; ++j) {
      consider(1.0 - std::abs(r[i][j]));  // eigenvalues 1 +- r_ij of the pair
    }
  for (int skip = 0; skip < 4; ++skip) {
    Mat4 sub{};
    int ii = 0;
    for (int i = 0; i < 4; ++i) {
      if (i == skip) continue;
      int jj = 0;
      for (int j = 0; j < 4; ++j) {
        if (j == skip) continue;
        sub[ii][jj++] = r[i][j];
      }
      ++ii;
    }
    const auto ev = eigenvalues(sub, 3);
    for (int k = 0; k < 3; ++k) consider(ev[k]);
  }
  const auto ev = eigenvalues(r, 4);
  for (int k = 0; k < 4; ++k) consider(ev[k]);
  return eta;
}

template <class T>
Mat4 values_of(const std::array<std::array<T, 4>, 4>& r) {
  Mat4 v;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) v[i][j] = value(r[i][j]);
  return v;
}

// The six pairs {j,k} of {0,1,2,3} and their complements {l,m}, in the order
// ab, ac, ad, bc, bd, cd (a,b,c,d = 0,1,2,3).
inline constexpr int kPairs[6][4] = {{0, 1, 2, 3}, {0, 2, 1, 3}, {0, 3, 1, 2},
                                     {1, 2, 0, 3}, {1, 3, 0, 2}, {2, 3, 0, 1}};

// Everything the path integrands need at one node t = 1 - s^2 of R(t) = (1 - t) I + t R:
//   u_ij = t r_ij                      entries of R(t)
//   det(i,j) = 1 - u_ij^2              as (1 - r + r s^2)(1 + r - r s^2): no cancellation
//   Z[p] = 1 / (2 pi sqrt(det(j,k)))   the bivariate density phi2(0,0) of pair p = {j,k}
//   S[p] = conditional covariance (S_ll, S_mm, S_lm) of the complement {l,m} given x_j = x_k = 0
//   th[p] = asin of the partial correlation = atan2(S_lm, sqrt(S_ll S_mm - S_lm^2))
//   Q[p] = P2 of the partial correlation = 1/4 + th[p] / (2 pi)
template <class T>
struct PathNode {
  T u[4][4];
  T det[4][4];
  T Z[6], Sll[6], Smm[6], Slm[6], sqD[6], th[6], Q[6];

  // r: unit-diagonal correlation; omr/opr: 1 - r_ij and 1 + r_ij (exact near |r| = 1).
  PathNode(const std::array<std::array<T, 4>, 4>& r, const std::array<std::array<T, 4>, 4>& omr,
           const std::array<std::array<T, 4>, 4>& opr, const T& s) {
    using std::atan2;
    using std::sqrt;
    const T one = lift<T>(1.0);
    const T s2 = s * s;
    const T t = one - s2;
    for (int i = 0; i < 4; ++i) {
      u[i][i] = one;
      det[i][i] = lift<T>(0.0);
      for (int j = i + 1; j < 4; ++j) {
        u[i][j] = u[j][i] = t * r[i][j];
        det[i][j] = det[j][i] = (omr[i][j] + r[i][j] * s2) * (opr[i][j] - r[i][j] * s2);
      }
    }
    const T inv_two_pi = lift<T>(1.0 / kTwoPi);
    for (int p = 0; p < 6; ++p) {
      const int j = kPairs[p][0], k = kPairs[p][1], l = kPairs[p][2], m = kPairs[p][3];
      // Condition on x_j = 0 (unit variance), then on x_k = 0.
      const T skk = det[j][k];
      const T slk = u[l][k] - u[l][j] * u[j][k];
      const T smk = u[m][k] - u[m][j] * u[j][k];
      const T slm = u[l][m] - u[l][j] * u[j][m];
      Sll[p] = det[j][l] - slk * slk / skk;
      Smm[p] = det[j][m] - smk * smk / skk;
      Slm[p] = slm - slk * smk / skk;
      sqD[p] = safe_sqrt(Sll[p] * Smm[p] - Slm[p] * Slm[p]);
      th[p] = atan2(Slm[p], sqD[p]);
      Q[p] = lift<T>(0.25) + th[p] * inv_two_pi;
      Z[p] = inv_two_pi / sqrt(skk);
    }
  }
};

template <class T>
struct CorrTables {
  std::array<std::array<T, 4>, 4> r, omr, opr;
};

// r plus the exact 1 - r and 1 + r tables.
template <class T>
CorrTables<T> corr_tables(const std::array<std::array<T, 4>, 4>& r) {
  CorrTables<T> c;
  c.r = r;
  const T one = lift<T>(1.0);
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) {
      c.omr[i][j] = one - r[i][j];
      c.opr[i][j] = one + r[i][j];
    }
  return c;
}

// P4 - 1/16 integrand at node s: sum_p r_p Z_p Q_p (times dt/ds = 2 s, carried by the weights).
template <class T>
T p4_integrand(const CorrTables<T>& c, const T& s) {
  const PathNode<T> nd(c.r, c.omr, c.opr, s);
  T g = lift<T>(0.0);
  for (int p = 0; p < 6; ++p) g += c.r[kPairs[p][0]][kPairs[p][1]] * nd.Z[p] * nd.Q[p];
  return g;
}

// P4 of a unit-diagonal correlation r by the path quadrature with a given rule.
template <class T, class Real>
T p4_path(const std::array<std::array<T, 4>, 4>& r, const PathRuleT<Real>& rule) {
  const CorrTables<T> c = corr_tables(r);
  T acc = lift<T>(0.0);
  for (std::size_t i = 0; i < rule.s.size(); ++i) {
    acc += from_real<T>(rule.w[i]) * p4_integrand(c, from_real<T>(rule.s[i]));
  }
  return lift<T>(1.0 / 16.0) + acc;
}

// P4 of a unit-diagonal correlation r with the library rule (levels chosen from lambda_min).
template <class T>
T p4_path(const std::array<std::array<T, 4>, 4>& r) {
  return p4_path(r, path_rule(path_levels(path_eta(values_of(r)))));
}

// Exact duplicates among Gaussian fields. Fields i and j are merged when C_ii == C_jj == C_ij
// and C_ik == C_jk for every other k (bitwise, on values), i.e. when they are the same field,
// as in I4(l_i, l_i, ., .) or at Q = R = T (student = teacher). Fields flagged `independent`
// (zero-variance H arguments, see relu.hpp) are never merged. The merged field is the mean of
// its members, so its covariances are averages and Jet derivatives are shared symmetrically.
template <class T>
struct Classes {
  int n = 0;                            // number of distinct fields
  std::array<int, 4> of{};              // class of each argument
  std::array<std::array<T, 4>, 4> cov;  // n x n class covariance
};

template <class T>
Classes<T> merge_duplicates(const std::array<std::array<T, 4>, 4>& C, int nargs,
                            const std::array<bool, 4>& independent) {
  Classes<T> cl;
  cl.of.fill(-1);
  auto same = [&](int i, int j) {
    if (value(C[i][i]) != value(C[j][j]) || value(C[i][j]) != value(C[i][i])) return false;
    for (int k = 0; k < nargs; ++k)
      if (k != i && k != j && value(C[i][k]) != value(C[j][k])) return false;
    return true;
  };
  for (int i = 0; i < nargs; ++i) {
    if (cl.of[i] >= 0) continue;
    cl.of[i] = cl.n;
    if (!independent[i])
      for (int j = i + 1; j < nargs; ++j)
        if (cl.of[j] < 0 && !independent[j] && same(i, j)) cl.of[j] = cl.n;
    ++cl.n;
  }
  std::array<int, 4> count{};
  for (int i = 0; i < nargs; ++i) ++count[cl.of[i]];
  for (int p = 0; p < 4; ++p)
    for (int q = 0; q < 4; ++q) cl.cov[p][q] = lift<T>(0.0);
  for (int i = 0; i < nargs; ++i)
    for (int j = 0; j < nargs; ++j) {
      const int p = cl.of[i], q = cl.of[j];
      if (independent[i] || independent[j]) {
        if (i == j) cl.cov[p][q] = lift<T>(1.0);
        continue;
      }
      cl.cov[p][q] += C[i][j] / lift<T>(static_cast<double>(count[p] * count[q]));
    }
  return cl;
}

// Correlation of classes p, q (clamped).
template <class T>
T class_corr(const Classes<T>& cl, int p, int q) {
  using std::sqrt;
  if (p == q) return lift<T>(1.0);
  return clamp_unit(cl.cov[p][q] / sqrt(cl.cov[p][p] * cl.cov[q][q]));
}

}  // namespace detail

// P(a > 0, b > 0, c > 0, d > 0) for a zero-mean Gaussian with covariance c (any scaling).
// A zero-variance field counts as H(0) = 1/2. Exact duplicate fields reduce P4 to P3 / P2 in
// closed form; otherwise the Plackett-path quadrature above. Measured error (same set-up as the
// note at Relu::I4 in relu.hpp): <= 4e-12 when every nonzero eigenvalue of every principal
// submatrix of R exceeds 1e-14 (generic SPD: 4e-14). Closer to singular, P4 is intrinsically
// ill-conditioned (it is only Hoelder-1/2 at the boundary of the PSD cone: rounding R by 1e-16
// moves P4 by ~1e-8), and the deviation from the long-double value of the same rounded R reaches
// 2e-9. The ReLU I4 has an extra factor (1 - t) or relu, is C^1 there, and keeps ~1e-13.
template <class T>
T P4(const Cov4<T>& c) {
  const auto C = to_array(c);
  std::array<bool, 4> zero{};
  T factor = lift<T>(1.0);
  for (int i = 0; i < 4; ++i) {
    zero[i] = value(C[i][i]) <= 0.0;
    if (zero[i]) factor = factor * lift<T>(0.5);
  }
  // Zero-variance fields are dropped (their factor 1/2 is in `factor`): mark them independent so
  // they form singleton classes, and skip those classes below.
  const detail::Classes<T> cl = detail::merge_duplicates(C, 4, zero);
  std::array<int, 4> live{};
  int n = 0;
  for (int i = 0; i < 4; ++i) {
    const int p = cl.of[i];
    if (zero[i]) continue;
    bool seen = false;
    for (int k = 0; k < n; ++k) seen = seen || live[k] == p;
    if (!seen) live[n++] = p;
  }
  if (n == 0) return factor;
  if (n == 1) return factor * lift<T>(0.5);
  if (n == 2) return factor * P2(detail::class_corr(cl, live[0], live[1]));
  if (n == 3)
    return factor * P3(detail::class_corr(cl, live[0], live[1]),
                       detail::class_corr(cl, live[0], live[2]),
                       detail::class_corr(cl, live[1], live[2]));
  std::array<std::array<T, 4>, 4> r;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) r[i][j] = detail::class_corr(cl, live[i], live[j]);
  return detail::p4_path(r);
}

}  // namespace summit::gauss
