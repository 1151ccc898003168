// Bifurcation diagrams in one parameter: pseudo-arclength continuation of fixed points
// (drift(x; p) = 0, solvers/arclength.hpp), detection and location of special points along each
// branch, and branch switching at branch points.
//
// Contract:
// - The branch starts at `start` (a fixed point or a guess, polished at p = lo) and is followed
//   from lo towards hi through folds until it leaves the window [min(lo,hi), max(lo,hi)] (its last
//   point is then solved at the window's edge exactly), closes on itself, or ends where the model
//   cannot be evaluated (the parameter leaves the model's range, or the state its realisable
//   domain: a normal end, reported in the branch's `end`) or the corrector fails (a Status).
// - The state Jacobian is the model's exact drift_jacobian; the parameter derivative is a central
//   difference with step h = fd_step (1 + |p|) (error O(h^2) ~ 1e-11 relative for the default
//   h ~ 6e-6; it changes only the Newton iteration and the tangent, not the points, which solve
//   drift = 0 to the corrector tolerance).
// - Special points, located to param_tol (1 + |p|) in the parameter by TOMS 748 (or bisection) in
//   the arclength between two accepted points, with the test functions (Kuznetsov, "Elements of
//   Applied Bifurcation Theory", 3rd ed., sec. 10.2):
//     "fold"          the parameter component of the tangent changes sign (limit point);
//     "branch-point"  det [J, F_p; t^T] changes sign (a simple real eigenvalue through zero where
//                     the branch does not fold: transcritical and pitchfork points);
//     "hopf"          the number of complex eigenvalues with positive real part changes; located on
//                     the real part of the complex pair nearest the imaginary axis; `frequency` is
//                     its imaginary part, `lyapunov` the first Lyapunov coefficient l1 (< 0:
//                     supercritical, stable periodic orbits; > 0: subcritical).
//     "multiple-branch-point"  k >= 2 real eigenvalues cross zero at once (a symmetric model's
//                     multiple eigenvalue, which leaves det with the same sign when k is even):
//                     the number of positive real eigenvalues changes by k between two accepted
//                     points; located on the eigenvalue of rank min(count before, count after) + 1
//                     (in decreasing order), `kernel_dim` counts the eigenvalues within
//                     zero_tol (1 + max|eigenvalue|) of zero there. Two simple crossings within one
//                     step are reported the same way, with kernel_dim 1. Classified and followed
//                     by solvers/equivariant_branching.hpp, not by switch_branches.
// - State evolutions (hints().iteration.drift_is_map_residual: drift = Phi(x) - x) are continued the
//   same way;
//   their eigenvalues are those of DPhi - I, so "hopf" is a complex pair of DPhi crossing Re = 1
//   (the relaxation flow x' = Phi(x) - x), not a Neimark-Sacker point of the map.
// - Branch switching (switch_branches): at each branch point the null space of [J, F_p] is
//   two-dimensional; the direction phi in it orthogonal to the branch's tangent is the predictor of
//   the emerging branch (exact for pitchforks of symmetric models, whose symmetry-broken branch is
//   orthogonal to the symmetric one; first order for transcritical points), corrected on the
//   hyperplane phi . (X - X*) = +-switch_ds and followed both ways. Branch points are not switched
//   twice (same parameter and state within 1e-6).
// - Samples: where a branch crosses one of `samples` between two accepted points, the point is
//   solved at that parameter value (Newton with the parameter fixed, from the linear interpolant),
//   so a uniform grid can be reported as `follow_fixed_point` does, but past folds too.
#pragma once

#include "lib/model.hpp"
#include "solvers/arclength.hpp"
#include "solvers/continuation.hpp"
#include "solvers/fixed_points.hpp"
#include "solvers/stability.hpp"
#include "solvers/status.hpp"

#include <cmath>
#include <complex>
#include <functional>
#include <string>
#include <vector>

namespace summit {

struct SpecialPoint;

struct BifurcationOptions {
  double lo = 0, hi = 1;        // the branch starts at lo and moves towards hi
  // The window the branches stay in; NaN: [min(lo, hi), max(lo, hi)].
  double window_lo = NAN, window_hi = NAN;
  CurveOptions curve;           // ds_max defaults to |hi - lo| / 20 when left at 0
  double param_tol = 1e-8;      // location of special points: |Delta p| <= param_tol (1 + |p|)
  double fd_step = 6e-6;        // relative step of the central difference in the parameter
  bool detect = true;
  bool switch_branches = false;
  int max_branches = 9;         // the start branch and up to 8 switched ones
  double switch_ds = 0;         // 0: ds_max / 2
  // Optional filter: switch only at the branch points for which it returns true.
  std::function<bool(const SpecialPoint&)> switch_at;
  double zero_tol = 1e-6;       // multiple-branch-point: |eigenvalue| counted as zero
  FixedPointOptions fixed_point;  // the polish of the start
  StabilityOptions stability;
  // Parameter values at which each branch is also reported (`ContinuedBranch::samples`): every
  // crossing of each value along the branch, in arclength order, solved at that value exactly.
  std::vector<double> samples;
  std::function<void(const std::string&)> progress;  // one line per branch and special point
};

struct SpecialPoint {
  std::string type;  // "fold", "branch-point", "hopf"
  double parameter = 0;
  Vec x;
  std::vector<std::complex<double>> eigenvalues;  // of the drift Jacobian, largest real part first
  double frequency = 0;                           // hopf: the crossing pair's imaginary part
  double lyapunov = NAN;  // hopf: the first Lyapunov coefficient (solvers/lyapunov_coefficient.hpp)
  int branch = 0;                                 // the branch it lies on
  Vec direction;  // branch point: the switching direction phi in (x, p), unit length
  int kernel_dim = 0;  // multiple-branch-point: eigenvalues within zero_tol of zero
};

struct ContinuedBranch {
  std::string origin;     // "start", or "branch point #k, +" / "-"
  int parent = -1;        // branch switched from (-1 for the start)
  Status status = Status::Ok;
  std::string end;        // how it ended: "end of range at p = ...", "left the domain: ...", ...
  std::vector<BranchPoint> points;   // in arclength order (a switched branch starts at its branch point)
  std::vector<BranchPoint> samples;  // at BifurcationOptions::samples, in arclength order
};

struct BifurcationDiagram {
  Status status = Status::Ok;  // the start branch's status (a failed corrector, a bad start)
  std::string message;
  std::vector<ContinuedBranch> branches;
  std::vector<SpecialPoint> special;  // in the order found
};

BifurcationDiagram continue_branches(const ModelFactory& make, const Vec& start,
                                     const BifurcationOptions& o);

}  // namespace summit
