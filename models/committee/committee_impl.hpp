// Implementation of the committee model (private to models/committee).
//
// Order-parameter ODEs of online SGD (Saad & Solla, PRE 52, 4225, 1995; Goldt et al. 2019,
// arXiv:1906.08632; written out in docs/committee.md, "Equations"; cross-checked against nn2pp,
// Goldt et al.'s public code). With the fields
// c = 1..K+M = (lambda_1..lambda_K, rho_1..rho_M), covariance C = [[Q, R], [R^T, T]] and the signed
// readout weights w = (-v_1..-v_K, v*_1..v*_M), so that Delta = sum_c w_c g(c) (+ noise):
//   dR_in/dt = -wd R_in + lr v_i B(i, K+n)
//   dQ_ik/dt = -2 wd Q_ik + lr [v_i B(i,k) + v_k B(k,i)]
//              + lr^2 v_i v_k [ sum_{c,d} w_c w_d I4(i,k,c,d) + noise^2 J2(i,k) ]
//   dv_i/dt  = -wd v_i + lr2 sum_c w_c I2(i,c)
// with B(i,b) = sum_c w_c I3(i,b,c). Note the lr^2 term uses lr, not lr2 (as in nn2pp).
// eps_g = 1/2 sum_{c,d} w_c w_d I2(c,d).
#pragma once

#include "lib/gauss/covariance.hpp"
#include "lib/gauss/erf.hpp"
#include "lib/gauss/scalar.hpp"
#include "lib/jet_model.hpp"
#include "lib/model_base.hpp"
#include "models/committee/committee.hpp"

#include <Eigen/Core>

#include <cstdint>
#include <numbers>
#include <type_traits>
#include <string>
#include <vector>

namespace summit::committee {

// The activation g of student and teacher (the parameter `activation`).
enum class Activation { Erf, Relu, Linear };
// How the student starts (the parameter `init`).
enum class Init { Random, Informed };

struct Config {
  Activation activation = Activation::Erf;
  int K = 2, M = 2;
  double lr = 0.5, lr2 = 0.5, noise = 0, wd = 0;
  bool train_v = false;
  bool gradient_flow = false;  // drop the lr^2 bracket (dynamics = gradient-flow)
  Eigen::MatrixXd T;      // teacher overlaps (M x M), positive definite
  Eigen::VectorXd vstar;  // teacher second layer (M)
  Init init = Init::Random;
  double init_scale = 1, init_overlap = 1e-3;
  std::uint64_t seed = 0;
};

std::vector<ParamSpec> param_specs();
Config make_config(const ParamValues& pv);  // cross-parameter checks (shapes, PD teacher)

// Everything that does not depend on the activation.
class CommitteeBase : public ModelBase {
 public:
  CommitteeBase(const ParamValues& pv, Config c, double (*g)(double), double (*dg)(double));
  std::string time_unit() const override { return "alpha (SGD steps / N)"; }
  const Config& config() const { return c_; }

  bool gradient_flow_drift(const Vec& x, Vec& dx) const override;
  bool realisable(const Vec& x, std::string* why, double tol = 1e-9) const override;
  Vec initial_state() const override;
  Vec random_state(std::mt19937_64& rng) const override;
  std::vector<NamedPoint> special_points() const override;
  std::vector<NamedPoint> structured_starts() const override;
  std::vector<std::string> observable_names() const override;
  Vec observables(const Vec& x) const override;
  ModelHints hints() const override;
  // Both up to permutations of the student units and, where the teacher is symmetric (T and v*
  // invariant under a permutation of the teacher units), of the teacher units; the permutations
  // are found by linear assignment (models/committee/committee_symmetry.cpp), never by
  // enumeration, so they work at any width.
  double symmetry_distance(const Vec& a, const Vec& b) const override;
  bool equivalent(const Vec& a, const Vec& b, double tol) const override;
  const std::vector<std::vector<int>>& teacher_symmetries() const { return teacher_perms_; }
  bool teacher_fully_symmetric() const { return teacher_fully_symmetric_; }
  // The drift's coordinates `rows` only (out[k] = drift(x)[rows[k]]), each from the expectations
  // it needs (committee_drift_rows.hpp); equal to drift() up to rounding.
  virtual void drift_rows(const Vec& x, const std::vector<int>& rows, Vec& out) const = 0;
  // The student permutation p and teacher permutation q (b's unit p[i] plays a's unit i, b's
  // teacher q[n] plays a's teacher n) that align b with a best, and the resulting max-norm
  // distance |a - (p, q) b|_inf. `stop_below`: return as soon as a pair within it is found.
  struct Alignment {
    std::vector<int> p, q;
    double distance = 0;
  };
  Alignment align(const Vec& a, const Vec& b, double stop_below = 0) const;
  bool is_gradient_flow() const override { return c_.gradient_flow; }
  bool non_smooth_at(const Vec& x) const override;
  bool non_smooth_in_weights_at(const Vec& x) const override;
  Mat free_gauge_directions(const Vec& u) const override;

