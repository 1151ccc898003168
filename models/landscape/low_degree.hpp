// Low-degree likelihood-ratio norms ||L^{<=D}||^2 of two Gaussian additive models, exactly at
// finite n and in the limit n -> infinity (docs/landscape.md, "low-degree: conventions";
// Kunisky, Wein & Bandeira, "Notes on computational hardness of hypothesis testing",
// arXiv:1907.11636).
//
// For Y = mu(X) + Z, Z ~ N(0, I), null Q: Y = Z, the low-degree projection of the likelihood
// ratio has ||L^{<=D}||^2 = E_{X,X'} sum_{d=0}^{D} R^d / d!, R = <mu(X), mu(X')>, X, X' independent
// prior draws. Here:
//  * spiked Wigner: Y_ij = sqrt(lambda/n) x_i x_j + Z_ij (i < j), x_i iid sparse Rademacher(rho)
//    (0 or +-1/sqrt(rho), P(x != 0) = rho; rho = 1: Rademacher). With v_i = x_i x'_i,
//    R = (lambda / 2n) ((sum v)^2 - sum v^2). Exact: k = #{v != 0} ~ Bin(n, rho^2), and given k
//    the number a of positive v_i ~ Bin(k, 1/2): R = lambda ((2a - k)^2 - k) / (2 n rho^2).
//    Limit n -> infinity at fixed D: R -> (lambda/2)(G^2 - 1), G ~ N(0, 1), so
//    ||L^{<=D}||^2 -> sum_{d<=D} (lambda/2)^d mu_d / d!, mu_d the central moments of chi^2_1
//    (mu_{d+1} = 2d (mu_d + mu_{d-1})); as D -> infinity, e^{-lambda/2} (1 - lambda)^{-1/2} for
//    lambda < 1, divergent for lambda >= 1: the threshold is lambda = 1.
//  * planted submatrix: Y_ij = lambda 1[i, j in S] + Z_ij (i < j), S ~ Bern(rho)^n.
//    R = lambda^2 K (K - 1) / 2, K = |S cap S'| ~ Bin(n, rho^2). Limit n -> infinity at fixed rho,
//    D and mu = lambda rho^2 n: R -> mu^2 / 2 in every moment, ||L^{<=D}||^2 -> sum_{d<=D}
//    (mu^2/2)^d / d! (-> e^{mu^2/2}, finite for every mu): the detection boundary is the scale
//    lambda ~ 1 / (rho^2 n) (the sum test), not a sharp constant.
//
// Registry name: "low-degree" (see register_low_degree).
#pragma once

#include "lib/registry.hpp"

#include <cmath>
#include <limits>

namespace summit::landscape {

// sum_{d=0}^{D} r^d / d!
double truncated_exp(double r, int D);

// log of the Bin(n, p) probability of k (p in [0, 1]; -infinity where it is 0).
double log_binom_pmf(int n, int k, double p);

// Running sum of positive terms given by their logs, without overflow: add(log t) for each term t
// (-infinity adds nothing); log_total() = log of the sum (-infinity when empty).
struct LogSum {
  double max_log = -std::numeric_limits<double>::infinity();
  double scaled = 0;  // sum of t / e^{max_log}
  void add(double log_term);
  double log_total() const { return max_log + std::log(scaled); }
};

// log ||L^{<=D}||^2, exact at finite n (sums in log space; throws std::invalid_argument on bad
// arguments: n >= 2, lambda >= 0, D >= 0, rho in (0, 1]; spiked Wigner with rho < 1 costs
// O(n^2 D) and needs n <= 20000).
double log_ld_norm_wigner(int n, double lambda, int D, double rho);
double log_ld_norm_submatrix(int n, double lambda, int D, double rho);

// n -> infinity limits (see above).
double ld_norm_wigner_limit(double lambda, int D);
double ld_norm_submatrix_limit(double mu, int D);  // mu = lambda rho^2 n

// Registers "low-degree".
void register_low_degree(Registry& registry);

}  // namespace summit::landscape
