// The full GAMP state evolution (Gaussian prior; Troiani et al. 2024, arXiv:2405.15480;
// docs/spectral.md, "Full GAMP state evolution") by deterministic quadrature for channels whose
// posterior lives on a known curve or sphere:
//
//   Qhat = alpha E[g_out g_out^T],  Q <- Qhat (I + Qhat)^{-1},
//   g_out = V^{-1}(E[z | y, omega, V] - omega),  omega = Q^{1/2} xi,  V = I - Q,
//   z = omega + V^{1/2} eta  (xi, eta ~ N(0, I_p)).
//
// norm2 (y = |z|^2, any p >= 1). By rotation invariance Q = q I_p, V = v I_p (v = 1 - q). Given
// omega and r = sqrt(y) the posterior of z on the sphere |z| = r has density prop. to
// exp(-|z - omega|^2 / (2v)) prop. to exp(r u.omega / v) in the direction u = z / r: von
// Mises-Fisher with concentration kappa = r |omega| / v, whose mean is
//   E[z | y, omega] = r A_{p/2}(kappa) omega / |omega|,   A_nu(k) = I_nu(k) / I_{nu-1}(k)
// (the mean resultant length of the vMF law on S^{p-1}; p = 1: A_{1/2} = tanh, the abs channel).
// So g_out is along omega and E[g_out g_out^T] = E[(r A(kappa) - |omega|)^2] / (p v^2) I_p. With
// omega along e1: |omega| = sqrt(q) |xi|, |xi|^2/2 ~ Gamma(p/2); r^2 = (|omega| + sqrt(v) eta_1)^2
// + v |eta_perp|^2, |eta_perp|^2/2 ~ Gamma((p-1)/2): a 3-D tensor quadrature (generalised
// Gauss-Laguerre x Gauss-Hermite x generalised Gauss-Laguerre; 2-D for p = 1).
//
// z1z2 (y = z1 z2) and abs-z1z2 (y = |z1 z2|), p = 2, general symmetric Q. The posterior given y
// lives on the hyperbola z1 z2 = y: on the branch z1 = s1 e^s, z2 = s2 |y| e^{-s} (signs s1, s2)
// the delta function gives delta(z1 z2 - y) dz = ds, so
//   p(y | omega) = sum_branches int ds N(z(s); omega, V),
//   E[z | y, omega] = sum int ds z(s) N(z(s); omega, V) / p(y | omega)
// (z1z2: the two branches with s1 s2 = sign y; abs-z1z2: all four). The expectation over y is a
// 1-D integral in u = log|y| for each sign of y (the substitution removes the log singularity of
// p(y | omega) at y = 0 and the Jacobian e^u makes the tail towards y = 0 decay exponentially);
// omega ~ N(0, Q) in polar coordinates of xi (half the angles: the integrand is even in omega). The u-
// and s-integrals are composite Gauss-Legendre rules on panels whose breakpoints follow the
// Gaussian blob N(z; omega, V) (its centre and +-2, +-5 marginal standard deviations, mapped to
// log|z1|, log|z2| and log|z1 z2|), subdivided to a maximal width; doubling the nodes per panel
// measures the quadrature error (hyperbola_qhat_over_alpha's `error`).
#pragma once

#include "lib/model.hpp"

#include <Eigen/Core>

#include <memory>
#include <string>

namespace summit::spectral {

bool gamp_exact_supported(const std::string& channel);  // norm2, z1z2, abs-z1z2

// A_nu(k) = I_nu(k) / I_{nu-1}(k) for nu >= 1/2, k >= 0, without overflow: tanh for nu = 1/2,
// Gauss's continued fraction for k <= 50, the ratio of Boost's I_nu for 50 < k <= 600, and the
// ratio of the two Hankel asymptotic series (the e^k / sqrt(2 pi k) cancels) above.
double bessel_ratio(double nu, double k);

// norm2: E[g_out,1^2] at Q = q I_p (the SE map is qhat = alpha times this), q in [0, 1), with n
// nodes per variable.
double norm2_qhat_over_alpha(int p, double q, int n = 48);
// One SE step q -> qhat / (1 + qhat) (q >= 1 - 1e-12: perfect recovery, returns 1).
double norm2_step(int p, double alpha, double q, int n = 48);

// z1z2 / abs-z1z2 quadrature options: omega = Q^{1/2} xi with xi in polar coordinates (Rayleigh
// rule with n_radial nodes for |xi|, periodic trapezoidal rule with n_angle nodes for its angle);
// Gauss-Legendre nodes per panel in u = log|y| and in s; maximal panel width near the blob.
struct HyperbolaQuad {
  int n_radial = 12;
  int n_angle = 64;
  int n_panel = 8;
  double max_width = 4.0;
};

struct HyperbolaMoments {
  Eigen::Matrix2d E = Eigen::Matrix2d::Zero();  // E[g_out g_out^T]
  double mass = 0;                              // E_omega int dy p(y | omega): 1 up to quadrature
  // max |E - E'| with E' from 1.5 n_radial, 2 n_angle, 2 n_panel (only when asked for)
  double error = 0;
};

// E[g_out g_out^T] at Q (2x2, 0 <= Q < I). with_error: also with twice the nodes per panel.
HyperbolaMoments hyperbola_qhat_over_alpha(const std::string& channel, const Eigen::Matrix2d& Q,
                                           const HyperbolaQuad& o = {}, bool with_error = false);

// E_{y | omega}[g_out g_out^T] (and the mass of p(y | omega)) at one omega, V. For tests.
HyperbolaMoments hyperbola_conditional(const std::string& channel, const Eigen::Vector2d& omega,
                                       const Eigen::Matrix2d& V, const HyperbolaQuad& o = {});

// The posterior of z given y (z1z2: signed y; abs-z1z2: y >= 0), omega and V, by the s-integral:
// p(y | omega, V) and E[z | y, omega, V]. For tests.
struct HyperbolaPosterior {
  double density = 0;
  Eigen::Vector2d mean = Eigen::Vector2d::Zero();
};
HyperbolaPosterior hyperbola_posterior(const std::string& channel, double y,
                                       const Eigen::Vector2d& omega, const Eigen::Matrix2d& V,
                                       const HyperbolaQuad& o = {});

// One SE step Q -> Qhat (I + Qhat)^{-1} (eigenvalues of Q clipped to [0, 1 - 1e-9]; Q with both
// eigenvalues >= 1 - 1e-9: perfect recovery, returns I).
Eigen::Matrix2d hyperbola_step(const std::string& channel, double alpha, const Eigen::Matrix2d& Q,
                               const HyperbolaQuad& o = {});

// The model (multi-index-weak-recovery, state_evolution=gamp) for these channels: state q for
// norm2 (parameter p, default 2), the symmetric 2x2 Q (Q[1,1], Q[1,2], Q[2,2]) for z1z2 and
// abs-z1z2.
std::unique_ptr<Model> make_gamp_exact_model(const ParamValues& pv, const std::string& channel,
                                             double alpha);

}  // namespace summit::spectral
