// Basins of attraction: from many random initial states, the fraction of trajectories that end at
// each fixed point. Each run integrates the drift until it is steady (max|drift| < steady_tol) or
// t_max, polishes the end state into a certified fixed point, classifies it, and merges it with
// the others up to the model's symmetry.
//
// Contract: a run counts for a fixed point only when its end was certified by the polish; runs
// that were not (not steady by t_max, or the polish failed) are reported as uncertified, grouped
// by loss, and failed integrations as `failed`; fractions are counts / runs.
#pragma once

#include "lib/model.hpp"
#include "solvers/fixed_points.hpp"
#include "solvers/integrate.hpp"
#include "solvers/stability.hpp"
#include "solvers/status.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace summit {

struct BasinOptions {
  int runs = 100;
  std::uint64_t seed = 1;
  double t_max = 1e5;         // give up a run (as unconverged) after this time
  double steady_tol = 1e-8;   // a run is steady when max|drift| < steady_tol
  IntegrateOptions integrate; // method and tolerances (times and events are set per run)
  FixedPointOptions polish;   // certificate of the end points
  StabilityOptions stability;
  int threads = 0;            // 0: hardware concurrency
  ProgressFn progress;        // told the fraction of runs finished (solvers/progress.hpp)
};

struct Basin {
  Vec x;
  double loss = 0;
  Stability stability;
  int count = 0;
  double fraction = 0;  // count / runs
};

// Runs whose end state was not certified as a fixed point (not steady by t_max, e.g. creeping
// along the flat directions of an over-parameterised network, or the polish did not reach the
// certificate), grouped by their final loss (within 1e-6 relative + 1e-9 absolute).
struct Uncertified {
  double loss = 0;         // final loss of the first run in the group
  double max_drift = 0;    // largest max|drift| at the end among the group
  int count = 0;
  double fraction = 0;
};

struct BasinResult {
  Status status = Status::Ok;
  std::string message;
  std::vector<Basin> basins;  // sorted by loss
  std::vector<Uncertified> uncertified;  // sorted by loss
  int runs = 0;
  int unconverged = 0;        // runs not certified (the sum of the uncertified counts)
  int failed = 0;             // runs whose integration failed (diverged, left the domain, ...)
  std::string first_failure;  // the status and message of the first failed run
};

BasinResult basins(const Model& model, const BasinOptions& o);

}  // namespace summit
