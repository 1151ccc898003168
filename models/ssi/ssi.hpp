// Sequence single-index (SSI) models and tied single-layer attention under online SGD
// (Arnaboldi, Loureiro, Stephan, Krzakala & Zdeborova 2025, arXiv:2506.02651). Registry name:
// "ssi". See docs/single_index.md, section "The model `ssi`", for the conventions.
#pragma once

#include "lib/registry.hpp"

namespace summit::ssi {

void register_model(Registry& registry);

// Landscape quantities of the L = 2 positional-semantic attention model (docs/single_index.md,
// "The positional-semantic model"),
// all from 2-D Gauss-Hermite integrals (n nodes per dimension) over the teacher/student fields.
struct PositionalSemantic {
  double H_mm = 0, H_ee = 0;      // Hessian of R(m, e) at the origin (diagonal by symmetry)
  double R_sem = 0, R_pos = 0;    // corner values R(1, 0), R(0, 1)
  double dRm_sem = 0, Ree_sem = 0;  // d_m R(1, 0), d_ee R(1, e)|_0
  double dRe_pos = 0, Rmm_pos = 0;  // d_e R(0, 1), d_mm R(m, 1)|_{m=0}
  bool sem_local = false, pos_local = false;  // constrained local minima on the disk
  int region = 0;  // 4 [positional global] + 2 [positional initial escape] + [both corners local]
  // The region's margins, each > 0 exactly where its condition holds, so the region's boundaries
  // are their zero sets (traced by `summit continue --curve zero`, solvers/level_curve.hpp):
  double margin_global = 0;            // R_sem - R_pos: bit 4
  double margin_dynamics = 0;          // H_mm - H_ee: bit 2
  double margin_semantic_local = 0;    // min(-dRm_sem, Ree_sem - dRm_sem): sem_local
  double margin_positional_local = 0;  // min(-dRe_pos, Rmm_pos - dRe_pos): pos_local (bit 1: both)
  double K2 = 0;   // sum_{|alpha|=2} ||c_alpha(F)||_F^2
};
PositionalSemantic positional_semantic(double a, double omega, int n = 160);

// The positional stationary point of the SGD ODE on the e-axis (m = 0) and its growth rates, from
// 2-D integrals (at m = 0 teacher and student fields are independent):
//   de/dt = -lr (1 - e^2) d_e R(0, e) - lr^2/2 e V(0, e) = 0 at e* (the first + to - sign change
//   in (0, 1)), lambda_e = its e-derivative, lambda_m = -lr [R_mm(0, e*) - e* d_e R(0, e*)]
//   - lr^2/2 V(0, e*) (linearisation of dm/dt at m = 0 in the geometric form
//   -lr (I - u u^T) grad R - lr^2/2 V u of the drift; docs/single_index.md).
struct PositionalAxis {
  bool found = false;
  double e = 0, lambda_m = 0, lambda_e = 0, V = 0, Rmm = 0, dRe = 0;
};
PositionalAxis positional_axis(double a, double omega, double lr, int n = 160);

}  // namespace summit::ssi
