// ReLU activation g(x) = max(0, x), g'(x) = H(x) (Heaviside): the Gaussian expectations of the
// committee ODEs (docs/committee.md, "Equations").
//
// Conventions.
//  * H(0) = 1/2. It matters only for a dead unit, a field of zero variance (C_aa = 0, a student
//    vector of norm 0), whose pre-activation is identically 0. Then g'(a) = 1/2, g(a) = 0, so
//      I2 = 0, J2(a,b) = 1/4, I3(a,b,c) = C_bc / 4, I4(a,b,c,d) = E[H(b) g(c) g(d)] / 2.
//    This is not the limit C_aa -> 0 of the formulas: since H(a) is scale-invariant, I3 and I4
//    depend on a only through its correlations, whose limit depends on the direction in which
//    the norm shrinks. H(0) = 1/2 is the value for a direction uncorrelated with everything.
//    Relu::dg(0) = 1/2 for the same reason.
//  * Correlations are clamped to [-1, 1], because rounding can push them outside.
//  * Exactly degenerate covariances (|rho| = 1) are finite. Jet derivatives there are the
//    derivatives along the degenerate set (where they exist): e.g. I2(a,a) = C_aa / 2 gives
//    d/dC_aa = 1/2 when C_aa = C_bb = C_ab carry the same Jet. Derivatives that leave the PSD
//    cone are infinite in general (e.g. d J2 / d C_ab at rho = 1) and are returned as the
//    derivative of the clamped expression instead.
#pragma once

#include "lib/gauss/covariance.hpp"
#include "lib/gauss/orthant.hpp"
#include "lib/gauss/relu_stein.hpp"
#include "lib/gauss/scalar.hpp"

#include <array>
#include <cmath>
#include <type_traits>

