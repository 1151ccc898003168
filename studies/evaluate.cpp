#include "studies/evaluate.hpp"

#include "studies/json_fields.hpp"
#include "studies/reported_values.hpp"
#include "studies/result_json.hpp"

namespace summit::studies {

EvaluateResult run(const Model& m, const EvaluateRequest& request, Progress*) {
  EvaluateResult r;
  r.state = resolve_start(m, request.start);
  m.drift(r.state, r.drift);
  r.loss = reported_loss(m.name(), m.loss(r.state));
  r.observables = shown_observables(m, r.state);
  return r;
}

void to_json(nlohmann::json& j, const EvaluateRequest& r) { j = {{"start", r.start}}; }

void from_json(const nlohmann::json& j, EvaluateRequest& r) {
  require_object(j, "evaluate");
  reject_unknown(j, {"start"}, "evaluate");
  r = EvaluateRequest{};
  if (j.contains("start")) r.start = j["start"].get<StartSpec>();
}

nlohmann::json result_json(const Model& m, const EvaluateResult& r) {
  nlohmann::json j;
  j["state"] = state_json(m, r.state);
  j["loss"] = r.loss;
  j["drift"] = state_json(m, r.drift);
  j["observables"] = nlohmann::json::object();
  for (int i = 0; i < r.observables.size(); ++i) j["observables"][m.observable_names()[i]] = r.observables[i];
  return j;
}

}  // namespace summit::studies
