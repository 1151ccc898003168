// The rbm models as dynamical systems (contract: models/rbm/rbm.hpp; docs/spectral.md, section `rbm`): the exact
// d -> infinity gradient flow of Gaussian hidden units in spectral coordinates, the population
// gradient flow of +-1 hidden units in (m, Q), and the registry entry. Closed forms live in
// closed_forms.cpp, the shared expectations in expectations.hpp.
#include "models/rbm/rbm.hpp"

#include "lib/gauss/scalar.hpp"
#include "lib/gram.hpp"
#include "lib/jet_model.hpp"
#include "lib/model_base.hpp"
#include "lib/rmt/laws.hpp"
#include "models/rbm/rbm_impl.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>

#include <algorithm>
#include <array>

#include <cmath>
#include <complex>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>
#include "models/rbm/expectations.hpp"

namespace summit::rbm {

using gauss::lift;
using gauss::value;
using detail::e_logcosh;
using detail::e_sech2;
using detail::inverse_logdet;
using detail::rademacher_moments;

namespace {

// The canonical spectral decomposition of weights W0 = sqrt(d) u m0^T + isotropic noise with
// covariance Q0 - m0 m0^T: each spectral set gets nu(S) m0 m0^T + mu(S) (Q0 - m0 m0^T).
SpectralState decompose(const Nodes& n, const Eigen::VectorXd& m0, const Eigen::MatrixXd& Q0) {
  const int k = static_cast<int>(m0.size());
  const Eigen::MatrixXd mm = m0 * m0.transpose(), K = Q0 - mm;
  SpectralState st;
  st.o = n.outlier ? Eigen::VectorXd(std::sqrt(n.cos2) * m0) : Eigen::VectorXd::Zero(k);
  st.Pedge = Eigen::MatrixXd::Zero(k, k);
  st.P0 = n.zero_nu * mm + n.zero_mu * K;
  st.s0 = n.zero_nu * m0;
  for (size_t j = 0; j < n.lam.size(); ++j) {
    st.P.push_back(n.nu[j] * mm + n.mu[j] * K);
    st.s.push_back(n.nu[j] * m0);
  }
  return st;
}

bool psd(const Eigen::MatrixXd& A, double tol) {
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(A, Eigen::EigenvaluesOnly);
  return es.eigenvalues().minCoeff() >= -tol * std::max(1.0, A.cwiseAbs().maxCoeff());
}

std::vector<std::string> overlap_names(int k) {
  std::vector<std::string> v;
  for (int a = 1; a <= k; ++a) v.push_back("m[" + std::to_string(a) + "]");
  for (int a = 1; a <= k; ++a)
    for (int b = a; b <= k; ++b) v.push_back("Q[" + std::to_string(a) + "," + std::to_string(b) + "]");
  for (int a = 1; a <= k; ++a) v.push_back("overlap2[" + std::to_string(a) + "]");
  return v;
}

void push_overlaps(const Eigen::VectorXd& m, const Eigen::MatrixXd& Q, std::vector<double>& out) {
  const int k = static_cast<int>(m.size());
  for (int a = 0; a < k; ++a) out.push_back(m[a]);
  for (int a = 0; a < k; ++a)
    for (int b = a; b < k; ++b) out.push_back(Q(a, b));
  // Squared cosine of unit a with the spike; 0 for a zero unit (convention).
  for (int a = 0; a < k; ++a) out.push_back(Q(a, a) > 0 ? m[a] * m[a] / Q(a, a) : 0.0);
}

// ---------------------------------------------------------------------------------------------
// Gaussian hidden units: the exact d -> infinity gradient flow in spectral coordinates.
//   dP_S/dt = 2 lam_S P_S - S P_S - P_S S,  ds_S/dt = (lam_S - S) s_S,  do/dt = (lam_out - S) o,
// with S = (I - Q)^{-1}, Q = o o^T + Pedge + P0 + sum_j P_j, for every spectral set S.

class GaussianRBM final : public JetModel<GaussianRBM, ModelBase> {
 public:
  GaussianRBM(const ParamValues& pv, const Config& c)
      : JetModel("rbm", pv, gaussian_layout(c.k, c.nodes)), c_(c), n_(make_nodes(c.alpha, c.beta, c.nodes)),
        bo_(layout_.block("o")), bedge_(layout_.block("Pedge")), bp0_(layout_.block("P0")),
        bs0_(layout_.block("s0")) {
    for (int j = 1; j <= c.nodes; ++j) {
      bP_.push_back(layout_.block("P" + std::to_string(j)));
      bs_.push_back(layout_.block("s" + std::to_string(j)));
    }
  }
  std::string time_unit() const override { return "t (gradient-flow time: GD steps x lr)"; }

