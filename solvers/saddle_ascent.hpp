// Ascent to saddles of the next index: the "upward search" of the solution landscape of
// J. Yin, B. Yu and L. Zhang, "Searching the solution landscape by generalized high-index saddle
// dynamics", SIAM J. Sci. Comput. 43 (2021), arXiv:2002.10690, which generalises the gentlest ascent
// dynamics of W. E and X. Zhou (Nonlinearity 24, 1831 (2011)) to index-k saddles of any vector field.
// An index-k saddle is a stable fixed point of the reflected drift
//   g(x) = (I - 2 P(x)) f(x),
// P(x) the orthogonal projector onto the invariant subspace of the drift Jacobian J(x) belonging to
// its k eigenvalues of largest real part: in a basis adapted to that subspace J is block upper
// triangular, and (I - 2P) J has the eigenvalues of the k unstable ones with their signs flipped and
// the others unchanged. Random starts find such saddles only through the least-squares polish, whose
// basin can be far below what a census resolves (docs/committee.md: a saddle-2 hit by 7 of 10000
// random starts); an index-(k+1) saddle whose unstable manifold ends at a found index-k point is
// reached from that point by following g with k+1 reflected directions, started on the point
// displaced along the eigenvector of its (k+1)-th eigenvalue (its least stable stable direction).
//
// The same dynamics with k - 1 reflections, started from an index-k saddle displaced along the
// eigenvector of its k-th eigenvalue (its least unstable direction), steps one index down: Yin et
// al.'s downward search, which finds index-(k-1) saddles that random starts and the descent from
// index-1 saddles (solvers/saddle_descent.hpp) do not (measured, docs/committee.md: the saddle-2 at
// loss 0.0786344 of K = M = 3, lr = 0.3, one step down from a saddle-3 at 0.0786363).
//
// Contract. For each point of `points` whose drift Jacobian (analyse_stability, overlap space) has
// index k and no flat eigenvalue: up (k < max_index, the (k+1)-th eigenvalue real and negative) and
// down (`down`, 2 <= k <= max_index_down, the k-th eigenvalue real), two starts x +- delta v each
// (v the unit direction of that eigenvalue orthogonal to the leading ones, delta = 1e-2 max(1,
// max|x|)) follow g with k + 1 (up) or k - 1 (down) reflections by pseudo-transient continuation:
// linearly implicit Euler steps (I/h - (I - 2P) J) dx = g, h = 1/(2|lambda|) at first and then
// grown as |g| falls (switched evolution relaxation, at most 4x per step) up to Newton's step,
// each step at most 0.1 max(1, max|x|) in max-norm, at most `max_steps` steps, stopped when
// max|f| <= 1e-8; the ends are polished and certified by find_fixed_points (no flow, no random or
// special starts). The result holds the points reached (origin "ascent:ORIGIN+" / "down:ORIGIN-"
// ...), whatever their index (a polish may also end on a known point, which the caller merges),
// and the number of points started from. Cost: one stability analysis per point, and per start
// at most max_steps Jacobians and real eigen-decompositions of the state's dimension.
// Written here: no library in the project runs saddle dynamics on a user's vector field.
#pragma once

#include "solvers/fixed_points.hpp"

#include <vector>

namespace summit {

struct SaddleAscentOptions {
  int max_index = 2;     // ascend from points of index 0 .. max_index - 1
  bool down = true;      // also step down one index from points of index 2 .. max_index_down
  int max_index_down = 4;
  int max_steps = 200;   // pseudo-transient continuation steps per start
};

struct SaddleAscent {
  FixedPointResult result;  // status NoConvergence when nothing was reached (or nothing started)
  int saddle_dynamics_points = 0;  // points started from (up, down or both)
};

SaddleAscent ascend_to_saddles(const Model& model, const std::vector<FixedPoint>& points,
                               const FixedPointOptions& search, const SaddleAscentOptions& o = {});

}  // namespace summit
