// Deep linear network mode dynamics (Saxe, McClelland & Ganguli, ICLR 2014).
//
// Registry name: "saxe". A two-layer linear network trained by gradient flow on whitened inputs,
// from small balanced initial weights aligned with the singular modes of the input-output
// correlation, decouples into independent modes; the strength a_i of mode i (the product of its
// two layer weights) obeys
//   tau da_i/dt = 2 a_i (s_i - a_i),
// with the closed-form sigmoidal solution a_i(t) = s_i e^{2 s_i t/tau} / (e^{2 s_i t/tau} - 1 +
// s_i/a_i(0)) (Saxe et al. 2014, arXiv:1312.6120; docs/solvable.md).
// Loss: 1/2 sum_i (s_i - a_i)^2.
// State: a (one coordinate per mode). Time: t (in units of the learning time constant tau).
#pragma once

#include "lib/registry.hpp"

#include <Eigen/Core>

namespace summit::saxe {

void register_model(Registry& registry);

// The closed-form solution a(t) for strengths s, initial a0 and time constant tau.
Eigen::VectorXd solution(const Eigen::VectorXd& s, const Eigen::VectorXd& a0, double tau, double t);

}  // namespace summit::saxe
