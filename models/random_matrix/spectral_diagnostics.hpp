// Spectral diagnostics of random matrices: persistence entropy of the eigenvalue spacings and the
// level-spacing ratio (Loftus 2026, arXiv:2603.27903; Atas et al., PRL 110, 084101, 2013; the
// corrected PE asymptotics are derived in docs/random_matrix.md, `spectral-diagnostics`).
//
// For f(x) = x^T M x on the sphere the n - 1 finite persistence bars have lengths
// s_k = lambda_{k+1} - lambda_k; PE = -sum p_k log p_k with p_k = s_k / (lambda_n - lambda_1).
// Large-n prediction (normalised density f on a support of length L, spacing constant c_beta):
//   PE = log(n L) + (1/L) int log f - c_beta + o(1),  c_beta = E[s log s] (unfolded spacings)
// semicircle: log(8n/pi) - 1 - c_beta (the paper's abstract states log(8n/pi) - 1, without
// c_beta); Marchenko-Pastur (ratio c <= 1): log(8n/pi) - (l+ log l+ - l- log l-)/(l+ - l-) - c_beta.
// c_beta from the Wigner-type surmise P(s) ~ s^beta exp(-b s^2) with mean 1:
//   c_beta = psi(1 + beta/2)/2 - log[Gamma(1 + beta/2) / Gamma((1 + beta)/2)],
// and 1 - gamma for Poisson (exponential spacings).
//
// Registry name: "spectral-diagnostics". A static model: state = the matrix size n (a real
// coordinate, initially the parameter n) at which the predictions are evaluated; drift 0; loss =
// the corrected PE prediction at that n (0 where there is none). Sampled observables (samples > 0)
// and the observables of a user spectrum (spectrum = FILE) refer to the parameters, not the state.
#pragma once

#include "lib/registry.hpp"

#include <Eigen/Core>

#include <functional>
#include <random>
#include <string>
#include <vector>

namespace summit::random_matrix {

// Persistence entropy of the gaps of a spectrum (sorted internally). Needs >= 2 values and a
// positive spread (throws std::invalid_argument). Zero gaps contribute 0 (0 log 0 = 0).
double persistence_entropy(std::vector<double> eigenvalues);
// Mean of r~_k = min(s_k, s_{k+1}) / max(s_k, s_{k+1}) over consecutive gaps (>= 3 values; pairs
// of zero gaps are skipped, and if all are, throws std::invalid_argument).
double mean_spacing_ratio(std::vector<double> eigenvalues);

// c_beta = E[s log s] for the beta-surmise (closed form above); beta = 0 means Poisson, 1 - gamma.
double c_beta(double beta);
// <r~> surmise closed forms (Atas et al. 2013) for beta = 0 (Poisson), 1, 2, 4; throws otherwise.
double r_surmise(double beta);
// Atas et al.'s large-N numerical values: 0.5307 (1), 0.5996 (2), 0.6744 (4); Poisson 2 log 2 - 1.
double r_large_n(double beta);

// PE predictions.
double pe_semicircle(double n, double beta);   // log(8n/pi) - 1 - c_beta
double pe_abstract(double n);                  // log(8n/pi) - 1 (the abstract's formula)
double pe_marchenko_pastur(double n, double c, double beta);
// The general formula log(n L) + (1/L) int_a^b log f - c_beta by tanh-sinh quadrature, for a
// normalised density f on [a, b] (integrable log singularities at the edges allowed).
double pe_general(double n, const std::function<double(double)>& f, double a, double b,
                  double beta);

// Samplers (eigenvalues, ascending).
// Dumitriu-Edelman beta-Hermite tridiagonal, scaled by sqrt(2/(beta n)) so the semicircle is on
// [-2, 2] (beta = 1, 2, 4: GOE, GUE, GSE). O(n^2).
Eigen::VectorXd sample_beta_hermite(int n, double beta, std::mt19937_64& rng);
// Dumitriu-Edelman beta-Laguerre: the eigenvalues of W/(beta m), W = G G^* with G of size n x m
// (m = round(n / c) >= n), i.e. Marchenko-Pastur with ratio c and sigma2 = 1. O(n^2).
Eigen::VectorXd sample_beta_laguerre(int n, double c, double beta, std::mt19937_64& rng);
// Rosenzweig-Porter H = diag(a_i) + n^{-gamma/2} W, a_i ~ N(0, 1), W GOE with off-diagonal
// entries N(0, 1) and diagonal N(0, 2). Dense, O(n^3).
Eigen::VectorXd sample_rosenzweig_porter(int n, double gamma, std::mt19937_64& rng);

// Reads eigenvalues from a text file: numbers separated by blanks, commas or newlines; '#'
// starts a comment. Throws std::invalid_argument (naming the parameter 'spectrum', the path and
// the problem) when the file is missing, holds a non-numeric token or fewer than 3 values.
std::vector<double> read_spectrum(const std::string& path);

void register_spectral_diagnostics(Registry& registry);

}  // namespace summit::random_matrix
