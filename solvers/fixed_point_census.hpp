// A census of fixed points: find_fixed_points repeated on batches of fresh random starts until a
// stated stopping rule holds, with the numbers that say how complete the result is.
//
// Contract. Batch 0 uses the model's special points, the user's starts and `batch_starts` random
// starts; every later batch only `batch_starts` new random starts (another seed). Points are
// merged across batches up to the model's symmetry (Model::equivalent, merge_tol). The census
// stops when the last `quiet_batches` batches, and at least the last half of all random starts
// used, found no new point (stopped_by_rule = true; quiet_batches = 0: after one batch), or when
// the next batch would exceed `max_random_starts` random starts in total (false: the cap).
// What is claimed: every point whose basin (under the search's random-start distribution, each
// start also followed along the drift) catches a fraction p of random starts is found, except
// with probability (1 - p)^N for N random starts used (`miss_probability`). Nothing is claimed
// about points with smaller basins (unstable points are found only through the least-squares
// polish, their "basin" is that of the solver).
// Written here (no library runs a multi-start census); the polishing is find_fixed_points'.
#pragma once

#include "solvers/fixed_points.hpp"

#include <vector>

namespace summit {

struct FixedPointCensusOptions {
  FixedPointOptions search;       // per batch; search.random_starts < 0: the solver's default
  int quiet_batches = 3;          // stop after this many batches in a row (and half the starts) without a new point
  int max_random_starts = 1000;   // cap on the random starts of all batches together
};

struct FixedPointCensusResult {
  FixedPointResult result;               // merged over batches; hits and starts summed
  int random_starts = 0;                 // random starts used in all batches
  int batch_starts = 0;                  // random starts per batch
  std::vector<int> distinct_per_batch;   // distinct points each batch found on its own
  std::vector<int> new_per_batch;        // points a batch found that no earlier batch had
  bool stopped_by_rule = false;          // quiet_batches reached (false: the cap stopped it)

  // Probability that N = random_starts starts all miss a basin catching a fraction p of them.
  double miss_probability(double basin_fraction) const;
  // The basin fraction p missed with probability `probability`: 1 - probability^(1/N).
  double basin_missed_with(double probability) const;
};

FixedPointCensusResult fixed_point_census(const Model& model, const FixedPointCensusOptions& o);

}  // namespace summit