  template <class T>
  void overlap_t(const T* x, std::vector<T>& Q) const {
    const int k = c_.k;
    Q.assign(k * k, lift<T>(0.0));
    for (int a = 0; a < k; ++a)
      for (int b = 0; b < k; ++b) {
        T v = x[bo_.index(a)] * x[bo_.index(b)] + x[bedge_.index(a, b)] + x[bp0_.index(a, b)];
        for (const Block& P : bP_) v += x[P.index(a, b)];
        Q[a * k + b] = v;
      }
  }

  template <class T>
  T loss_t(const T* x) const {
    const int k = c_.k;
    std::vector<T> Q, A(k * k), S;
    overlap_t(x, Q);
    for (int i = 0; i < k * k; ++i) A[i] = -Q[i];
    for (int a = 0; a < k; ++a) A[a * k + a] += lift<T>(1.0);
    T logdet;
    inverse_logdet(A, k, S, logdet);
    T data = lift<T>(0.0);
    for (int a = 0; a < k; ++a) {
      data += lift<T>(n_.lam_out) * x[bo_.index(a)] * x[bo_.index(a)];
      data += lift<T>(n_.lam_plus) * x[bedge_.index(a, a)];
      for (int j = 0; j < c_.nodes; ++j) data += lift<T>(n_.lam[j]) * x[bP_[j].index(a, a)];
    }
    // -L/n = -(1/2) tr(W^T C W)/d - (1/2) log det(I - Q).
    return lift<T>(-0.5) * (data + logdet);
  }

  template <class T>
  void drift_t(const T* x, T* dx) const {
    const int k = c_.k;
    std::vector<T> Q, A(k * k), S;
    overlap_t(x, Q);
    for (int i = 0; i < k * k; ++i) A[i] = -Q[i];
    for (int a = 0; a < k; ++a) A[a * k + a] += lift<T>(1.0);
    T logdet;
    inverse_logdet(A, k, S, logdet);
    auto sym = [&](const Block& b, double lam) {
      for (int a = 0; a < k; ++a)
        for (int c = a; c < k; ++c) {
          T v = lift<T>(2 * lam) * x[b.index(a, c)];
          for (int l = 0; l < k; ++l) v -= S[a * k + l] * x[b.index(l, c)] + x[b.index(a, l)] * S[l * k + c];
          dx[b.index(a, c)] = v;
        }
    };
    auto vec = [&](const Block& b, double lam) {
      for (int a = 0; a < k; ++a) {
        T v = lift<T>(lam) * x[b.index(a)];
        for (int l = 0; l < k; ++l) v -= S[a * k + l] * x[b.index(l)];
        dx[b.index(a)] = v;
      }
    };
    vec(bo_, n_.lam_out);
    sym(bedge_, n_.lam_plus);
    sym(bp0_, 0.0);
    vec(bs0_, 0.0);
    for (int j = 0; j < c_.nodes; ++j) {
      sym(bP_[j], n_.lam[j]);
      vec(bs_[j], n_.lam[j]);
    }
  }

  bool realisable(const Vec& x, std::string* why, double tol) const override {
    auto fail = [&](const std::string& s) {
      if (why) *why = s;
      return false;
    };
    if (!x.allFinite()) return fail("the state must be finite");
    const SpectralState st = unpack(layout_, x, c_.k, c_.nodes);
    if (!psd(st.Pedge, tol) || !psd(st.P0, tol))
      return fail("the spectral Gram blocks Pedge, P0, P1.. must be positive semi-definite");
    for (const auto& P : st.P)
      if (!psd(P, tol)) return fail("the spectral Gram blocks Pedge, P0, P1.. must be positive semi-definite");
    Eigen::VectorXd m;
    Eigen::MatrixXd Q;
    overlaps(n_, st, m, Q);
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(Q, Eigen::EigenvaluesOnly);
    if (!(es.eigenvalues().maxCoeff() < 1))
      return fail("Q = W^T W / d must have all eigenvalues < 1 (else the partition function diverges)");
    return true;
  }

