#include "cli/sweep_task.hpp"

#include "cli/render.hpp"
#include "cli/requests.hpp"
#include "cli/study_table.hpp"
#include "models/models.hpp"
#include "studies/catalog.hpp"
#include "summit/build_info.hpp"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

namespace summit::cli::sweeps {

std::string content_hash(const std::vector<std::string>& args, const std::string& version, const std::string& git) {
  const json content = {{"format", kFormatVersion}, {"summit", version}, {"git", git}, {"args", args}};
  return hex(fnv1a(content.dump()));
}

namespace {
bool takes_solver_seed(const std::string& command) {
  const StudyEntry* study = find_study(command);
  return study && std::find(study->options.begin(), study->options.end(), "solver-seed") != study->options.end();
}
}  // namespace

Task make_task(const Spec& s, size_t index, const json& warm) {
  Task t;
  t.index = index;
  auto params = s.params;
  auto at = s.at;
  json options = s.options;
  const auto c = coords_of(s, index);
  std::map<std::string, std::string> axis_at;
  for (size_t k = 0; k < s.dims.size(); ++k)
    for (const auto& a : s.dims[k].axes) {
      const json& v = a.values[c[k]];
      t.values[a.name] = v;
      if (a.kind == "param") params[a.name] = value_text(v);
      else if (a.kind == "at") axis_at[a.name] = value_text(v);
      else options[a.name] = v;
    }
  for (const auto& [k, v] : axis_at) at[k] = v;
  // The seed: a function of the spec's seed and the point's identity (not of its position, so
  // extending an axis keeps the existing points' results), independent of threads and order.
  const json identity = {{"seed", s.seed}, {"model", s.model}, {"command", s.command},
                         {"params", params}, {"at", at}, {"options", options}};
  t.seed = fnv1a(identity.dump()) & 0x7fffffffull;
  if (s.model_seed) params["seed"] = std::to_string(t.seed);
  // --solver-seed only for the commands that take it (not evaluate, describe or simulate, whose
  // randomness is the model's seed parameter), so the recorded command line is one the CLI runs.
  if (takes_solver_seed(s.command) && !options.contains("solver-seed")) options["solver-seed"] = t.seed;
  // Warm start: the previous point's fixed point, under explicit "at" axes.
  if (warm.is_object()) {
    for (auto it = warm.begin(); it != warm.end(); ++it)
      if (it.value().is_number()) at[it.key()] = full(it.value().get<double>());
    for (const auto& [k, v] : axis_at) at[k] = v;
  }
  t.args = {s.command, s.model};
  for (const auto& p : s.plugins) t.args.insert(t.args.end(), {"--plugin", p});
  for (const auto& [k, v] : params) t.args.insert(t.args.end(), {"--set", k + "=" + v});
  for (const auto& [k, v] : at) t.args.insert(t.args.end(), {"--at", k + "=" + v});
  for (auto it = options.begin(); it != options.end(); ++it) {
    if (it.value().is_array())
      for (const auto& e : it.value()) t.args.insert(t.args.end(), {"--" + it.key(), value_text(e)});
    else
      t.args.insert(t.args.end(), {"--" + it.key(), value_text(it.value())});
  }
  t.params = params;
  t.at = at;
  t.options = options;
  t.hash = content_hash(t.args, SUMMIT_VERSION, SUMMIT_GIT_REVISION);
  return t;
}

std::string command_line(const Task& t) {
  std::string s = "summit";
  for (const auto& a : t.args) s += " " + shell_quote(a);
  return s + " --format json";
}

Options task_options(const Spec& s, const Task& t) {
  Options o;
  try {
    set_study_options(o, *find_study(s.command), t.options);
  } catch (const UnknownOption& e) {
    throw std::invalid_argument("field 'options': unknown option in " + command_line(t) +
                                " (The following argument was not expected: " + e.option + ")");
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("field 'options': ") + e.what() + " in " + command_line(t));
  }
  for (const auto& [k, v] : t.params) o.sets.push_back(k + "=" + v);
  for (const auto& [k, v] : t.at) o.ats.push_back(k + "=" + v);
  o.command = s.command;
  o.model = s.model;
  o.format = "json";
  o.command_line = command_line(t);
  return o;
}

json options_json(const Options& o) {
  json j = {{"method", o.method}, {"atol", o.atol}, {"rtol", o.rtol}, {"dt", o.dt},
            {"t-end", o.t_end}, {"points", o.points}, {"times", o.times}, {"event", o.events},
            {"starts", o.starts == Options::kStartsAuto ? -1 : o.starts}, {"tol", o.tol}, {"eps", o.eps}, {"perturb", o.perturb},
            {"grid", o.grid}, {"vary", o.vary}, {"range", o.range}, {"observable", o.observable},
            {"point", o.point}, {"d", o.d}, {"seeds", o.seeds}, {"runs", o.runs},
            {"steady-tol", o.steady_tol}};
  if (takes_solver_seed(o.command)) j["solver-seed"] = "per point: points[].seed";
  return j;
}