namespace summit::gauss {

namespace detail {

// h(r) = sqrt(1 - r^2) + r (pi - acos r) = sqrt(1 - r^2) + r (pi/2 + asin r), so that
// E[relu(x) relu(y)] = h(r) / (2 pi) for unit variances (Cho & Saul 2009, arc-cosine kernel of
// degree 1). h is C^1 at r = +-1 with h(1) = pi, h'(1) = pi, h(-1) = h'(-1) = 0; beyond the
// clamp it is continued by its tangent (pi r, resp. 0) so Jets get the one-sided derivative.
template <class T>
T arccos1(const T& r) {
  using std::asin;
  if (value(r) >= 1.0) return lift<T>(kPi) * r;
  if (value(r) <= -1.0) return lift<T>(0.0);
  return sqrt_one_minus_sq(r) + r * (lift<T>(0.5 * kPi) + asin(r));
}

// E[x^2 H(x) H(y)] for unit variances and correlation r: by Stein,
// E[x (x H(x) H(y))] = P2(r) + r phi(0) E[x H(x) | y = 0] = P2(r) + r sqrt(1 - r^2) / (2 pi).
template <class T>
T second_moment_2(const T& r) {
  const T rc = clamp_unit(r);
  return P2(rc) + rc * sqrt_one_minus_sq(rc) / lift<T>(kTwoPi);
}

// M3 = E[x_p x_q 1{x_0, x_1, x_2 > 0}] for unit variances, correlations r (3x3, r_ii = 1) and
// moment indices p, q in {0,1,2} (p == q allowed). Stein on x_p, then on x_q given x_j = 0
// (Tallis 1961):
//   M3 = r_pq P3 + 1/2 sum_{j != q} r_pj sum_{k != j} S^(j)_qk phi2(0,0; r_jk)
// with S^(j)_qk = r_qk - r_qj r_jk the covariance given x_j = 0, phi2(0,0; r) =
// 1/(2 pi sqrt(1 - r^2)), and 1/2 = P(last field > 0 | x_j = x_k = 0). For k = q the product is
// sqrt(1 - r_jq^2) / (2 pi). Requires 1 - r_jk^2 > 0 for every pair (checked by the caller).
template <class T>
T tallis3(const std::array<std::array<T, 3>, 3>& r, int p, int q) {
  using std::sqrt;
  const T one = lift<T>(1.0);
  const T inv_two_pi = lift<T>(1.0 / kTwoPi);
  T acc = lift<T>(0.0);
  for (int j = 0; j < 3; ++j) {
    if (j == q) continue;
    T inner = lift<T>(0.0);
    for (int k = 0; k < 3; ++k) {
      if (k == j) continue;
      if (k == q) {
        inner += sqrt_one_minus_sq(r[j][q]) * inv_two_pi;
      } else {
        inner +=
            (r[q][k] - r[q][j] * r[j][k]) * inv_two_pi / sqrt((one - r[j][k]) * (one + r[j][k]));
      }
    }
    acc += r[p][j] * inner;
  }
  return r[p][q] * P3(r[0][1], r[0][2], r[1][2]) + lift<T>(0.5) * acc;
}

// The ReLU four-point function in correlation units, by one Plackett path for the whole of it.
//
//   I4~(R) = E[H(a) H(b) relu(c) relu(d)] = E[x_c x_d 1{a,b,c,d > 0}]   (unit variances)
//
// Let F(t) = E_{R(t)}[f], f = H(a) H(b) relu(c) relu(d), R(t) = (1 - t) I + t R. The heat
// equation (Plackett 1954; Price 1958) gives dF/dt = sum_{i<j} r_ij E_t[d_i d_j f], with
//   (a,b):  E[delta(a) delta(b) relu(c) relu(d)]  = Z_ab kappa(S^{ab}_cc, S^{ab}_dd, S^{ab}_cd)
//   (a,c):  E[delta(a) H(b) H(c) relu(d)]        = sum_{k in b,c,d} S^a_dk Z_ak Q_ak
//   (a,d):  E[delta(a) H(b) relu(c) H(d)]        = sum_{k in b,c,d} S^a_ck Z_ak Q_ak
//   (b,c), (b,d): the same with a <-> b
//   (c,d):  E[H(a) H(b) H(c) H(d)]               = P4(t)
// where the (a,x) lines use Stein once more in the law of (b,c,d) given a = 0, whose
// covariance is S^a_xy = u_xy - u_xa u_ay (u = R(t)); Z_jk = phi2(0,0; u_jk) (the density of
// (x_j, x_k) at 0); Q_jk = P2 of the partial correlation of the complementary pair given
// x_j = x_k = 0; kappa(S) = (sqrt(S_cc S_dd - S_cd^2) + S_cd (pi/2 + asin r)) / (2 pi) is the
// degree-1 arc-cosine kernel of that conditional pair. P4(t) is not closed, but
// int_0^1 P4(t) dt = 1/16 + int_0^1 (1 - t) P4'(t) dt with P4' = sum_p r_p Z_p Q_p (see
// orthant.hpp), so, with F(0) = E[H]^2 E[relu]^2 = 1/(8 pi),
//
//   I4~ = 1/(8 pi) + r_cd/16 + int_0^1 [ sum_p w_p(t) Z_p(t) Q_p(t) + r_ab Z_ab(t) kappa_ab(t) ] dt
//
//   w_ab = r_ac S^a_bd + r_ad S^a_bc + r_bc S^b_ad + r_bd S^b_ac + (1 - t) r_cd r_ab
//   w_ac = r_ac S^a_cd + r_ad S^a_cc + (1 - t) r_cd r_ac
//   w_ad = r_ac S^a_dd + r_ad S^a_cd + (1 - t) r_cd r_ad
//   w_bc = r_bc S^b_cd + r_bd S^b_cc + (1 - t) r_cd r_bc
//   w_bd = r_bc S^b_dd + r_bd S^b_cd + (1 - t) r_cd r_bd
//   w_cd = (1 - t) r_cd^2
//
// Every node has t < 1, where R(t) is positive definite whenever R is PSD, so nothing is ever
// conditioned on a singular pair: exactly singular R (duplicated or perfectly correlated fields)
// need no special case, and the limit t -> 1 is taken by the quadrature (orthant.hpp).
template <class T>
T relu_i4_integrand(const CorrTables<T>& c, const T& s) {
  const PathNode<T> nd(c.r, c.omr, c.opr, s);
  const auto& r = c.r;
  const auto& u = nd.u;
  const T s2 = s * s;
  const T sa_bc = u[1][2] - u[1][0] * u[0][2];
  const T sa_bd = u[1][3] - u[1][0] * u[0][3];
  const T sa_cd = u[2][3] - u[2][0] * u[0][3];
  const T sb_ac = u[0][2] - u[0][1] * u[1][2];
  const T sb_ad = u[0][3] - u[0][1] * u[1][3];
  const T sb_cd = u[2][3] - u[2][1] * u[1][3];
  const T& sa_cc = nd.det[0][2];
  const T& sa_dd = nd.det[0][3];
  const T& sb_cc = nd.det[1][2];
  const T& sb_dd = nd.det[1][3];
  const T k = s2 * r[2][3];
  T w[6];
  w[0] = r[0][2] * sa_bd + r[0][3] * sa_bc + r[1][2] * sb_ad + r[1][3] * sb_ac + k * r[0][1];
  w[1] = r[0][2] * sa_cd + r[0][3] * sa_cc + k * r[0][2];
  w[2] = r[0][2] * sa_dd + r[0][3] * sa_cd + k * r[0][3];
  w[3] = r[1][2] * sb_cd + r[1][3] * sb_cc + k * r[1][2];
  w[4] = r[1][2] * sb_dd + r[1][3] * sb_cd + k * r[1][3];
  w[5] = k * r[2][3];
  // Pair 0 is (a,b); its complement (c,d) has Sll = S_cc, Smm = S_dd, Slm = S_cd.
  const T kappa_ab = (nd.sqD[0] + nd.Slm[0] * (lift<T>(0.5 * kPi) + nd.th[0])) / lift<T>(kTwoPi);
  T g = r[0][1] * nd.Z[0] * kappa_ab;
  for (int p = 0; p < 6; ++p) g += w[p] * nd.Z[p] * nd.Q[p];
  return g;
}

// I4~ of a unit-diagonal correlation r (any PSD r, singular included) with a given rule.
template <class T, class Real>
T relu_i4_path(const std::array<std::array<T, 4>, 4>& r, const PathRuleT<Real>& rule) {
  const CorrTables<T> c = corr_tables(r);
  T acc = lift<T>(0.0);
  for (std::size_t i = 0; i < rule.s.size(); ++i) {
    acc += from_real<T>(rule.w[i]) * relu_i4_integrand(c, from_real<T>(rule.s[i]));
  }
  return lift<T>(1.0 / (4.0 * kTwoPi)) + r[2][3] * lift<T>(1.0 / 16.0) + acc;
}

// Same, with the library rule (geometric levels chosen from path_eta(r), see orthant.hpp).
template <class T>
T relu_i4_path(const std::array<std::array<T, 4>, 4>& r) {
  return relu_i4_path(r, path_rule(path_levels(path_eta(values_of(r)))));
}

// The Jet type of T's template with M directions (T = ceres::Jet<double, N>), named without
// including Ceres.
template <class T>
struct rebind_jet;
template <template <class, int> class Jet, class S, int N>
struct rebind_jet<Jet<S, N>> {
  template <int M>
  using type = Jet<S, M>;
};

// relu_i4_path for a first-order Jet T, differentiated in the six correlations only (a Jet of 6
// directions seeded on the values of r) and chained to T's directions: sum_p dI4~/dr_p times the
// derivative part of r_p. Forward-mode differentiation is linear in the seeds, so this equals
// relu_i4_path on T up to rounding, at 6 instead of N directions per operation (N = 10 for the
// committee's per-term Jets).
template <class T>
T relu_i4_path_chained(const std::array<std::array<T, 4>, 4>& r) {
  static_assert(is_first_order_v<T> && !std::is_arithmetic_v<T>);
  using J6 = typename rebind_jet<T>::template type<6>;
  std::array<std::array<J6, 4>, 4> rj;
  for (int i = 0; i < 4; ++i) rj[i][i] = J6(value(r[i][i]));
  for (int p = 0; p < 6; ++p) {
    const int j = kPairs[p][0], k = kPairs[p][1];
    rj[j][k] = rj[k][j] = J6(value(r[j][k]), p);
  }
  const J6 v = relu_i4_path(rj);
  T out = lift<T>(v.a);
  for (int p = 0; p < 6; ++p) out.v += v.v[p] * r[kPairs[p][0]][kPairs[p][1]].v;
  return out;
}

// Pairs closer than this to |rho| = 1 are not fed to the closed form tallis3 (whose
// phi2 ~ 1/sqrt(1 - rho^2) multiplies a covariance that vanishes with it: the cancellation
// costs ~1e-16 / sqrt(1 - rho^2) <= 1e-12); the path quadrature handles them instead.
inline constexpr double kTallisMinOneMinusRho2 = 1e-8;

}  // namespace detail

struct Relu {
  static constexpr const char* name = "relu";

