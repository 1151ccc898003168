#include "studies/minimize_study.hpp"

#include "studies/json_fields.hpp"
#include "studies/reported_values.hpp"
#include "studies/result_json.hpp"
#include "studies/search_request.hpp"

#include <stdexcept>

namespace summit::studies {

bool MinimizeRequest::is_valid(std::string* why) const {
  SearchRequest search;
  search.starts = starts;
  return search.is_valid(why);  // the same range for --starts as every search
}

MinimizeStudyResult run(const Model& m, const MinimizeRequest& request, Progress* progress) {
  std::string why;
  if (!request.is_valid(&why)) throw std::invalid_argument(why);
  MinimizeStudyResult r;
  MinimizeOptions mo;
  mo.random_starts = request.starts ? *request.starts : -1;  // -1: the solver's default
  mo.seed = request.seed;
  if (request.start.given()) mo.starts.push_back({"given", resolve_start(m, request.start), ""});
  report_stage(progress, "minimising");
  r.search = minimize(m, mo);
  r.outcome = failure(r.search.status, "minimisation", r.search.message);
  for (const auto& mi : r.search.minima) r.losses.push_back(reported_loss(m.name(), mi.loss));
  return r;
}

void to_json(nlohmann::json& j, const MinimizeRequest& r) {
  j = {{"start", r.start}, {"seed", r.seed}};
  j["starts"] = r.starts ? nlohmann::json(*r.starts) : nlohmann::json();
}

void from_json(const nlohmann::json& j, MinimizeRequest& r) {
  const std::string p = "minimize";
  require_object(j, p);
  reject_unknown(j, {"start", "starts", "seed"}, p);
  r = MinimizeRequest{};
  if (j.contains("start")) r.start = j["start"].get<StartSpec>();
  read_if(j, "starts", p, r.starts);
  read_if(j, "seed", p, r.seed);
}

nlohmann::json result_json(const Model& m, const MinimizeStudyResult& r) {
  using json = nlohmann::json;
  json minima = json::array();
  for (size_t k = 0; k < r.search.minima.size(); ++k) {
    const Minimum& mi = r.search.minima[k];
    json h = json::array();
    for (int i = 0; i < mi.hessian_eigenvalues.size(); ++i) h.push_back(mi.hessian_eigenvalues[i]);
    json hu = json::array();
    for (int i = 0; i < mi.free_hessian_eigenvalues.size(); ++i) hu.push_back(mi.free_hessian_eigenvalues[i]);
    minima.push_back({{"state", state_json(m, mi.x)}, {"loss", r.losses[k]}, {"gradient_norm", mi.gradient_norm},
                      {"hessian_eigenvalues", h}, {"weight_hessian_eigenvalues", hu}, {"hits", mi.hits},
                      {"origin", mi.origin}});
  }
  return {{"minima", minima}, {"solver", {{"starts", r.search.starts}, {"converged", r.search.converged}}}};
}

}  // namespace summit::studies
