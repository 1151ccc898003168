// An independent oracle for the weak-recovery threshold of the +-1-hidden RBM AMP state evolution
// (docs/spectral.md `rbm`, "State evolution" and "Threshold"): at m = 0, omega ~ N(0, q), the
// proximal map lambda - V tanh(lambda) = omega, g = tanh(lambda), dg/domega = sech^2/(1 - V sech^2),
//   D = E[dg/domega],  Lambda = alpha (1 - D),  q' = alpha E[g^2]/Lambda^2,  V' = 1/Lambda,
// and the m = 0 point loses stability where beta D/(1 - D) = 1. The library (models/rbm/amp.cpp)
// solves the proximal map by Newton at trapezoidal nodes in omega on [-12, 12] sd and finds the
// point by its damped iteration and Newton; here the expectations are integrals over lambda (no
// proximal solve, see rbm_m0_map), the fixed point a Newton iteration with a central-difference
// Jacobian, and the threshold a bisection in alpha to 1e-10. Written from the equations in the
// docs, not from the library's code.
#pragma once

#include <Eigen/Dense>

#include <cmath>
#include <numbers>
#include <utility>

namespace summit::test {

// The m = 0 SE map (q, V) -> (q', V') and D at (q, V). The expectations over omega ~ N(0, q)
// are taken in the variable lambda instead: omega = lambda - V tanh(lambda) is increasing, with
// d omega = (1 - V sech^2 lambda) d lambda, so
//   D      = int sech^2(lambda) phi_q(omega(lambda)) d lambda,
//   E[g^2] = int tanh^2(lambda) (1 - V sech^2 lambda) phi_q(omega(lambda)) d lambda,
// smooth integrands (no proximal solve, no 1/(1 - V sech^2) peak of width (1 - V) near 0 that a
// rule in omega must resolve), by the trapezoidal rule with step h on |omega| <= 14 sqrt(q)
// (analytic in the strip |Im lambda| < pi/2: error ~ exp(-pi^2/h), negligible at h = 0.01).
struct M0Map {
  double q, V, D;
};

inline M0Map rbm_m0_map(double alpha, double q, double V, double h = 0.01) {
  const double L = 14 * std::sqrt(q) + 1;  // omega(lambda) >= lambda - 1 > 14 sqrt(q) beyond
  double D = 0, g2 = 0;
  for (double lam = -L; lam <= L; lam += h) {
    const double t = std::tanh(lam), s2 = 1 - t * t, omega = lam - V * t;
    const double phi = std::exp(-omega * omega / (2 * q)) / std::sqrt(2 * std::numbers::pi * q);
    D += s2 * phi;
    g2 += t * t * (1 - V * s2) * phi;
  }
  D *= h;
  g2 *= h;
  const double Lambda = alpha * (1 - D);
  return {alpha * g2 / (Lambda * Lambda), 1 / Lambda, D};
}

// The m = 0 fixed point (q, V) of rbm_m0_map at step h by Newton (central-difference Jacobian,
// step 1e-6) from (q0, V0), accepted when |F| < 1e-13 with 0 < V < 1. Returns {q, V, converged}.
struct M0Point {
  double q = 0, V = 0;
  bool converged = false;
};
inline M0Point rbm_m0_point(double alpha, double q0, double V0, double h) {
  Eigen::Vector2d x(q0, V0);
  auto F = [&](const Eigen::Vector2d& y) {
    const M0Map f = rbm_m0_map(alpha, y[0], y[1], h);
    return Eigen::Vector2d(f.q - y[0], f.V - y[1]);
  };
  for (int it = 0; it < 60; ++it) {
    if (!(x[0] > 0 && x[1] > 0 && x[1] < 1)) break;
    const Eigen::Vector2d r = F(x);
    if (r.norm() < 1e-13) return {x[0], x[1], true};
    Eigen::Matrix2d J;
    for (int k = 0; k < 2; ++k) {
      Eigen::Vector2d e = Eigen::Vector2d::Zero();
      e[k] = 1e-6;
      J.col(k) = (F(x + e) - F(x - e)) / 2e-6;
    }
    x -= J.partialPivLu().solve(r);
  }
  return {x[0], x[1], false};
}

// D0 at the m = 0 fixed point reached from (q, V) = (1, 1/(1 + sqrt alpha)) (the start the docs
// name) by 50 damped iterations, then Newton. Returns {D0, converged}.
inline std::pair<double, bool> rbm_m0_D(double alpha) {
  Eigen::Vector2d x(1, 1 / (1 + std::sqrt(alpha)));
  for (int it = 0; it < 50; ++it) {
    const M0Map f = rbm_m0_map(alpha, x[0], x[1]);
    x = 0.5 * x + 0.5 * Eigen::Vector2d(f.q, f.V);
  }
  auto F = [&](const Eigen::Vector2d& y) {
    const M0Map f = rbm_m0_map(alpha, y[0], y[1]);
    return Eigen::Vector2d(f.q - y[0], f.V - y[1]);
  };
  for (int it = 0; it < 50; ++it) {
    const Eigen::Vector2d r = F(x);
    if (r.norm() < 1e-13) return {rbm_m0_map(alpha, x[0], x[1]).D, x[1] > 0 && x[1] < 1};
    Eigen::Matrix2d J;
    for (int k = 0; k < 2; ++k) {
      Eigen::Vector2d e = Eigen::Vector2d::Zero();
      e[k] = 1e-6;
      J.col(k) = (F(x + e) - F(x - e)) / 2e-6;
    }
    x -= J.partialPivLu().solve(r);
  }
  return {0, false};
}

// The alpha in [lo, hi] where beta D0/(1 - D0) = 1, by bisection (NaN if not bracketed).
inline double rbm_m0_threshold(double beta, double lo, double hi) {
  auto gain = [&](double a) {
    const auto [D, ok] = rbm_m0_D(a);
    return ok ? beta * D / (1 - D) - 1 : std::nan("");
  };
  double glo = gain(lo), ghi = gain(hi);
  if (!(glo * ghi < 0)) return std::nan("");
  while (hi - lo > 1e-10) {
    const double mid = 0.5 * (lo + hi), g = gain(mid);
    (g * glo > 0 ? lo : hi) = mid;
    if (g * glo > 0) glo = g;
  }
  return 0.5 * (lo + hi);
}

}  // namespace summit::test
