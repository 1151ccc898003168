// The L = 2 positional-semantic landscape of the ssi model (docs/single_index.md, "The
// positional-semantic model"; contract: models/ssi/ssi.hpp): the Hessian at the origin, the corners,
// the region code and the positional axis, by 2-D Gauss-Hermite integrals.
#include "models/ssi/ssi.hpp"

#include "lib/gauss/hermite.hpp"
#include "models/ssi/ssi_impl.hpp"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>

namespace summit::ssi {

// ---------------------------------------------------------------------------------------------
// Positional-semantic landscape (docs/single_index.md, "The positional-semantic model"): 2-D
// Gauss-Hermite integrals.

namespace {
// The L = 2 positional-semantic teacher with parameters (a, omega).
Config positional_semantic_config(double a, double omega) {
  Config c;
  c.L = 2;
  c.target = "positional-semantic";
  c.a = a;
  c.omega = omega;
  return c;
}

// f(z, w) over the n x n tensor Gauss-Hermite rule for two independent standard normals.
template <class F>
void for_each_gh_node_2d(int n, F&& f) {
  const gauss::Rule& r = gauss::gauss_hermite(n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const double z[2] = {r.x[i], r.x[j]};
      f(z, r.w[i] * r.w[j]);
    }
}
}  // namespace

PositionalSemantic positional_semantic(double a, double omega, int n) {
  const Config c = positional_semantic_config(a, omega);
  const auto each = [n](auto&& f) { for_each_gh_node_2d(n, f); };
  auto F = [](const double* q, double S[kMaxL][kMaxL]) {
    Softmax<double> sm;
    softmax_qq(2, q, sm);
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j) S[i][j] = sm.S[i][j];
  };
  const double ad = pattern_diag(a);
  const double A[2][2] = {{ad, 1 - ad}, {1 - ad, ad}};
  // E F, E||T||^2, E||grad F||^2, c_alpha(F) for |alpha| = 2, G1''(0), G2''(0)
  double EF[2][2] = {}, ET2 = 0, EgradF2 = 0, G1pp[2][2] = {}, G2pp = 0;
  double cF[3][2][2] = {};
  each([&](const double* z, double w) {
    Softmax<double> sm;
    softmax_qq(2, z, sm);
    double Tm[kMaxL][kMaxL] = {};
    target_matrix(c, z, Tm);
    const double v2 = (z[0] - z[1]) * (z[0] - z[1]) - 2;
    const double h[3] = {(z[0] * z[0] - 1) / std::sqrt(2.0), z[0] * z[1], (z[1] * z[1] - 1) / std::sqrt(2.0)};
    double nF2 = 0;
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j) {
        EF[i][j] += w * sm.S[i][j];
        ET2 += w * Tm[i][j] * Tm[i][j];
        nF2 += sm.S[i][j] * sm.S[i][j];
        G1pp[i][j] += w * sm.S[i][j] * v2;
        for (int k = 0; k < 2; ++k) EgradF2 += w * sm.dS[i][j][k] * sm.dS[i][j][k];
        for (int al = 0; al < 3; ++al) cF[al][i][j] += w * h[al] * sm.S[i][j];
      }
    G2pp += w * nF2 * v2;
  });
  double Bm[2][2];
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) Bm[i][j] = (1 - omega) * EF[i][j] + omega * A[i][j];
  PositionalSemantic p;
  for (int al = 0; al < 3; ++al)
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j) p.K2 += cF[al][i][j] * cF[al][i][j];
  p.H_mm = -2 * (1 - omega) * p.K2;
  double BG1pp = 0;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) BG1pp += Bm[i][j] * G1pp[i][j];
  p.H_ee = 0.5 * G2pp - BG1pp;
  // Positional corner: R(0, e) = E||T||^2/2 + G2(e)/2 - <B, G1(e)>, and its e-derivative
  // d_e E[f(Z + e v)] = E[f(Z + e v) v.Z], v = (1, -1); R_mm(0, 1) = -2(1-omega) sum <c_a(F), c_a(1)>.
  {
    double G1[2][2] = {}, G2 = 0, G1p[2][2] = {}, G2p = 0, cS[3][2][2] = {};
    each([&](const double* z, double w) {
      const double q[2] = {z[0] + 1, z[1] - 1};
      double S[kMaxL][kMaxL] = {};
      F(q, S);
      const double vz = z[0] - z[1];
      const double h[3] = {(z[0] * z[0] - 1) / std::sqrt(2.0), z[0] * z[1], (z[1] * z[1] - 1) / std::sqrt(2.0)};
      double nS2 = 0;
      for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 2; ++j) {
          G1[i][j] += w * S[i][j];
          G1p[i][j] += w * S[i][j] * vz;
          nS2 += S[i][j] * S[i][j];
          for (int al = 0; al < 3; ++al) cS[al][i][j] += w * h[al] * S[i][j];
        }
      G2 += w * nS2;
      G2p += w * nS2 * vz;
    });
    double BG1 = 0, BG1p = 0, cc = 0;
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j) {
        BG1 += Bm[i][j] * G1[i][j];
        BG1p += Bm[i][j] * G1p[i][j];
        for (int al = 0; al < 3; ++al) cc += cF[al][i][j] * cS[al][i][j];
      }
    p.R_pos = 0.5 * ET2 + 0.5 * G2 - BG1;
    p.dRe_pos = 0.5 * G2p - BG1p;
    p.Rmm_pos = -2 * (1 - omega) * cc;
  }
  // Semantic corner: R(1, e) = E||T(Z) - F(Z + e v)||^2/2; d_m R(1, 0) = -(1-omega) E||grad F||^2.
  auto R1 = [&](double e) {
    double acc = 0;
    each([&](const double* z, double w) {
      const double q[2] = {z[0] + e, z[1] - e};
      double S[kMaxL][kMaxL] = {}, Tm[kMaxL][kMaxL] = {};
      F(q, S);
      target_matrix(c, z, Tm);
      for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 2; ++j) acc += 0.5 * w * (Tm[i][j] - S[i][j]) * (Tm[i][j] - S[i][j]);
    });
    return acc;
  };
  const double h = 1e-3;
  p.R_sem = R1(0);
  p.Ree_sem = (R1(h) - 2 * p.R_sem + R1(-h)) / (h * h);
  p.dRm_sem = -(1 - omega) * EgradF2;
  p.margin_global = p.R_sem - p.R_pos;
  p.margin_dynamics = p.H_mm - p.H_ee;
  p.margin_semantic_local = std::min(-p.dRm_sem, p.Ree_sem - p.dRm_sem);
  p.margin_positional_local = std::min(-p.dRe_pos, p.Rmm_pos - p.dRe_pos);
  p.sem_local = p.margin_semantic_local > 0;
  p.pos_local = p.margin_positional_local > 0;
  p.region = 4 * (p.margin_global > 0) + 2 * (p.margin_dynamics > 0) + (p.sem_local && p.pos_local);
  return p;
}