  int free_dim() const override;
  Vec to_free(const Vec& x) const override;
  Vec from_free(const Vec& u) const override;
  double free_loss_gradient(const Vec& u, Vec* grad) const override;

  std::unique_ptr<Microscopic> microscopic(const Vec& x0, int d,
                                           std::uint64_t seed) const override;

  // Unpacking helpers (double).
  Eigen::MatrixXd Q(const Vec& x) const;
  Eigen::MatrixXd R(const Vec& x) const;
  Eigen::VectorXd v(const Vec& x) const;  // ones when the second layer is not trained
  Vec pack(const Eigen::MatrixXd& Q, const Eigen::MatrixXd& R, const Eigen::VectorXd& v) const;
  // Student weights in R^{K+M} for state x: W = [R T^{-1/2}, (Q - R T^{-1} R^T)^{1/2}] and the
  // teacher Wt = [T^{1/2}, 0]. Returns false if x is not realisable.
  bool weights(const Vec& x, Eigen::MatrixXd& W) const;
  const Eigen::MatrixXd& teacher_weights() const { return Wt_; }

 protected:
  Config c_;
  Eigen::MatrixXd Wt_, Tinvsqrt_;
  std::vector<std::vector<int>> teacher_perms_;  // permutations of teacher units leaving T, v* fixed
  bool teacher_fully_symmetric_ = false;         // every permutation of the teacher units is one
  double (*g_)(double);
  double (*dg_)(double);
};

template <class Act>
class Committee final : public JetModel<Committee<Act>, CommitteeBase> {
 public:
  Committee(const ParamValues& pv, Config c)
      : JetModel<Committee<Act>, CommitteeBase>(pv, std::move(c), &Act::g, &Act::dg) {}

  template <class T>
  T loss_t(const T* x) const;
  template <class T>
  void drift_t(const T* x, T* dx) const;

  // The exact drift Jacobian assembled term by term (committee_jacobian.hpp), or the whole-drift
  // Jet pass where that does not apply; jet_drift_jacobian is always the Jet pass (the reference).
  void drift_jacobian(const Vec& x, Vec& dx, Mat& J) const override;
  void jet_drift_jacobian(const Vec& x, Vec& dx, Mat& J) const;
  bool structured_jacobian_applies() const;
  // The loss gradient assembled the same way, one Jet per I2 term (with a fixed second layer;
  // the Jet pass otherwise); jet_loss_gradient is always the Jet pass (the reference).
  void loss_gradient(const Vec& x, double& L, Vec& g) const override;
  void jet_loss_gradient(const Vec& x, double& L, Vec& g) const;
  void drift_rows(const Vec& x, const std::vector<int>& rows, Vec& out) const override;

