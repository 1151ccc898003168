// Restricted Boltzmann machines trained on spiked-covariance data (Xu, Krzakala & Zdeborova 2025,
// arXiv:2505.18046; theory notes spectral.md §2; docs/spectral.md, section `rbm`).
//
// Registry name: "rbm". Data x_mu ~ N(0, I + beta u u^T), |u| = 1, mu = 1..n, n = alpha d. The RBM
// with Gaussian visible units, k hidden units h ~ P_h and coupling v^T W h / sqrt(d) has, exactly
// for Gaussian visible units, the per-sample log-likelihood (up to a constant)
//   L(W)/n = (1/n) sum_mu eta(W^T x_mu / sqrt d) - psi(Q),   Q = W^T W / d,
//   eta(l) = log E_h exp(h.l),   psi(Q) = log E_h exp(h^T Q h / 2),
// Gaussian hidden units: eta = |l|^2/2, psi = -log det(I - Q)/2;
// +-1 hidden units: eta = sum_a log cosh l_a, psi = log 2^-k sum_h exp(h^T Q h / 2) (q/2 for k = 1).
// The model's loss is -L/n (minimised). Gradient flow dW/dt = d grad_W (L/n).
//
// hidden = gaussian: dW/dt = C W - W (I - Q)^{-1}, C the sample covariance. Not closed in the
//   overlaps (m, Q) at finite alpha; in the d -> infinity limit it is closed in the spectral
//   decomposition of W in the eigenbasis of C (spectral.md §2.2, exact gradient flow): the state
//   holds the spectral weights of W at quadrature nodes of the limiting spectrum (see rbm.cpp).
// hidden = rademacher: the population (alpha -> infinity) gradient flow in (m, Q), closed by
//   Stein's lemma: dW/dt = Sigma W D - W <h h^T>_Q, D = diag E[sech^2(l_a)], l ~ N(0, Q + beta m m^T).
#pragma once

#include "lib/registry.hpp"

#include <functional>
#include <vector>

namespace summit::rbm {

void register_model(Registry& registry);

// ---- Closed forms of the spiked covariance (gamma = 1/alpha) [STD: Baik-Ben Arous-Peche 2005,
// Paul 2007]. The outlier exists iff alpha beta^2 > 1.
bool bbp_outlier(double alpha, double beta);
double mp_upper_edge(double alpha);           // (1 + alpha^{-1/2})^2
double bbp_top_eigenvalue(double alpha, double beta);  // (1+beta)(1+1/(alpha beta)) or the edge
double bbp_overlap2(double alpha, double beta);        // cos^2 of the top eigenvector with u, or 0

// Gaussian hidden units, any k: the stationary point with one unit on the top eigenvector:
// q = 1 - 1/lambda_1, m^2 = q cos^2 (spectral.md §2.2).
struct GaussianFixedPoint {
  double top_eigenvalue = 0, q = 0, overlap2 = 0, m2 = 0;
};
GaussianFixedPoint gaussian_fixed_point(double alpha, double beta);

// +-1 hidden units, k = 1, alpha -> infinity: w || u with s = sqrt(1 + beta) r solving
// (1 + beta) E[sech^2(s Z)] = 1; q = m^2 = r^2 (0 if beta <= 0).
struct RademacherFixedPoint {
  double s = 0, q = 0, m = 0;
};
RademacherFixedPoint rademacher_population_fixed_point(double beta);
// E[sech^2(s Z)], Z ~ N(0, 1), by Gauss-Hermite quadrature.
double expected_sech2(double s);

// AMP for the reduced objective with Gaussian hidden units (linear input and output denoisers):
// its state evolution for the squared cosine r_t between the iterate and the spike is
//   r_{t+1} = a^2 b^2 r_t / (a^2 b^2 r_t + a b r_t + a)   (a = alpha, b = beta),
// whose fixed point is bbp_overlap2 and whose uninformative point r = 0 is unstable iff
// alpha beta^2 > 1. Returns the iterates r_0..r_T (r_0 = start).
std::vector<double> amp_state_evolution_gaussian(double alpha, double beta, double start,
                                                 int iterations);

// The spectral measure of the limiting sample covariance in the direction of the spike, nu_u
// (weights on the bulk, an atom cos^2 at the outlier, an atom at 0 when alpha < 1), and the
// Marchenko-Pastur law mu: densities on the bulk (spectral.md §2.2; deterministic equivalent
// u^T (C - z)^{-1} u = -1 / (z (1 + (1 + beta) mbar(z))), mbar the companion Stieltjes transform).
double spike_density(double alpha, double beta, double lambda);  // nu_u on the bulk
double spike_zero_atom(double alpha, double beta);               // nu_u({0}): (g - 1)/(g + beta)
// Exact d -> infinity gradient flow of one Gaussian hidden unit from w0 = m0 sqrt(d) u + g,
// g isotropic with |g|^2/d = q0 - m0^2: returns (m(t), q(t)) at the given times, by
// w(t) = e^{t C - Gamma(t)} w0 with dGamma/dt = 1/(1 - q) (RK4, step dt), the spectral integrals by
// `nodes`-point Gauss-Chebyshev quadrature.
struct FlowPoint {
  double t, m, q;
};
std::vector<FlowPoint> gaussian_flow_k1(double alpha, double beta, double m0, double q0,
                                        const std::vector<double>& times, int nodes = 64,
                                        double dt = 1e-3);

}  // namespace summit::rbm