  static double g(double x) { return x > 0.0 ? x : 0.0; }
  static double dg(double x) { return x > 0.0 ? 1.0 : (x < 0.0 ? 0.0 : 0.5); }

  // I2 = E[relu(a) relu(b)] = sqrt(C_aa C_bb) h(rho) / (2 pi), rho = C_ab / sqrt(C_aa C_bb),
  // h(rho) = sqrt(1 - rho^2) + rho (pi - arccos rho): the degree-1 arc-cosine kernel
  // kappa(C_aa, C_bb, C_ab) (Cho & Saul 2009). rho -> 1: sqrt(C_aa C_bb)/2.
  // A zero-variance field gives 0.
  template <class T>
  static T I2(const Cov2<T>& c) {
    using std::sqrt;
    if (value(c.aa) <= 0.0 || value(c.bb) <= 0.0) return lift<T>(0.0);
    const T sab = sqrt(c.aa * c.bb);
    return sab * detail::arccos1(c.ab / sab) / lift<T>(detail::kTwoPi);
  }

  // J2 = E[H(a) H(b)] = (pi - arccos rho) / (2 pi) = 1/4 + asin(rho) / (2 pi), the degree-0
  // arc-cosine kernel (Cho & Saul 2009). A zero-variance field counts as H(0) = 1/2.
  template <class T>
  static T J2(const Cov2<T>& c) {
    using std::sqrt;
    if (value(c.aa) <= 0.0 || value(c.bb) <= 0.0) return lift<T>(0.25);
    return P2(c.ab / sqrt(c.aa * c.bb));
  }

