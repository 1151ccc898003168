// Descent from isolated index-1 saddles: the two branches of a saddle's one-dimensional unstable
// manifold end at fixed points (attractors, for a gradient-like flow), which may have basins too
// small for random starts to hit.
//
// Contract. For each point of `saddles` whose drift Jacobian (analyse_stability, overlap space)
// has exactly one eigenvalue with positive real part, that eigenvalue real (lambda), and no zero
// eigenvalue (an isolated saddle; continua are skipped), two starts x +- delta u are made, u the
// unit unstable eigenvector and delta = 1e-2 max(1, max|x|), and find_fixed_points follows the
// drift from each for t = max(search.flow_time, 30 / lambda) (at most 1e8) before polishing; no
// random or special starts are added. The result holds the points reached (origin
// "descent:ORIGIN+" or "-" of the saddle's origin) and `saddles_followed`. Realisability and the
// certificate are find_fixed_points'. Cost: one stability analysis per point, two flows per
// isolated index-1 saddle.
// Written here: no library follows unstable manifolds of a user's vector field.
#pragma once

#include "solvers/fixed_points.hpp"

#include <vector>

namespace summit {

struct SaddleDescent {
  FixedPointResult result;  // status NoConvergence when nothing was reached (or nothing followed)
  int saddles_followed = 0;
};

SaddleDescent descend_from_saddles(const Model& model, const std::vector<FixedPoint>& saddles,
                                   const FixedPointOptions& search);

}  // namespace summit
