// epsilon-PCA: the generalisation error of a truncated, epsilon-pinned covariance estimate (Kim
// 2026, arXiv:2604.12340; our derivation in docs/random_matrix.md, section `eps-pca`).
//
// Registry name: "eps-pca". Data x ~ N(0, sigma2 I_d), n = d / alpha samples, sample covariance
// S = (1/n) sum x x^T with eigenvalues lambda_i. The estimate keeps the eigenvalues above a cutoff
// c and pins the discarded directions at eps: Sigma_hat has eigenvalues lambda_i (lambda_i > c)
// and eps (the rest). Generalisation error GE = E KL(N(0, sigma2 I) || N(0, Sigma_hat))
// = (1/2) sum of h(eigenvalue / sigma2) with h(x) = 1/x - 1 + log x >= 0. Per dimension, d -> inf
// (everything in units of sigma2, rho = Marchenko-Pastur density of ratio alpha):
//   ge(c)  = (1/2) int_c^{l+} h rho + (1/2) (1 - kappa(c)) h(eps),  kappa(c) = int_c^{l+} rho
//   model error ME = (1/2)(1 - kappa) h(eps), data bias DB = (1/2) int_c^{l+} h rho, variance 0
//   d ge/dc = (1/2) rho(c) [h(eps) - h(c)]
// For alpha > 1 the atom 1 - 1/alpha at 0 is always discarded (pinned at eps).
//
// Optimal cutoff: ge decreases while h(c) > h(eps) and increases while h(c) < h(eps), so the only
// interior local minimum is at the root below 1 of h(c) = h(eps): c = eps for eps <= 1 (the paper's
// lambda*_cut = eps) and the partner eps_low < 1 of eps for eps > 1 (there c = eps is a local
// MAXIMUM). Its competitor is c = l+ (collapse: keep nothing, ge = h(eps)/2). With
// c_loc = max(l-, eps_low) the collapse margin is
//   Delta(eps) = int_{c_loc}^{l+} [h(lambda) - h(eps)] rho = 2 (ge(c_loc) - ge_collapse),
// increasing in eps on (0, 1] from -inf to Delta(1) > 0: its root is eps*(alpha), in (l-, 1)
// for alpha < 2.8292; above that eps* < l- and there is no interior regime.
// Regimes: collapse if Delta >= 0; else retain-all if eps_low <= l-; else interior.
#pragma once

#include "lib/registry.hpp"
#include "solvers/status.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>

namespace summit::random_matrix {

// h(x) = 1/x - 1 + log x (accurate near x = 1).
double eps_pca_h(double x);

enum class EpsPcaRegime { RetainAll = 0, Interior = 1, Collapse = 2 };
const char* to_string(EpsPcaRegime r);

// The per-dimension (d -> infinity) theory, in units of sigma2 = 1 (scale eps and c by sigma2).
class EpsPcaTheory {
 public:
  // alpha = d/n > 0, eps > 0; throws std::invalid_argument otherwise.
  EpsPcaTheory(double alpha, double eps);
  double alpha() const { return alpha_; }
  double eps() const { return eps_; }
  double lambda_minus() const { return lm_; }
  double lambda_plus() const { return lp_; }
  // Lowest admissible cutoff: l-, or 1e-6 when l- < 1e-6 (alpha ~ 1, where ge(c) ~ c^{-1/2}).
  double c_min() const { return cmin_; }
  double density(double c) const;
  double kappa(double c) const;        // fraction of eigenvalues kept (> c)
  double data_bias(double c) const;    // (1/2) int_c h rho
  double model_error(double c) const;  // (1/2) (1 - kappa) h(eps)
  double ge(double c) const;           // data_bias + model_error
  double dge(double c) const;          // d ge / dc
  double d2ge(double c) const;         // d^2 ge / dc^2 (0 outside the open support)
  double ge_collapse() const { return 0.5 * eps_pca_h(eps_); }
  // Closed forms for alpha < 1 (Marchenko-Pastur moments, e.g. Bai & Silverstein 2010;
  // docs/random_matrix.md, `eps-pca`): int rho/lambda, int log(lambda) rho, and
  // ge(retain-all) = (1/2)[alpha/(1-alpha) - 1 - ((1-alpha)/alpha) log(1-alpha)] + 0 (eps unused).
  static double mean_inverse(double alpha);
  static double mean_log(double alpha);
  static double ge_retain_all_closed(double alpha);
  // The interior stationary point below 1: eps (eps <= 1) or the root in (0, 1) of h = h(eps).
  double eps_low() const { return eps_low_; }
  double local_cutoff() const { return std::max(cmin_, eps_low_); }
  double collapse_margin() const;  // Delta(eps)
  EpsPcaRegime regime() const;
  double optimal_cutoff() const;   // c*: local_cutoff(), or l+ in the collapse regime
  double ge_optimal() const { return ge(optimal_cutoff()); }

 private:
  double alpha_, eps_, lm_, lp_, cmin_, eps_low_;
};

// eps*(alpha): the root of Delta in eps, by TOMS 748 on a bracket that never contains the
// spurious root Delta(l+) = 0 of the form int_eps^{l+} [h - h(eps)] rho (hi = 1).
struct EpsStar {
  Status status = Status::Ok;
  double value = 0, lo = 0, hi = 0;  // the root and the initial bracket (units of sigma2)
  std::string message;
};
EpsStar eps_star(double alpha);
// The small-alpha limit 1 + 2 sqrt(alpha) e*, with e* in (-1, 0) the root of
// int_e^1 (x^2 - e^2) sqrt(1 - x^2) dx = 0 (closed form in theta = arccos e, TOMS 748).
double eps_star_small_alpha_e();

// Finite-d simulation: reps draws of S = (1/n) X X^T, X of size d x n with N(0, 1) entries,
// n = round(d / alpha). Per dimension, mean over draws and standard error:
//  - ge: the cutoff rule (keep lambda_i > c), and kappa = fraction kept;
//  - the decomposition at the fixed rank N_K = round(kappa(c) d) (the top N_K eigenvalues):
//    ME = (d - N_K) h(eps) / (2d), DB = sum_i h(sigmabar_i) / (2d) with sigmabar_i =
//    1 / mean(1/lambda_i), V = sum_i (mean log lambda_i - log sigmabar_i) / (2d) times
//    reps/(reps - 1) (removes the O(V/reps) bias of the plug-in estimate), and GE_K = ME + DB + V.
struct EpsPcaSimulation {
  int d = 0, n = 0, reps = 0;
  double ge = 0, ge_se = 0, kappa = 0, kappa_se = 0;
  double ge_fixed_rank = 0, model_error = 0, data_bias = 0, variance = 0;
};
EpsPcaSimulation simulate_eps_pca(double alpha, double eps, double c, int d, int reps,
                                  std::uint64_t seed);
// The same from given spectra (one column per draw, e.g. from sample_covariance_spectra).
EpsPcaSimulation simulate_eps_pca(double alpha, double eps, double c,
                                  const Eigen::MatrixXd& spectra);
// Sorted (ascending) eigenvalues of reps sample covariances (one column per draw).
Eigen::MatrixXd sample_covariance_spectra(double alpha, int d, int reps, std::uint64_t seed);

void register_eps_pca(Registry& registry);

}  // namespace summit::random_matrix
