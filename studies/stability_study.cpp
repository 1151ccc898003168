#include "studies/stability_study.hpp"

#include "studies/json_fields.hpp"
#include "studies/number_text.hpp"
#include "studies/reported_values.hpp"
#include "studies/result_json.hpp"

#include <stdexcept>

namespace summit::studies {

StabilityResult run(const Model& m, const StabilityRequest& request, Progress* progress) {
  std::string why;
  if (!request.is_valid(&why)) throw std::invalid_argument(why);
  StabilityResult r;
  StartSpec start = request.start;
  if (!start.given() && !m.special_points().empty()) start.point = m.special_points().front().name;
  r.polished_from = start.point ? *start.point : "the given state";
  r.x = resolve_start(m, start, false);
  const FixedPointOptions f = request.polish.to_options();
  report_stage(progress, "polishing");
  const Status polished = polish_fixed_point(m, r.x, f, &r.residual);
  r.outcome = failure(polished, "fixed-point polish",
                      "max|drift| = " + num(r.residual) + " > tol = " + num(f.tol) + " from the given state");
  if (!r.outcome.ok()) return r;
  StabilityOptions so;
  so.eps = request.eps;
  r.stability = analyse_stability(m, r.x, so);
  r.outcome = failure(r.stability.status, "stability analysis", r.stability.message);
  r.loss = reported_loss(m.name(), m.loss(r.x));
  return r;
}

void to_json(nlohmann::json& j, const StabilityRequest& r) {
  j = {{"start", r.start}, {"polish", r.polish}, {"eps", r.eps}};
}

void from_json(const nlohmann::json& j, StabilityRequest& r) {
  require_object(j, "stability");
  reject_unknown(j, {"start", "polish", "eps"}, "stability");
  r = StabilityRequest{};
  if (j.contains("start")) r.start = j["start"].get<StartSpec>();
  if (j.contains("polish")) r.polish = j["polish"].get<SearchRequest>();
  read_if(j, "eps", "stability", r.eps);
}

nlohmann::json result_json(const Model& m, const StabilityResult& r) {
  return {{"fixed_points", nlohmann::json::array({fixed_point_json(m, r.x, r.loss, r.residual, r.stability)})}};
}

}  // namespace summit::studies
