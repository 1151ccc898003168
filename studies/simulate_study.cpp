#include "studies/simulate_study.hpp"

#include "studies/budget.hpp"
#include "studies/integration_request.hpp"
#include "studies/json_fields.hpp"
#include "studies/number_text.hpp"

#include <cmath>
#include <stdexcept>

namespace summit::studies {

namespace {
constexpr long kMaxSeeds = 1024;
}  // namespace

bool SimulateRequest::is_valid(std::string* why) const {
  if (!time_grid_is_valid(t_end, points, why)) return false;
  if (d < 1) return fail_with(why, "--d " + std::to_string(d) + ": must be >= 1");
  if (seeds < 1 || seeds > kMaxSeeds)
    return fail_with(why, "--seeds " + std::to_string(seeds) + ": must be in [1, " + std::to_string(kMaxSeeds) + "]");
  return true;
}

SimulateResult run(const Model& m, const SimulateRequest& request, Progress* progress) {
  std::string why;
  if (!request.is_valid(&why)) throw std::invalid_argument(why);
  check_rows_budget(m, request.times.has_value(), request.points);
  check_simulation_budget(m, request.d, request.seeds);
  SimulateResult r;
  const Vec x0 = resolve_start(m, request.start);
  SimulateOptions& so = r.options;
  so.d = request.d;
  so.seeds = request.seeds;
  so.seed = static_cast<std::uint64_t>(m.params().all().count("seed") ? std::stoll(m.params().get_text("seed")) : 0);
  so.progress = fraction_callback(progress);
  so.times = request.times ? *request.times : log_grid(request.t_end, request.points);
  report_stage(progress, "simulating");
  r.simulation = simulate(m, x0, so);
  r.outcome = failure(r.simulation.status, "simulation", r.simulation.message);
  return r;
}

void to_json(nlohmann::json& j, const SimulateRequest& r) {
  j = {{"start", r.start}, {"d", r.d}, {"seeds", r.seeds}};
  times_to_json(j, r.times, r.t_end, r.points);
}

void from_json(const nlohmann::json& j, SimulateRequest& r) {
  const std::string p = "simulate";
  require_object(j, p);
  reject_unknown(j, {"start", "d", "seeds", "t_end", "points", "times"}, p);
  reject_times_conflict(j);
  r = SimulateRequest{};
  if (j.contains("start")) r.start = j["start"].get<StartSpec>();
  read_if(j, "d", p, r.d);
  read_if(j, "seeds", p, r.seeds);
  read_if(j, "t_end", p, r.t_end);
  read_if(j, "points", p, r.points);
  read_if(j, "times", p, r.times);
}

nlohmann::json result_json(const Model& m, const SimulateResult& r) {
  nlohmann::json j;
  const SimulationResult& s = r.simulation;
  j["solver"] = {{"d", r.options.d}, {"seeds", r.options.seeds}, {"seed", r.options.seed}};
  std::vector<std::string> cols{"t"};
  for (const auto& c : s.columns) cols.push_back(c);
  for (const auto& c : s.columns) cols.push_back(c + "_sd");
  j["columns"] = cols;
  j["rows"] = nlohmann::json::array();
  for (size_t i = 0; i < s.t.size(); ++i) {
    std::vector<double> row{s.t[i]};
    const auto ii = static_cast<Eigen::Index>(i);
    for (Eigen::Index c = 0; c < s.mean.cols(); ++c) row.push_back(s.mean(ii, c));
    for (Eigen::Index c = 0; c < s.sd.cols(); ++c) row.push_back(s.sd(ii, c));
    j["rows"].push_back(row);
  }
  return j;
}

}  // namespace summit::studies
