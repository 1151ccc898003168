// Study `threshold`: the parameter value where a fixed point changes stability, or where an
// observable at a point changes sign (solvers/continuation.hpp), or the model's exactly known
// threshold.
//
// Contract: without `vary` the model's natural threshold is the query (ModelHints): when it is
// known exactly (and no `vary` is given) the result is that value with its note and nothing is
// solved; otherwise its parameter, window (replaced by `range` when given), point and observable.
// With `vary` (a real parameter of the model) `range` is required. `observable` asks for the root
// of that observable instead of a change of stability. The followed point is the start (`point`,
// `at`), else the query's point; for a change of stability one of them is required (an error
// otherwise). A search without a sign change or a bracket is a failure outcome; the scan is kept.
#pragma once

#include "solvers/continuation.hpp"
#include "studies/outcome.hpp"
#include "studies/progress.hpp"
#include "studies/search_request.hpp"
#include "studies/start.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace summit::studies {

struct ThresholdRequest {
  StartSpec start;                            // the point followed (default: the query's point)
  std::optional<std::string> vary;            // the parameter moved (default: the natural threshold's)
  std::optional<std::vector<double>> range;   // {lo, hi}
  std::optional<std::string> observable;      // root of this observable instead of a stability change
  int grid = 24;                              // points of the scan
  SearchRequest search;                       // the polish at each parameter value
  double eps = 1e-3;                          // of the escape-time estimates

  bool is_valid(std::string* why) const;
};

// The scan's grid: 2 to 100000 points (--grid).
bool grid_is_valid(int grid, std::string* why);

struct ThresholdStudyResult {
  Outcome outcome;
  std::string parameter, observable;  // observable: "" for a change of stability
  std::string point;                  // the followed point: its name, "given" or "initial"
  double lo = 0, hi = 0;
  std::optional<double> exact;        // known exactly (no search)
  std::string note;                   // of the exact value
  ThresholdResult search;             // scan, bracket, threshold, direction, state
};

ThresholdStudyResult run(const Model& m, const ThresholdRequest& request, Progress* progress = nullptr);

void to_json(nlohmann::json& j, const ThresholdRequest& r);
void from_json(const nlohmann::json& j, ThresholdRequest& r);
// The result's fields of the CLI's JSON: parameter, threshold, bracket, direction and, after a
// search, range, point (and observable), scan and state; for an exact value its note.
nlohmann::json result_json(const Model& m, const ThresholdStudyResult& r);

}  // namespace summit::studies
