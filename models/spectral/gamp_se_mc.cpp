#include "models/spectral/gamp_se_mc.hpp"

#include "lib/gauss/quadrature.hpp"
#include "lib/gram.hpp"
#include "models/spectral/gamp_se_model.hpp"

#include <muParser.h>

#include <Eigen/Dense>
#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <numeric>
#include <random>
#include <stdexcept>
#include <tuple>

namespace summit::spectral {

namespace {

constexpr double kNullEigen = 1e-14;  // eigenvalues of Q at or below: a null direction (one node)
constexpr double kMaxEigen = 1 - 1e-12;
constexpr long kChunk = 2048;         // pool samples per matrix-product chunk

double erf_fun(double x) { return std::erf(x); }

// A signed permutation z -> s_i z_{perm_i} and the label's response eps (y -> eps y).
struct SignedPerm {
  std::vector<int> perm;
  std::vector<int> sign;
  int eps = 1;
};

void apply(const SignedPerm& g, const double* z, double* out, int p) {
  for (int i = 0; i < p; ++i) out[i] = g.sign[i] * z[g.perm[i]];
}

// Signed permutations (all of them for p <= 4, else the identity and z -> -z) under which the
// label is invariant (y -> y) or odd (y -> -y), tested on 2000 draws to 1e-12 relative.
std::vector<SignedPerm> detect_symmetries(const McGampSe::Label& label, int p, std::uint64_t seed) {
  std::mt19937_64 rng(seed ^ 0x5eed5eed5eedULL);
  std::normal_distribution<double> N;
  const int T = 2000;
  Eigen::MatrixXd Z(p, T);
  std::vector<double> y(T);
  for (int t = 0; t < T; ++t) {
    for (int i = 0; i < p; ++i) Z(i, t) = N(rng);
    y[t] = label(Z.col(t).data());
  }
  std::vector<SignedPerm> candidates;
  std::vector<int> perm(p);
  std::iota(perm.begin(), perm.end(), 0);
  if (p <= 4) {
    do {
      for (int mask = 0; mask < (1 << p); ++mask) {
        SignedPerm g{perm, std::vector<int>(p), 1};
        for (int i = 0; i < p; ++i) g.sign[i] = (mask >> i) & 1 ? -1 : 1;
        candidates.push_back(g);
      }
    } while (std::next_permutation(perm.begin(), perm.end()));
  } else {
    candidates.push_back({perm, std::vector<int>(p, 1), 1});
    candidates.push_back({perm, std::vector<int>(p, -1), 1});
  }
  std::vector<SignedPerm> group;
  std::vector<double> zt(p);
  for (auto& g : candidates) {
    bool even = true, odd = true;
    for (int t = 0; t < T && (even || odd); ++t) {
      apply(g, Z.col(t).data(), zt.data(), p);
      const double yt = label(zt.data()), tol = 1e-12 * (1 + std::abs(y[t]));
      even = even && std::abs(yt - y[t]) <= tol;
      odd = odd && std::abs(yt + y[t]) <= tol;
    }
    if (even || odd) {
      g.eps = even ? 1 : -1;
      group.push_back(g);
    }
  }
  return group;  // contains the identity
}

}  // namespace

int mc_se_default_nodes(int p) {
  static const int n[] = {40, 16, 12, 8, 6, 5, 4, 4};
  return p >= 1 && p <= 8 ? n[p - 1] : 3;
}

McGampSe::McGampSe(const Label& label, int p, const McSeOptions& o) : p_(p), o_(o) {
  if (p < 1 || p > 8)
    throw std::invalid_argument("parameter 'p' = " + std::to_string(p) + ": must be in [1, 8]");
  if (o.pool < 1000)
    throw std::invalid_argument("parameter 'pool' = " + std::to_string(o.pool) + ": must be >= 1000");
  if (o.bins < 2)
    throw std::invalid_argument("parameter 'bins' = " + std::to_string(o.bins) + ": must be >= 2");
  if (!(o.min_ess > 0))
    throw std::invalid_argument("parameter 'min_ess': must be > 0");
  nodes_ = o.nodes > 0 ? o.nodes : mc_se_default_nodes(p);
  if (nodes_ < 1 || std::pow(double(nodes_), p) > 2e5)
    throw std::invalid_argument("parameter 'nodes' = " + std::to_string(nodes_) +
                                ": must be >= 1 with nodes^p <= 200000 (p = " + std::to_string(p) + ")");

  const std::vector<SignedPerm> G = detect_symmetries(label, p, o.seed);
  symmetry_order_ = static_cast<int>(G.size());
  const long draws = std::max(1L, o.pool / symmetry_order_);
  const long M = draws * symmetry_order_;
  std::mt19937_64 rng(o.seed);
  std::normal_distribution<double> N;
  Eigen::MatrixXd Z(p, M);
  std::vector<double> y(M);
  std::vector<double> z(p);
  for (long d = 0; d < draws; ++d) {
    for (int i = 0; i < p; ++i) z[i] = N(rng);
    const double yd = label(z.data());
    if (!std::isfinite(yd))
      throw std::invalid_argument("the label g(z) is not finite at a sampled z");
    for (int k = 0; k < symmetry_order_; ++k) {
      const long s = d * symmetry_order_ + k;
      apply(G[k], z.data(), Z.col(s).data(), p);
      y[s] = G[k].eps * yd;  // the orbit carries exactly the symmetric labels
    }
  }
  // Groups: exact labels when at most 64 distinct values, else equal-count bins of sorted y whose
  // boundaries are moved forward past ties (equal labels always share a group).
  std::vector<long> order(M);
  std::iota(order.begin(), order.end(), 0L);
  std::stable_sort(order.begin(), order.end(), [&](long a, long b) { return y[a] < y[b]; });
  std::map<double, int> distinct;
  for (long s = 0; s < M && distinct.size() <= 64; ++s) distinct[y[s]]++;
  discrete_ = distinct.size() <= 64;
  group_begin_.push_back(0);
  if (discrete_) {
    for (long s = 1; s < M; ++s)
      if (y[order[s]] != y[order[s - 1]]) group_begin_.push_back(s);
  } else {
    for (int k = 1; k < o.bins; ++k) {
      long s = M * static_cast<long>(k) / o.bins;
      while (s < M && s > 0 && y[order[s]] == y[order[s - 1]]) ++s;
      if (s > group_begin_.back() && s < M) group_begin_.push_back(s);
    }
  }
  group_begin_.push_back(M);
  Z_.resize(p, M);
  for (long s = 0; s < M; ++s) Z_.col(s) = Z.col(order[s]);
}

struct McGampSe::Moments {
  Eigen::VectorXd W, W2;  // sum w, sum w^2 per outer node
  Eigen::MatrixXd Wz;     // p x K: sum w zeta
  Eigen::MatrixXd Wk;     // k x K: sum w zeta_K
  Eigen::MatrixXd Wkk;    // k(k+1)/2 x K: sum w zeta_Ka zeta_Kb (a <= b)
};

void McGampSe::group_sums(int b, const Eigen::MatrixXd& Zeta, const std::vector<int>& range,
                          const Eigen::VectorXd& lam, const Eigen::MatrixXd* Kzeta,
                          Moments& m) const {
  const gauss::Rule& R = gauss::gauss_hermite(nodes_);
  const int r = static_cast<int>(range.size()), n = r == 0 ? 1 : nodes_;
  long rest = 1;
  for (int i = 1; i < r; ++i) rest *= n;
  const int kd = Kzeta ? static_cast<int>(Kzeta->rows()) : 0, kk = kd * (kd + 1) / 2;
  const int cols = 1 + p_ + kd + kk;  // moment columns: 1, zeta, zeta_K, zeta_K zeta_K
  const long K = n * rest;
  m.W = Eigen::VectorXd::Zero(K);
  m.W2 = Eigen::VectorXd::Zero(K);
  m.Wz = Eigen::MatrixXd::Zero(p_, K);
  m.Wk = Eigen::MatrixXd::Zero(kd, K);
  m.Wkk = Eigen::MatrixXd::Zero(kk, K);
  const long b0 = group_begin_[b], b1 = group_begin_[b + 1];
  for (long c0 = b0; c0 < b1; c0 += kChunk) {
    const long C = std::min(kChunk, b1 - c0);
    // Per-direction weight factors F_i(s, j) = exp(-(zeta - sqrt(l) xi_j)^2/(2(1-l)) + zeta^2/2)
    // / sqrt(1 - l): bounded by e^{zeta^2/2}/sqrt(1-l), so their products never overflow.
    std::vector<Eigen::MatrixXd> F(std::max(r, 1));
    if (r == 0) {
      F[0] = Eigen::MatrixXd::Ones(C, 1);
    } else {
      for (int a = 0; a < r; ++a) {
        const int i = range[a];
        const double l = lam[i], v = 1 - l, sl = std::sqrt(l), c = -0.5 * std::log(v);
        F[a].resize(C, n);
        const Eigen::ArrayXd zz = Zeta.row(i).segment(c0, C).transpose().array();
        const Eigen::ArrayXd base = 0.5 * zz.square() + c;
        for (int j = 0; j < n; ++j)
          F[a].col(j) = (base - (zz - sl * R.x[j]).square() / (2 * v)).exp().matrix();
      }
    }
    Eigen::MatrixXd Rt = Eigen::MatrixXd::Ones(C, 1);  // Khatri-Rao product of F[1..r-1]
    for (int a = 1; a < r; ++a) {
      Eigen::MatrixXd Rn(C, Rt.cols() * n);
      for (int j = 0; j < n; ++j)
        for (long q = 0; q < Rt.cols(); ++q) Rn.col(q + Rt.cols() * j) = Rt.col(q).cwiseProduct(F[a].col(j));
      Rt.swap(Rn);
    }
    Eigen::MatrixXd L(C, static_cast<long>(cols) * n);
    for (int j = 0; j < n; ++j) {
      const auto f = F[0].col(j);
      int col = 0;
      L.col(col++ * n + j) = f;
      for (int i = 0; i < p_; ++i) L.col(col++ * n + j) = f.cwiseProduct(Zeta.row(i).segment(c0, C).transpose());
      for (int a = 0; a < kd; ++a) L.col(col++ * n + j) = f.cwiseProduct(Kzeta->row(a).segment(c0, C).transpose());
      for (int a = 0; a < kd; ++a)
        for (int a2 = a; a2 < kd; ++a2)
          L.col(col++ * n + j) = f.cwiseProduct(Kzeta->row(a).segment(c0, C).transpose())
                                     .cwiseProduct(Kzeta->row(a2).segment(c0, C).transpose());
    }
    const Eigen::MatrixXd P = L.transpose() * Rt;  // (cols n) x rest
    const Eigen::MatrixXd P2 = F[0].cwiseAbs2().transpose() * Rt.cwiseAbs2();
    for (long q = 0; q < rest; ++q)
      for (int j = 0; j < n; ++j) {
        const long k = j + n * q;
        int col = 0;
        m.W[k] += P(col++ * n + j, q);
        for (int i = 0; i < p_; ++i) m.Wz(i, k) += P(col++ * n + j, q);
        for (int a = 0; a < kd; ++a) m.Wk(a, k) += P(col++ * n + j, q);
        for (int a = 0; a < kk; ++a) m.Wkk(a, k) += P(col++ * n + j, q);
        m.W2[k] += P2(j, q);
      }
  }
}

namespace {
// Eigen-decomposition of the symmetrised Q with eigenvalues clipped to [0, kMaxEigen].
void decompose(const Eigen::MatrixXd& Q, Eigen::MatrixXd& U, Eigen::VectorXd& lam,
               std::vector<int>& range) {
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(0.5 * (Q + Q.transpose()));
  U = es.eigenvectors();
  lam = es.eigenvalues().cwiseMax(0.0).cwiseMin(kMaxEigen);
  range.clear();
  for (int i = 0; i < lam.size(); ++i)
    if (lam[i] > kNullEigen) range.push_back(i);
    else lam[i] = 0;
}

// The outer node k = (k_1, ..., k_r) (k = k_1 + n k_2 + ...): its weight and omega (eigenbasis).
double node(long k, int n, const std::vector<int>& range, const Eigen::VectorXd& lam,
            Eigen::VectorXd& omega) {
  const gauss::Rule& R = gauss::gauss_hermite(n);
  omega.setZero(lam.size());
  double w = 1;
  for (int i : range) {
    const int j = static_cast<int>(k % n);
    k /= n;
    omega[i] = std::sqrt(lam[i]) * R.x[j];
    w *= R.w[j];
  }
  return w;
}
}  // namespace

McSeEval McGampSe::expectation(const Eigen::MatrixXd& Q) const {
  McSeEval ev;
  Eigen::MatrixXd U;
  Eigen::VectorXd lam;
  std::vector<int> range;
  decompose(Q, U, lam, range);
  const Eigen::MatrixXd Zeta = U.transpose() * Z_;
  const double M = static_cast<double>(Z_.cols());
  const int n = range.empty() ? 1 : nodes_;
  // Per outer node: sum_b W_b g_b g_b^T and sum_b W_b; P(b | omega) = W_b / sum_b' W_b' is
  // self-normalised over the groups (sum_b P = 1 exactly at every omega).
  long K = 1;
  for (size_t i = 0; i < range.size(); ++i) K *= n;
  std::vector<Eigen::MatrixXd> acc(K, Eigen::MatrixXd::Zero(p_, p_));
  Eigen::VectorXd Wtot = Eigen::VectorXd::Zero(K), inv_ess = Eigen::VectorXd::Zero(K);
  Eigen::VectorXd omega = Eigen::VectorXd::Zero(p_), g(p_);
  Moments mo;
  for (int b = 0; b < groups(); ++b) {
    group_sums(b, Zeta, range, lam, nullptr, mo);
    for (long k = 0; k < K; ++k) {
      if (!(mo.W[k] > 0)) continue;  // every weight underflowed: P(b | omega) = 0
      if (!range.empty()) node(k, n, range, lam, omega);
      for (int i = 0; i < p_; ++i) g[i] = (mo.Wz(i, k) / mo.W[k] - omega[i]) / (1 - lam[i]);
      acc[k].noalias() += mo.W[k] * g * g.transpose();
      Wtot[k] += mo.W[k];
      inv_ess[k] += mo.W2[k] / mo.W[k];  // W_b / ESS_b
    }
  }
  Eigen::MatrixXd E = Eigen::MatrixXd::Zero(p_, p_);
  double ie = 0;
  for (long k = 0; k < K; ++k) {
    if (!(Wtot[k] > 0)) continue;
    const double pk = range.empty() ? 1.0 : node(k, n, range, lam, omega);
    E += pk / Wtot[k] * acc[k];
    ie += pk * inv_ess[k] / Wtot[k];
  }
  const double inv_ess_mean = ie;
  ev.E = U * E * U.transpose();
  ev.E = 0.5 * (ev.E + ev.E.transpose());
  ev.ess = inv_ess_mean > 0 ? 1 / inv_ess_mean : M;
  if (ev.ess < o_.min_ess) {
    ev.ok = false;
    ev.message = "Monte-Carlo GAMP SE: the importance weights collapse at this Q (largest "
                 "eigenvalue " + std::to_string(lam.maxCoeff()) + "): effective sample size " +
                 std::to_string(ev.ess) + " < min_ess = " + std::to_string(o_.min_ess) +
                 "; increase 'pool' or coarsen 'bins'";
  }
  return ev;
}

Eigen::MatrixXd McGampSe::step(double alpha, const Eigen::MatrixXd& Q, McSeEval* info) const {
  const Eigen::MatrixXd I = Eigen::MatrixXd::Identity(p_, p_);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(0.5 * (Q + Q.transpose()), Eigen::EigenvaluesOnly);
  if (es.eigenvalues().minCoeff() >= 1 - 1e-9) {
    if (info) *info = McSeEval{Eigen::MatrixXd::Zero(p_, p_), double(Z_.cols()), true, "perfect recovery"};
    return I;
  }
  McSeEval ev = expectation(Q);
  const Eigen::MatrixXd Qhat = alpha * ev.E;
  Eigen::MatrixXd Qn = (I + Qhat).ldlt().solve(Qhat);  // = Qhat (I + Qhat)^{-1} (they commute)
  Qn = 0.5 * (Qn + Qn.transpose());
  if (info) *info = std::move(ev);
  return Qn;
}

Eigen::MatrixXd McGampSe::binned_F() const {
  const Eigen::MatrixXd I = Eigen::MatrixXd::Identity(p_, p_);
  Eigen::MatrixXd A = Eigen::MatrixXd::Zero(p_ * p_, p_ * p_);
  const double M = static_cast<double>(Z_.cols());
  for (int b = 0; b < groups(); ++b) {
    const long b0 = group_begin_[b], nb = group_begin_[b + 1] - b0;
    const auto Zb = Z_.middleCols(b0, nb);
    const Eigen::MatrixXd Gb = Zb * Zb.transpose() / double(nb) - I;
    for (int i = 0; i < p_; ++i)
      for (int j = 0; j < p_; ++j) A.block(i * p_, j * p_, p_, p_) += (nb / M) * Gb(i, j) * Gb;
  }
  return A;
}

Eigen::MatrixXd McGampSe::trivial_S() const {
  Eigen::MatrixXd S = Eigen::MatrixXd::Zero(p_, p_);
  const double M = static_cast<double>(Z_.cols());
  for (int b = 0; b < groups(); ++b) {
    const long b0 = group_begin_[b], nb = group_begin_[b + 1] - b0;
    const Eigen::VectorXd m = Z_.middleCols(b0, nb).rowwise().sum() / double(nb);
    S += (nb / M) * m * m.transpose();
  }
  return S;
}

Eigen::MatrixXd McGampSe::kernel_operator(const Eigen::MatrixXd& Q, const Eigen::MatrixXd& Kb) const {
  Eigen::MatrixXd U;
  Eigen::VectorXd lam;
  std::vector<int> range;
  decompose(Q, U, lam, range);
  const int kd = static_cast<int>(Kb.cols());
  const Eigen::MatrixXd Zeta = U.transpose() * Z_, Kz = Kb.transpose() * Z_;
  const int n = range.empty() ? 1 : nodes_;
  const Eigen::MatrixXd I = Eigen::MatrixXd::Identity(kd, kd);
  Eigen::VectorXd omega;
  Moments mo;
  long K = 1;
  for (size_t i = 0; i < range.size(); ++i) K *= n;
  std::vector<Eigen::MatrixXd> acc(K, Eigen::MatrixXd::Zero(kd * kd, kd * kd));
  Eigen::VectorXd Wtot = Eigen::VectorXd::Zero(K);
  for (int b = 0; b < groups(); ++b) {
    group_sums(b, Zeta, range, lam, &Kz, mo);
    for (long k = 0; k < K; ++k) {
      if (!(mo.W[k] > 0)) continue;
      const double P = mo.W[k];
      Wtot[k] += P;
      const Eigen::VectorXd mk = mo.Wk.col(k) / mo.W[k];
      Eigen::MatrixXd C(kd, kd);
      int idx = 0;
      for (int a = 0; a < kd; ++a)
        for (int a2 = a; a2 < kd; ++a2) C(a, a2) = C(a2, a) = mo.Wkk(idx++, k) / mo.W[k];
      const Eigen::MatrixXd G = C - mk * mk.transpose() - I;
      for (int i = 0; i < kd; ++i)
        for (int j = 0; j < kd; ++j) acc[k].block(i * kd, j * kd, kd, kd) += P * G(i, j) * G;
    }
  }
  Eigen::MatrixXd A = Eigen::MatrixXd::Zero(kd * kd, kd * kd);
  for (long k = 0; k < K; ++k)
    if (Wtot[k] > 0) A += (range.empty() ? 1.0 : node(k, n, range, lam, omega)) / Wtot[k] * acc[k];
  return A;
}

std::shared_ptr<const McGampSe> mc_gamp_se(const std::string& key, const McGampSe::Label& label,
                                           int p, const McSeOptions& o) {
  static std::mutex mu;
  static std::map<std::tuple<std::string, int, long, int, int, double, std::uint64_t>,
                  std::shared_ptr<const McGampSe>> cache;
  const auto k = std::make_tuple(key, p, o.pool, o.bins, o.nodes, o.min_ess, o.seed);
  {
    std::lock_guard<std::mutex> lock(mu);
    if (auto it = cache.find(k); it != cache.end()) return it->second;
  }
  auto se = std::make_shared<const McGampSe>(label, p, o);
  std::lock_guard<std::mutex> lock(mu);
  if (cache.size() > 16) cache.clear();
  return cache.emplace(k, std::move(se)).first->second;
}

McGampSe::Label expression_label(const std::string& expr, int p) {
  struct State {
    mu::Parser parser;
    std::vector<double> z;
  };
  auto st = std::make_shared<State>();
  st->z.resize(p);
  try {
    for (int i = 0; i < p; ++i) st->parser.DefineVar("z" + std::to_string(i + 1), &st->z[i]);
    st->parser.DefineFun("erf", erf_fun);
    st->parser.SetExpr(expr);
    st->parser.Eval();
  } catch (const mu::Parser::exception_type& e) {
    throw std::invalid_argument("parameter 'g' = '" + expr + "': " + e.GetMsg() +
                                " (variables z1..z" + std::to_string(p) + ")");
  }
  return [st, p](const double* z) {
    std::copy(z, z + p, st->z.begin());
    return st->parser.Eval();
  };
}

namespace {

// Orthonormal basis (columns) of the eigenvectors of S with eigenvalue above `cut`, and of the rest.
void split_subspace(const Eigen::MatrixXd& S, double cut, Eigen::MatrixXd& in, Eigen::MatrixXd& out) {
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(S);
  std::vector<int> a, b;
  for (int i = 0; i < S.rows(); ++i) (es.eigenvalues()[i] > cut ? a : b).push_back(i);
  in.resize(S.rows(), static_cast<long>(a.size()));
  out.resize(S.rows(), static_cast<long>(b.size()));
  for (size_t i = 0; i < a.size(); ++i) in.col(static_cast<long>(i)) = es.eigenvectors().col(a[i]);
  for (size_t i = 0; i < b.size(); ++i) out.col(static_cast<long>(i)) = es.eigenvectors().col(b[i]);
}

double spectral_radius(const Eigen::MatrixXd& A) {
  if (A.size() == 0) return 0;
  return Eigen::EigenSolver<Eigen::MatrixXd>(A, false).eigenvalues().cwiseAbs().maxCoeff();
}

// The Monte-Carlo evaluations at the last few states, shared by the spec's step, check and
// observables: drift, realisable and observables at the same state evaluate the map once.
class McEvalCache {
 public:
  struct Entry {
    Vec x;
    Eigen::MatrixXd Qn;
    McSeEval ev;
  };
  McEvalCache(std::shared_ptr<const McGampSe> se, double alpha, Block B)
      : se_(std::move(se)), alpha_(alpha), B_(std::move(B)) {}
  Entry evaluate(const Vec& x) const {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& e : cache_)
      if (e.x.size() == x.size() && e.x == x) return e;
    Entry e;
    e.x = x;
    e.Qn = se_->step(alpha_, gram::unpack_symmetric(B_, x), &e.ev);
    if (cache_.size() >= 8) cache_.erase(cache_.begin());
    cache_.push_back(std::move(e));
    return cache_.back();
  }

