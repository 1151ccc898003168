// Single-index model under online SGD (docs/single_index.md; Ben Arous, Gheissari & Jagannath
// 2021, arXiv:2003.10409, and 2022, arXiv:2206.04030). Registry name: "single-index".
//
// Data x ~ N(0, I_d/d); teacher y = f*(z*) + sqrt(noise) xi with z* = x.w*, ||w*||^2 = d; student
// y^ = sigma(s), s = x.w; per-sample loss (y - y^)^2 / 2; step w' = w - lr g x with
// g = -(y - sigma(s)) sigma'(s); `dynamics = spherical` renormalises w <- sqrt(d) w'/||w'||.
// Order parameters m = w.w*/d (and Q = ||w||^2/d for `dynamics = unconstrained`). Time t = SGD
// steps / d. Drift (docs/single_index.md, eqs. (1)-(3), including the O(lr^2) term):
//   spherical:     dm/dt = lr (-E[g z*] + m E[g s]) - (lr^2/2) m E[g^2]
//   unconstrained: dm/dt = -lr E[g z*],  dQ/dt = -2 lr E[g s] + lr^2 E[g^2]
// with (z*, s) ~ N(0, [[1, m], [m, Q]]) (Q = 1 when spherical) and
// E[g^2] = E[(f* - sigma)^2 sigma'^2] + noise E[sigma'^2]. The expectations are 2-D Gaussian
// integrals by the kink-aware polar rule of lib/gauss/quadrature.hpp (exact for the piecewise
// polynomial links up to the rule's degree).
#pragma once

#include "lib/registry.hpp"

#include <string>
#include <vector>

namespace summit::single_index {

// A link function of the menu: target f* or student activation sigma.
struct Link {
  enum class Kind { Linear, Hermite, Relu, Tanh, Sign, Erf, Coeffs };
  Kind kind = Kind::Linear;
  int order = 1;                // Hermite: h_order = He_order / sqrt(order!)
  std::vector<double> coeffs;   // Coeffs: sum_k coeffs[k] h_k
  std::string name;             // as given ("h2", "relu", "coeffs", ...)

  double f(double z) const;
  double df(double z) const;    // derivative (0 for sign away from 0; relu'(0) = 1/2)
  bool kinked() const { return kind == Kind::Relu || kind == Kind::Sign; }
  // Degree when f is a polynomial, else -1.
  int degree() const;
  // c_0..c_K (normalised Hermite coefficients), by quadrature with a breakpoint at 0 for the
  // kinked links; exact (up to rounding) for polynomials.
  std::vector<double> hermite(int K) const;
};

// Parses a menu entry: linear, h0..h9, relu, tanh, sign, erf (= erf(z/sqrt 2)), coeffs (then
// `coeffs` must be non-empty). `param` names the parameter in error messages.
Link parse_link(const std::string& text, const std::vector<double>& coeffs, const std::string& param);

void register_model(Registry& registry);

}  // namespace summit::single_index
