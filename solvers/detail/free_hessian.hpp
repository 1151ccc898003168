// Internal: Hessian of the loss in a model's free parameterisation, by central differences of
// its exact gradient (step 1e-6 relative: error ~1e-8 of the largest entries).
#pragma once

#include "lib/model.hpp"

#include <algorithm>
#include <cmath>

namespace summit::detail {

inline Mat free_hessian(const Model& m, const Vec& u) {
  const int n = static_cast<int>(u.size());
  Mat H(n, n);
  for (int k = 0; k < n; ++k) {
    const double h = 1e-6 * std::max(1.0, std::abs(u[k]));
    Vec up = u, um = u, gp, gm;
    up[k] += h;
    um[k] -= h;
    m.free_loss_gradient(up, &gp);
    m.free_loss_gradient(um, &gm);
    H.col(k) = (gp - gm) / (2 * h);
  }
  return 0.5 * (H + H.transpose());
}

}  // namespace summit::detail