  Vec initial_state() const override {
    return pack(layout_, decompose(n_, Eigen::VectorXd::Constant(c_.k, c_.m0), q0_matrix()));
  }
  Vec random_state(std::mt19937_64& rng) const override {
    // A physically reachable state: the decomposition of random (m0, Q0), each spectral set
    // weighted by e^{tau lam} (the flow's free evolution for a random time), scaled to a random
    // largest eigenvalue of Q in (0.1, 0.9).
    std::normal_distribution<double> N;
    std::uniform_real_distribution<double> U(0, 1);
    const int k = c_.k;
    Eigen::VectorXd m0(k);
    for (int a = 0; a < k; ++a) m0[a] = 0.3 * N(rng);
    Eigen::MatrixXd B(k, k);
    for (int a = 0; a < k; ++a)
      for (int b = 0; b < k; ++b) B(a, b) = N(rng);
    SpectralState st = decompose(n_, m0, m0 * m0.transpose() + B * B.transpose() / k + 0.1 * Eigen::MatrixXd::Identity(k, k));
    const double tau = 3 * U(rng), ref = n_.lam_plus;
    auto f = [&](double lam) { return std::exp(tau * (lam - ref)); };
    st.o *= f(n_.lam_out);
    st.P0 *= f(0) * f(0);
    st.s0 *= f(0);
    for (size_t j = 0; j < st.P.size(); ++j) {
      st.P[j] *= f(n_.lam[j]) * f(n_.lam[j]);
      st.s[j] *= f(n_.lam[j]);
    }
    st.Pedge = 0.2 * U(rng) * Eigen::MatrixXd::Identity(k, k);
    Eigen::VectorXd m;
    Eigen::MatrixXd Q;
    overlaps(n_, st, m, Q);
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(Q, Eigen::EigenvaluesOnly);
    const double scale = (0.1 + 0.8 * U(rng)) / es.eigenvalues().maxCoeff();
    st.o *= std::sqrt(scale);
    st.s0 *= std::sqrt(scale);
    st.P0 *= scale;
    st.Pedge *= scale;
    for (size_t j = 0; j < st.P.size(); ++j) {
      st.P[j] *= scale;
      st.s[j] *= std::sqrt(scale);
    }
    return pack(layout_, st);
  }

  std::vector<NamedPoint> special_points() const override {
    const int k = c_.k;
    SpectralState z = decompose(n_, Eigen::VectorXd::Zero(k), Eigen::MatrixXd::Zero(k, k));
    std::vector<NamedPoint> pts{{"trivial", pack(layout_, z), "W = 0 (always unstable: lam_+ > 1)"}};
    SpectralState e = z;
    e.Pedge = (1 - 1 / n_.lam_plus) * Eigen::MatrixXd::Identity(k, k);
    pts.push_back({"uninformative", pack(layout_, e),
                   "every unit on the top of the bulk (q = 1 - 1/lam_+, m = 0); loses stability "
                   "at alpha beta^2 = 1"});
    if (n_.outlier) {
      SpectralState i = e;
      i.o[0] = std::sqrt(1 - 1 / n_.lam_out);
      i.Pedge(0, 0) = 0;
      for (int a = 1; a < k; ++a) i.Pedge(0, a) = i.Pedge(a, 0) = 0;
      pts.push_back({"informative", pack(layout_, i),
                     "unit 1 on the outlier eigenvector (q = 1 - 1/lam_1, m^2 = q cos^2), the others "
                     "on the bulk edge"});
    }
    return pts;
  }

  std::vector<std::string> observable_names() const override {
    auto v = overlap_names(c_.k);
    v.insert(v.end(), {"top_eigenvalue", "top_overlap2", "bbp_margin"});
    return v;
  }
  Vec observables(const Vec& x) const override {
    Eigen::VectorXd m;
    Eigen::MatrixXd Q;
    overlaps(n_, unpack(layout_, x, c_.k, c_.nodes), m, Q);
    std::vector<double> out;
    push_overlaps(m, Q, out);
    out.push_back(bbp_top_eigenvalue(c_.alpha, c_.beta));
    out.push_back(bbp_overlap2(c_.alpha, c_.beta));
    out.push_back(c_.alpha * c_.beta * c_.beta - 1);
    return Eigen::Map<Vec>(out.data(), static_cast<Eigen::Index>(out.size()));
  }
  ModelHints hints() const override { return {natural_threshold(), {}, {}, {}}; }
  Threshold natural_threshold() const { return {"alpha", 0.2, 20.0, "uninformative", ""}; }

