// The sequence single-index model (docs/single_index.md, "The model `ssi`"): tied / untied
// feed-forward and tied query-key attention students, the population loss and the SGD drift with
// its O(lr^2) term by Gaussian quadrature, the Sequence Information Exponent and the registry
// entry. The L = 2 positional-semantic landscape is in positional_semantic.cpp.
#include "models/ssi/ssi.hpp"

#include "lib/gauss/hermite.hpp"
#include "lib/gauss/quadrature.hpp"
#include "lib/jet_model.hpp"
#include "lib/model_base.hpp"
#include "models/ssi/ssi_impl.hpp"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <functional>
#include <mutex>
#include <stdexcept>

namespace summit::ssi {

using gauss::lift;
using gauss::value;

int target_degree(const Config& c) {
  const std::string& t = c.target;
  if (t == "sum" || t == "mean" || t == "inversesqrtsum" || t == "z1" || t == "sqrtz1" ||
      t == "2difference")
    return 1;
  if (t == "H2sum" || t == "inversesqrtH2sum" || t == "2product" || t == "2squaredifference" ||
      t == "basic_staircase")
    return 2;
  if (t == "3product") return 3;
  if (t == "complete_staircase") return c.L;
  return -1;
}

namespace {

const std::vector<std::string> kTargets = {
    "sum", "mean", "inversesqrtsum", "z1", "sqrtz1", "H2sum", "inversesqrtH2sum", "2product",
    "3product", "2difference", "2squaredifference", "basic_staircase", "complete_staircase",
    "positional-semantic"};

int min_L(const std::string& t) {
  if (t == "3product") return 3;
  if (t == "2product" || t == "2difference" || t == "2squaredifference" || t == "basic_staircase" ||
      t == "positional-semantic")
    return 2;
  return 1;
}

// Calls f(z, w) over the tensor Gauss-Hermite grid of `dim` standard normals (n nodes each).
template <class F>
void tensor_gh(int dim, int n, F&& f) {
  const gauss::Rule& r = gauss::gauss_hermite(n);
  std::vector<int> idx(dim, 0);
  double z[2 * kMaxL];
  while (true) {
    double w = 1;
    for (int i = 0; i < dim; ++i) {
      z[i] = r.x[idx[i]];
      w *= r.w[idx[i]];
    }
    f(static_cast<const double*>(z), w);
    int k = 0;
    while (k < dim && ++idx[k] == n) idx[k++] = 0;
    if (k == dim) break;
  }
}

// Population integrals entering loss and drift (docs/single_index.md, `ssi` "Drift"), for a state.
template <class T>
struct Integrals {
  T loss;           // E per-sample loss (clean labels)
  T Egz;            // E sum_l g_l z*_l (tied/attention)
  T Egq;            // E sum_l g_l q_l
  T EG[kMaxL];      // E g_l
  T Egxi_over_r;    // E sum_l g_l xi_l / sqrt(1 - m^2)
  T Eg2;            // E sum_l g_l^2
  T Edf2;           // E sum_l (df/dq_l)^2
  T Egz_l[kMaxL];   // untied: E[G z*_l]
  T EGu;            // untied: E[G s]
};

class SSIModel final : public JetModel<SSIModel, ModelBase> {
 public:
  SSIModel(const ParamValues& pv, Config c, Vec x0, int nodes) : JetModel("ssi", pv), c_(std::move(c)), x0_(std::move(x0)) {
    const int L = c_.L;
    if (c_.student == Student::UntiedFF) {
      layout_.add_vector("m", L);
    } else {
      layout_.add_scalar("m");
      if (c_.pe == PE::Opposite) layout_.add_scalar("e");
      if (c_.pe == PE::Orthonormal) layout_.add_vector("e", L);
    }
    if (c_.student == Student::Attention) {
      n_att_ = nodes > 0 ? nodes : (L == 2 ? 32 : (L == 3 ? 10 : 6));
    } else {
      const int D = target_degree(c_);
      n_eta_ = D + 2;
      zeta_rule_ = c_.act.kinked() ? gauss::normal_rule({0.0}, nodes > 0 ? nodes : 40)
                                   : gauss::gauss_hermite(nodes > 0 ? nodes : 60);
    }
    compute_sie();
    if (c_.matrix_target()) ps_ = positional_semantic(c_.a, c_.omega);
  }
  std::string time_unit() const override { return "t = SGD steps / d"; }

  // ----- integrals -----

