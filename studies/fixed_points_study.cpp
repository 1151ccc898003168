#include "studies/fixed_points_study.hpp"

#include "studies/integration_request.hpp"
#include "studies/json_fields.hpp"
#include "studies/number_text.hpp"
#include "studies/reported_values.hpp"
#include "studies/result_json.hpp"

#include <cmath>
#include <stdexcept>

namespace summit::studies {

bool FixedPointsRequest::is_valid(std::string* why) const {
  if (!search.is_valid(why) || !eps_is_valid(eps, why)) return false;
  if (quiet_batches && *quiet_batches < 0)
    return fail_with(why, "--quiet-batches " + std::to_string(*quiet_batches) + ": must be >= 0");
  if (max_starts < 0) return fail_with(why, "--max-starts " + std::to_string(max_starts) + ": must be >= 0");
  if (!(std::isfinite(time_budget) && time_budget >= 0))
    return fail_with(why, "--time-budget " + full(time_budget) +
                              ": must be >= 0 seconds (0: no budget) and finite");
  return true;
}

FixedPointsResult run(const Model& m, const FixedPointsRequest& request, Progress* progress) {
  std::string why;
  if (!request.is_valid(&why)) throw std::invalid_argument(why);
  FixedPointsResult r;
  FixedPointCensusOptions& co = r.options;
  co.search = request.search.to_options();
  if (request.start.given()) co.search.starts.push_back({"given", resolve_start(m, request.start, false), ""});
  if (request.symmetric) {
    report_stage(progress, "symmetric search");
    r.symmetric = add_symmetric_starts(m, co.search);
  }
  co.quiet_batches = request.quiet_batches ? *request.quiet_batches : m.hints().iteration.quiet_batches;
  co.max_random_starts = request.max_starts;
  co.time_budget = request.time_budget;
  co.progress = fraction_callback(progress);
  report_stage(progress, "searching");
  r.census = fixed_point_census(m, co);
  const FixedPointResult& fp = r.census.result;
  r.outcome = failure(fp.status, "fixed-point search", fp.message);
  if (!r.outcome.ok()) return r;
  StabilityOptions so;
  so.eps = request.eps;
  report_stage(progress, "classifying");
  const double best = fp.points.front().loss;
  for (const auto& p : fp.points) {
    r.stability.push_back(analyse_stability(m, p.x, so));
    r.losses.push_back(reported_loss(m.name(), p.loss));
    r.global_minimum.push_back(p.loss <= best + 1e-10);
  }
  return r;
}

void to_json(nlohmann::json& j, const FixedPointsRequest& r) {
  j = {{"start", r.start}, {"search", r.search}, {"symmetric", r.symmetric}, {"max_starts", r.max_starts},
       {"time_budget", r.time_budget}, {"eps", r.eps}};
  j["quiet_batches"] = r.quiet_batches ? nlohmann::json(*r.quiet_batches) : nlohmann::json();
}

void from_json(const nlohmann::json& j, FixedPointsRequest& r) {
  const std::string p = "fixed_points";
  require_object(j, p);
  reject_unknown(j, {"start", "search", "symmetric", "quiet_batches", "max_starts", "time_budget", "eps"}, p);
  r = FixedPointsRequest{};
  if (j.contains("start")) r.start = j["start"].get<StartSpec>();
  if (j.contains("search")) r.search = j["search"].get<SearchRequest>();
  read_if(j, "symmetric", p, r.symmetric);
  read_if(j, "quiet_batches", p, r.quiet_batches);
  read_if(j, "max_starts", p, r.max_starts);
  read_if(j, "time_budget", p, r.time_budget);
  read_if(j, "eps", p, r.eps);
}

nlohmann::json result_json(const Model& m, const FixedPointsResult& r) {
  using json = nlohmann::json;
  const FixedPointCensusResult& census = r.census;
  const FixedPointResult& fp = census.result;
  json j;
  j["solver"] = {{"starts", fp.starts}, {"converged", fp.converged}, {"tol", r.options.search.tol},
                 {"random_starts", census.random_starts}, {"batch_starts", census.batch_starts},
                 {"batches", census.new_per_batch.size()}, {"new_per_batch", census.new_per_batch},
                 {"distinct_per_batch", census.distinct_per_batch},
                 {"stopped_by", census.stopped_by()}, {"quiet_batches", r.options.quiet_batches},
                 {"max_starts", r.options.max_random_starts}, {"time_budget", r.options.time_budget},
                 {"saddles_descended", census.saddles_descended},
                 {"saddle_dynamics_points", census.saddle_dynamics_points},
                 {"basin_missed_with_probability_0.05", census.basin_missed_with(0.05)},
                 {"miss_probability_basin_0.01", census.miss_probability(0.01)}};
  // The CPU time only when it decided the result (otherwise the output is fixed by the seed).
  if (census.stopped_by_budget) j["solver"]["cpu_seconds"] = census.cpu_seconds;
  j["fixed_points"] = json::array();
  for (size_t k = 0; k < fp.points.size(); ++k) {
    const FixedPoint& p = fp.points[k];
    json point = fixed_point_json(m, p.x, r.losses[k], p.residual, r.stability[k]);
    point["hits"] = p.hits;
    point["origin"] = p.origin;
    point["global_minimum"] = static_cast<bool>(r.global_minimum[k]);
    if (r.symmetric) point.update(isotropy_json(*r.symmetric, m, p, r.stability[k]));
    j["fixed_points"].push_back(point);
  }
  return j;
}

}  // namespace summit::studies
