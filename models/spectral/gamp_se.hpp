// The full GAMP state evolution with a Gaussian prior for multi-index models (Troiani et al. 2024,
// arXiv:2405.15480; docs/spectral.md, "Full GAMP state evolution"), for channels whose posterior
// mean E[z | y, omega, V] has a closed form, and a finite-d GAMP run to check it against.
//
// With z = omega + sqrt(V) eta, omega = sqrt(q) xi (xi, eta ~ N(0, I_p)), V = 1 - q, and
// g_out(y, omega, V) = (E[z | y, omega, V] - omega)/V, the state evolution is
//   Qhat = alpha E[g_out g_out^T],   Q <- Qhat (I + Qhat)^{-1}.
// For the channels here Q stays a multiple q I_p of the identity (the channel is invariant under
// permutations of the indices and under z_i -> -z_i combined with a relabelling of y), so the
// state is the scalar q and qhat = alpha E[g_out,1^2]. Posterior means:
//   abs (y = |z|) and square (y = z^2), p = 1: z = +-|z|, E[z | y] = |z| tanh(|z| omega / V);
//   sign-z1z2 (y = sign(z1 z2)), p = 2: z1, z2 independent N(omega_i, V) given omega,
//     conditioned on the sign of the product (truncated-Gaussian means, closed form).
#pragma once

#include "lib/model.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace summit::spectral {

bool gamp_supported(const std::string& channel);

// E[g_out,1^2] at Q = q I_p (the state-evolution map is qhat = alpha times this), by tensor
// Gauss-Hermite quadrature with `nodes` points per Gaussian variable (exact sums over discrete
// y). q in [0, 1); at q = 1 (V = 0) the posterior is a point mass and the map is not defined.
double gamp_qhat_over_alpha(const std::string& channel, double q, int nodes = 100);

// One state-evolution step q -> qhat / (1 + qhat), qhat = alpha E[g_out,1^2] (q >= 1 - 1e-12:
// perfect recovery, a fixed point, returns 1).
double gamp_step(const std::string& channel, double alpha, double q, int nodes = 100);

// A finite-d GAMP run (Rangan's GAMP, Gaussian N(0, 1) prior) on y = g(x . w* / sqrt d) with
// n = alpha d Gaussian inputs, for the p = 1 channels abs and square, started from an estimate
// with overlap sqrt(q0) with w*. Returns the overlap m_t = w_hat . w* / d (sign fixed by w*) and
// q_t = |w_hat|^2 / d after each iteration.
struct GampRun {
  std::vector<double> overlap, q;
};
GampRun run_gamp_p1(const std::string& channel, double alpha, int d, int iterations, double q0,
                    std::uint64_t seed);

// The state evolution as a summit model (multi-index-weak-recovery with state_evolution=gamp):
// state q (Q = q I_p), drift gamp_step(q) - q, so its fixed points are those of the iteration and
// the stability of q = 0 changes at the weak-recovery threshold alpha_c (the linearisation of the
// map at q = 0 is alpha r(F) q). The Jacobian is a finite difference (the map is a quadrature).
std::unique_ptr<Model> make_gamp_model(const ParamValues& pv, const std::string& channel,
                                       double alpha);

}  // namespace summit::spectral
