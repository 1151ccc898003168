// Study `stability`: one fixed point polished from a given state (default: the model's first
// special point) and the spectrum of its linearisation.
//
// Contract: the start needs not be realisable (the polish moves it); a polish that does not reach
// max|drift| <= tol, or an analysis that fails, is a failure outcome. `polished_from` names the
// special point or "the given state".
#pragma once

#include "solvers/stability.hpp"
#include "studies/outcome.hpp"
#include "studies/progress.hpp"
#include "studies/search_request.hpp"
#include "studies/start.hpp"

#include <nlohmann/json.hpp>

namespace summit::studies {

struct StabilityRequest {
  StartSpec start;
  SearchRequest polish;
  double eps = 1e-3;  // of the escape-time estimate log(1/eps)/lambda_max

  bool is_valid(std::string* why) const { return polish.is_valid(why) && eps_is_valid(eps, why); }
};

struct StabilityResult {
  Outcome outcome;
  Vec x;
  double loss = 0, residual = 0;
  Stability stability;
  std::string polished_from;
};

StabilityResult run(const Model& m, const StabilityRequest& request, Progress* progress = nullptr);

void to_json(nlohmann::json& j, const StabilityRequest& r);
void from_json(const nlohmann::json& j, StabilityRequest& r);
// The result's fields of the CLI's JSON: "fixed_points" with the one point.
nlohmann::json result_json(const Model& m, const StabilityResult& r);

}  // namespace summit::studies