  // The objective is invariant under W -> W O for any orthogonal k x k O (it rotates o, s and P
  // alike), so fixed points come in O(k) orbits. Distance between O(k) invariants: the sorted
  // eigenvalues of Q and Pedge, |o|^2, |m|^2, m^T Q m, and per node tr P_j and |s_j|^2.
  double symmetry_distance(const Vec& a, const Vec& b) const override {
    const Vec ia = invariants(a), ib = invariants(b);
    return (ia - ib).lpNorm<Eigen::Infinity>();
  }

  std::unique_ptr<Microscopic> microscopic(const Vec& x0, int d, std::uint64_t seed) const override {
    Eigen::VectorXd m;
    Eigen::MatrixXd Q;
    overlaps(n_, unpack(layout_, x0, c_.k, c_.nodes), m, Q);
    return make_gd(c_, &n_, layout_, m, Q, d, seed);
  }

 private:
  Vec invariants(const Vec& x) const {
    const SpectralState st = unpack(layout_, x, c_.k, c_.nodes);
    Eigen::VectorXd m;
    Eigen::MatrixXd Q;
    overlaps(n_, st, m, Q);
    std::vector<double> v;
    for (const Eigen::MatrixXd* M : std::array<const Eigen::MatrixXd*, 2>{&Q, &st.Pedge}) {
      Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(*M, Eigen::EigenvaluesOnly);
      for (int a = 0; a < c_.k; ++a) v.push_back(es.eigenvalues()[a]);
    }
    v.push_back(st.o.squaredNorm());
    v.push_back(m.squaredNorm());
    v.push_back(m.dot(Q * m));
    v.push_back(st.P0.trace());
    v.push_back(st.s0.squaredNorm());
    for (size_t j = 0; j < st.P.size(); ++j) {
      v.push_back(st.P[j].trace());
      v.push_back(st.s[j].squaredNorm());
    }
    return Eigen::Map<Vec>(v.data(), static_cast<Eigen::Index>(v.size()));
  }
  Eigen::MatrixXd q0_matrix() const {
    Eigen::MatrixXd Q = Eigen::MatrixXd::Constant(c_.k, c_.k, c_.m0 * c_.m0);
    Q.diagonal().setConstant(c_.q0);
    return Q;
  }
  Config c_;
  Nodes n_;
  Block bo_, bedge_, bp0_, bs0_;
  std::vector<Block> bP_, bs_;
};

// ---------------------------------------------------------------------------------------------
// +-1 hidden units: the population gradient flow in (m, Q).

class RademacherRBM final : public JetModel<RademacherRBM, ModelBase> {
 public:
  RademacherRBM(const ParamValues& pv, const Config& c) : JetModel("rbm", pv), c_(c) {
    layout_.add_vector("m", c.k);
    layout_.add_symmetric("Q", c.k);
  }
  std::string time_unit() const override { return "t (gradient-flow time: GD steps x lr)"; }

  template <class T>
  void omega(const T* x, std::vector<T>& Q, std::vector<T>& Om) const {
    const int k = c_.k;
    const Block& bm = layout_.block("m");
    const Block& bq = layout_.block("Q");
    Q.resize(k * k);
    Om.resize(k * k);
    for (int a = 0; a < k; ++a)
      for (int b = 0; b < k; ++b) {
        Q[a * k + b] = x[bq.index(a, b)];
        Om[a * k + b] = Q[a * k + b] + lift<T>(c_.beta) * x[bm.index(a)] * x[bm.index(b)];
      }
  }

  template <class T>
  T loss_t(const T* x) const {
    const int k = c_.k;
    std::vector<T> Q, Om, H;
    omega(x, Q, Om);
    T psi;
    rademacher_moments(Q, k, H, psi);
    T eta = lift<T>(0.0);
    for (int a = 0; a < k; ++a) eta += e_logcosh(Om[a * k + a]);
    return psi - eta;
  }