 private:
  template <class T>
  void unpack(const T* x, std::vector<T>& C, std::vector<T>& w) const;
  // erf fast paths: the same closed forms (gauss::Erf, lib/gauss/erf.hpp) with the factors that
  // depend only on the pair (i, k) or on (i, c) hoisted out of the inner loops.
  template <class T>
  void erf_B(const std::vector<T>& C, const std::vector<T>& w, std::vector<T>& B) const;
  template <class T>
  T erf_quad(const std::vector<T>& C, const std::vector<T>& w, int i, int k) const;
};

// B(i,b) = sum_c w_c I3(i,b,c) with the erf I3 = (2/pi) [C_bc a1 - C_ib C_ic] / (a1 sqrt(L3(i,c))),
// a1 = 1 + C_ii, L3(i,c) = a1 (1 + C_cc) - C_ic^2. With f_c = w_c (2/pi) / sqrt(L3(i,c)):
//   B(i,b) = sum_c f_c C_bc - (C_ib / a1) sum_c f_c C_ic.
template <class Act>
template <class T>
void Committee<Act>::erf_B(const std::vector<T>& C, const std::vector<T>& w,
                           std::vector<T>& B) const {
  using std::sqrt;
  const int K = this->c_.K, n = K + this->c_.M;
  const T one = gauss::lift<T>(1.0), two_pi = gauss::lift<T>(2.0 / std::numbers::pi);
  std::vector<T> f(n);
  for (int i = 0; i < K; ++i) {
    const T a1 = one + C[i * n + i];
    T fc = gauss::lift<T>(0.0);
    for (int c = 0; c < n; ++c) {
      const T cic = C[i * n + c];
      f[c] = w[c] * two_pi / sqrt(a1 * (one + C[c * n + c]) - cic * cic);
      fc += f[c] * cic;
    }
    const T ratio = fc / a1;
    for (int b = 0; b < n; ++b) {
      T s = gauss::lift<T>(0.0);
      for (int c = 0; c < n; ++c) s += f[c] * C[b * n + c];
      B[i * n + b] = s - C[i * n + b] * ratio;
    }
  }
}

// sum_{c,d} w_c w_d I4(i,k,c,d) with the erf I4 = (4/pi^2) asin(L0 / sqrt(L1 L2)) / sqrt(L4):
// L4 depends on (i,k) only, L1 = l(c) and L2 = l(d) on one index each, so 1/sqrt(l(c)) is
// computed once per c; only L0(c,d) and the arcsin remain in the double loop (c <= d by symmetry).
template <class Act>
template <class T>
T Committee<Act>::erf_quad(const std::vector<T>& C, const std::vector<T>& w, int i, int k) const {
  using std::sqrt;
  const int n = this->c_.K + this->c_.M;
  const T one = gauss::lift<T>(1.0), two = gauss::lift<T>(2.0);
  const T a1 = one + C[i * n + i], b1 = one + C[k * n + k], cab = C[i * n + k];
  const T l4 = a1 * b1 - cab * cab;
  std::vector<T> r(n);  // 1 / sqrt(L1(c))
  for (int c = 0; c < n; ++c) {
    const T cac = C[i * n + c], cbc = C[k * n + c];
    const T l1 = l4 * (one + C[c * n + c]) - cbc * cbc * a1 - cac * cac * b1 + two * cab * cac * cbc;
    r[c] = one / sqrt(l1);
  }
  T sum = gauss::lift<T>(0.0);
  for (int c = 0; c < n; ++c) {
    const T cac = C[i * n + c], cbc = C[k * n + c];
    const T rc = r[c];
    // diagonal term d = c, then twice the terms d > c
    T row = gauss::lift<T>(0.0);
    for (int d = c + 1; d < n; ++d) {
      const T cad = C[i * n + d], cbd = C[k * n + d];
      const T l0 =
          l4 * C[c * n + d] - cbc * cbd * a1 - cac * cad * b1 + cab * (cac * cbd + cad * cbc);
      row += w[d] * gauss::detail::asin_clamped(l0 * rc * r[d]);
    }
    const T l0cc = l4 * C[c * n + c] - cbc * cbc * a1 - cac * cac * b1 + two * cab * cac * cbc;
    sum += w[c] * (w[c] * gauss::detail::asin_clamped(l0cc * rc * rc) + two * row);
  }
  return gauss::lift<T>(4.0 / (std::numbers::pi * std::numbers::pi)) * sum / sqrt(l4);
}

// ---------------------------------------------------------------------------------------------

template <class Act>
template <class T>
void Committee<Act>::unpack(const T* x, std::vector<T>& C, std::vector<T>& w) const {
  const Config& c = this->c_;
  const int K = c.K, M = c.M, n = K + M;
  const Block& q = this->layout_.block("Q");
  const Block& r = this->layout_.block("R");
  C.assign(n * n, gauss::lift<T>(0.0));
  w.assign(n, gauss::lift<T>(0.0));
  for (int i = 0; i < K; ++i) {
    for (int j = 0; j < K; ++j) C[i * n + j] = x[q.index(i, j)];
    for (int m = 0; m < M; ++m) C[i * n + K + m] = C[(K + m) * n + i] = x[r.index(i, m)];
    w[i] = c.train_v ? T(-x[this->layout_.block("v").index(i)]) : gauss::lift<T>(-1.0);
  }
  for (int m = 0; m < M; ++m) {
    for (int l = 0; l < M; ++l) C[(K + m) * n + K + l] = gauss::lift<T>(c.T(m, l));
    w[K + m] = gauss::lift<T>(c.vstar[m]);
  }
}

template <class Act>
template <class T>
T Committee<Act>::loss_t(const T* x) const {
  std::vector<T> C, w;
  unpack(x, C, w);
  const int n = this->c_.K + this->c_.M;
  T eg = gauss::lift<T>(0.0);
  for (int a = 0; a < n; ++a)
    for (int b = a; b < n; ++b) {
      const T i2 = Act::I2(gauss::Cov2<T>{C[a * n + a], C[b * n + b], C[a * n + b]});
      eg += gauss::lift<T>(a == b ? 0.5 : 1.0) * w[a] * w[b] * i2;
    }
  return eg;
}

template <class Act>
template <class T>
void Committee<Act>::drift_t(const T* x, T* dx) const {
  const Config& c = this->c_;
  const int K = c.K, M = c.M, n = K + M;
  std::vector<T> C, w;
  unpack(x, C, w);
  auto cv = [&](int a, int b) -> const T& { return C[a * n + b]; };
  // B(i,b) = sum_c w_c I3(i, b, c)
  std::vector<T> B(K * n, gauss::lift<T>(0.0));
  if constexpr (std::is_same_v<Act, gauss::Erf>) {
    erf_B(C, w, B);
  } else {
    for (int i = 0; i < K; ++i)
      for (int b = 0; b < n; ++b) {
        T s = gauss::lift<T>(0.0);
        for (int cc = 0; cc < n; ++cc)
          s += w[cc] * Act::I3(gauss::Cov3<T>{cv(i, i), cv(b, b), cv(cc, cc), cv(i, b), cv(i, cc),
                                              cv(b, cc)});
        B[i * n + b] = s;
      }
  }
  const Block& q = this->layout_.block("Q");
  const Block& r = this->layout_.block("R");
  const double lr = c.lr, wd = c.wd, s2 = c.noise * c.noise;
  for (int i = 0; i < K; ++i)
    for (int m = 0; m < M; ++m)
      dx[r.index(i, m)] = gauss::lift<T>(-wd) * cv(i, K + m) - gauss::lift<T>(lr) * w[i] * B[i * n + K + m];  // v_i = -w_i
  for (int i = 0; i < K; ++i)
    for (int k = i; k < K; ++k) {
      T d = gauss::lift<T>(-2.0 * wd) * cv(i, k) -
          gauss::lift<T>(lr) * (w[i] * B[i * n + k] + w[k] * B[k * n + i]);
      if (c.gradient_flow) {
        dx[q.index(i, k)] = d;
        continue;
      }
      T quad = gauss::lift<T>(0.0);
      if constexpr (std::is_same_v<Act, gauss::Erf>) {
        quad = erf_quad(C, w, i, k);
      } else {
        for (int a = 0; a < n; ++a)
          for (int b = a; b < n; ++b) {
            const T i4 = Act::I4(gauss::Cov4<T>{cv(i, i), cv(k, k), cv(a, a), cv(b, b), cv(i, k),
                                                cv(i, a), cv(i, b), cv(k, a), cv(k, b), cv(a, b)});
            quad += gauss::lift<T>(a == b ? 1.0 : 2.0) * w[a] * w[b] * i4;
          }
      }
      if (s2 > 0) quad += gauss::lift<T>(s2) * Act::J2(gauss::Cov2<T>{cv(i, i), cv(k, k), cv(i, k)});
      d += gauss::lift<T>(lr * lr) * w[i] * w[k] * quad;
      dx[q.index(i, k)] = d;
    }
  if (c.train_v) {
    const Block& vb = this->layout_.block("v");
    for (int i = 0; i < K; ++i) {
      T s = gauss::lift<T>(0.0);
      for (int a = 0; a < n; ++a)
        s += w[a] * Act::I2(gauss::Cov2<T>{cv(i, i), cv(a, a), cv(i, a)});
      dx[vb.index(i)] = gauss::lift<T>(wd) * w[i] + gauss::lift<T>(c.lr2) * s;  // -wd v_i = wd w_i
    }
  }
}

}  // namespace summit::committee

#include "models/committee/committee_drift_rows.hpp"
#include "models/committee/committee_jacobian.hpp"