  template <class T>
  Integrals<T> integrals(const T* x) const {
    Integrals<T> I;
    I.loss = I.Egz = I.Egq = I.Egxi_over_r = I.Eg2 = I.Edf2 = I.EGu = lift<T>(0.0);
    for (int l = 0; l < kMaxL; ++l) I.EG[l] = I.Egz_l[l] = lift<T>(0.0);
    if (c_.student == Student::Attention) attention_integrals(x, I);
    else ff_integrals(x, I);
    return I;
  }

  // e_l = sum_j B_lj eps_j
  template <class T>
  void shifts(const T* x, T* e) const {
    for (int l = 0; l < c_.L; ++l) {
      e[l] = lift<T>(0.0);
      for (int j = 0; j < c_.J; ++j)
        if (c_.B[l][j] != 0.0) e[l] += lift<T>(c_.B[l][j]) * x[1 + j];
    }
  }

  template <class T>
  void attention_integrals(const T* x, Integrals<T>& I) const {
    const int L = c_.L;
    const T m = x[0];
    const T r = gauss::detail::sqrt_one_minus_sq(m);
    T e[kMaxL];
    shifts(x, e);
    T q[kMaxL], zt[kMaxL];
    T Egxi = lift<T>(0.0);
    AttentionSample<T> smp;
    tensor_gh(2 * L, n_att_, [&](const double* v, double w) {
      for (int l = 0; l < L; ++l) {
        zt[l] = lift<T>(v[l]);
        q[l] = m * lift<T>(v[l]) + r * lift<T>(v[L + l]) + e[l];
      }
      attention_sample(c_, q, zt, smp);
      const T W = lift<T>(w);
      I.loss += W * smp.loss;
      I.Edf2 += W * smp.df2;
      for (int l = 0; l < L; ++l) {
        const T wg = W * smp.g[l];
        I.Egz += wg * lift<T>(v[l]);
        I.Egq += wg * q[l];
        I.EG[l] += wg;
        Egxi += wg * lift<T>(v[L + l]);
        I.Eg2 += wg * smp.g[l];
      }
    });
    I.Egxi_over_r = value(r) > 1e-7 ? Egxi / r : lift<T>(0.0);
  }

  // Feed-forward students: the student field u = zeta - e_bar ~ N(0, 1) (tied: zeta =
  // (1/sqrt L) sum q_l; untied: zeta = s) and z* = rho u + (I - rho rho^T)^{1/2} eta with
  // rho_l = Cov(z*_l, u) (tied m/sqrt L; untied m_l/sqrt L). zeta runs over fixed nodes (a rule
  // split at the kink for ReLU/sign) with the weight phi(zeta - e_bar)/phi(zeta), so the activation
  // is only evaluated at fixed points; eta by tensor Gauss-Hermite (exact: polynomial targets).
  template <class T>
  void ff_integrals(const T* x, Integrals<T>& I) const {
    const int L = c_.L;
    const bool tied = c_.student == Student::TiedFF;
    const double isL = 1.0 / std::sqrt(double(L));
    T rho[kMaxL];
    T rho2 = lift<T>(0.0);
    for (int l = 0; l < L; ++l) {
      rho[l] = (tied ? x[0] : x[l]) * lift<T>(isL);
      rho2 += rho[l] * rho[l];
    }
    // (I - rho rho^T)^{1/2} = I + cc rho rho^T, cc = -1/(1 + sqrt(1 - |rho|^2))
    const T cc = lift<T>(-1.0) / (lift<T>(1.0) + gauss::detail::safe_sqrt(lift<T>(1.0) - rho2));
    T ebar = lift<T>(0.0);
    if (tied) {
      T e[kMaxL];
      shifts(x, e);
      for (int l = 0; l < L; ++l) ebar += e[l] * lift<T>(isL);
    }
    const bool shifted = tied && c_.J > 0;  // the weight carries the e-derivatives
    T z[kMaxL];
    T EGz[kMaxL];
    for (int l = 0; l < L; ++l) EGz[l] = lift<T>(0.0);
    T EG = lift<T>(0.0), EGu = lift<T>(0.0), EG2 = lift<T>(0.0), Eds2 = lift<T>(0.0),
      Eres2 = lift<T>(0.0);
    for (int i = 0; i < zeta_rule_.size(); ++i) {
      const double zeta = zeta_rule_.x[i];
      const double sg = c_.act.f(zeta), ds = c_.act.df(zeta);
      T wz = lift<T>(zeta_rule_.w[i]);
      if (shifted) {
        using std::exp;
        wz = wz * exp(ebar * lift<T>(zeta) - lift<T>(0.5) * ebar * ebar);
      }
      const T u = lift<T>(zeta) - ebar;
      tensor_gh(L, n_eta_, [&](const double* eta, double w) {
        T rdot = lift<T>(0.0);
        for (int l = 0; l < L; ++l) rdot += rho[l] * lift<T>(eta[l]);
        for (int l = 0; l < L; ++l) z[l] = rho[l] * u + lift<T>(eta[l]) + cc * rho[l] * rdot;
        const T res = lift<T>(sg) - target_scalar(c_, z);
        const T G = res * lift<T>(ds);
        const T W = wz * lift<T>(w);
        const T WG = W * G;
        for (int l = 0; l < L; ++l) EGz[l] += WG * z[l];
        EG += WG;
        EGu += WG * u;
        EG2 += WG * G;
        Eds2 += W * lift<T>(ds * ds);
        Eres2 += W * res * res;
      });
    }
    I.loss = lift<T>(0.5) * Eres2;
    I.Eg2 = EG2;
    I.Edf2 = Eds2;
    I.EGu = EGu;
    for (int l = 0; l < L; ++l) I.Egz_l[l] = EGz[l];
    if (tied) {
      // g_l = G / sqrt L: sum g_l z*_l = G zeta*, sum g_l q_l = G (u + ebar), sum g_l xi_l = G xi_bar
      // with u = m zeta* + sqrt(1 - m^2) xi_bar.
      T Ezs = lift<T>(0.0);
      for (int l = 0; l < L; ++l) Ezs += EGz[l];
      Ezs *= lift<T>(isL);
      I.Egz = Ezs;
      I.Egq = EGu + ebar * EG;
      for (int l = 0; l < L; ++l) I.EG[l] = EG * lift<T>(isL);
      const T m = x[0];
      const T om = lift<T>(1.0) - m * m;
      I.Egxi_over_r = value(om) > 1e-12 ? (EGu - m * Ezs) / om : lift<T>(0.0);
    }
  }

