// Weak recovery in multi-index models: the linearised state evolution and its threshold
// (Troiani et al. 2024, arXiv:2405.15480; Defilippis et al. 2025, arXiv:2502.02545;
// docs/spectral.md, section `multi-index-weak-recovery`).
//
// Registry name: "multi-index-weak-recovery". Labels y ~ P(y | z), z = W* x / sqrt d ~ N(0, I_p),
// n = alpha d samples. G(y) = E[z z^T | y] - I_p; the linear operator F(M) = E_y[G(y) M G(y)] on
// symmetric p x p matrices; the linearised GAMP state evolution M <- alpha F(M). As a summit
// model: state M (symmetric, stored once), drift alpha F(M) - M (its fixed point M = 0 is the
// uninformative one), so `summit threshold` locates alpha_c = 1 / r(F), where M = 0 loses
// stability (the largest eigenvalue of alpha F crosses 1). Loss: none (reported as 0).
//
// Channels with G(y) (closed forms and thresholds: docs/spectral.md, table of channels):
//   abs (p = 1): y = |z|, G = y^2 - 1;  square (p = 1): y = z^2, G = y - 1;  F = 2: alpha_c = 1/2
//   norm2 (any p): y = |z|^2, G = (y/p - 1) I, F = (2/p) Id: alpha_c = p/2
//   sign-z1z2 (p = 2): G = (2/pi) y sigma_x, F(M) = (4/pi^2) sigma_x M sigma_x: alpha_c = pi^2/4
//   z1z2 (p = 2): G = (a(y) - 1) I + y sigma_x, a(y) = |y| K1(|y|)/K0(|y|), y has density
//     K0(|y|)/pi; F = c Id + sigma_x (.) sigma_x with c = E[(a - 1)^2] (by quadrature):
//     alpha_c = 1/(1 + c)
//   abs-z1z2 (p = 2): G = (a - 1) I, F = c Id: alpha_c = 1/c
#pragma once

#include "lib/registry.hpp"

namespace summit::spectral {

void register_weak_recovery(Registry& registry);

// c = E[(a(y) - 1)^2] for y = z1 z2 (1-D quadrature; see the header comment).
double z1z2_second_moment();

}  // namespace summit::spectral
