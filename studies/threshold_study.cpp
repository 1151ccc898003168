#include "studies/threshold_study.hpp"

#include "studies/integration_request.hpp"
#include "studies/json_fields.hpp"
#include "studies/parameter_path.hpp"
#include "studies/result_json.hpp"

#include <stdexcept>
#include <utility>

namespace summit::studies {

namespace {
constexpr long kMaxGrid = 100'000;  // grid points of threshold / continue
}

bool grid_is_valid(int grid, std::string* why) {
  if (grid < 2 || grid > kMaxGrid)
    return fail_with(why, "--grid " + std::to_string(grid) + ": must be in [2, " + std::to_string(kMaxGrid) + "]");
  return true;
}

bool ThresholdRequest::is_valid(std::string* why) const {
  return search.is_valid(why) && eps_is_valid(eps, why) && grid_is_valid(grid, why) &&
         range_is_valid(range, false, why);
}

ThresholdStudyResult run(const Model& m, const ThresholdRequest& request, Progress* progress) {
  std::string why;
  if (!request.is_valid(&why)) throw std::invalid_argument(why);
  ThresholdStudyResult r;
  if (const NaturalThreshold nt = m.hints().natural_threshold; !request.vary && nt.exact) {
    r.parameter = nt.parameter;
    r.exact = nt.exact;
    r.note = nt.note;
    return r;
  }
  const ParameterPath path = resolve_parameter_path(m, request.vary, request.range, request.observable, false);
  r.parameter = path.param;
  r.observable = path.observable;
  r.lo = path.lo;
  r.hi = path.hi;
  StartSpec start = request.start;
  if (!start.given() && !path.point.empty()) start.point = path.point;
  ThresholdOptions to;
  to.lo = path.lo;
  to.hi = path.hi;
  to.grid = request.grid;
  to.progress = fraction_callback(progress);
  const ModelFactory make = model_factory(m, path.param);
  if (!r.observable.empty()) {
    r.point = start.point ? *start.point : (start.at.empty() ? "initial" : "given");
    const PointOf point = [&start](const Model& mp) { return resolve_start(mp, start, false); };
    report_stage(progress, "scanning " + r.observable);
    r.search = locate_observable_root(make, point, r.observable, to);
  } else {
    if (!start.given()) throw std::invalid_argument("give the fixed point to follow with --at or --point");
    r.point = start.point ? *start.point : "given";
    const auto m0 = make(path.lo);
    const Vec x0 = resolve_start(*m0, start, false);
    to.fixed_point = request.search.to_options();
    to.stability.eps = request.eps;
    report_stage(progress, "scanning lambda_max");
    r.search = locate_stability_change(make, x0, to);
  }
  r.outcome = failure(r.search.status, "threshold search", r.search.message);
  return r;
}

void to_json(nlohmann::json& j, const ThresholdRequest& r) {
  using json = nlohmann::json;
  j = {{"start", r.start}, {"grid", r.grid}, {"search", r.search}, {"eps", r.eps}};
  j["vary"] = r.vary ? json(*r.vary) : json();
  j["range"] = r.range ? json(*r.range) : json();
  j["observable"] = r.observable ? json(*r.observable) : json();
}

void from_json(const nlohmann::json& j, ThresholdRequest& r) {
  const std::string p = "threshold";
  require_object(j, p);
  reject_unknown(j, {"start", "vary", "range", "observable", "grid", "search", "eps"}, p);
  r = ThresholdRequest{};
  if (j.contains("start")) r.start = j["start"].get<StartSpec>();
  if (j.contains("search")) r.search = j["search"].get<SearchRequest>();
  read_if(j, "range", p, r.range);
  read_if(j, "grid", p, r.grid);
  read_if(j, "eps", p, r.eps);
  for (auto [key, dst] : {std::pair{"vary", &r.vary}, std::pair{"observable", &r.observable}})
    if (j.contains(key) && !j[key].is_null()) *dst = text_field(j, key, p);
}

nlohmann::json result_json(const Model& m, const ThresholdStudyResult& r) {
  using json = nlohmann::json;
  json j;
  j["parameter"] = r.parameter;
  if (r.exact) {
    j["threshold"] = *r.exact;
    j["bracket"] = {*r.exact, *r.exact};
    j["direction"] = "exact";
    j["note"] = r.note;
    return j;
  }
  j["range"] = {r.lo, r.hi};
  if (!r.observable.empty()) j["observable"] = r.observable;
  j["point"] = r.point;
  json scan = json::array();
  for (auto [p, v] : r.search.scan) scan.push_back({p, v});
  j["scan"] = scan;
  j["threshold"] = r.search.threshold;
  j["bracket"] = {r.search.bracket_lo, r.search.bracket_hi};
  j["direction"] = to_string(r.search.direction);
  j["state"] = state_json(m, r.search.state);
  return j;
}

}  // namespace summit::studies