  template <class T>
  T loss_t(const T* x) const {
    const Integrals<T> I = integrals(x);
    return I.loss + lift<T>(c_.matrix_target() ? 0.0 : 0.5 * c_.noise);
  }

  template <class T>
  void drift_t(const T* x, T* dx) const {
    const Integrals<T> I = integrals(x);
    const T lr = lift<T>(c_.lr);
    const T V = I.Eg2 + lift<T>(c_.noise) * I.Edf2;
    const T half_lr2 = lift<T>(0.5 * c_.lr * c_.lr);
    if (c_.student == Student::UntiedFF) {
      // A single-index student in dimension L d (time steps/d = L steps/(L d));
      // docs/single_index.md, "Tied vs untied".
      const double L = c_.L;
      for (int l = 0; l < c_.L; ++l)
        dx[l] = lr * (-I.Egz_l[l] * lift<T>(1.0 / std::sqrt(L)) + x[l] * I.EGu * lift<T>(1.0 / L)) -
                half_lr2 * lift<T>(1.0 / L) * x[l] * V;
      return;
    }
    const T m = x[0];
    dx[0] = lr * (-I.Egz + m * I.Egq) - half_lr2 * m * V;
    for (int j = 0; j < c_.J; ++j) {
      const T eps = x[1 + j];
      T dRde = lift<T>(0.0);
      for (int l = 0; l < c_.L; ++l)
        if (c_.B[l][j] != 0.0) dRde += lift<T>(c_.B[l][j]) * I.EG[l];
      dx[1 + j] = lr * (-eps * I.Egxi_over_r - dRde + eps * I.Egq) - half_lr2 * eps * V;
    }
  }

  // ----- Sequence Information Exponent -----

