// Kernel ridge regression in the eigenlearning framework (Simon, Dickens, Karkada & DeWeese,
// arXiv:2110.03922; one of the "solvable settings" of Simon et al. 2026, arXiv:2604.21691;
// docs/solvable.md).
//
// Registry name: "eigenlearning". A kernel with eigenvalues lambda_i and a target with
// coefficients v_i in the kernel's orthonormal eigenbasis, n samples, ridge delta, label noise
// sigma^2. The effective regularisation kappa solves
//   n = sum_i lambda_i / (lambda_i + kappa) + delta / kappa,
// the learnabilities are L_i = lambda_i / (lambda_i + kappa), and the predicted test MSE (on
// noisy test labels) is
//   E = E0 (sum_i (1 - L_i)^2 v_i^2 + sigma^2),   E0 = n / (n - sum_i L_i^2).
// This is a self-consistent (non-dynamical) model: its "drift" is F(kappa) - kappa with the map
// F(kappa) = (delta + kappa sum_i L_i(kappa)) / n, whose fixed point is the kappa above; its loss is
// the predicted test MSE at kappa.
#pragma once

#include "lib/registry.hpp"

namespace summit::eigenlearning {

void register_model(Registry& registry);

}  // namespace summit::eigenlearning
