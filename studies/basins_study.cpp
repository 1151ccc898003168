#include "studies/basins_study.hpp"

#include "studies/json_fields.hpp"
#include "studies/number_text.hpp"
#include "studies/reported_values.hpp"
#include "studies/result_json.hpp"

#include <cmath>
#include <stdexcept>

namespace summit::studies {

namespace {
constexpr long kMaxRuns = 1'000'000;
}

bool runs_are_valid(int runs, double steady_tol, std::string* why) {
  if (runs < 1 || runs > kMaxRuns)
    return fail_with(why, "--runs " + std::to_string(runs) + ": must be in [1, " + std::to_string(kMaxRuns) + "]");
  if (!(std::isfinite(steady_tol) && steady_tol > 0))
    return fail_with(why, "--steady-tol " + full(steady_tol) + ": must be > 0 (and finite)");
  return true;
}

bool BasinsRequest::is_valid(std::string* why) const {
  return integration.is_valid(why) && polish.is_valid(why) && eps_is_valid(eps, why) &&
         runs_are_valid(runs, steady_tol, why);
}

BasinsStudyResult run(const Model& m, const BasinsRequest& request, Progress* progress) {
  std::string why;
  if (!request.is_valid(&why)) throw std::invalid_argument(why);
  BasinsStudyResult r;
  BasinOptions& bo = r.options;
  bo.runs = request.runs;
  bo.seed = request.polish.seed;
  bo.t_max = request.integration.t_end;
  bo.steady_tol = request.steady_tol;
  bo.integrate = request.integration.to_options(m);
  bo.polish = request.polish.to_options();
  bo.stability.eps = request.eps;
  bo.progress = fraction_callback(progress);
  report_stage(progress, "runs from random starts");
  r.basins = basins(m, bo);
  r.outcome = failure(r.basins.status, "basin search", r.basins.message);
  for (const auto& b : r.basins.basins) r.losses.push_back(reported_loss(m.name(), b.loss));
  return r;
}

void to_json(nlohmann::json& j, const BasinsRequest& r) {
  j = {{"integration", r.integration}, {"polish", r.polish}, {"runs", r.runs}, {"steady_tol", r.steady_tol},
       {"eps", r.eps}};
}

void from_json(const nlohmann::json& j, BasinsRequest& r) {
  const std::string p = "basins";
  require_object(j, p);
  reject_unknown(j, {"integration", "polish", "runs", "steady_tol", "eps"}, p);
  r = BasinsRequest{};
  if (j.contains("integration")) r.integration = j["integration"].get<IntegrationRequest>();
  if (j.contains("polish")) r.polish = j["polish"].get<SearchRequest>();
  read_if(j, "runs", p, r.runs);
  read_if(j, "steady_tol", p, r.steady_tol);
  read_if(j, "eps", p, r.eps);
}

nlohmann::json result_json(const Model& m, const BasinsStudyResult& r) {
  using json = nlohmann::json;
  const BasinResult& b = r.basins;
  json j;
  j["solver"] = {{"runs", b.runs}, {"t_max", r.options.t_max}, {"steady_tol", r.options.steady_tol},
                 {"seed", r.options.seed}};
  j["unconverged"] = b.unconverged;
  j["failed"] = b.failed;
  if (b.failed) j["first_failure"] = b.first_failure;
  j["basins"] = json::array();
  for (size_t k = 0; k < b.basins.size(); ++k) {
    json p = fixed_point_json(m, b.basins[k].x, r.losses[k], 0, b.basins[k].stability);
    p.erase("residual");
    p["count"] = b.basins[k].count;
    p["fraction"] = b.basins[k].fraction;
    j["basins"].push_back(p);
  }
  j["uncertified"] = json::array();
  for (const auto& u : b.uncertified)
    j["uncertified"].push_back({{"loss", u.loss}, {"max_drift", u.max_drift}, {"count", u.count}, {"fraction", u.fraction}});
  return j;
}

}  // namespace summit::studies
