// Study `simulate`: the model's finite-d realisation (Model::microscopic) run for several seeds,
// measuring the same order parameters as the theory, mean and spread over seeds.
//
// Contract: the start must be realisable; the base seed is the model's parameter `seed` when it
// has one (else 0), seeds seed, seed+1, ... run on threads; a model without a realisation or a
// run that fails is a failure outcome. Output times: `times` when given, else the log-spaced grid.
#pragma once

#include "solvers/simulate.hpp"
#include "studies/outcome.hpp"
#include "studies/progress.hpp"
#include "studies/start.hpp"

#include <nlohmann/json.hpp>

#include <optional>

namespace summit::studies {

struct SimulateRequest {
  StartSpec start;
  int d = 1000;    // input dimension
  int seeds = 4;   // independent runs
  std::optional<std::vector<double>> times;
  double t_end = 1000;
  int points = 41;

  bool is_valid(std::string* why) const;
};

struct SimulateResult {
  Outcome outcome;
  SimulateOptions options;  // as used
  SimulationResult simulation;
};

SimulateResult run(const Model& m, const SimulateRequest& request, Progress* progress = nullptr);

void to_json(nlohmann::json& j, const SimulateRequest& r);
void from_json(const nlohmann::json& j, SimulateRequest& r);
// The result's fields of the CLI's JSON: solver, columns (t, the measured columns, then their
// "_sd"), rows.
nlohmann::json result_json(const Model& m, const SimulateResult& r);

}  // namespace summit::studies
