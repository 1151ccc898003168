// A generic Monte-Carlo GAMP state evolution (Gaussian prior) for any multi-index channel
// y = g(z), z ~ N(0, I_p), with the full p x p overlap matrix Q (Troiani et al. 2024,
// arXiv:2405.15480):
//   Qhat = alpha E[g_out g_out^T],  Q <- Qhat (I + Qhat)^{-1},
//   g_out = V^{-1}(E[z | y, omega, V] - omega),  omega = Q^{1/2} xi,  V = I - Q.
//
// Method (docs/spectral.md, "Monte-Carlo GAMP state evolution"):
//  * One pool of M samples z ~ N(0, I_p), drawn once; the labels are evaluated once. The pool is
//    symmetrised under the channel's signed-permutation symmetries (z -> S z with y -> y or
//    y -> -y, detected on test draws), so each draw enters with its whole orbit and the pool
//    is exactly invariant: E_pool[z | y] vanishes exactly for an even channel (Q = 0 is then an
//    exact fixed point) and the subspaces the symmetries fix are exactly invariant under the
//    estimated map (the sign committee's trivial direction (1, 1, 1)).
//  * Labels taking <= 64 values are grouped exactly; otherwise into `bins` equal-count bins of y
//    (boundaries never split equal labels). Binning replaces the channel by its quantised
//    version (which can only lose information).
//  * For a given Q the posterior given (group b, omega) is reached by importance weights
//    w(z) = N(z; omega, V)/N(z; 0, I) on the pool: m_b(omega) = sum_b w z / sum_b w and
//    P(b | omega) = mean of w 1{z in b}. In the eigenbasis Q = U diag(lambda) U^T the weight
//    factorises over the eigen-directions, so the outer average over omega is a tensor
//    Gauss-Hermite rule (`nodes` per direction of non-zero lambda; null directions need one node)
//    computed as matrix products, with r n exponentials per pool sample (r = rank Q).
//  * With the pool and the nodes fixed, the estimated map is a smooth deterministic function of Q.
//    Its reliability is watched through the effective sample size of the weights: the
//    P-weighted harmonic mean over (b, omega) of ESS_b = (sum w)^2 / sum w^2 (the noise of m_b
//    is ~ Cov/ESS_b, which biases E[g g^T] upwards). Below `min_ess` the evaluation reports
//    ok = false with a message (it happens as Q -> I).
#pragma once

#include "lib/model.hpp"

#include <Eigen/Core>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace summit::spectral {

struct McSeOptions {
  long pool = 200000;   // samples of z (rounded down to whole symmetry orbits)
  int bins = 400;       // equal-count bins of y for labels with more than 64 values
  int nodes = 0;        // Gauss-Hermite nodes per eigen-direction of Q; 0: auto (p-dependent)
  double min_ess = 30;  // below: the evaluation is flagged unreliable
  std::uint64_t seed = 1;
};

// The default `nodes` for p indices: 40, 16, 12, 8, 6, 5, 4, 4 for p = 1..8 (n^p <= ~2000).
int mc_se_default_nodes(int p);

struct McSeEval {
  Eigen::MatrixXd E;  // E[g_out g_out^T] (Qhat = alpha E)
  double ess = 0;     // P-weighted harmonic mean of the per-group effective sample sizes
  bool ok = true;     // false: ess < min_ess, or Q outside [0, I) (message says which)
  std::string message;
};

class McGampSe {
 public:
  using Label = std::function<double(const double* z)>;
  // `label` is called once per distinct pool sample (and on symmetry test draws).
  McGampSe(const Label& label, int p, const McSeOptions& o);

  int p() const { return p_; }
  long pool_size() const { return static_cast<long>(Z_.cols()); }
  int groups() const { return static_cast<int>(group_begin_.size()) - 1; }
  bool discrete() const { return discrete_; }
  int symmetry_order() const { return symmetry_order_; }  // size of the detected group
  int nodes() const { return nodes_; }
  const McSeOptions& options() const { return o_; }

  // E[g_out g_out^T] at Q (symmetric; eigenvalues clipped to [0, 1 - 1e-12]).
  McSeEval expectation(const Eigen::MatrixXd& Q) const;
  // One SE step Q -> Qhat (I + Qhat)^{-1}; Q >= (1 - 1e-9) I is perfect recovery (returns I).
  Eigen::MatrixXd step(double alpha, const Eigen::MatrixXd& Q, McSeEval* info = nullptr) const;

  // The binned linear operator of the pool, vec(F(M)) = A vec(M) (row-major p x p vec), with
  // F(M) = sum_b P_b G_b M G_b, G_b = E_pool[z z^T | b] - I: the Q -> 0 slope of E[g g^T]
  // (the same object as estimate_channel's A, on this pool).
  Eigen::MatrixXd binned_F() const;
  // E_pool[m_b m_b^T] (m_b = E_pool[z | b]): the trivial subspace is its range.
  Eigen::MatrixXd trivial_S() const;

  // The linearisation of the map at a fixed point Q* whose kernel K (the orthonormal columns of
  // Kb, spanning directions with Q* K = 0) is not learned: for small overlaps M in K,
  // Qhat_K = alpha F_K(M) + o(M) with F_K(M) = E[G_K M G_K], G_K = Cov(z_K | y, omega) - I_K
  // (omega in the range of Q*). Returns F_K as a matrix on row-major vec(M) (k^2 x k^2).
  // Requires E[z_K | y, omega] = 0 (true at a fixed point with Q*_K = 0).
  Eigen::MatrixXd kernel_operator(const Eigen::MatrixXd& Q, const Eigen::MatrixXd& Kb) const;

 private:
  struct Moments;
  // Sums over the pool group b of w, w^2, w z (in the eigenbasis), and optionally w z_K z_K^T,
  // at every outer node.
  void group_sums(int b, const Eigen::MatrixXd& Zeta, const std::vector<int>& range,
                  const Eigen::VectorXd& lam, const Eigen::MatrixXd* Kzeta, Moments& m) const;

  int p_;
  McSeOptions o_;
  int nodes_;
  bool discrete_ = false;
  int symmetry_order_ = 1;
  Eigen::MatrixXd Z_;               // p x M, sorted by group
  std::vector<long> group_begin_;   // group b is columns [group_begin_[b], group_begin_[b+1])
};

// The pool for a channel, cached per (channel key, p, options): threshold searches rebuild the
// model at every alpha. `key` names the channel ("committee", or "user:" + expression).
std::shared_ptr<const McGampSe> mc_gamp_se(const std::string& key, const McGampSe::Label& label,
                                           int p, const McSeOptions& o);

// The label function of a muparser expression in z1..zp (throws std::invalid_argument naming
// `g` for a malformed expression).
McGampSe::Label expression_label(const std::string& expression, int p);

// The SE as a summit model (multi-index-weak-recovery, state_evolution=gamp, channel=user or
// sign-committee): state Q (symmetric p x p, stored once), drift step(Q) - Q.
std::unique_ptr<Model> make_gamp_mc_model(const ParamValues& pv, const std::string& channel,
                                          int p, double alpha);

}  // namespace summit::spectral
