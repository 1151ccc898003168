#include "studies/trajectory.hpp"

#include "studies/json_fields.hpp"
#include "studies/number_text.hpp"
#include "studies/result_json.hpp"

#include <cmath>
#include <stdexcept>

namespace summit::studies {

bool TrajectoryRequest::is_valid(std::string* why) const {
  if (!integration.is_valid(why) || !polish.is_valid(why)) return false;
  if (perturb && !(std::isfinite(*perturb) && *perturb > 0))
    return fail_with(why, "--perturb " + full(*perturb) + ": must be > 0 (and finite)");
  return true;
}

TrajectoryResult run_trajectory(const Model& m, const TrajectoryRequest& request, bool escape, Progress* progress) {
  std::string why;
  if (!request.is_valid(&why)) throw std::invalid_argument(why);
  TrajectoryResult r;
  Vec x0 = resolve_start(m, request.start);
  r.options = request.integration.to_options(m);
  if (request.perturb) {
    report_stage(progress, "polishing the fixed point to perturb");
    r.perturbed = perturbed_start(m, x0, *request.perturb, request.polish);
    if (!r.perturbed->outcome.ok()) {
      r.outcome = r.perturbed->outcome;
      return r;
    }
    x0 = r.perturbed->state;
  }
  if (escape) {
    if (r.options.events.empty())
      for (const auto& e : m.hints().default_events) r.options.events.push_back(parse_event(m, e));
    if (r.options.events.empty())
      throw std::invalid_argument("model '" + m.name() + "' has no default events; give --event");
    r.options.stop_when_events_found = true;
    if (!request.integration.times) r.options.times = {0.0, request.integration.t_end};
  }
  r.options.progress = fraction_callback(progress);
  report_stage(progress, "integrating");
  r.trajectory = integrate(m, x0, r.options);
  r.outcome = failure(r.trajectory.status, "integration", r.trajectory.message);
  return r;
}

void to_json(nlohmann::json& j, const TrajectoryRequest& r) {
  j = {{"start", r.start}, {"integration", r.integration}, {"polish", r.polish}};
  j["perturb"] = r.perturb ? nlohmann::json(*r.perturb) : nlohmann::json();
}

void from_json(const nlohmann::json& j, TrajectoryRequest& r, const std::string& path) {
  require_object(j, path);
  reject_unknown(j, {"start", "integration", "perturb", "polish"}, path);
  r = TrajectoryRequest{};
  if (j.contains("start")) r.start = j["start"].get<StartSpec>();
  if (j.contains("integration")) r.integration = j["integration"].get<IntegrationRequest>();
  if (j.contains("polish")) r.polish = j["polish"].get<SearchRequest>();
  read_if(j, "perturb", path, r.perturb);
}

nlohmann::json trajectory_json(const Model& m, const TrajectoryRequest& request, const TrajectoryResult& r) {
  using json = nlohmann::json;
  json j;
  const IntegrateOptions& io = r.options;
  j["solver"] = {{"method", request.integration.method}, {"atol", io.abs_tol}, {"rtol", io.rel_tol}, {"dt", io.dt},
                 {"steps", r.trajectory.steps}, {"rhs_evaluations", r.trajectory.rhs_evaluations}};
  j["events"] = json::array();
  for (const auto& e : r.trajectory.events) {
    json je = {{"name", e.name}, {"found", e.found}};
    je["time"] = e.found ? json(e.time) : json();
    if (e.found) je["state"] = state_json(m, e.state);
    j["events"].push_back(je);
  }
  if (r.perturbed) j["start"] = perturbed_start_json(m, *r.perturbed);
  return j;
}

}  // namespace summit::studies
