// Study `escape-dims` (the CLI's `escape --dims`): the escape repeated over a list of dimensions d
// (the model's parameter `d`, which sets the initial overlap c/sqrt(d)), with the growth law of
// each event time fitted against d next to the model's prediction (ModelHints::escape_law).
//
// Contract: is_valid requires at least two dimensions, each > 1, and a valid integration; the
// model must have a real parameter `d` and must not be given `d` or `m0` (the study sets both
// through d), checked by check_against_model; run throws std::invalid_argument for either. Each
// run starts at the model's initial state and stops once every event (the request's, else the
// model's defaults; none at all is an error) has fired; without `times` the output grid is
// {0, t_end}. An integration failure or an event not reached by the end is a failure outcome
// naming d. Fitted: p, the least-squares slope of log t against log d (t ~ d^p), and dt/d(ln d).
#pragma once

#include "lib/model.hpp"
#include "studies/integration_request.hpp"
#include "studies/outcome.hpp"
#include "studies/progress.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace summit::studies {

struct EscapeDimsRequest {
  std::vector<double> dims;  // the dimensions d, at least two, each > 1
  IntegrationRequest integration;

  bool is_valid(std::string* why) const;
};

void check_against_model(const Model& m, const EscapeDimsRequest& request);

struct EscapeDimsResult {
  Outcome outcome;
  std::vector<double> dims;
  std::vector<std::string> events;                     // event names
  std::vector<std::vector<double>> times;              // [event][d]
  std::vector<double> fitted_power, fitted_log_slope;  // per event
  EscapeLaw law;                                       // the model's prediction
  std::shared_ptr<const Model> last;                   // the model at the last d
};

EscapeDimsResult run(const Model& m, const EscapeDimsRequest& request, Progress* progress = nullptr);

void to_json(nlohmann::json& j, const EscapeDimsRequest& r);
void from_json(const nlohmann::json& j, EscapeDimsRequest& r);
// The result's fields of the CLI's JSON: dims, prediction, events [{name, times, fitted_power,
// fitted_log_slope}], and params (the model's parameters at the last d, as the CLI's header shows).
nlohmann::json result_json(const Model& m, const EscapeDimsResult& r);

}  // namespace summit::studies
