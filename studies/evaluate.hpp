// Study `evaluate`: the loss, the drift and the observables of a model at one state.
//
// Contract: the state is resolved from `start` (studies/start.hpp) and must be realisable
// (std::invalid_argument otherwise); nothing is solved, so the outcome is always ok. The loss and
// observables are reported as studies/reported_values.hpp says.
#pragma once

#include "studies/outcome.hpp"
#include "studies/progress.hpp"
#include "studies/start.hpp"

#include <nlohmann/json.hpp>

namespace summit::studies {

struct EvaluateRequest {
  StartSpec start;
  bool is_valid(std::string* why) const { return true; }
};

struct EvaluateResult {
  Outcome outcome;
  Vec state, drift, observables;
  double loss = 0;
};

EvaluateResult run(const Model& m, const EvaluateRequest& request, Progress* progress = nullptr);

void to_json(nlohmann::json& j, const EvaluateRequest& r);
void from_json(const nlohmann::json& j, EvaluateRequest& r);
// The result's fields of the CLI's JSON: state, loss, drift, observables.
nlohmann::json result_json(const Model& m, const EvaluateResult& r);

}  // namespace summit::studies