  // kappa_k(e0), k = 1..kK, at the initial positional alignment (docs/single_index.md, `sie`).
  void compute_sie() {
    constexpr int kK = 6;
    const int L = c_.L;
    kappa_.assign(kK + 1, 0.0);
    std::vector<double> e0(L, 0.0);
    if (c_.student != Student::UntiedFF)
      for (int l = 0; l < L; ++l)
        for (int j = 0; j < c_.J; ++j) e0[l] += c_.B[l][j] * x0_[1 + j];
    if (c_.student != Student::Attention) {
      // kappa_k = c_k(sigma(. + ebar)) E[f*(Z) h_k(u.Z)], u the unit direction of the student field
      std::vector<double> u(L, 1.0 / std::sqrt(double(L)));
      double ebar = 0;
      if (c_.student == Student::UntiedFF) {
        double n2 = 0;
        for (int l = 0; l < L; ++l) n2 += x0_[l] * x0_[l];
        if (n2 > 0)
          for (int l = 0; l < L; ++l) u[l] = x0_[l] / std::sqrt(n2);
      } else {
        for (int l = 0; l < L; ++l) ebar += e0[l] / std::sqrt(double(L));
      }
      gauss::HermiteOptions o;
      if (c_.act.kinked()) o.breakpoints = {std::clamp(-ebar, -8.0, 8.0)};
      const auto cs = gauss::hermite_coefficients([&](double t) { return c_.act.f(t + ebar); }, kK, o).c;
      std::vector<double> ct(kK + 1, 0.0);
      tensor_gh(L, std::max(target_degree(c_), 1) / 2 + kK / 2 + 3, [&](const double* z, double w) {
        double zu = 0;
        for (int l = 0; l < L; ++l) zu += u[l] * z[l];
        const double f = target_scalar(c_, z);
        for (int k = 0; k <= kK; ++k) ct[k] += w * f * gauss::hermite_h(k, zu);
      });
      for (int k = 1; k <= kK; ++k) kappa_[k] = cs[k] * ct[k];
    } else {
      // sum_{|alpha| = k} <c*_alpha, c_alpha(e0)> by L-dimensional Gauss-Hermite
      std::vector<std::vector<int>> alphas;
      std::vector<int> a(L, 0);
      std::function<void(int, int)> rec = [&](int l, int left) {
        if (l == L - 1) {
          a[l] = left;
          alphas.push_back(a);
          return;
        }
        for (int v = 0; v <= left; ++v) {
          a[l] = v;
          rec(l + 1, left - v);
        }
      };
      for (int k = 1; k <= kK; ++k) rec(0, k);
      const int nm = c_.matrix_target() ? 4 : 1;
      std::vector<double> cst(alphas.size() * nm, 0.0), cst_s(alphas.size() * nm, 0.0);
      const int n = L == 2 ? 60 : (L == 3 ? 24 : 12);
      AttentionSample<double> smp;
      tensor_gh(L, n, [&](const double* z, double w) {
        double q[kMaxL];
        for (int l = 0; l < L; ++l) q[l] = z[l] + e0[l];
        double tv[4], sv[4];
        Softmax<double> sm;
        softmax_qq(L, q, sm);
        if (c_.matrix_target()) {
          double Tm[kMaxL][kMaxL] = {};
          target_matrix(c_, z, Tm);
          for (int i = 0; i < 4; ++i) {
            tv[i] = Tm[i / 2][i % 2];
            sv[i] = sm.S[i / 2][i % 2];
          }
        } else {
          tv[0] = target_scalar(c_, z);
          sv[0] = 0;
          for (int i = 0; i < L; ++i)
            for (int j = 0; j < L; ++j) sv[0] += readout_weight(c_, i, j) * sm.S[i][j];
        }
        (void)smp;
        for (std::size_t ai = 0; ai < alphas.size(); ++ai) {
          double h = w;
          for (int l = 0; l < L; ++l) h *= gauss::hermite_h(alphas[ai][l], z[l]);
          for (int i = 0; i < nm; ++i) {
            cst[ai * nm + i] += h * tv[i];
            cst_s[ai * nm + i] += h * sv[i];
          }
        }
      });
      for (std::size_t ai = 0; ai < alphas.size(); ++ai) {
        int k = 0;
        for (int v : alphas[ai]) k += v;
        for (int i = 0; i < nm; ++i) kappa_[k] += cst[ai * nm + i] * cst_s[ai * nm + i];
      }
    }
    sie_ = 0;
    for (int k = 1; k <= kK; ++k)
      if (std::abs(kappa_[k]) > 1e-8) {
        sie_ = k;
        break;
      }
  }

  // ----- Model interface -----

  // The loss Hessian by central differences of the exact (Jet) gradient, h = 1e-5 (truncation
  // ~1e-10, rounding ~1e-11): nested second-order Jets through the 4-D attention rule cost dim^2
  // times more.
  void loss_hessian(const Vec& x, Mat& H) const override {
    const int n = static_cast<int>(x.size());
    H.resize(n, n);
    const double h = 1e-5;
    for (int k = 0; k < n; ++k) {
      Vec xp = x, xm = x, gp, gm;
      double L;
      xp[k] += h;
      xm[k] -= h;
      loss_gradient(xp, L, gp);
      loss_gradient(xm, L, gm);
      H.col(k) = (gp - gm) / (2 * h);
    }
    H = (0.5 * (H + H.transpose())).eval();
  }