 private:
  std::shared_ptr<const McGampSe> se_;
  double alpha_;
  Block B_;
  mutable std::mutex mu_;
  mutable std::vector<Entry> cache_;
};

// The fixed point of Q <- P_S T(Q) P_S from Q = 0 (damped 0.7 new + 0.3 old as the companion
// code; one-dimensional S: Newton on q with a finite-difference slope).
Eigen::MatrixXd trivial_learned(const McGampSe& se, double alpha, const Eigen::MatrixXd& Ps) {
  const int p = se.p();
  const Eigen::MatrixXd P = Ps * Ps.transpose();
  auto t = [&](const Eigen::MatrixXd& Q) { return Eigen::MatrixXd(P * se.step(alpha, Q) * P); };
  Eigen::MatrixXd Q = t(Eigen::MatrixXd::Zero(p, p));
  if (Ps.cols() == 1) {
    const Eigen::VectorXd u = Ps.col(0);
    double q = std::clamp(u.dot(Q * u), 0.0, 0.999);
    for (int it = 0; it < 60; ++it) {
      const double h = 1e-7, f = u.dot(t(q * P) * u) - q;
      const double f2 = u.dot(t((q + h) * P) * u) - (q + h);
      const double slope = (f2 - f) / h;
      double qn = slope < 0 ? q - f / slope : 0.3 * q + 0.7 * (f + q);
      qn = std::clamp(qn, 0.0, 1 - 1e-9);
      if (std::abs(qn - q) < 1e-13) {
        q = qn;
        break;
      }
      q = qn;
    }
    Q = q * P;
  } else {
    for (int it = 0; it < 2000; ++it) {
      const Eigen::MatrixXd Qn = 0.3 * Q + 0.7 * t(Q);
      const double d = (Qn - Q).cwiseAbs().maxCoeff();
      Q = Qn;
      if (d < 1e-13) break;
    }
  }
  return Q;
}

// The SE as a GampSeSpec: state Q (symmetric p x p, stored once), drift step(Q) - Q.
GampSeSpec mc_gamp_spec(std::shared_ptr<const McGampSe> se, double alpha) {
  const int p = se->p();
  GampSeSpec s;
  s.layout.add_symmetric("Q", p);
  const Block B = s.layout.block("Q");
  const int n = s.layout.size();
  auto pack = [B, n](const Eigen::MatrixXd& Q) {
    Vec x(n);
    gram::pack_symmetric(B, Q, x);
    return x;
  };
  // The trivial subspace: the range of E_pool[m_b m_b^T] above 25 times its Monte-Carlo floor
  // groups/pool (as estimate_channel). It is exactly invariant under the estimated map when the
  // pool's symmetries force it (checked: the map at Q = 0.3 P_S has no component outside S).
  Eigen::MatrixXd Ps, Pk;  // orthonormal bases of the trivial subspace S and its complement
  split_subspace(se->trivial_S(), 25.0 * se->groups() / se->pool_size(), Ps, Pk);
  bool invariant = false;
  if (Ps.cols() > 0 && Pk.cols() > 0) {
    const Eigen::MatrixXd T = se->step(1.0, 0.3 * Ps * Ps.transpose());
    const Eigen::MatrixXd T0 = se->step(1.0, Eigen::MatrixXd::Zero(p, p));
    invariant = (Pk.transpose() * T).norm() <= 1e-10 * T.norm() &&
                (Pk.transpose() * T0).norm() <= 1e-10 * T0.norm();
  }
  auto cache = std::make_shared<const McEvalCache>(se, alpha, B);

  // The estimated map is defined on all symmetric Q (its eigenvalues are clipped inside
  // McGampSe::expectation and Q >= (1 - 1e-9) I maps to I), so project is the identity.
  s.step = [cache, pack](const Vec& x) { return pack(cache->evaluate(x).Qn); };
  s.project = [](const Vec& x) { return x; };
  s.inside = [B](const Vec& x, double tol) {
    if (!x.allFinite()) return false;
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(gram::unpack_symmetric(B, x),
                                                      Eigen::EigenvaluesOnly);
    return es.eigenvalues().minCoeff() >= -tol && es.eigenvalues().maxCoeff() <= 1 + tol;
  };
  s.domain_text = "Q must satisfy 0 <= Q <= I (an overlap matrix with a unit-covariance signal)";
  // Unreliable where the importance weights' effective sample size is below min_ess.
  s.check = [cache](const Vec& x, std::string* why) {
    const McEvalCache::Entry e = cache->evaluate(x);
    if (!e.ev.ok && why) *why = e.ev.message;
    return e.ev.ok;
  };
  // One-sided differences at the boundary along the PSD directions e_i e_i^T and
  // (e_i + e_j)(e_i + e_j)^T (packed: the off-diagonal column is the second minus the two
  // diagonal ones).
  s.boundary_directions = Mat::Zero(n, n);
  for (int i = 0; i < p; ++i)
    for (int j = i; j < p; ++j) {
      const int c = B.index(i, j);
      s.boundary_directions(c, c) = 1;
      if (j > i) s.boundary_directions(B.index(i, i), c) = s.boundary_directions(B.index(j, j), c) = 1;
    }
  s.initial = pack(0.01 * Eigen::MatrixXd::Identity(p, p));
  s.random = [p, pack](std::mt19937_64& rng) {
    std::normal_distribution<double> N;
    std::uniform_real_distribution<double> U(0, 0.95);
    Eigen::MatrixXd G(p, p);
    for (int i = 0; i < p; ++i)
      for (int j = 0; j < p; ++j) G(i, j) = N(rng);
    const Eigen::MatrixXd O = Eigen::HouseholderQR<Eigen::MatrixXd>(G).householderQ();
    Eigen::VectorXd l(p);
    for (int i = 0; i < p; ++i) l[i] = U(rng);
    return pack(O * l.asDiagonal() * O.transpose());
  };
  s.special = {{"trivial", pack(Eigen::MatrixXd::Zero(p, p)),
                Ps.cols() > 0 ? "Q = 0 (not a fixed point: the trivial subspace is learned at any alpha)"
                              : "Q = 0, the uninformative fixed point"},
               {"perfect", pack(Eigen::MatrixXd::Identity(p, p)),
                "Q = I, perfect recovery (a fixed point of the iteration by definition)"}};
  if (invariant)
    s.lazy_special = [se, alpha, Ps, pack] {
      return std::vector<NamedPoint>{
          {"trivial-learned", pack(trivial_learned(*se, alpha, Ps)),
           "the fixed point with only the trivial subspace learned (Q = P_S Q P_S)"}};
    };
  // The companion code's start Q0 = 0.01 I, from which the flow reaches the informative fixed
  // point when Q = 0 is unstable (Q = 0 itself is a fixed point).
  s.extra_starts = {{"initial", s.initial, "Q = 0.01 I"}};
  // mse = 1 - tr Q / p (per index, posterior-mean estimate); q_trivial = tr(P_S Q)/dim S (0 if
  // S is empty); q_rest = the same on the complement of S; ess as in McSeEval; kernel_growth =
  // alpha r(F_K) - 1 with K the null space of Q (the stability margin of the unlearned
  // directions at a fixed point with Q_K = 0; -1 if Q has no null space).
  s.observable_names = {"mse", "q_trivial", "q_rest", "ess", "kernel_growth"};
  s.observables = [se, alpha, B, Ps, Pk, cache](const Vec& x) {
    const Eigen::MatrixXd Q = gram::unpack_symmetric(B, x);
    const double qs = Ps.cols() ? (Ps.transpose() * Q * Ps).trace() / Ps.cols() : 0.0;
    const double qr = Pk.cols() ? (Pk.transpose() * Q * Pk).trace() / Pk.cols() : 0.0;
    Eigen::MatrixXd Kin, Kout;
    split_subspace(Q, 1e-10, Kin, Kout);
    const double growth =
        Kout.cols() ? alpha * spectral_radius(se->kernel_operator(Q, Kout)) - 1 : -1.0;
    return Vec{{1 - Q.trace() / Q.rows(), qs, qr, cache->evaluate(x).ev.ess, growth}};
  };
  if (invariant) {
    s.threshold = {"alpha", 0.05, 10.0, "trivial-learned", "kernel_growth", std::nullopt, ""};
  } else if (Ps.cols() > 0) {
    s.threshold = {"alpha", 0.0, 0.0, "", "", 0.0, ""};
    s.threshold.note =
        "E[z | y] != 0: a trivial subspace of dimension " + std::to_string(Ps.cols()) +
        " is weakly learnable at any alpha > 0, so alpha_c = 0 (the subspace is not exactly "
        "invariant under the estimated map, so no second threshold is searched)";
  }
  return s;
}

}  // namespace

std::unique_ptr<Model> make_gamp_mc_model(const ParamValues& pv, const std::string& channel, int p,
                                          double alpha) {
  McSeOptions o;
  o.pool = pv.get_int("pool");
  o.bins = pv.get_int("bins");
  o.nodes = pv.is_set("nodes") ? pv.get_int("nodes") : 0;
  o.min_ess = pv.get_real("min_ess");
  o.seed = static_cast<std::uint64_t>(pv.get_int("seed"));
  std::shared_ptr<const McGampSe> se;
  if (channel == "sign-committee") {
    auto sgn = [](double v) { return double((v > 0) - (v < 0)); };
    se = mc_gamp_se("sign-committee", [sgn](const double* z) { return sgn(z[0]) + sgn(z[1]) + sgn(z[2]); },
                    3, o);
  } else if (channel == "user") {
    const std::string g = pv.get_text("g");
    se = mc_gamp_se("user:" + g, expression_label(g, p), p, o);
  } else {
    throw std::invalid_argument("parameter 'channel' = '" + channel +
                                "': the Monte-Carlo GAMP SE is wired for channels user and sign-committee");
  }
  return make_gamp_se_model(pv, mc_gamp_spec(std::move(se), alpha));
}

}  // namespace summit::spectral
