// Study `curve`: the learning curve, i.e. the integrated order parameters on a time grid, with
// the times of the requested events.
//
// Contract: as run_trajectory (studies/trajectory.hpp) with the events given only; the rows hold
// t, the reported loss, the observables and the state at each output time.
#pragma once

#include "studies/trajectory.hpp"

namespace summit::studies {

struct CurveRequest : TrajectoryRequest {};

struct CurveResult : TrajectoryResult {
  std::vector<std::string> columns;         // t, loss, observables, coordinates
  std::vector<std::vector<double>> rows;    // one per output time reached
};

CurveResult run(const Model& m, const CurveRequest& request, Progress* progress = nullptr);

void to_json(nlohmann::json& j, const CurveRequest& r);
void from_json(const nlohmann::json& j, CurveRequest& r);
// The result's fields of the CLI's JSON: solver, events, start (--perturb), columns, rows.
nlohmann::json result_json(const Model& m, const CurveRequest& request, const CurveResult& r);

}  // namespace summit::studies
