// Study `describe`: what a model is (parameters with their values, types, ranges and docs, state
// coordinates, observables, special points, default events), or a model file's equations.
//
// Contract: without `equations` the result holds the model's description; with `equations`
// ("index" or "expanded", else is_valid refuses it naming --equations) it holds the equations of a
// model file (models/user/equations.hpp) as text, or LaTeX when `latex`; a built-in model has none
// (check_against_model throws std::invalid_argument naming the model). Nothing is solved.
#pragma once

#include "lib/model.hpp"
#include "studies/outcome.hpp"
#include "studies/progress.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace summit::studies {

struct DescribeRequest {
  std::optional<std::string> equations;  // "index" or "expanded": a model file's equations
  bool latex = false;                    // the equations as LaTeX

  bool is_valid(std::string* why) const;
};

void check_against_model(const Model& m, const DescribeRequest& request);

struct DescribeResult {
  Outcome outcome;                 // always ok
  nlohmann::json fields;           // see result_json
  std::string equations;           // the equations' text, when asked for
};

DescribeResult run(const Model& m, const DescribeRequest& request, Progress* progress = nullptr);

void to_json(nlohmann::json& j, const DescribeRequest& r);
void from_json(const nlohmann::json& j, DescribeRequest& r);
// The result's fields of the CLI's JSON: equations and form; or summary, doc, parameters [{name,
// type, value, default, allowed, doc}], coordinates, observables, default_events, special_points
// [{name, doc, state}].
nlohmann::json result_json(const Model& m, const DescribeResult& r);

}  // namespace summit::studies