  bool realisable(const Vec& x, std::string* why, double tol) const override {
    double n2 = 0;
    if (c_.student == Student::UntiedFF) n2 = x.squaredNorm() / c_.L;
    else n2 = x.squaredNorm();
    if (!x.allFinite() || n2 > 1 + tol) {
      if (why)
        *why = c_.student == Student::UntiedFF ? "the overlaps must satisfy sum_l m_l^2 / L <= 1"
                                               : "the alignments must satisfy m^2 + |e|^2 <= 1";
      return false;
    }
    return true;
  }
  Vec initial_state() const override { return x0_; }
  Vec random_state(std::mt19937_64& rng) const override {
    std::normal_distribution<double> nd;
    Vec x(layout_.size());
    for (int i = 0; i < x.size(); ++i) x[i] = nd(rng);
    const double scale = c_.student == Student::UntiedFF ? std::sqrt(double(c_.L)) : 1.0;
    const double r = std::pow(std::uniform_real_distribution<double>(0, 1)(rng), 1.0 / x.size());
    return x * (scale * r / std::max(x.norm(), 1e-300));
  }
  std::vector<NamedPoint> special_points() const override {
    std::vector<NamedPoint> p;
    Vec o = Vec::Zero(layout_.size());
    p.push_back({"origin", o, "no alignment (a fixed point when the SIE at e = 0 is >= 2)"});
    Vec s = o;
    if (c_.student == Student::UntiedFF) s.setOnes();
    else s[0] = 1;
    p.push_back({"semantic", s, "m = 1 (untied: every m_l = 1): the student direction is w*"});
    if (c_.pe == PE::Opposite) {
      Vec e = o;
      e[1] = 1;
      p.push_back({"positional", e, "(m, e) = (0, 1): the maximal positional solution"});
    }
    return p;
  }

  // positional-semantic: R(m, e) = R(-m, e) = R(m, -e) and the drift is equivariant.
  double symmetry_distance(const Vec& a, const Vec& b) const override {
    double d = (a - b).lpNorm<Eigen::Infinity>();
    if (!c_.matrix_target()) return d;
    for (double sm : {1.0, -1.0})
      for (double se : {1.0, -1.0}) {
        Vec fb = b;
        fb[0] *= sm;
        fb[1] *= se;
        d = std::min(d, (a - fb).lpNorm<Eigen::Infinity>());
      }
    return d;
  }

  std::vector<std::string> observable_names() const override {
    std::vector<std::string> n = {"overlap_norm", "mean_overlap", "sie", "V"};
    if (c_.matrix_target())
      for (const char* s : {"region", "H_mm", "H_ee", "R_sem", "R_pos", "e_axis", "lambda_m_axis",
                            "margin_global", "margin_dynamics", "margin_semantic_local",
                            "margin_positional_local"})
        n.push_back(s);
    return n;
  }
  Vec observables(const Vec& x) const override {
    Vec o(observable_names().size());
    const double norm =
        c_.student == Student::UntiedFF ? std::sqrt(x.squaredNorm() / c_.L) : x.norm();
    const double mean = c_.student == Student::UntiedFF ? x.mean() : x[0];
    const Integrals<double> I = integrals(x.data());
    o[0] = norm;
    o[1] = mean;
    o[2] = sie_;
    o[3] = I.Eg2 + c_.noise * I.Edf2;
    if (c_.matrix_target()) {
      o[4] = ps_.region;
      o[5] = ps_.H_mm;
      o[6] = ps_.H_ee;
      o[7] = ps_.R_sem;
      o[8] = ps_.R_pos;
      std::call_once(axis_once_, [this] { axis_ = positional_axis(c_.a, c_.omega, c_.lr); });
      o[9] = axis_.found ? axis_.e : 0.0;
      o[10] = axis_.found ? axis_.lambda_m : 0.0;
      o[11] = ps_.margin_global;
      o[12] = ps_.margin_dynamics;
      o[13] = ps_.margin_semantic_local;
      o[14] = ps_.margin_positional_local;
    }
    return o;
  }
  ModelHints hints() const override { return {{}, escape_law(), default_events(), {}}; }
  std::vector<std::string> default_events() const {
    return {"escape: overlap_norm>0.5", "aligned: overlap_norm>0.8"};
  }

