// The first Lyapunov coefficient l1 of a Hopf point of x' = F(x): its sign says whether the
// periodic orbits born there are stable (l1 < 0, supercritical) or unstable (l1 > 0,
// subcritical); where it changes sign along a Hopf curve lies a generalised Hopf (Bautin) point.
//
// Contract: at a point x where J = DF(x) has a pair of eigenvalues +-i omega (omega > 0, the pair
// with Im > 0 nearest the imaginary axis is taken), with J q = i omega q, J^T p = -i omega p,
// q^H q = 1, p^H q = 1 (Kuznetsov, "Elements of Applied Bifurcation Theory", 3rd ed., sec. 3.5,
// eq. (3.20), and sec. 10.2):
//   l1 = Re( p^H C(q,q,qbar) - 2 p^H B(q, J^{-1} B(q,qbar)) + p^H B(qbar, (2 i omega - J)^{-1} B(q,q)) )
//        / (2 omega),
// B and C the second and third derivatives of F at x. They are differences of the model's
// Jacobian: B(u, .) = (J(x + h u) - J(x - h u)) / (2h), C(u, u, .) = (J(x + h u) - 2 J(x) +
// J(x - h u)) / h^2 with polarisation for mixed arguments, each with steps h and 2h combined by
// Richardson extrapolation, h = fd_step (1 + |x|) (error O(h^4) + O(1e-16 |J| / h^2), ~1e-10
// relative for the default 1e-3; 16 Jacobian evaluations). The value depends on the
// normalisation of q; its sign does not. Written here: no library offers normal-form
// coefficients on our Model interface (MatCont and BifurcationKit.jl compute the same formula).
// Returns false (with a reason) when there is no complex pair or J is singular.
#pragma once

#include "lib/model.hpp"

#include <string>

namespace summit {

struct LyapunovCoefficient {
  double l1 = 0;
  double omega = 0;
};

bool first_lyapunov_coefficient(const Model& model, const Vec& x, LyapunovCoefficient& out,
                                std::string* why = nullptr, double fd_step = 1e-3);

}  // namespace summit
