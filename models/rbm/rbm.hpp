// Restricted Boltzmann machines trained on spiked-covariance data (Xu, Krzakala & Zdeborova 2025,
// arXiv:2505.18046; docs/spectral.md, section `rbm`).
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
//   decomposition of W in the eigenbasis of C (exact gradient flow; docs/spectral.md, `rbm`):
//   the state holds the spectral weights of W at quadrature nodes of the limiting spectrum (see
//   rbm.cpp).
// hidden = rademacher: the population (alpha -> infinity) gradient flow in (m, Q), closed by
//   Stein's lemma: dW/dt = Sigma W D - W <h h^T>_Q, D = diag E[sech^2(l_a)], l ~ N(0, Q + beta m m^T).
#pragma once

#include "lib/registry.hpp"

#include <cstdint>
#include <functional>
#include <string>
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
// q = 1 - 1/lambda_1, m^2 = q cos^2 (from stationarity C W = W (I - Q)^{-1}; docs/spectral.md).
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

// ---- AMP for the reduced objective at finite alpha, k = 1 (docs/spectral.md `rbm`, section "AMP at
// finite alpha"). [DERIVED here; the paper's body (arXiv:2505.18046) was not accessible, only its
// abstract, which states that AMP and its SE apply.] Maximise sum_mu eta(w.x_mu/sqrt d) - n psi(q):
//   omega^t  = X w^t / sqrt d - V^t g^{t-1}                       (Onsager: V^t = 1/Lambda^{t-1})
//   lambda^t = prox: lambda - omega = V^t eta'(lambda),  g^t = eta'(lambda^t),
//              dg/domega = eta''/(1 - V eta'')                   (output denoiser, needs V eta'' < 1)
//   B^t      = X^T g^t / sqrt d + ahat^t w^t,   ahat^t = -(1/d) sum_mu dg_mu/domega_mu
//   w^{t+1}  = B^t / Lambda^t,  Lambda^t = alpha Gamma(q^{t+1}) + ahat^t,  V^{t+1} = 1/Lambda^t
// (input denoiser linear with the Lagrange multiplier Lambda, Gamma = 2 psi'(q): 1 for +-1 hidden
// units, 1/(1 - q) for Gaussian ones). At a fixed point lambda_mu = w.x_mu/sqrt d and
// X^T eta'(lambda)/sqrt d = alpha Gamma w: the stationarity condition of the objective.
// State evolution, omega ~ N(0, q + beta m^2) (omega = sqrt(beta) c m + sqrt(q) xi), D = E[dg]:
//   mhat = alpha sqrt(beta) E[c g] = alpha beta m D (Stein),  qhat = alpha E[g^2],  ahat = -alpha D,
//   m' = mhat / Lambda,  q' = (mhat^2 + qhat) / Lambda^2,  V' = 1 / Lambda.
enum class Hidden { gaussian, rademacher };

struct AmpOutput {
  double lambda = 0, g = 0, dg = 0;
};
// The output denoiser at (omega, V), 0 < V < 1 (Gaussian: lambda = omega / (1 - V); +-1: the root of
// lambda - V tanh(lambda) = omega by Newton from |omega| + V, monotone since the map is convex on
// lambda > 0).
AmpOutput amp_output_denoiser(Hidden h, double omega, double V);

struct AmpState {
  double m = 0, q = 0, V = 0;
};
struct AmpStep {
  bool ok = false;
  std::string why;                    // when !ok: the condition that failed
  AmpState next;                      // (m', q', V')
  double mhat = 0, qhat = 0, ahat = 0, Lambda = 0;  // conjugates
  double D = 0;                       // E[dg/domega]
  double m_gain = 0;                  // m'/m = alpha beta D / Lambda (the linearisation at m = 0)
  double replicon = 0;                // alpha V'^2 E[(dg/domega)^2] (< 1: the fixed point is stable
                                      //   against replica-symmetry breaking / AMP converges)
  double objective = 0;               // E[eta(lambda)] - psi(q): L/n at a fixed point
};
// One state-evolution step from s (needs q >= 0, q + beta m^2 > 0, 0 < V < 1); expectations by the
// trapezoidal rule on z in [-12, 12] with step 0.05 (spectrally accurate, as e_sech2).
AmpStep amp_se_step(Hidden h, double alpha, double beta, const AmpState& s);

// A fixed point of the SE: damped iteration (mixing `damping`), then Newton with a finite-difference
// Jacobian from the best iterate; `keep_m0` holds m = 0 (the uninformative point, a fixed point by
// the symmetry m -> -m). converged: max|F(x) - x| <= tol.
struct AmpFixedPoint {
  bool converged = false;
  std::string message;
  AmpState x;
  AmpStep at;            // the step evaluated at x (conjugates, m_gain, replicon, objective)
  double residual = 0;
  int iterations = 0;
};
AmpFixedPoint amp_fixed_point(Hidden h, double alpha, double beta, const AmpState& start,
                              bool keep_m0 = false, double damping = 0.3, double tol = 1e-12,
                              int max_iterations = 3000);

// A finite-d AMP run (the iteration above on sampled data, u = e1, n = alpha d) from
// w0 = m0 sqrt(d) e1 + isotropic noise of squared norm (q0 - m0^2) d, V^0 = V0. Returns the
// measured (m, q, V) after each of the `iterations` steps.
std::vector<AmpState> run_amp_k1(Hidden h, double alpha, double beta, int d, int iterations,
                                 const AmpState& start, std::uint64_t seed);

// The spectral measure of the limiting sample covariance in the direction of the spike, nu_u
// (weights on the bulk, an atom cos^2 at the outlier, an atom at 0 when alpha < 1), and the
// Marchenko-Pastur law mu: densities on the bulk (derived in docs/spectral.md, `rbm`; deterministic
// equivalent u^T (C - z)^{-1} u = -1 / (z (1 + (1 + beta) mbar(z))), mbar the companion Stieltjes
// transform).
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