  template <class T>
  void drift_t(const T* x, T* dx) const {
    const int k = c_.k;
    std::vector<T> Q, Om, H, D(k);
    omega(x, Q, Om);
    T psi;
    rademacher_moments(Q, k, H, psi);
    for (int a = 0; a < k; ++a) D[a] = e_sech2(Om[a * k + a]);
    const Block& bm = layout_.block("m");
    const Block& bq = layout_.block("Q");
    for (int a = 0; a < k; ++a) {
      T v = lift<T>(1 + c_.beta) * x[bm.index(a)] * D[a];
      for (int b = 0; b < k; ++b) v -= x[bm.index(b)] * H[b * k + a];
      dx[bm.index(a)] = v;
    }
    for (int a = 0; a < k; ++a)
      for (int b = a; b < k; ++b) {
        T v = Om[a * k + b] * (D[a] + D[b]);
        for (int l = 0; l < k; ++l) v -= Q[a * k + l] * H[l * k + b] + H[a * k + l] * Q[l * k + b];
        dx[bq.index(a, b)] = v;
      }
  }

  bool realisable(const Vec& x, std::string* why, double tol) const override {
    const Eigen::MatrixXd Q = gram::unpack_symmetric(layout_.block("Q"), x);
    const Eigen::VectorXd m = x.segment(layout_.block("m").offset, c_.k);
    // [[1, m^T], [m, Q]] is the Gram matrix of (u, W): positive semi-definite.
    Eigen::MatrixXd G(c_.k + 1, c_.k + 1);
    G(0, 0) = 1;
    G.block(1, 0, c_.k, 1) = m;
    G.block(0, 1, 1, c_.k) = m.transpose();
    G.block(1, 1, c_.k, c_.k) = Q;
    if (!x.allFinite() || !psd(G, tol)) {
      if (why) *why = "[[1, m^T], [m, Q]] must be a finite positive semi-definite Gram matrix";
      return false;
    }
    return true;
  }
  Vec initial_state() const override {
    Vec x = Vec::Zero(layout_.size());
    for (int a = 0; a < c_.k; ++a) {
      x[layout_.block("m").index(a)] = c_.m0;
      for (int b = a; b < c_.k; ++b) x[layout_.block("Q").index(a, b)] = a == b ? c_.q0 : c_.m0 * c_.m0;
    }
    return x;
  }
  Vec random_state(std::mt19937_64& rng) const override {
    std::normal_distribution<double> N;
    const int k = c_.k;
    Eigen::MatrixXd V(k, k + 1);  // rows: unit weights in span(u, k random directions)
    for (int a = 0; a < k; ++a)
      for (int b = 0; b <= k; ++b) V(a, b) = N(rng) / std::sqrt(double(k + 1));
    Vec x(layout_.size());
    for (int a = 0; a < k; ++a) x[layout_.block("m").index(a)] = V(a, 0);
    gram::pack_symmetric(layout_.block("Q"), V * V.transpose(), x);
    return x;
  }
  std::vector<NamedPoint> special_points() const override {
    std::vector<NamedPoint> pts{{"trivial", Vec::Zero(layout_.size()),
                                 "W = 0 (unstable for beta > 0: the population limit has no threshold)"}};
    const RademacherFixedPoint f = rademacher_population_fixed_point(c_.beta);
    if (f.q > 0) {
      Vec x = Vec::Zero(layout_.size());
      x[layout_.block("m").index(0)] = f.m;
      x[layout_.block("Q").index(0, 0)] = f.q;
      pts.push_back({"informative", x,
                     "unit 1 along the spike, (1 + beta) E sech^2(s Z) = 1, s^2 = (1 + beta) q"});
    }
    return pts;
  }
  // The +-1 prior is invariant under permutations and sign flips of the hidden units (W_a -> -W_a),
  // so (m, Q) -> (D P m, D P Q P^T D). Exact minimum over signed permutations for k <= 4;
  // beyond, the plain distance.
  double symmetry_distance(const Vec& a, const Vec& b) const override {
    const int k = c_.k;
    if (k > 4) return (a - b).lpNorm<Eigen::Infinity>();
    const Eigen::VectorXd ma = a.segment(layout_.block("m").offset, k), mb = b.segment(layout_.block("m").offset, k);
    const Eigen::MatrixXd Qa = gram::unpack_symmetric(layout_.block("Q"), a);
    const Eigen::MatrixXd Qb = gram::unpack_symmetric(layout_.block("Q"), b);
    std::vector<int> perm(k);
    for (int i = 0; i < k; ++i) perm[i] = i;
    double best = std::numeric_limits<double>::infinity();
    do {
      for (int signs = 0; signs < (1 << k); ++signs) {
        auto sg = [&](int i) { return (signs >> i) & 1 ? -1.0 : 1.0; };
        double dist = 0;
        for (int i = 0; i < k; ++i) {
          dist = std::max(dist, std::abs(ma[i] - sg(i) * mb[perm[i]]));
          for (int j = 0; j < k; ++j)
            dist = std::max(dist, std::abs(Qa(i, j) - sg(i) * sg(j) * Qb(perm[i], perm[j])));
        }
        best = std::min(best, dist);
      }
    } while (std::next_permutation(perm.begin(), perm.end()));
    return best;
  }
  std::vector<std::string> observable_names() const override { return overlap_names(c_.k); }
  Vec observables(const Vec& x) const override {
    std::vector<double> out;
    push_overlaps(x.segment(layout_.block("m").offset, c_.k),
                  gram::unpack_symmetric(layout_.block("Q"), x), out);
    return Eigen::Map<Vec>(out.data(), static_cast<Eigen::Index>(out.size()));
  }
  std::unique_ptr<Microscopic> microscopic(const Vec& x0, int d, std::uint64_t seed) const override {
    return make_gd(c_, nullptr, layout_, x0.segment(layout_.block("m").offset, c_.k),
                   gram::unpack_symmetric(layout_.block("Q"), x0), d, seed);
  }

