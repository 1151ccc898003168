// Low-degree likelihood-ratio norms ||L^{<=D}||^2 of the planted problems beyond spiked Wigner and
// planted submatrix (low_degree.hpp), exactly at finite n and in the limit n -> infinity at fixed D,
// with the detection and (conjectured computational) recovery thresholds they are compared with
// (docs/landscape.md, "low-degree: detection-recovery gaps").
//
// Contract. Every function returns ||L^{<=D}||^2 = sum_{|alpha| <= D} <L, h_alpha>^2 for the
// orthonormal polynomial basis h_alpha of the null Q (Kunisky, Wein & Bandeira, arXiv:1907.11636):
//  * Bernoulli (graph) problems, null G(n, q): L = prod_e (1 + delta_e(X) chi_e), chi_e =
//    (A_e - q)/sqrt(q(1 - q)), delta_e(X) = (p_e(X) - q)/sqrt(q(1 - q)), so ||L^{<=D}||^2 =
//    E_{X,X'} e_{<=D}(w), the sum of the elementary symmetric polynomials of degree <= D of the
//    edge weights w_e = delta_e(X) delta_e(X') (degree = number of edges of the monomial).
//  * Gaussian additive problems Y = mu(X) + Z: ||L^{<=D}||^2 = E sum_{d<=D} R^d/d!,
//    R = <mu(X), mu(X')>.
// The problems and their parameterisations (the standard references named in docs/landscape.md):
//  * planted dense subgraph: G(n, q) vs edges inside S ~ Bern(rho)^n present with probability
//    p = q + lambda sqrt(q(1 - q)) (lambda = the per-edge chi-signal). w_e = lambda^2 on the
//    K(K - 1)/2 pairs of S cap S', K ~ Bin(n, rho^2): ||L^{<=D}||^2 = E_K sum_{d<=D}
//    C(K(K - 1)/2, d) lambda^{2d}. Limit at fixed rho and mu = lambda rho^2 n: sum_{d<=D}
//    (mu^2/2)^d/d!, as for the Gaussian planted submatrix.
//  * stochastic block model, k communities, labels uniform, null G(n, d/n), within/between
//    probabilities a/n, b/n with average degree d = (a + (k - 1) b)/k and signal-to-noise ratio
//    snr = (a - b)^2/(k (a + (k - 1) b)) (Kesten-Stigum: snr = 1). `layers` = L >= 1 independent
//    graphs on the same labels, each with the same (d, snr) (the multi-layer SBM; L = 1: the SBM).
//    Exact: a sum over the k^2 class counts of the pairs (sigma_i, sigma'_i) (multinomial), the
//    edge weights depending only on the classes of the two end points. Limit n -> infinity at fixed
//    D: only vertex-disjoint unions of cycles survive, ||L^{<=D}||^2 -> sum_{d<=D} [t^d]
//    exp(sum_l g_l t^l) with g_l = (k - 1)^2 (L snr)^l/(2l) for l >= 3 and, for L >= 2, the
//    double edges g_2 = (k - 1)^2 L(L - 1) snr^2/4 (derived here; see docs/landscape.md).
//  * multi-frequency angular synchronisation, L frequencies: theta_i uniform on the circle,
//    Y^{(l)}_ij = sqrt(lambda/n) e^{i l (theta_i - theta_j)} + Z^{(l)}_ij (i < j, Z standard
//    complex Gaussian, E|Z|^2 = 1): R = (lambda/n) sum_l (|S_l|^2 - n), S_l = sum_i e^{i l phi_i},
//    phi = theta - theta' uniform. Limit: R -> lambda sum_l (E_l - 1), E_l iid Exp(1), so the
//    D -> infinity norm is (e^{-lambda}/(1 - lambda))^L: threshold lambda = 1 (the spectral one).
//  * orthogonal group synchronisation O(r): g_i Haar on O(r), Y_ij = sqrt(lambda r/n) g_i g_j^T +
//    Z_ij (r x r, i < j, standard Gaussian entries; normalised so the spectral threshold of the
//    nr x nr matrix is lambda = 1): R = (lambda r/n) sum_{i<j} tr(h_i h_j^T), h_i = g'_i^T g_i
//    Haar. Limit R -> (lambda/2)(chi^2_{r^2} - r^2), D -> infinity norm
//    e^{-lambda r^2/2} (1 - lambda)^{-r^2/2}. r = 1 is Rademacher spiked Wigner.
// Exact finite-n sums are done in double precision (terms are positive for the graph problems;
// the Gaussian ones expand E (X - n)^d from exact raw moments, a cancellation bounded by 2^D).
#pragma once

