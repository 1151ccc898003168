// What the studies `curve` and `escape` share: one integration of the drift from a start state
// (or from a fixed point displaced along its most unstable direction, --perturb).
//
// Contract: TrajectoryRequest::is_valid checks the integration and the polish settings and that
// `perturb`, when set, is > 0 and finite; run_trajectory resolves the start (realisable, else
// std::invalid_argument), parses the events against the model, integrates and returns the
// trajectory with an ok outcome, or the failure of the polish or the integration.
#pragma once

#include "solvers/integrate.hpp"
#include "studies/integration_request.hpp"
#include "studies/outcome.hpp"
#include "studies/perturbed_start.hpp"
#include "studies/progress.hpp"
#include "studies/search_request.hpp"
#include "studies/start.hpp"

#include <nlohmann/json.hpp>

#include <optional>

namespace summit::studies {

struct TrajectoryRequest {
  StartSpec start;
  IntegrationRequest integration;
  std::optional<double> perturb;  // displace the polished fixed point by this (> 0)
  SearchRequest polish;           // of the fixed point that --perturb starts from

  bool is_valid(std::string* why) const;
};

struct TrajectoryResult {
  Outcome outcome;
  IntegrateOptions options;  // as used (method, tolerances, times, events)
  Trajectory trajectory;
  std::optional<PerturbedStart> perturbed;
};

// `escape`: the model's default events when none are given, stop once every event fired, and the
// output grid {0, t_end} unless times are given.
TrajectoryResult run_trajectory(const Model& m, const TrajectoryRequest& request, bool escape, Progress* progress);

void to_json(nlohmann::json& j, const TrajectoryRequest& r);
void from_json(const nlohmann::json& j, TrajectoryRequest& r, const std::string& path);
// "solver" (method, tolerances, steps, right-hand sides), "events", and "start" for --perturb.
nlohmann::json trajectory_json(const Model& m, const TrajectoryRequest& request, const TrajectoryResult& r);

}  // namespace summit::studies
