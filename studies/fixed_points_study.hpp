// Study `fixed-points`: fixed points of the drift from batches of random starts (solvers/
// fixed_point_census.hpp), each certified, merged up to symmetry and classified by its stability.
//
// Contract: a given start (point or coordinates; need not be realisable) is searched as "given";
// with `symmetric` the starts of the symmetry-adapted search are added (std::invalid_argument for
// a model without subgroups); `quiet_batches` unset means 3, or 0 (one batch) for a state
// evolution; a search in which no start converges is a failure outcome. Points are sorted by loss;
// those within 1e-10 of the lowest are marked as the global minimum.
#pragma once

#include "solvers/fixed_point_census.hpp"
#include "solvers/stability.hpp"
#include "studies/outcome.hpp"
#include "studies/progress.hpp"
#include "studies/search_request.hpp"
#include "studies/start.hpp"
#include "studies/symmetric_starts.hpp"

#include <nlohmann/json.hpp>

#include <optional>

namespace summit::studies {

struct FixedPointsRequest {
  StartSpec start;
  SearchRequest search;               // per batch
  bool symmetric = false;             // add the symmetry-adapted search's starts
  std::optional<int> quiet_batches;   // batches in a row without a new point before stopping
  int max_starts = 1000;              // cap on the random starts of all batches
  double time_budget = 20;            // CPU seconds after which no new batch starts; 0: none
  double eps = 1e-3;                  // of the escape-time estimates

  bool is_valid(std::string* why) const;
};

struct FixedPointsResult {
  Outcome outcome;
  FixedPointCensusResult census;
  FixedPointCensusOptions options;    // as used (quiet_batches resolved)
  std::vector<Stability> stability;   // of each point
  std::vector<double> losses;         // reported loss of each point
  std::vector<bool> global_minimum;
  std::optional<SymmetricStarts> symmetric;
};

FixedPointsResult run(const Model& m, const FixedPointsRequest& request, Progress* progress = nullptr);

void to_json(nlohmann::json& j, const FixedPointsRequest& r);
void from_json(const nlohmann::json& j, FixedPointsRequest& r);
// The result's fields of the CLI's JSON: "solver" (starts, batches, stopping rule, miss
// probabilities) and "fixed_points".
nlohmann::json result_json(const Model& m, const FixedPointsResult& r);

}  // namespace summit::studies