 private:
  Config c_;
};

}  // namespace

void register_model(Registry& registry) {
  registry.add(
      {.name = "rbm",
       .summary = "RBM trained by gradient flow on spiked-covariance data (BBP threshold)",
       .doc =
           "Data x ~ N(0, I + beta u u^T), n = alpha d; RBM with Gaussian visible units and k hidden\n"
           "units; loss = -(1/n) log-likelihood = psi(Q) - (1/n) sum eta(W^T x / sqrt d) (reduced\n"
           "objective, exact for Gaussian visible units). hidden = gaussian: the exact d -> infinity\n"
           "gradient flow in the spectral decomposition of W in the eigenbasis of the sample covariance\n"
           "(state: o = amplitudes on the outlier eigenvector, Pedge/P0/Pj = Gram blocks at the bulk edge,\n"
           "at 0 and at `nodes` Gauss-Chebyshev nodes of the bulk, s0/sj = their spike overlaps);\n"
           "observables m, Q, the BBP top eigenvalue and cos^2. `summit threshold` follows the point\n"
           "'uninformative' (units on the bulk edge) in alpha: it loses stability at alpha beta^2 = 1.\n"
           "hidden = rademacher, theory = flow (default for k >= 2): the population (alpha -> infinity)\n"
           "gradient flow in (m, Q); alpha is then used only by `summit simulate`. theory = amp (default\n"
           "for hidden = rademacher, k = 1; also for gaussian): the finite-alpha AMP state evolution of\n"
           "the maximiser, state (m, q, V), drift = SE map - identity; its fixed points are the AMP\n"
           "(= stationary-point) overlaps, 'uninformative' (m = 0) loses stability at the AMP\n"
           "weak-recovery threshold. Xu, Krzakala & Zdeborova 2025 (arXiv:2505.18046);\n"
           "docs/spectral.md.",
       .params =
           std::vector<ParamSpec>{
               {.name = "hidden",
                .type = ParamType::Choice,
                .default_text = "gaussian",
                .doc = "prior of the hidden units",
                .choices = {"gaussian", "rademacher"}},
               {.name = "theory",
                .type = ParamType::Choice,
                .default_text = "auto",
                .doc =
                    "flow: gradient flow (Gaussian hidden: exact spectral flow; +-1: population "
                    "alpha -> infinity flow); amp: finite-alpha AMP state evolution in (m, q, V) "
                    "for k = 1 and one spike, in (M, Q, V) (matrices) otherwise; auto: flow for Gaussian hidden units or k >= 2, amp for +-1 with k = 1",
                .choices = {"auto", "flow", "amp"}},
               {.name = "alpha",
                .type = ParamType::Real,
                .default_text = "2",
                .doc = "sample ratio n/d",
                .min = 0,
                .min_exclusive = true},
               {.name = "beta",
                .type = ParamType::Real,
                .default_text = "1",
                .doc = "spike strength: Cov = I + beta u u^T (its square enters the observables: <= 1e100)",
                .min = 0,
                .max = 1e100,
                .min_exclusive = true},
               {.name = "spikes",
                .type = ParamType::RealList,
                .default_text = "",
                .doc =
                    "theory = amp: spike strengths lambda_1..lambda_r (Cov = I + sum_j lambda_j "
                    "u_j u_j^T, r <= 8, each in (0, 1e6]); replaces beta; default: one spike beta"},
               {.name = "finite_d",
                .type = ParamType::Choice,
                .default_text = "amp",
                .doc =
                    "theory = amp with k >= 2 or several spikes: what `summit simulate` runs on "
                    "sampled data: amp (finite-d AMP, one iteration per time unit) or gd (full-batch "
                    "gradient descent, time = steps x lr; V is reported as 0)",
                .choices = {"amp", "gd"}},
               {.name = "k",
                .type = ParamType::Int,
                .default_text = "1",
                .doc = "number of hidden units",
                .min = 1,
                .max = 8},
               {.name = "m0",
                .type = ParamType::Real,
                .default_text = "0.1",
                .doc = "initial overlap u.w_a/sqrt(d) of every unit",
                .min = -1,
                .max = 1},
               {.name = "q0",
                .type = ParamType::Real,
                .default_text = "0.5",
                .doc =
                    "initial squared norm |w_a|^2/d (> m0^2, < 1); distinct units have independent "
                    "noise: Q0_ab = m0^2",
                .min = 0,
                .max = 1,
                .min_exclusive = true,
                .max_exclusive = true},
               {.name = "nodes",
                .type = ParamType::Int,
                .default_text = "40",
                .doc = "Gauss-Chebyshev nodes of the bulk spectrum (hidden = gaussian)",
                .min = 4,
                .max = 400},
               {.name = "lr",
                .type = ParamType::Real,
                .default_text = "0.005",
                .doc = "GD step of `summit simulate` (time = steps x lr)",
                .min = 0,
                .max = 1,
                .min_exclusive = true},
               {.name = "seed",
                .type = ParamType::Int,
                .default_text = "0",
                .doc = "seed of simulations",
                .min = 0,
                .max = 1e15}},
       .make = [](const ParamValues& pv) -> std::unique_ptr<Model> {
         Config c;
         c.gaussian = pv.get_text("hidden") == "gaussian";
         c.alpha = pv.get_real("alpha");
         c.beta = pv.get_real("beta");
         c.k = pv.get_int("k");
         c.m0 = pv.get_real("m0");
         c.q0 = pv.get_real("q0");
         c.nodes = pv.get_int("nodes");
         c.lr = pv.get_real("lr");
         if (!(c.q0 > c.m0 * c.m0))
           throw std::invalid_argument(
               "parameter 'q0' = " + pv.get_text("q0") +
               ": must exceed m0^2 = " + format_real(c.m0 * c.m0) +
               " (|w|^2 >= (u.w)^2; the isotropic part needs a positive norm)");
         // theory = auto: the spectral gradient flow for Gaussian hidden units (exact at finite
         // alpha); for +-1 hidden units the finite-alpha AMP state evolution when k = 1 (the
         // population flow ignores alpha), the population flow for k >= 2 (no finite-alpha theory
         // there yet).
         const std::string theory = pv.get_text("theory");
         const bool amp = theory == "amp" || (theory == "auto" && !c.gaussian && c.k == 1);
         c.spikes = {c.beta};
         c.simulate_gd = pv.get_text("finite_d") == "gd";
         if (pv.is_set("spikes")) {
           const std::vector<double> sp = pv.get_list("spikes");
           if (!amp || sp.empty() || sp.size() > 8 ||
               !std::all_of(sp.begin(), sp.end(), [](double v) { return v > 0 && v <= 1e6; }))
             throw std::invalid_argument(
                 "parameter 'spikes' = " + pv.get_text("spikes") +
                 ": allowed with theory = amp only, 1 to 8 values each in (0, 1e6]");
           c.spikes = sp;
           c.beta = sp.front();
         }
         if (amp) return make_amp_se(pv, c);
         if (c.gaussian) return std::make_unique<GaussianRBM>(pv, c);
         return std::make_unique<RademacherRBM>(pv, c);
       }});
}

}  // namespace summit::rbm