#include "lib/model.hpp"
#include "lib/registry.hpp"

#include <optional>
#include <string>
#include <vector>

namespace summit::landscape {

// sum_{d=0}^{D} [t^d] exp(sum_{j=1}^{D} g[j] t^j) (g[0] ignored; g shorter than D + 1 is padded
// with zeros). The truncated-exponential generating function of every limit below.
double truncated_exp_series(const std::vector<double>& g, int D);

// Planted dense subgraph (lambda = (p - q)/sqrt(q(1 - q)); throws std::invalid_argument naming
// the parameter when q is not in (0, 1) or p = q + lambda sqrt(q(1 - q)) > 1).
double log_ld_norm_dense_subgraph(int n, double lambda, int D, double rho, double q);

// SBM / multi-layer SBM. Exact finite-n norm (throws if the class-count enumeration would exceed
// kSbmMaxCompositions terms, naming n, or if the probabilities a/n, b/n leave [0, 1]).
constexpr double kSbmMaxCompositions = 3e6;
double ld_norm_sbm(int n, int k, int layers, double snr, double degree, int D);
double ld_norm_sbm_limit(int k, int layers, double snr, int D);
// Largest n for which ld_norm_sbm enumerates at most kSbmMaxCompositions class counts.
int sbm_max_exact_n(int k);

// Multi-frequency angular synchronisation. Exact at finite n: L = 1 from the exact moments
// E|S|^{2j} = (j!)^2 [t^j] (sum_i t^i/(i!)^2)^n (any n, D <= 40); L >= 2 by enumerating the
// angle counts on the grid 2 pi Z_m / m, m = L D + 1, which integrates every trigonometric
// polynomial of the degree that occurs exactly (small n; throws naming n beyond 3e6 terms).
double ld_norm_angular(int n, int L, double lambda, int D);
double ld_norm_angular_limit(int L, double lambda, int D);
// E |sum_{i<=n} e^{i phi_i}|^{2j} for j = 0..J, phi_i iid uniform (exact).
std::vector<double> circle_sum_moments(int n, int J);

// Orthogonal group synchronisation. Exact at finite n for r = 1 (O(1) = {+-1}) and r = 2 (O(2):
// rotations and reflections, from circle_sum_moments); the limit for any r >= 1.
double ld_norm_orthogonal(int n, int r, double lambda, int D);
double ld_norm_orthogonal_limit(int r, double lambda, int D);

// What the `low-degree` registry model reports for one problem: observable names and values
// (state-independent), E R for its placeholder state, and its natural threshold when it is exact.
struct LowDegreeSummary {
  std::vector<std::string> names;
  std::vector<double> values;
  double mean_overlap = 0;
  std::optional<Model::Threshold> threshold;
};

// The parameters k, L, r, degree, q of the problems above (added to the `low-degree` model), and
// the summary of one of them ("planted-dense-subgraph", "sbm", "multilayer-sbm", "angular-sync",
// "orthogonal-sync"; throws std::invalid_argument naming the offending parameter).
void add_low_degree_problem_params(ModelInfo& info);
LowDegreeSummary summarise_low_degree_problem(const std::string& problem, const ParamValues& pv);

}  // namespace summit::landscape
