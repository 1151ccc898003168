// Two-parameter continuation of a codimension-one point (fold, branch point, Hopf) of fixed
// points: the curve in the (p1, p2) plane along which it persists, with the codimension-two points
// on it. Defining systems (Kuznetsov, "Elements of Applied Bifurcation Theory", 3rd ed., sec. 10.2
// and 10.3; Govaerts, "Numerical Methods for Bifurcations of Dynamical Equilibria", ch. 4):
//   fold    F(x, p) = 0, J v = 0, c . v = 1                          unknowns (x, v, p1, p2)
//   branch  F(x, p) + b psi = 0, J^T psi = 0, psi . psi = 1, psi . F_p1 = 0
//                                                                    unknowns (x, psi, b, p1, p2)
//           (the extra unknown b makes the system regular at branch points whose trivial branch
//           persists for all parameters, e.g. symmetric pitchforks; b = 0 on the solution)
//   hopf    F(x, p) = 0, (J^2 + kappa I) v = 0, c . v = 1, c . (J v) = 0
//                                                         unknowns (x, v, kappa = omega^2, p1, p2)
// with c the start's null vector. Each is a curve G(X) = 0 traced by solvers/arclength.hpp from
// the start in both directions until it leaves the window [p1 range] x [p2 range].
//
// Derivatives: J is the model's exact drift Jacobian; second derivatives (of J v in x) and the
// parameter derivatives are central differences with step h = fd_step (1 + |.|) (error
// O(h^2) + O(1e-16 / h), ~1e-10 for the default 1e-5); they change the Newton iteration and the
// tangent, not the solution of G = 0.
//
// Codimension-two points, located by TOMS 748 in the arclength like the special points of
// solvers/bifurcation.hpp:
//   "cusp"             on a fold curve: the quadratic coefficient a = w . D^2F(x)[v, v]
//                      (w the left null vector with w . v = 1) changes sign;
//   "bogdanov-takens"  on a Hopf curve: kappa = omega^2 changes sign (past it the curve continues as
//                      neutral saddles, reported with kappa < 0);
//   "zero-hopf"        on a Hopf curve: det J changes sign (a real eigenvalue crosses zero).
//   "generalised-hopf" on a Hopf curve (omega^2 > 0): the first Lyapunov coefficient l1
//                      (solvers/lyapunov_coefficient.hpp; third derivatives by differences of the
//                      Jacobian) changes sign (Bautin point; Kuznetsov sec. 8.3).
#pragma once

#include "lib/model.hpp"
#include "solvers/arclength.hpp"
#include "solvers/status.hpp"

#include <cmath>
#include <complex>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace summit {

using ModelFactory2 = std::function<std::unique_ptr<Model>(double p1, double p2)>;

struct BifurcationCurveOptions {
  std::string kind = "fold";  // fold | branch | hopf
  double p1_lo = 0, p1_hi = 1, p2_lo = 0, p2_hi = 1;  // the window
  CurveOptions curve;         // ds_max defaults to the window's diagonal / 40 when left at 0
  double fd_step = 1e-5;
  double param_tol = 1e-8;
  std::function<void(const std::string&)> progress;
};

struct BifurcationCurvePoint {
  double p1 = 0, p2 = 0;
  Vec x;
  double kappa = 0;  // hopf: omega^2 (frequency sqrt(kappa) when kappa > 0)
  double lyapunov = NAN;  // hopf with kappa > 0: the first Lyapunov coefficient l1
  std::vector<std::complex<double>> eigenvalues;
};

struct CodimTwoPoint {
  std::string type;  // "cusp", "bogdanov-takens", "zero-hopf", "generalised-hopf"
  double p1 = 0, p2 = 0;
  Vec x;
  std::vector<std::complex<double>> eigenvalues;
};

struct BifurcationCurve {
  Status status = Status::Ok;
  std::string message;
  std::vector<BifurcationCurvePoint> points;  // from one end to the other, through the start
  std::vector<CodimTwoPoint> special;
  std::string ends[2];  // how each direction ended
};

// Starts from a point x0 at (p1, p2) that is (close to) the codimension-one point of the kind
// asked for (e.g. a SpecialPoint of continue_branches at p2 fixed).
BifurcationCurve continue_bifurcation_curve(const ModelFactory2& make, const Vec& x0, double p1,
                                            double p2, const BifurcationCurveOptions& o);

}  // namespace summit
