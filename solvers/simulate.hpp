// Finite-d simulations (the model's Microscopic realisation: SGD on sampled data), measuring the
// same order parameters as the ODE from the same initial state, averaged over seeds.
//
// Contract: seed s runs the model's Microscopic with seed `seed + s` (s = 0 .. seeds - 1), so a
// run is reproducible; `mean` and `sd` are over the seeds at the times reached; a model without a
// finite-d realisation gives Status::Unsupported.
#pragma once

#include "lib/model.hpp"
#include "solvers/progress.hpp"
#include "solvers/status.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace summit {

struct SimulateOptions {
  int d = 1000;                 // input dimension N
  int seeds = 1;                // independent runs (data and embedding), seeds seed, seed+1, ...
  std::uint64_t seed = 0;
  std::vector<double> times;    // measurement times (increasing, >= 0)
  int threads = 0;              // 0: hardware concurrency
  ProgressFn progress;          // told the simulated time reached, averaged over seeds, over the last time
};

struct SimulationResult {
  Status status = Status::Ok;
  std::string message;
  std::vector<std::string> columns;  // coordinates, then "loss", then the observables
  std::vector<double> t;  // times actually reached (a microscopic run moves in whole steps)
  Mat mean, sd;                      // rows = times, cols = columns; sd over seeds (0 if 1 seed)
  std::vector<Mat> runs;             // per seed, rows = times
};

SimulationResult simulate(const Model& model, const Vec& x0, const SimulateOptions& o);

}  // namespace summit