const json* walk(const json& j, const std::vector<std::string>& parts, json& scratch) {
  const json* cur = &j;
  for (const auto& p : parts) {
    if (p == "#") {
      if (!cur->is_array() && !cur->is_object()) return nullptr;
      scratch = cur->size();
      cur = &scratch;
      continue;
    }
    if (cur->is_array()) {
      char* end = nullptr;
      const long k = std::strtol(p.c_str(), &end, 10);
      if (p.empty() || *end) return nullptr;
      const long n = static_cast<long>(cur->size());
      const long i = k < 0 ? n + k : k;
      if (i < 0 || i >= n) return nullptr;
      cur = &(*cur)[static_cast<size_t>(i)];
    } else if (cur->is_object()) {
      auto it = cur->find(p);
      if (it == cur->end()) return nullptr;
      cur = &*it;
    } else {
      return nullptr;
    }
  }
  return cur;
}

json warm_state(const Spec& s, const json& result) {
  json scratch;
  if (!s.warm_start.empty()) {
    const json* w = walk(result, split_path(s.warm_start), scratch);
    return w && w->is_object() ? *w : json();
  }
  if (s.command == "fixed-points" && result.contains("fixed_points")) {
    for (const auto& p : result["fixed_points"])
      if (p.value("origin", std::string()) == "given") return p["state"];
    return result["fixed_points"].empty() ? json() : result["fixed_points"][0]["state"];
  }
  const std::string& path = find_study(s.command)->warm_start;
  if (path.empty()) return json();
  const json* w = walk(result, split_path(path), scratch);
  return w && w->is_object() ? *w : json();
}

namespace {

// A point: its options, model and request JSON, checked as the CLI checks them before it runs
// (Options::is_valid, the model's parameters, the machine's limits, and the catalog's validate:
// fields, start state, events, the study's checks against the model).
struct PointRequest {
  Options options;
  std::unique_ptr<Model> model;
  json request;
  const studies::StudyKind* kind = nullptr;
};

PointRequest point_request(const Spec& s, const Task& t) {
  PointRequest p;
  p.options = task_options(s, t);
  const StudyEntry& e = *find_study(s.command);
  p.kind = studies::find_study_kind(e.study(p.options));
  if (p.kind == nullptr || e.request == nullptr) throw std::logic_error("no study for command " + s.command);
  require_valid(p.options);
  const Setup setup = gather(p.options);
  p.model = builtin_registry().make(p.options.model, setup.params);
  p.request = e.request(p.options, setup);
  if (const auto why = p.kind->validate(*p.model, p.request)) throw std::invalid_argument(*why);
  return p;
}

// How a point ended: code 0 ok, 1 solver failure, 2 bad input (as the CLI's exit code); `error`
// the message the CLI would print on stderr; `status` "non-finite" for a non-finite result.
struct Outcome {
  int code = 0;
  std::string error;
  std::string status;
};

// The point run in-process through the study catalog: the result JSON the CLI would print.
Outcome run_point(const Spec& s, const Task& t, json& result) {
  Outcome oc;
  try {
    PointRequest p = point_request(s, t);
    const json out = p.kind->run(*p.model, p.request, nullptr);
    if (out.value("status", std::string()) != "ok") {
      oc.code = 1;
      oc.error = out.value("message", std::string());
      if (out.value("non_finite_result", false)) oc.status = "non-finite";
      return oc;
    }
    result = header(p.options, p.model.get(), Status::Ok, "");
    result.update(out);
  } catch (const std::exception& e) {
    const bool bad = is_bad_input(e);
    oc.code = bad ? 2 : 1;
    oc.error = bad ? std::string("error: ") + e.what() : computation_failed(task_options(s, t), e);
  }
  return oc;
}

}  // namespace

json compute_point(const Spec& s, const Task& t, size_t chain) {
  json rec = {{"index", t.index}, {"chain", chain}, {"values", t.values}, {"hash", t.hash},
              {"seed", t.seed}, {"command_line", command_line(t)}};
  json result;
  const Outcome oc = run_point(s, t, result);
  rec["status"] = oc.code == 0 ? "ok" : oc.code == 1 ? (oc.status.empty() ? "failed" : oc.status) : "invalid-input";
  if (!oc.error.empty()) rec["message"] = oc.error;
  json r = json::object();
  for (const auto& c : s.records) {
    json scratch;
    const json* v = oc.code == 0 ? walk(result, c.parts, scratch) : nullptr;
    r[c.name] = v ? *v : json();
  }
  rec["record"] = r;
  if (oc.code == 0) rec["result"] = std::move(result);
  return rec;
}

// The whole spec checked before any work: every value of every axis (each with the other axes at
// their first value) goes through everything the subcommand checks before it runs (options,
// parameters, state, events, budgets). Throws std::invalid_argument naming the point's values.
void validate_spec(const Spec& s) {
  std::set<size_t> probes{0};
  for (size_t k = 0; k < s.dims.size(); ++k)
    for (size_t v = 0; v < s.dims[k].size; ++v) {
      std::vector<size_t> c(s.dims.size(), 0);
      c[k] = v;
      probes.insert(index_of(s, c));
    }
  for (size_t idx : probes) {
    const Task t = make_task(s, idx, json());
    try {
      point_request(s, t);
    } catch (const std::invalid_argument& e) {
      std::string where;
      for (auto it = t.values.begin(); it != t.values.end(); ++it)
        where += (where.empty() ? "" : ", ") + it.key() + " = " + value_text(it.value());
      throw std::invalid_argument("sweep spec '" + s.file + "': point " + std::to_string(idx) +
                                  (where.empty() ? std::string() : " (" + where + ")") + ": " + e.what());
    }
  }
}

}  // namespace summit::cli::sweeps