  EscapeLaw escape_law() const {
    const int k = sie_;
    const std::string s = "SIE " + std::to_string(k);
    if (k == 1) return {"const", 0, 0, s + ": t = O(1/lr), n = Theta(d)"};
    if (k == 2) {
      // lambda: the largest growth rate at the origin (eigenvalue of the drift Jacobian)
      EscapeLaw l{"log d", 0, 1, s + ": t ~ ln d / (2 lambda), lambda the largest eigenvalue of the drift "
                                     "Jacobian at the origin; n ~ d log d"};
      Vec dx;
      Mat J;
      drift_jacobian(Vec::Zero(layout_.size()), dx, J);
      const double lam = Eigen::EigenSolver<Mat>(J).eigenvalues().real().maxCoeff();
      if (lam > 0) l.log_slope = 1 / (2 * lam);
      return l;
    }
    if (k >= 3)
      return {"d^((k-2)/2)", 0.5 * (k - 2), 0,
              s + " at fixed lr while the noise term is negligible; with lr ~ d^-(k-2)/2, t ~ d^(k-2)"};
    return {};
  }

  std::unique_ptr<Microscopic> microscopic(const Vec& x0, int d, std::uint64_t seed) const override {
    return make_sgd(c_, x0, d, seed);
  }

 private:
  Config c_;
  Vec x0_;
  int n_att_ = 24, n_eta_ = 4;
  gauss::Rule zeta_rule_;
  std::vector<double> kappa_;
  int sie_ = 0;
  PositionalSemantic ps_;
  mutable std::once_flag axis_once_;
  mutable PositionalAxis axis_;
};

std::vector<ParamSpec> specs() {
  const double kHuge = 1e300;  // the bound the allowed ranges print ("<= 1e+300")
  std::vector<ParamSpec> s;
  s.push_back({.name = "L", .type = ParamType::Int, .default_text = "2",
               .doc = "sequence length (tokens)", .min = 1, .max = kMaxL});
  ParamSpec t{.name = "target", .type = ParamType::Choice, .default_text = "H2sum",
              .doc = "teacher link f*(z_1..z_L) (Arnaboldi et al. 2025): sum, mean, inversesqrtsum = sum/sqrt L, "
              "z1, sqrtz1 = sqrt(L) z1, H2sum = sum h2(z_l), inversesqrtH2sum, 2product = z1 z2, "
              "3product, 2difference = z1 - z2, 2squaredifference = (z1^2 - z2^2)/sqrt 2, "
              "basic_staircase = z1 + z1 z2, complete_staircase = z1 prod_{l>=2}(1 + z_l), "
              "positional-semantic = (1-omega) rowsoftmax(z z^T) + omega A(a) (L = 2, attention)"};
  t.choices = kTargets;
  s.push_back(t);
  ParamSpec st{.name = "student", .type = ParamType::Choice, .default_text = "tied-ff",
               .doc = "tied-ff: sigma((1/sqrt L) sum_l q_l); untied-ff: sigma((1/sqrt L) sum_l x_l.w_l); "
               "attention: readout of rowsoftmax(q q^T), q = (X + P/sqrt d) w"};
  st.choices = {"tied-ff", "untied-ff", "attention"};
  s.push_back(st);
  ParamSpec act{.name = "activation", .type = ParamType::Choice, .default_text = "relu",
                .doc = "feed-forward activation sigma (single-index menu)"};
  act.choices = {"linear", "h1", "h2", "h3", "h4", "relu", "tanh", "sign", "erf"};
  s.push_back(act);
  ParamSpec ro{.name = "readout", .type = ParamType::Choice, .default_text = "auto",
               .doc = "attention readout: trace = tr(S)/sqrt L, projection = (1/sqrt L) sum_i S_i1, "
               "frobenius = the matrix S (loss ||T - S||_F^2/2); auto = frobenius for the matrix target, "
               "trace otherwise"};
  ro.choices = {"auto", "trace", "projection", "frobenius"};
  s.push_back(ro);
  ParamSpec pe{.name = "pe", .type = ParamType::Choice, .default_text = "auto",
               .doc = "positional encoding (orthogonal to w*, added as p_l/sqrt d): none; opposite = (p, -p), "
               "||p|| = 1 (L = 2; state e); orthonormal = p_l = b_l orthonormal (state e[1..L]); "
               "auto = opposite for positional-semantic, none otherwise"};
  pe.choices = {"auto", "none", "opposite", "orthonormal"};
  s.push_back(pe);
  s.push_back({.name = "a", .type = ParamType::Real, .default_text = "1",
               .doc = "positional-semantic: strength of A(a) = rowsoftmax(a^2 [[1,-1],[-1,1]])",
               .min = 0, .max = 10});
  s.push_back({.name = "omega", .type = ParamType::Real, .default_text = "0",
               .doc = "positional-semantic: weight of the positional pattern", .min = 0, .max = 1});
  s.push_back({.name = "lr", .type = ParamType::Real, .default_text = "0.1",
               .doc = "learning rate eta (O(1), time = steps/d; its square enters the drift: <= 1e100)",
               .min = 0, .max = 1e100, .min_exclusive = true});
  s.push_back({.name = "noise", .type = ParamType::Real, .default_text = "0",
               .doc = "label-noise variance Delta (scalar targets)", .min = 0, .max = kHuge});
  s.push_back({.name = "m0", .type = ParamType::Real, .default_text = "",
               .doc = "initial semantic alignment (all m_l for untied); default c/sqrt(d)",
               .min = -1, .max = 1});
  s.push_back({.name = "e0", .type = ParamType::Real, .default_text = "",
               .doc = "initial positional alignment (each eps_j); default c/sqrt(d)", .min = -1,
               .max = 1});
  s.push_back({.name = "d", .type = ParamType::Real, .default_text = "1000",
               .doc = "dimension setting the default m0 = e0 = c/sqrt(d)", .min = 1, .max = kHuge});
  s.push_back({.name = "c", .type = ParamType::Real, .default_text = "1",
               .doc = "prefactor of the default initial alignments c/sqrt(d)", .min = -kHuge,
               .max = kHuge});
  s.push_back({.name = "nodes", .type = ParamType::Int, .default_text = "0",
               .doc = "quadrature nodes: attention Gauss-Hermite per dimension (0: 32 for L = 2, 10 for L = 3, "
               "6 for L = 4); feed-forward: nodes of the student-field rule (0: 40 per piece / 60)",
               .min = 0, .max = 200});
  return s;
}

}  // namespace

void register_model(Registry& registry) {
  registry.add(
      {.name = "ssi",
       .summary =
           "sequence single-index models (L tokens): tied/untied feed-forward and tied query-key "
           "attention students, overlap ODE (m, e) with the O(lr^2) term",
       .doc =
           "Tokens x_l ~ N(0, I/d), l = 1..L; y = f*(z*), z*_l = x_l.w*; student fields q_l = (x_l + p_l/sqrt d).w,\n"
           "||w||^2 = d kept by normalised SGD; loss (y - y^)^2/2 (frobenius: ||T - S||_F^2/2). m = w.w*/d,\n"
           "e_j = w.b_j/sqrt d (b_j orthonormal PE basis). Drift (docs/single_index.md):\n"
           "  dm/dt = lr(-E sum g_l z*_l + m E sum g_l q_l) - lr^2/2 m V,\n"
           "  de_j/dt = lr(-E sum g_l pi_lj - E sum B_lj g_l + e_j E sum g_l q_l) - lr^2/2 e_j V,\n"
           "V = E sum g_l^2 (+ noise E sum (df/dq_l)^2), time t = steps/d. untied-ff: state m_l = w_l.w*/d, the\n"
           "single-index ODE in dimension L d. sie = min{k: kappa_k(e0) != 0}. positional-semantic observables:\n"
           "region = 4 [R(0,1) < R(1,0)] + 2 [H_ee < H_mm] + [both corners constrained local minima]:\n"
           "0 unique semantic, 2 unique semantic/misaligned dynamics, 6 unique positional, 1 global semantic,\n"
           "3 global semantic/positional dynamics, 7 global positional. e_axis, lambda_m_axis: the ODE's\n"
           "stationary point on the e-axis (m = 0; 0 if none) and its growth rate along m (2-D integrals).\n"
           "margin_global = R(1,0) - R(0,1) (> 0: region bit 4), margin_dynamics = H_mm - H_ee (> 0: bit 2),\n"
           "margin_semantic_local, margin_positional_local: the smaller margin of each corner's local-minimum\n"
           "test (bit 1: both > 0); region's boundaries are their zero sets (continue --curve zero).\n"
           "docs/single_index.md.",
       .params = specs(),
       .make = [](const ParamValues& pv) -> std::unique_ptr<Model> {
         Config c;
         c.L = pv.get_int("L");
         c.target = pv.get_text("target");
         const std::string st = pv.get_text("student");
         c.student = st == "tied-ff" ? Student::TiedFF
                                     : (st == "untied-ff" ? Student::UntiedFF : Student::Attention);
         c.act = single_index::parse_link(pv.get_text("activation"), {}, "activation");
         c.a = pv.get_real("a");
         c.omega = pv.get_real("omega");
         c.lr = pv.get_real("lr");
         c.noise = pv.get_real("noise");
         if (c.L < min_L(c.target))
           throw std::invalid_argument("parameter 'L' = " + std::to_string(c.L) + ": target '" +
                                       c.target +
                                       "' needs L >= " + std::to_string(min_L(c.target)));
         if (c.matrix_target()) {
           if (c.L != 2)
             throw std::invalid_argument("parameter 'L' = " + std::to_string(c.L) +
                                         ": target 'positional-semantic' needs L = 2");
           if (c.student != Student::Attention)
             throw std::invalid_argument(
                 "parameter 'student' = '" + st +
                 "': target 'positional-semantic' needs student = attention");
           if (c.noise != 0)
             throw std::invalid_argument(
                 "parameter 'noise' = " + format_real(c.noise) +
                 ": label noise is for scalar targets; the matrix target needs 0");
         }
         const std::string ro = pv.get_text("readout");
         if (ro == "auto")
           c.readout = c.matrix_target() ? Readout::Frobenius : Readout::Trace;
         else
           c.readout = ro == "trace"
                           ? Readout::Trace
                           : (ro == "projection" ? Readout::Projection : Readout::Frobenius);
         if (c.readout == Readout::Frobenius && !c.matrix_target())
           throw std::invalid_argument(
               "parameter 'readout' = 'frobenius' needs the matrix target "
               "'positional-semantic' (scalar targets: trace or projection)");
         if (c.readout != Readout::Frobenius && c.matrix_target())
           throw std::invalid_argument(
               "parameter 'readout' = '" + ro +
               "': target 'positional-semantic' needs readout = frobenius (or auto)");
         if (c.student == Student::Attention && c.L < 2)
           throw std::invalid_argument(
               "parameter 'L' = 1: the attention student needs L >= 2 "
               "(for L = 1 the softmax is the constant 1)");
         std::string pe = pv.get_text("pe");
         if (pe == "auto") pe = c.matrix_target() ? "opposite" : "none";
         c.pe = pe == "none" ? PE::None : (pe == "opposite" ? PE::Opposite : PE::Orthonormal);
         if (c.pe != PE::None && c.student == Student::UntiedFF)
           throw std::invalid_argument(
               "parameter 'pe' = '" + pe +
               "': positional encodings are implemented for tied-ff and attention only");
         if (c.pe == PE::Opposite && c.L != 2)
           throw std::invalid_argument("parameter 'pe' = 'opposite' needs L = 2; got L = " +
                                       std::to_string(c.L));
         if (c.pe == PE::Opposite) {
           c.J = 1;
           c.B[0][0] = 1;
           c.B[1][0] = -1;
         } else if (c.pe == PE::Orthonormal) {
           c.J = c.L;
           for (int l = 0; l < c.L; ++l) c.B[l][l] = 1;
         }
         const double def = pv.get_real("c") / std::sqrt(pv.get_real("d"));
         const double m0 = pv.is_set("m0") ? pv.get_real("m0") : def;
         const double e0 = pv.is_set("e0") ? pv.get_real("e0") : def;
         const int dim = c.student == Student::UntiedFF ? c.L : 1 + c.J;
         Vec x0(dim);
         if (c.student == Student::UntiedFF) {
           x0.setConstant(m0);
         } else {
           x0[0] = m0;
           for (int j = 0; j < c.J; ++j) x0[1 + j] = e0;
         }
         const double n2 = c.student == Student::UntiedFF ? m0 * m0 : x0.squaredNorm();
         if (n2 > 1)
           throw std::invalid_argument("parameters m0, e0, c, d: initial alignments m0 = " + format_real(m0) +
                                       ", e0 = " + format_real(e0) +
                                       " (from m0/e0 or c/sqrt(d)): need m0^2 + J e0^2 <= 1");
         return std::make_unique<SSIModel>(pv, std::move(c), std::move(x0), pv.get_int("nodes"));
       }});
}

}  // namespace summit::ssi