PositionalAxis positional_axis(double a, double omega, double lr, int n) {
  const Config c = positional_semantic_config(a, omega);
  const auto each = [n](auto&& f) { for_each_gh_node_2d(n, f); };
  auto herm = [](const double* z, double* h) {
    h[0] = (z[0] * z[0] - 1) / std::sqrt(2.0);
    h[1] = z[0] * z[1];
    h[2] = (z[1] * z[1] - 1) / std::sqrt(2.0);
  };
  // Teacher moments M1 = E T, M2 = E T (x) T and c_alpha(F), |alpha| = 2.
  double M1[4] = {}, M2[4][4] = {}, cF[3][4] = {};
  each([&](const double* z, double w) {
    double Tm[kMaxL][kMaxL] = {};
    target_matrix(c, z, Tm);
    Softmax<double> sm;
    softmax_qq(2, z, sm);
    double h[3];
    herm(z, h);
    for (int u = 0; u < 4; ++u) {
      M1[u] += w * Tm[u / 2][u % 2];
      for (int v = 0; v < 4; ++v) M2[u][v] += w * Tm[u / 2][u % 2] * Tm[v / 2][v % 2];
      for (int al = 0; al < 3; ++al) cF[al][u] += w * h[al] * sm.S[u / 2][u % 2];
    }
  });
  struct AtE { double dRe, Rmm, V; };
  auto at = [&](double e) {
    double G1p[4] = {}, G2p = 0, cS[3][4] = {}, V = 0;
    each([&](const double* z, double w) {
      const double q[2] = {z[0] + e, z[1] - e};
      Softmax<double> sm;
      softmax_qq(2, q, sm);
      const double vz = z[0] - z[1];
      double h[3];
      herm(z, h);
      double nS2 = 0;
      for (int u = 0; u < 4; ++u) {
        const double S = sm.S[u / 2][u % 2];
        nS2 += S * S;
        G1p[u] += w * S * vz;
        for (int al = 0; al < 3; ++al) cS[al][u] += w * h[al] * S;
      }
      G2p += w * nS2 * vz;
      // V(0, e) = E_q sum_k E_z (sum_u (S_u - T_u) dS_uk)^2 with z independent of q
      for (int k = 0; k < 2; ++k) {
        double ak = 0, bM1 = 0, bM2b = 0;
        for (int u = 0; u < 4; ++u) {
          const double bu = sm.dS[u / 2][u % 2][k];
          ak += sm.S[u / 2][u % 2] * bu;
          bM1 += M1[u] * bu;
          for (int v = 0; v < 4; ++v) bM2b += bu * M2[u][v] * sm.dS[v / 2][v % 2][k];
        }
        V += w * (ak * ak - 2 * ak * bM1 + bM2b);
      }
    });
    AtE o;
    double BG1p = 0, cc = 0;
    for (int u = 0; u < 4; ++u) {
      BG1p += M1[u] * G1p[u];
      for (int al = 0; al < 3; ++al) cc += cF[al][u] * cS[al][u];
    }
    o.dRe = 0.5 * G2p - BG1p;
    o.Rmm = -2 * (1 - omega) * cc;
    o.V = V;
    return o;
  };
  auto drift_e = [&](double e) {
    const AtE v = at(e);
    return -lr * (1 - e * e) * v.dRe - 0.5 * lr * lr * e * v.V;
  };
  PositionalAxis p;
  double lo = 0.02, flo = drift_e(lo);
  for (double e = 0.04; e < 1.0 + 1e-12; e += 0.02) {
    const double f = drift_e(e);
    if (flo > 0 && f <= 0) {
      double x0 = e - 0.02, x1 = e;
      for (int it = 0; it < 40; ++it) {
        const double xm = 0.5 * (x0 + x1);
        (drift_e(xm) > 0 ? x0 : x1) = xm;
      }
      p.found = true;
      p.e = 0.5 * (x0 + x1);
      break;
    }
    lo = e;
    flo = f;
  }
  if (!p.found) return p;
  const AtE v = at(p.e);
  p.V = v.V;
  p.Rmm = v.Rmm;
  p.dRe = v.dRe;
  const double h = 1e-4;
  p.lambda_e = (drift_e(p.e + h) - drift_e(p.e - h)) / (2 * h);
  p.lambda_m = -lr * (v.Rmm - p.e * v.dRe) - 0.5 * lr * lr * v.V;
  return p;
}

}  // namespace summit::ssi
