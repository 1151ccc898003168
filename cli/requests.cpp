#include "cli/requests.hpp"

#include "cli/json_input.hpp"
#include "lib/params.hpp"

#include <nlohmann/json.hpp>

#include <set>
#include <stdexcept>

namespace summit::cli {

using json = nlohmann::json;

namespace {

std::pair<std::string, std::string> split_assignment(const std::string& s, const std::string& opt) {
  const auto eq = s.find('=');
  if (eq == std::string::npos || eq == 0)
    throw std::invalid_argument(opt + " '" + s + "': expected name=value");
  return {s.substr(0, eq), s.substr(eq + 1)};
}

}  // namespace

Setup gather(const Options& o) {
  Setup s;
  if (!o.config.empty()) {
    const json c = read_json_file(o.config, "--config");
    if (!c.is_object()) throw std::invalid_argument("--config '" + o.config + "': must be a JSON object");
    const bool structured = c.contains("params") || c.contains("state") || c.contains("model");
    if (structured) reject_unknown_keys(c, {"params", "state", "model", "comment"}, "--config '" + o.config + "'");
    for (const char* k : {"params", "state"})
      if (structured && c.contains(k) && !c[k].is_object())
        throw std::invalid_argument("--config '" + o.config + "': key '" + k + "' must be an object, not " +
                                    json_kind(c[k]));
    const json& params = structured ? (c.contains("params") ? c["params"] : json::object()) : c;
    for (auto it = params.begin(); it != params.end(); ++it)
      s.params[it.key()] = json_to_text(it.value(), "--config parameter '" + it.key() + "'");
    if (structured && c.contains("state"))
      for (auto it = c["state"].begin(); it != c["state"].end(); ++it)
        s.at[it.key()] = json_to_text(it.value(), "--config state '" + it.key() + "'");
  }
  std::set<std::string> seen;
  for (const auto& a : o.sets) {
    auto [k, v] = split_assignment(a, "--set");
    if (!seen.insert(k).second) throw std::invalid_argument("--set " + k + " given twice; give each parameter once");
    s.params[k] = v;
  }
  if (!o.state_file.empty()) {
    const json st = read_json_file(o.state_file, "--state");
    if (!st.is_object())
      throw std::invalid_argument("--state '" + o.state_file + "': must be a JSON object, not " + json_kind(st));
    // {"state": {...}} alone, or a summit result (which carries "summit" next to its "state").
    if (st.contains("state") && !st.contains("summit"))
      reject_unknown_keys(st, {"state", "comment"}, "--state '" + o.state_file + "'");
    const json& m = st.contains("state") ? st["state"] : st;
    if (!m.is_object())
      throw std::invalid_argument("--state '" + o.state_file + "': must map coordinate names to values");
    for (auto it = m.begin(); it != m.end(); ++it)
      s.at[it.key()] = json_to_text(it.value(), "--state '" + it.key() + "'");
  }
  seen.clear();
  for (const auto& a : o.ats) {
    auto [k, v] = split_assignment(a, "--at");
    if (!seen.insert(k).second) throw std::invalid_argument("--at " + k + " given twice; give each coordinate once");
    s.at[k] = v;
  }
  return s;
}

studies::StartSpec start_spec(const Options& o, const Setup& s) {
  studies::StartSpec start;
  if (!o.point.empty()) start.point = o.point;
  start.at = s.at;
  return start;
}

studies::IntegrationRequest integration_request(const Options& o) {
  studies::IntegrationRequest r;
  r.method = o.method;
  r.atol = o.atol;
  r.rtol = o.rtol;
  r.dt = o.dt;
  r.max_steps = o.max_steps;
  if (!o.times.empty()) r.times = parse_real_list(o.times, "--times");
  r.t_end = o.t_end;
  r.points = o.points;
  r.events = o.events;
  return r;
}

studies::SearchRequest search_request(const Options& o) {
  studies::SearchRequest r;
  if (o.starts != Options::kStartsAuto) r.starts = o.starts;
  r.tol = o.tol;
  r.seed = o.solver_seed;
  return r;
}

Vec make_state(const Model& m, const Options& o, const Setup& s, bool check) {
  return studies::resolve_start(m, start_spec(o, s), check);
}

IntegrateOptions integrate_options(const Model& m, const Options& o) { return integration_request(o).to_options(m); }

FixedPointOptions fp_options(const Options& o) { return search_request(o).to_options(); }

studies::EvaluateRequest evaluate_request(const Options& o, const Setup& s) { return {start_spec(o, s)}; }

namespace {
template <class Request>
Request trajectory_request(const Options& o, const Setup& s) {
  Request r;
  r.start = start_spec(o, s);
  r.integration = integration_request(o);
  if (o.perturb > 0) r.perturb = o.perturb;  // 0: not given
  r.polish = search_request(o);
  return r;
}
}  // namespace

studies::CurveRequest curve_request(const Options& o, const Setup& s) {
  return trajectory_request<studies::CurveRequest>(o, s);
}

studies::EscapeRequest escape_request(const Options& o, const Setup& s) {
  return trajectory_request<studies::EscapeRequest>(o, s);
}

studies::StabilityRequest stability_request(const Options& o, const Setup& s) {
  return {start_spec(o, s), search_request(o), o.eps};
}

studies::SimulateRequest simulate_request(const Options& o, const Setup& s) {
  studies::SimulateRequest r;
  r.start = start_spec(o, s);
  r.d = o.d;
  r.seeds = o.seeds;
  if (!o.times.empty()) r.times = parse_real_list(o.times, "--times");
  r.t_end = o.t_end;
  r.points = o.points;
  return r;
}

studies::FixedPointsRequest fixed_points_request(const Options& o, const Setup& s) {
  studies::FixedPointsRequest r;
  r.start = start_spec(o, s);
  r.search = search_request(o);
  r.symmetric = o.symmetric;
  if (o.quiet_batches != Options::kStartsAuto) r.quiet_batches = o.quiet_batches;
  r.max_starts = o.max_starts;
  r.time_budget = o.time_budget;
  r.eps = o.eps;
  return r;
}

namespace {
// The fields threshold and continue share: the followed point, the parameter path, the scan.
template <class Request>
Request path_request(const Options& o, const Setup& s) {
  Request r;
  r.start = start_spec(o, s);
  if (!o.vary.empty()) r.vary = o.vary;
  if (!o.range.empty()) r.range = parse_real_list(o.range, "--range");
  if (!o.observable.empty()) r.observable = o.observable;
  r.grid = o.grid;
  r.search = search_request(o);
  r.eps = o.eps;
  return r;
}
}  // namespace

studies::ThresholdRequest threshold_request(const Options& o, const Setup& s) {
  return path_request<studies::ThresholdRequest>(o, s);
}

studies::DescribeRequest describe_request(const Options& o) {
  studies::DescribeRequest r;
  if (!o.equations.empty()) r.equations = o.equations;
  r.latex = o.format == "latex";
  return r;
}

studies::EscapeDimsRequest escape_dims_request(const Options& o, const Setup& s) {
  if (!s.at.empty() || !o.point.empty() || o.perturb > 0)
    throw std::invalid_argument("--dims sets d and the initial state c/sqrt(d) itself: do not give d, m0, "
                                "--at, --state, --point or --perturb");
  studies::EscapeDimsRequest r;
  r.dims = parse_real_list(o.dims, "--dims");
  r.integration = integration_request(o);
  return r;
}

studies::ContinueRequest continue_request(const Options& o, const Setup& s) {
  auto r = path_request<studies::ContinueRequest>(o, s);
  r.switch_branches = o.switch_branches;
  if (!o.vary2.empty()) r.vary2 = o.vary2;
  if (!o.range2.empty()) r.range2 = parse_real_list(o.range2, "--range2");
  if (!o.curve_kind.empty()) r.curve = o.curve_kind;
  return r;
}

studies::MinimizeRequest minimize_request(const Options& o, const Setup& s) {
  studies::MinimizeRequest r{start_spec(o, s), std::nullopt, o.solver_seed};
  if (o.starts != Options::kStartsAuto) r.starts = o.starts;
  return r;
}

studies::BasinsRequest basins_request(const Options& o) {
  return {integration_request(o), search_request(o), o.runs, o.steady_tol, o.eps};
}

}  // namespace summit::cli