  // I3 = E[H(a) b relu(c)]. Stein's lemma on b:
  //   I3 = C_ab E[delta(a) relu(c)] + C_bc E[H(a) H(c)]
  //      = C_ab sqrt(C_aa C_cc - C_ac^2) / (2 pi C_aa) + C_bc (pi - arccos rho_ac) / (2 pi).
  // Computed as (C_ab / sqrt C_aa) sqrt(C_cc) sqrt(1 - rho_ac^2) / (2 pi) + ... . Dead unit
  // (C_aa = 0): C_bc / 4 (H(0) = 1/2, E[b relu(c)] = C_bc / 2). C_cc = 0: 0.
  template <class T>
  static T I3(const Cov3<T>& c) {
    using std::sqrt;
    if (value(c.cc) <= 0.0) return lift<T>(0.0);
    if (value(c.aa) <= 0.0) return c.bc * lift<T>(0.25);
    const T sa = sqrt(c.aa), sc = sqrt(c.cc);
    // sqrt(x * x) == x exactly in IEEE arithmetic, so a == c gives rho == 1 exactly.
    const T rho = detail::clamp_unit(c.ac / sqrt(c.aa * c.cc));
    const T term1 = (c.ab / sa) * sc * detail::sqrt_one_minus_sq(rho);
    const T term2 = c.bc * (lift<T>(0.5 * detail::kPi) + detail::asin_clamped(rho));
    return (term1 + term2) / lift<T>(detail::kTwoPi);
  }

