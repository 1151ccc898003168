// Study `basins`: many gradient-flow runs from random realisable starts, each followed until
// steady, polished and classified (solvers/basins.hpp); the fraction of runs ending at each
// fixed point.
//
// Contract: `runs` in [1, 1e6] and `steady_tol` > 0 (finite) besides the integration and polish
// settings' own checks; a run is followed up to t = integration.t_end. A search that cannot run
// (e.g. a model without random states) is a failure outcome; runs whose end is not certified are
// grouped by loss, and integrations that fail are counted, not hidden.
#pragma once

#include "solvers/basins.hpp"
#include "studies/integration_request.hpp"
#include "studies/outcome.hpp"
#include "studies/progress.hpp"
#include "studies/search_request.hpp"

#include <nlohmann/json.hpp>

namespace summit::studies {

struct BasinsRequest {
  IntegrationRequest integration;  // each run's integration; t_end is how long a run may take
  SearchRequest polish;            // of each run's end state (starts is unused)
  int runs = 100;
  double steady_tol = 1e-8;        // a run is steady when max|drift| < this
  double eps = 1e-3;               // of the escape-time estimates

  bool is_valid(std::string* why) const;
};

// --runs and --steady-tol on their own.
bool runs_are_valid(int runs, double steady_tol, std::string* why);

struct BasinsStudyResult {
  Outcome outcome;
  BasinOptions options;  // as used
  BasinResult basins;
  std::vector<double> losses;  // reported loss of each basin's point
};

BasinsStudyResult run(const Model& m, const BasinsRequest& request, Progress* progress = nullptr);

void to_json(nlohmann::json& j, const BasinsRequest& r);
void from_json(const nlohmann::json& j, BasinsRequest& r);
// The result's fields of the CLI's JSON: solver, unconverged, failed (first_failure), basins,
// uncertified.
nlohmann::json result_json(const Model& m, const BasinsStudyResult& r);

}  // namespace summit::studies
