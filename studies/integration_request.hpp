// The part of a request that configures an integration of the drift (curve, escape, basins):
// method and tolerances, the output times, events and the step limit.
//
// Contract: is_valid checks every field on its own (messages name the CLI option, the value and
// what is allowed); to_options turns a valid request into solvers/integrate.hpp options for one
// model, parsing the events against it (std::invalid_argument naming the event text and the
// quantities allowed). Output times: `times` when given (>= 0, increasing), else the log-spaced
// grid of `points` points up to `t_end`.
#pragma once

#include "solvers/integrate.hpp"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <vector>

namespace summit::studies {

struct IntegrationRequest {
  static constexpr long kDefaultMaxSteps = 2'000'000;
  std::string method = "dopri5";  // dopri5, rosenbrock4 or euler
  double atol = 1e-10, rtol = 1e-10, dt = 0.01;
  long max_steps = kDefaultMaxSteps;
  std::optional<std::vector<double>> times;  // explicit output times
  double t_end = 1000;
  int points = 41;
  std::vector<std::string> events;  // e.g. "eg<1e-3", "esc: r_spread>0.5", "steady<1e-9"

  bool is_valid(std::string* why) const;
  IntegrateOptions to_options(const Model& m) const;
};

void to_json(nlohmann::json& j, const IntegrationRequest& r);
void from_json(const nlohmann::json& j, IntegrationRequest& r);

// The log-spaced output grid: t_end > 0 and finite, points in [2, 1e6].
bool time_grid_is_valid(double t_end, int points, std::string* why);

// The output times as JSON: "times" alone when given, else "times": null with "t_end" and
// "points". Reading, "times" with "t_end" or "points" beside it is the CLI's conflict of --times
// with --t-end or --points (std::invalid_argument with the CLI's message).
void times_to_json(nlohmann::json& j, const std::optional<std::vector<double>>& times, double t_end, int points);
void reject_times_conflict(const nlohmann::json& j);

// Shared by the requests that hold an integration: the first failing check's message, or true.
bool fail_with(std::string* why, const std::string& message);

}  // namespace summit::studies
