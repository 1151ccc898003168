// Local minima of a model's population loss over its realisable domain.
//
// The search runs in the model's free parameterisation u -> x (e.g. weight vectors whose Gram
// matrix gives the overlaps, so every iterate is realisable: [[Q, R], [R^T, T]] is PSD by
// construction). Ceres L-BFGS from many starts, certified by the gradient norm in u; each minimum
// is reported in overlap coordinates with its loss and the spectrum of the loss Hessian there.
//
// Contract: every returned minimum is certified (max|dL/du| <= gradient_tol), merged up to the
// model's symmetry (merge_tol); a model without a free parameterisation gives
// Status::Unsupported.
#pragma once

#include "lib/model.hpp"
#include "solvers/status.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace summit {

struct MinimizeOptions {
  int random_starts = 20;
  bool special_points = true;
  std::vector<NamedPoint> starts;
  std::uint64_t seed = 1;
  double gradient_tol = 1e-10;  // certificate: max|dL/du| <= gradient_tol
  double merge_tol = 1e-6;
  int max_iterations = 5000;
};

struct Minimum {
  Vec x;
  double loss = 0;
  double gradient_norm = 0;         // max|dL/du| at the point
  // Spectrum of the loss Hessian in overlap coordinates (ascending). At a minimum on the boundary
  // of the realisable set (e.g. perfect learning, where [[Q,R],[R^T,T]] is singular) it can have
  // negative eigenvalues along directions that leave the set.
  Eigen::VectorXd hessian_eigenvalues;
  // Spectrum of the Hessian in the free parameterisation (weights), ascending: >= 0 (up to its
  // finite-difference error, ~1e-8) at a local minimum; exact zeros are symmetry (gauge)
  // directions such as rotations of the weights that leave every overlap unchanged.
  Eigen::VectorXd free_hessian_eigenvalues;
  std::string origin;
  int hits = 1;
};

struct MinimizeResult {
  Status status = Status::Ok;
  std::string message;
  std::vector<Minimum> minima;  // sorted by loss
  int starts = 0, converged = 0;
};

MinimizeResult minimize(const Model& model, const MinimizeOptions& o);

}  // namespace summit
