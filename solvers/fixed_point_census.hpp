// A census of fixed points: find_fixed_points repeated on batches of fresh random starts until a
// stated stopping rule holds, with the numbers that say how complete the result is.
//
// Contract. Batch 0 uses the model's special points, the user's starts and `batch_starts` random
// starts; every later batch only `batch_starts` new random starts (another seed). After each
// batch the unstable manifolds of its new isolated index-1 saddles are followed (both branches,
// solvers/saddle_descent.hpp) and what they reach counts as found by that batch. Points are
// merged across batches up to the model's symmetry (Model::equivalent, merge_tol). The census
// stops when the last `quiet_batches` batches, and at least the last half of all random starts
// used, found no new point (stopped_by() "rule"; quiet_batches = 0: after one batch), when the
// next batch would exceed `max_random_starts` random starts in total ("cap"), or when the next
// batch, estimated to cost as much CPU time as the last one, would end after `time_budget`
// seconds of the process's CPU time ("time"; the budget is checked between batches, batch 0 always runs, so a census can
// overrun it by at most one batch). CPU time, not wall time, so that other processes do not cut
// it short; still, a time-stopped census depends on the machine's speed (and on other threads of
// the same process): give `time_budget` = 0 for a result fixed by the seed alone.
// What is claimed: every point whose basin (under the search's random-start distribution, each
// start also followed along the drift) catches a fraction p of random starts is found, except
// with probability (1 - p)^N for N random starts used (`miss_probability`). Nothing is claimed
// about points with smaller basins (unstable points are found only through the least-squares
// polish, their "basin" is that of the solver), except that an attractor at the end of a found
// saddle's unstable manifold is found whatever its basin.
// Written here (no library runs a multi-start census); the polishing is find_fixed_points'.
#pragma once

#include "solvers/fixed_points.hpp"
#include "solvers/progress.hpp"

#include <vector>

namespace summit {

struct FixedPointCensusOptions {
  FixedPointOptions search;       // per batch; search.random_starts < 0: the solver's default
  int quiet_batches = 3;          // stop after this many batches in a row (and half the starts) without a new point
  int max_random_starts = 1000;   // cap on the random starts of all batches together
  double time_budget = 20;        // seconds of CPU time (all threads) for all batches (0: no budget)
  // After each batch, follow the unstable manifolds of its new isolated index-1 saddles
  // (solvers/saddle_descent.hpp; not for state evolutions, whose map is costly).
  bool descend_from_saddles = true;
  // Also run the saddle dynamics of solvers/saddle_ascent.hpp from the batch's new points: one
  // index up from index 0 and 1, one index down from index 2 to 4 (not for state evolutions
  // either). Ascent, descent and this are repeated on the points they reach (at most 4 rounds).
  bool ascend_to_saddles = true;
  ProgressFn progress;            // after each batch: random starts used over max_random_starts, or
                                  // the time used over time_budget if that is larger
};

struct FixedPointCensusResult {
  FixedPointResult result;               // merged over batches; hits and starts summed
  int random_starts = 0;                 // random starts used in all batches
  int batch_starts = 0;                  // random starts per batch
  std::vector<int> distinct_per_batch;   // distinct points each batch found on its own
  std::vector<int> new_per_batch;        // points a batch found that no earlier batch had
  bool stopped_by_rule = false;          // quiet_batches reached
  bool stopped_by_budget = false;        // the time budget stopped it (neither: the cap did)
  int saddles_descended = 0;             // isolated index-1 saddles whose unstable manifold was followed
  int saddle_dynamics_points = 0;        // points the saddle dynamics started from (up or down)
  double cpu_seconds = 0;                // CPU time (all threads of the process) of all batches

  const char* stopped_by() const { return stopped_by_rule ? "rule" : stopped_by_budget ? "time" : "cap"; }

  // Probability that N = random_starts starts all miss a basin catching a fraction p of them.
  double miss_probability(double basin_fraction) const;
  // The basin fraction p missed with probability `probability`: 1 - probability^(1/N).
  double basin_missed_with(double probability) const;
};

FixedPointCensusResult fixed_point_census(const Model& model, const FixedPointCensusOptions& o);

}  // namespace summit
