// Study `escape`: the times of events (default: the model's own, e.g. the plateau escape) along
// one trajectory, stopping once all have fired.
//
// Contract: as run_trajectory (studies/trajectory.hpp) in its escape mode; an event not reached
// by the end of the integration makes the outcome a failure naming the time reached.
#pragma once

#include "studies/trajectory.hpp"

namespace summit::studies {

struct EscapeRequest : TrajectoryRequest {};

struct EscapeResult : TrajectoryResult {};

EscapeResult run(const Model& m, const EscapeRequest& request, Progress* progress = nullptr);

void to_json(nlohmann::json& j, const EscapeRequest& r);
void from_json(const nlohmann::json& j, EscapeRequest& r);
// The result's fields of the CLI's JSON: solver, events, start (--perturb).
nlohmann::json result_json(const Model& m, const EscapeRequest& request, const EscapeResult& r);

}  // namespace summit::studies
