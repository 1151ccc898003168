// Two-layer teacher-student networks (soft committee machines) trained by one-pass SGD.
//
// Registry name: "committee". Conventions (Goldt et al., NeurIPS 2019; docs/committee.md):
//   student  phi(x)  = sum_k v_k  g(w_k.x / sqrt(N)),  k = 1..K
//   teacher  phi*(x) = sum_m v*_m g(w*_m.x / sqrt(N)), m = 1..M,  y = phi*(x) + noise * zeta
//   g = erf(x/sqrt2) | relu | linear;  loss 1/2 (y - phi)^2;  time alpha = steps / N.
//   SGD: w_k += -(wd/N) w_k + (lr/sqrt N) v_k g'(lambda_k) Delta x;
//        v_k += -(wd/N) v_k + (lr2/N) g(lambda_k) Delta   (only with train_second_layer).
// State: Q (K x K symmetric, stored once), R (K x M), and v (K) when the second layer is trained.
// Loss: the generalisation error eps_g = 1/2 E[(phi - phi*)^2] (label noise excluded).
#pragma once

#include "lib/registry.hpp"

namespace summit::committee {

// Adds "committee" to the registry.
void register_model(Registry& registry);

}  // namespace summit::committee