  // I4 = E[H(a) H(b) relu(c) relu(d)] = sqrt(C_cc C_dd) E[x_c x_d 1{a,b,c,d > 0}] (unit-variance
  // x), which has no elementary closed form (it contains a 4-variate orthant probability).
  //
  // Method. (1) C_cc = 0 or C_dd = 0 gives 0; a dead H argument (C_aa = 0) is replaced by an
  // independent field (H(0) = 1/2). (2) Exact duplicate fields (bitwise equal rows, e.g.
  // I4(l_i, l_i, ., .), I4(., ., r_n, r_n), I4(l_i, ., l_i, .), student = teacher) are merged
  // (orthant.hpp, merge_duplicates), leaving n distinct fields:
  //   n = 1: 1/2;  n = 2: h(rho)/(2 pi) or E[x^2 H(x) H(y)] (closed forms above);
  //   n = 3: the closed Stein/Tallis form tallis3 (all pairs with 1 - rho^2 >= 1e-8);
  //   n = 4 with lambda_min(R) > 1e-5, for double and first-order Jets: the Stein route of
  //   relu_stein.hpp, closed forms around one P4 (a double quadrature, memoised per 4-set by
  //   p4_memo.hpp), with the Jet derivatives assembled from the closed-form gradient;
  //   otherwise (nested Jets, lambda_min(R) <= 1e-5, or n = 3 with a nearly collinear pair):
  //   detail::relu_i4_path, the Plackett-path integral for the whole of I4 (formula at
  //   relu_i4_integrand), which never divides by a vanishing Schur complement and is exact in
  //   the limit of a singular covariance; for a first-order Jet it is differentiated in the six
  //   correlations and chained (relu_i4_path_chained).
  // The Stein/Tallis reduction (Tallis 1961; Stein on c, then on d given x_j = 0),
  //   I4~ = r_cd P4 + sum_{j in a,b,c} sum_{k != j} r_cj S^(j)_dk phi2(0,0; r_jk) P2(r_{lm.jk}),
  //   S^(j)_dk = r_dk - r_dj r_jk (S^(j)_dd = 1 - r_dj^2), {l,m} = complement of {j,k},
  // is exact for nonsingular R but multiplies 1/sqrt(1 - r_jk^2) by a vanishing S^(j)_dk and an
  // ill-defined P2 when a pair is collinear; it is the Stein route above R's eigenvalue floor
  // (max error 3e-14 against the long-double reference, tests/gauss/test_relu_stein.cpp).
  //
  // Accuracy of the path quadrature (orthant.hpp: 16 Gauss-Legendre nodes per panel in
  // s = sqrt(1 - t); 1 panel for generic R, up to 11 geometric panels for nearly singular R),
  // measured on ~1200 correlations (random SPD, Wishart(4), rank 1-3, duplicated rows, and
  // R = (1 - eta) R_s + eta I for eta = 1e-1 ... 1e-16) against the same integral in long double
  // with 40 nodes on each of 45 panels (self-consistent to 1e-19): max |error| of I4~ =
  // I4 / sqrt(C_cc C_dd) is 9.5e-14 (generic SPD: 5e-15). With 14 / 12 nodes per panel it is
  // 2.6e-12 / 7e-11, with 18 it is 1.3e-14; n vs 2n nodes differ by <= 1e-13. The path form
  // also agrees with the Stein/Tallis reduction to 7e-15 (nonsingular R) and with independent
  // one-factor references to 1e-12 (tests/gauss/test_relu.cpp). Cost of the path: ~9 us
  // (double; 4 us of it the eigenvalues of path_eta), ~45 us (Jet<double,10>), ~0.5 ms (nested
  // Jet<Jet<double,8>,8>) per generic call. The Stein route: ~6 us on a new 4-set (double or
  // Jet; 4.7 us of it the P4 quadrature), ~0.8 us when its P4 is in the memo; the merged closed
  // forms (e.g. I4(a,a,c,d)) take ~0.15 us.
  template <class T>
  static T I4(const Cov4<T>& c) {
    using std::sqrt;
    if (value(c.cc) <= 0.0 || value(c.dd) <= 0.0) return lift<T>(0.0);
    const auto C = to_array(c);
    const std::array<bool, 4> indep{value(c.aa) <= 0.0, value(c.bb) <= 0.0, false, false};
    const detail::Classes<T> cl = detail::merge_duplicates(C, 4, indep);
    const int pc = cl.of[2], pd = cl.of[3];
    const T scale = sqrt(cl.cov[pc][pc] * cl.cov[pd][pd]);
    if (cl.n == 1) return scale * lift<T>(0.5);
    if (cl.n == 2) {
      const T r = detail::class_corr(cl, 0, 1);
      if (pc != pd) return scale * detail::arccos1(r) / lift<T>(detail::kTwoPi);
      return scale * detail::second_moment_2(r);
    }
    if (cl.n == 3) {
      std::array<std::array<T, 3>, 3> r;
      double worst = 1.0;
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) {
          r[i][j] = detail::class_corr(cl, i, j);
          if (i != j) worst = std::min(worst, 1.0 - value(r[i][j]) * value(r[i][j]));
        }
      if (worst >= detail::kTallisMinOneMinusRho2) return scale * detail::tallis3(r, pc, pd);
    }
    std::array<std::array<T, 4>, 4> r;
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 4; ++j) r[i][j] = detail::class_corr(cl, cl.of[i], cl.of[j]);
    if constexpr (detail::is_first_order_v<T>) {
      T v;
      if (cl.n == 4 && detail::relu_i4_first_order(r, v)) return scale * v;
      if constexpr (!std::is_arithmetic_v<T>) return scale * detail::relu_i4_path_chained(r);
    }
    return scale * detail::relu_i4_path(r);
  }
};

}  // namespace summit::gauss
