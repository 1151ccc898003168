// Study `minimize`: local minima of the population loss over the realisable domain (solvers/
// minimize.hpp: L-BFGS in the model's free parameterisation, Newton polish, Hessian spectra).
//
// Contract: a given start (point or coordinates) must be realisable and is searched first as
// "given"; `starts` unset means the solver's default number of random starts; a search in which no
// start converges is a failure outcome.
#pragma once

#include "solvers/minimize.hpp"
#include "studies/outcome.hpp"
#include "studies/progress.hpp"
#include "studies/start.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>

namespace summit::studies {

struct MinimizeRequest {
  StartSpec start;
  std::optional<int> starts;  // random starts
  std::uint64_t seed = 1;     // of the random starts (--solver-seed)

  bool is_valid(std::string* why) const;
};

struct MinimizeStudyResult {
  Outcome outcome;
  MinimizeResult search;
  std::vector<double> losses;  // reported loss of each minimum
};

MinimizeStudyResult run(const Model& m, const MinimizeRequest& request, Progress* progress = nullptr);

void to_json(nlohmann::json& j, const MinimizeRequest& r);
void from_json(const nlohmann::json& j, MinimizeRequest& r);
// The result's fields of the CLI's JSON: "minima", and "solver" {starts, converged} (the starts run
// and how many converged, as the table's title says).
nlohmann::json result_json(const Model& m, const MinimizeStudyResult& r);

}  // namespace summit::studies
