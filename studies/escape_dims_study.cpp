#include "studies/escape_dims_study.hpp"

#include "models/models.hpp"
#include "solvers/integrate.hpp"
#include "studies/json_fields.hpp"
#include "studies/number_text.hpp"
#include "studies/parameter_path.hpp"

#include <cmath>
#include <stdexcept>

namespace summit::studies {

using json = nlohmann::json;

namespace {

// The least-squares slope of y against x.
double slope(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = double(x.size());
  double mx = 0, my = 0, sxy = 0, sxx = 0;
  for (size_t i = 0; i < x.size(); ++i) mx += x[i] / n, my += y[i] / n;
  for (size_t i = 0; i < x.size(); ++i) sxy += (x[i] - mx) * (y[i] - my), sxx += (x[i] - mx) * (x[i] - mx);
  return sxy / sxx;
}

}  // namespace

bool EscapeDimsRequest::is_valid(std::string* why) const {
  if (dims.size() < 2) {
    std::string text;
    for (double d : dims) text += (text.empty() ? "" : ",") + full(d);
    return fail_with(why, "--dims '" + text + "': give at least two dimensions");
  }
  for (double d : dims)
    if (!(d > 1)) return fail_with(why, "--dims: dimension " + full(d) + " must be > 1");
  return integration.is_valid(why);
}

void check_against_model(const Model& m, const EscapeDimsRequest&) {
  bool has_d = false;
  for (const auto& p : builtin_registry().info(m.name()).params) has_d = has_d || p.name == "d";
  if (!has_d)
    throw std::invalid_argument("--dims: model '" + m.name() + "' has no parameter 'd' (initial overlap c/sqrt(d))");
  if (m.params().given("d") || m.params().given("m0"))
    throw std::invalid_argument("--dims sets d and the initial state c/sqrt(d) itself: do not give d, m0, "
                                "--at, --state, --point or --perturb");
}

EscapeDimsResult run(const Model& m, const EscapeDimsRequest& request, Progress* progress) {
  std::string why;
  if (!request.is_valid(&why)) throw std::invalid_argument(why);
  check_against_model(m, request);
  EscapeDimsResult r;
  r.dims = request.dims;
  const ModelFactory make = model_factory(m, "d");
  std::unique_ptr<Model> last;
  for (double d : request.dims) {
    auto md = make(d);
    IntegrateOptions io = request.integration.to_options(*md);
    if (io.events.empty())
      for (const auto& e : md->hints().default_events) io.events.push_back(parse_event(*md, e));
    if (io.events.empty())
      throw std::invalid_argument("model '" + md->name() + "' has no default events; give --event");
    io.stop_when_events_found = true;
    if (!request.integration.times) io.times = {0.0, request.integration.t_end};
    io.progress = fraction_callback(progress);
    report_stage(progress, "integrating at d = " + full(d));
    const Trajectory tr = integrate(*md, md->initial_state(), io);
    if (tr.status != Status::Ok) {
      r.outcome = failure(tr.status, "integration at d = " + full(d), tr.message);
      return r;
    }
    if (r.events.empty()) {
      for (const auto& e : tr.events) r.events.push_back(e.name);
      r.times.assign(r.events.size(), {});
    }
    for (size_t k = 0; k < tr.events.size(); ++k) {
      if (!tr.events[k].found) {
        r.outcome = {Status::NoConvergence, "event '" + tr.events[k].name + "' not reached by t = " +
                                                num(tr.t_reached) + " at d = " + full(d) + " (raise --t-end)"};
        return r;
      }
      r.times[k].push_back(tr.events[k].time);
    }
    last = std::move(md);
  }
  std::vector<double> logd;
  for (double d : request.dims) logd.push_back(std::log(d));
  for (const auto& tk : r.times) {
    std::vector<double> lt;
    for (double v : tk) lt.push_back(std::log(v));
    r.fitted_power.push_back(slope(logd, lt));
    r.fitted_log_slope.push_back(slope(logd, tk));
  }
  r.law = last->hints().escape_law;
  r.last = std::move(last);
  return r;
}

void to_json(nlohmann::json& j, const EscapeDimsRequest& r) { j = {{"dims", r.dims}, {"integration", r.integration}}; }

void from_json(const nlohmann::json& j, EscapeDimsRequest& r) {
  const std::string p = "escape-dims";
  require_object(j, p);
  reject_unknown(j, {"dims", "integration"}, p);
  r = EscapeDimsRequest{};
  if (j.contains("dims")) r.dims = reals_field(j, "dims", p);
  if (j.contains("integration")) r.integration = j["integration"].get<IntegrationRequest>();
}

nlohmann::json result_json(const Model&, const EscapeDimsResult& r) {
  json j;
  j["params"] = r.last->params().all();
  j["dims"] = r.dims;
  const EscapeLaw& law = r.law;
  j["prediction"] = {{"law", law.law}, {"power", law.power}, {"log_power", law.log_power}, {"note", law.note}};
  if (law.log_slope > 0) j["prediction"]["log_slope"] = law.log_slope;
  j["events"] = json::array();
  for (size_t k = 0; k < r.events.size(); ++k)
    j["events"].push_back({{"name", r.events[k]}, {"times", r.times[k]}, {"fitted_power", r.fitted_power[k]},
                           {"fitted_log_slope", r.fitted_log_slope[k]}});
  return j;
}

}  // namespace summit::studies
