#include "studies/escape.hpp"

#include "studies/number_text.hpp"

namespace summit::studies {

EscapeResult run(const Model& m, const EscapeRequest& request, Progress* progress) {
  EscapeResult r;
  static_cast<TrajectoryResult&>(r) = run_trajectory(m, request, true, progress);
  if (!r.outcome.ok()) return r;
  bool all = true;
  for (const auto& e : r.trajectory.events) all = all && e.found;
  if (!all)
    r.outcome = {Status::NoConvergence,
                 "not every event was reached by t = " + num(r.trajectory.t_reached) + " (raise --t-end)"};
  return r;
}

void to_json(nlohmann::json& j, const EscapeRequest& r) { to_json(j, static_cast<const TrajectoryRequest&>(r)); }
void from_json(const nlohmann::json& j, EscapeRequest& r) { from_json(j, static_cast<TrajectoryRequest&>(r), "escape"); }

nlohmann::json result_json(const Model& m, const EscapeRequest& request, const EscapeResult& r) {
  return trajectory_json(m, request, r);
}

}  // namespace summit::studies
