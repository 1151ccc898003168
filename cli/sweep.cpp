#include "cli/sweep.hpp"
#include "cli/study_table.hpp"

#include "cli/commands.hpp"
#include "cli/json_input.hpp"
#include "cli/output.hpp"
#include "cli/plot.hpp"
#include "cli/progress.hpp"
#include "cli/sweep_lock.hpp"
#include "cli/sweep_mpi.hpp"
#include "models/models.hpp"
#include "summit/build_info.hpp"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace summit::cli {

using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

// Bumped whenever the meaning of a result record changes; part of every content hash.
constexpr int kFormatVersion = 1;
const char* const kFormat = "summit-sweep/1";

// Options a spec may not set: the sweep owns the output, parameters and state go in their fields.
const std::set<std::string> kReservedOptions = {"set", "at", "config", "state", "format",
                                                "out", "columns", "plot"};

std::uint64_t fnv1a(const std::string& s) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string hex(std::uint64_t h) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::string value_text(const json& v) { return json_to_text(v, "sweep spec value"); }

std::string shell_quote(const std::string& s) {
  if (!s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                        "0123456789_-+=.,/:@%") == std::string::npos)
    return s;
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// ---------------------------------------------------------------------------------------------
// The spec

struct Axis {
  std::string kind;  // "param", "at" or "option"
  std::string name;
  std::vector<json> values;
  std::string scale = "list";  // list, linear or log (for plots)
};

struct Dim {  // one axis, or a zip of axes moving together
  std::vector<Axis> axes;
  size_t size = 0;
  bool cont = false;
};

struct Recorded {
  std::string name, path;
  std::vector<std::string> parts;
};

struct Spec {
  std::string file;
  json raw;
  std::string model, command;
  std::map<std::string, std::string> params, at;
  json options = json::object();
  std::vector<Dim> dims;
  std::vector<Recorded> records;
  std::string warm_start;
  std::uint64_t seed = 0;
  std::string output;
  bool keep_results = true;
  int cont_dim = -1;
  bool model_seed = false;  // the model has a `seed` parameter the spec leaves to the sweep
  size_t total = 1;
  std::string hash;
};

[[noreturn]] void bad(const Spec& s, const std::string& field, const std::string& msg) {
  throw std::invalid_argument("sweep spec '" + s.file + "': field '" + field + "': " + msg);
}

void check_keys(const Spec& s, const json& obj, const std::string& where,
                const std::set<std::string>& allowed) {
  for (auto it = obj.begin(); it != obj.end(); ++it)
    if (!allowed.count(it.key())) {
      std::string names;
      for (const auto& a : allowed) names += (names.empty() ? "" : ", ") + a;
      bad(s, where.empty() ? it.key() : where + "." + it.key(), "unknown field; allowed: " + names);
    }
}

std::vector<std::string> split_path(const std::string& p) {
  std::vector<std::string> parts(1);
  int depth = 0;  // dots inside brackets (none expected) are kept
  for (char c : p) {
    depth += c == '[' ? 1 : c == ']' ? -1 : 0;
    if (c == '.' && depth == 0) parts.emplace_back();
    else parts.back() += c;
  }
  return parts;
}

bool is_scalar_value(const json& v) {
  return v.is_string() || v.is_number() || v.is_boolean();
}

Axis parse_axis(const Spec& s, const json& a, const std::string& where, bool& cont,
                const ModelInfo& info) {
  if (!a.is_object()) bad(s, where, "must be an object like {\"param\": \"lr\", \"values\": [...]}");
  check_keys(s, a, where, {"param", "at", "option", "values", "range", "points", "scale", "continue"});
  Axis ax;
  int targets = 0;
  for (const char* k : {"param", "at", "option"})
    if (a.contains(k)) {
      ++targets;
      ax.kind = k;
      if (!a[k].is_string() || a[k].get<std::string>().empty())
        bad(s, where + "." + k, "must be a non-empty string");
      ax.name = a[k].get<std::string>();
    }
  if (targets != 1) bad(s, where, "needs exactly one of \"param\", \"at\" or \"option\"");
  if (ax.kind == "param") {
    bool known = false;
    std::string names;
    for (const auto& p : info.params) {
      known = known || p.name == ax.name;
      names += (names.empty() ? "" : ", ") + p.name;
    }
    if (!known) bad(s, where + ".param", "'" + ax.name + "' is not a parameter of '" + s.model + "' (" + names + ")");
  }
  if (ax.kind == "option" && kReservedOptions.count(ax.name))
    bad(s, where + ".option", "'" + ax.name + "' cannot be swept (use \"param\" or \"at\" axes)");
  if (a.contains("continue")) {
    if (!a["continue"].is_boolean()) bad(s, where + ".continue", "must be true or false");
    cont = a["continue"].get<bool>();
  }
  const bool has_values = a.contains("values"), has_range = a.contains("range");
  if (has_values == has_range) bad(s, where, "needs exactly one of \"values\" or \"range\"");
  if (has_values) {
    if (a.contains("points") || a.contains("scale"))
      bad(s, where, "\"points\" and \"scale\" go with \"range\", not \"values\"");
    const json& v = a["values"];
    if (!v.is_array() || v.empty()) bad(s, where + ".values", "must be a non-empty array");
    for (size_t i = 0; i < v.size(); ++i)
      if (!is_scalar_value(v[i]))
        bad(s, where + ".values[" + std::to_string(i) + "]", "must be a number, string or bool, not " + v[i].dump());
    ax.values.assign(v.begin(), v.end());
    return ax;
  }
  const json& r = a["range"];
  if (!r.is_array() || r.size() != 2 || !r[0].is_number() || !r[1].is_number())
    bad(s, where + ".range", "must be [lo, hi] (numbers)");
  if (!a.contains("points") || !a["points"].is_number_integer() || a["points"].get<long long>() < 1 ||
      a["points"].get<long long>() > 1000000)
    bad(s, where + ".points", "a range needs \"points\": an integer in [1, 1e6]");
  const auto n = static_cast<size_t>(a["points"].get<long long>());
  ax.scale = a.value("scale", std::string("linear"));
  if (ax.scale != "linear" && ax.scale != "log")
    bad(s, where + ".scale", "'" + ax.scale + "': must be \"linear\" or \"log\"");
  const double lo = r[0].get<double>(), hi = r[1].get<double>();
  if (!std::isfinite(lo) || !std::isfinite(hi)) bad(s, where + ".range", "must be finite");
  if (ax.scale == "log" && !(lo > 0 && hi > 0)) bad(s, where + ".range", "a log range needs lo, hi > 0");
  if (n == 1 && lo != hi) bad(s, where + ".points", "1 point needs lo == hi");
  for (size_t i = 0; i < n; ++i) {
    const double f = n == 1 ? 0.0 : static_cast<double>(i) / static_cast<double>(n - 1);
    double v = ax.scale == "log" ? std::exp(std::log(lo) + f * (std::log(hi) - std::log(lo)))
                                 : lo + f * (hi - lo);
    if (i == 0) v = lo;
    if (i + 1 == n) v = hi;
    ax.values.push_back(v);
  }
  return ax;
}

Spec parse_spec(const json& raw, const std::string& file) {
  Spec s;
  s.file = file;
  s.raw = raw;
  const json& j = s.raw;
  if (!j.is_object()) throw std::invalid_argument("sweep spec '" + file + "': must be a JSON object");
  check_keys(s, j, "", {"model", "command", "params", "at", "options", "axes", "record", "seed",
                        "output", "warm_start", "keep_results", "comment"});
  if (!j.contains("model") || !j["model"].is_string()) bad(s, "model", "required: a registered model name");
  s.model = j["model"].get<std::string>();
  // A model file is named relative to the spec (docs/models.md).
  const bool model_file = s.model.find('/') != std::string::npos ||
                          (s.model.size() > 7 && s.model.ends_with(".summit"));
  if (model_file && fs::path(s.model).is_relative())
    s.model = (fs::path(file).parent_path() / s.model).lexically_normal().string();
  const Registry& reg = builtin_registry();
  if (!reg.has(s.model)) {
    std::string names;
    for (const auto& n : reg.names()) names += (names.empty() ? "" : ", ") + n;
    bad(s, "model", "unknown model '" + s.model + "'; registered: " + names);
  }
  const ModelInfo& info = reg.info(s.model);
  if (!j.contains("command") || !j["command"].is_string()) bad(s, "command", "required: a subcommand name");
  s.command = j["command"].get<std::string>();
  const StudyEntry* study = find_study(s.command);
  if (!study || !study->sweepable)
    bad(s, "command", "'" + s.command + "' cannot be swept; one of " + study_names(true));
  auto text_map = [&](const char* key, std::map<std::string, std::string>& out) {
    if (!j.contains(key)) return;
    if (!j[key].is_object()) bad(s, key, "must be an object of name: value");
    for (auto it = j[key].begin(); it != j[key].end(); ++it) {
      if (!is_scalar_value(it.value()) && !it.value().is_array())
        bad(s, std::string(key) + "." + it.key(), "must be a number, string, bool or list");
      out[it.key()] = value_text(it.value());
    }
  };
  text_map("params", s.params);
  text_map("at", s.at);
  for (const auto& [k, v] : s.params) {
    bool known = false;
    for (const auto& p : info.params) known = known || p.name == k;
    if (!known) bad(s, "params." + k, "not a parameter of '" + s.model + "'");
  }
  if (j.contains("options")) {
    if (!j["options"].is_object()) bad(s, "options", "must be an object of CLI option: value, e.g. {\"t-end\": 100}");
    s.options = j["options"];
    for (auto it = s.options.begin(); it != s.options.end(); ++it) {
      if (kReservedOptions.count(it.key()))
        bad(s, "options." + it.key(), "set by the sweep (use \"params\", \"at\" or the sweep's own flags)");
      if (!is_scalar_value(it.value()) && !it.value().is_array())
        bad(s, "options." + it.key(), "must be a number, string, bool or list");
    }
  }
  if (j.contains("axes")) {
    const json& axes = j["axes"];
    if (!axes.is_array()) bad(s, "axes", "must be an array of axes");
    std::set<std::string> seen;
    for (size_t i = 0; i < axes.size(); ++i) {
      const std::string where = "axes[" + std::to_string(i) + "]";
      Dim d;
      if (axes[i].is_object() && axes[i].contains("zip")) {
        check_keys(s, axes[i], where, {"zip", "continue"});
        const json& z = axes[i]["zip"];
        if (!z.is_array() || z.empty()) bad(s, where + ".zip", "must be a non-empty array of axes");
        if (axes[i].contains("continue")) {
          if (!axes[i]["continue"].is_boolean()) bad(s, where + ".continue", "must be true or false");
          d.cont = axes[i]["continue"].get<bool>();
        }
        for (size_t k = 0; k < z.size(); ++k) {
          bool c = false;
          d.axes.push_back(parse_axis(s, z[k], where + ".zip[" + std::to_string(k) + "]", c, info));
          d.cont = d.cont || c;
          if (d.axes.back().values.size() != d.axes.front().values.size())
            bad(s, where + ".zip", "axes of a zip need equal lengths (" +
                                       std::to_string(d.axes.front().values.size()) + " and " +
                                       std::to_string(d.axes.back().values.size()) + ")");
        }
      } else {
        bool c = false;
        d.axes.push_back(parse_axis(s, axes[i], where, c, info));
        d.cont = c;
      }
      for (const auto& a : d.axes)
        if (!seen.insert(a.name).second) bad(s, where, "axis '" + a.name + "' appears twice");
      d.size = d.axes.front().values.size();
      if (d.cont) {
        if (s.cont_dim >= 0) bad(s, where + ".continue", "only one axis (or zip) can be marked continue");
        s.cont_dim = static_cast<int>(s.dims.size());
      }
      s.total *= d.size;
      if (s.total > 10000000) bad(s, "axes", "more than 1e7 points");
      s.dims.push_back(std::move(d));
    }
  }
  std::vector<json> recs;
  if (j.contains("record")) {
    if (!j["record"].is_array() || j["record"].empty())
      bad(s, "record", "must be a non-empty array of paths like \"threshold\" or {\"name\": ..., \"path\": ...}");
    recs.assign(j["record"].begin(), j["record"].end());
  } else {
    for (const auto& p : study->records) recs.push_back(p);
  }
  std::set<std::string> names;
  for (const auto& d : s.dims)
    for (const auto& a : d.axes) names.insert(a.name);
  for (size_t i = 0; i < recs.size(); ++i) {
    const std::string where = "record[" + std::to_string(i) + "]";
    Recorded r;
    if (recs[i].is_string()) {
      r.path = r.name = recs[i].get<std::string>();
    } else if (recs[i].is_object()) {
      check_keys(s, recs[i], where, {"name", "path"});
      if (!recs[i].contains("path") || !recs[i]["path"].is_string())
        bad(s, where + ".path", "required: a path into the command's JSON output");
      r.path = recs[i]["path"].get<std::string>();
      r.name = recs[i].value("name", r.path);
    } else {
      bad(s, where, "must be a path string or {\"name\": ..., \"path\": ...}");
    }
    if (r.path.empty()) bad(s, where, "empty path");
    r.parts = split_path(r.path);
    if (!names.insert(r.name).second) bad(s, where, "column name '" + r.name + "' is used twice");
    s.records.push_back(r);
  }
  if (j.contains("seed")) {
    if (!j["seed"].is_number_unsigned()) bad(s, "seed", "must be an integer >= 0");
    s.seed = j["seed"].get<std::uint64_t>();
  }
  if (j.contains("output")) {
    if (!j["output"].is_string() || j["output"].get<std::string>().empty())
      bad(s, "output", "must be a folder name");
    s.output = j["output"].get<std::string>();
  }
  if (j.contains("keep_results")) {
    if (!j["keep_results"].is_boolean()) bad(s, "keep_results", "must be true or false");
    s.keep_results = j["keep_results"].get<bool>();
  }
  if (j.contains("warm_start")) {
    if (!j["warm_start"].is_string()) bad(s, "warm_start", "must be a path like \"fixed_points.0.state\"");
    s.warm_start = j["warm_start"].get<std::string>();
  }
  if (s.cont_dim >= 0 && s.warm_start.empty() &&
      study->warm_start.empty())
    bad(s, "axes", "a continue axis needs a fixed point to warm-start from: command '" + s.command +
                       "' has none; give \"warm_start\": a path to a state in its output");
  bool seed_set = s.params.count("seed") > 0;
  for (const auto& d : s.dims)
    for (const auto& a : d.axes) seed_set = seed_set || (a.kind == "param" && a.name == "seed");
  for (const auto& p : info.params) s.model_seed = s.model_seed || (p.name == "seed" && !seed_set);
  s.hash = hex(fnv1a(s.raw.dump()));
  return s;
}

Spec parse_spec(const std::string& file) { return parse_spec(read_json_file(file, "sweep spec"), file); }

// ---------------------------------------------------------------------------------------------
// Points, tasks and their identity

std::vector<size_t> coords_of(const Spec& s, size_t index) {
  std::vector<size_t> c(s.dims.size());
  for (size_t k = s.dims.size(); k-- > 0;) {
    c[k] = index % s.dims[k].size;
    index /= s.dims[k].size;
  }
  return c;
}

size_t index_of(const Spec& s, const std::vector<size_t>& c) {
  size_t i = 0;
  for (size_t k = 0; k < s.dims.size(); ++k) i = i * s.dims[k].size + c[k];
  return i;
}

// Chains: the points sharing every coordinate but the continue axis, in order along it; without
// a continue axis every point is a chain of one. Chain ids follow the first point's index order.
std::vector<std::vector<size_t>> make_chains(const Spec& s) {
  std::vector<std::vector<size_t>> chains;
  for (size_t i = 0; i < s.total; ++i) {
    auto c = coords_of(s, i);
    if (s.cont_dim >= 0 && c[s.cont_dim] != 0) continue;
    std::vector<size_t> chain{i};
    if (s.cont_dim >= 0)
      for (size_t k = 1; k < s.dims[s.cont_dim].size; ++k) {
        c[s.cont_dim] = k;
        chain.push_back(index_of(s, c));
      }
    chains.push_back(chain);
  }
  return chains;
}

struct Task {
  size_t index = 0;
  json values = json::object();  // axis name -> value
  std::vector<std::string> args;  // the equivalent command line after "summit"
  std::uint64_t seed = 0;
  std::string hash;
};

// The content hash of a point: its arguments and the code that computes it.
std::string content_hash(const std::vector<std::string>& args, const std::string& version, const std::string& git) {
  const json content = {{"format", kFormatVersion}, {"summit", version}, {"git", git}, {"args", args}};
  return hex(fnv1a(content.dump()));
}

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
  if (!options.contains("solver-seed")) options["solver-seed"] = t.seed;
  // Warm start: the previous point's fixed point, under explicit "at" axes.
  if (warm.is_object()) {
    for (auto it = warm.begin(); it != warm.end(); ++it)
      if (it.value().is_number()) at[it.key()] = full(it.value().get<double>());
    for (const auto& [k, v] : axis_at) at[k] = v;
  }
  t.args = {s.command, s.model};
  for (const auto& [k, v] : params) t.args.insert(t.args.end(), {"--set", k + "=" + v});
  for (const auto& [k, v] : at) t.args.insert(t.args.end(), {"--at", k + "=" + v});
  for (auto it = options.begin(); it != options.end(); ++it) {
    if (it.value().is_array())
      for (const auto& e : it.value()) t.args.insert(t.args.end(), {"--" + it.key(), value_text(e)});
    else
      t.args.insert(t.args.end(), {"--" + it.key(), value_text(it.value())});
  }
  t.hash = content_hash(t.args, SUMMIT_VERSION, SUMMIT_GIT_REVISION);
  return t;
}

std::string command_line(const Task& t) {
  std::string s = "summit";
  for (const auto& a : t.args) s += " " + shell_quote(a);
  return s + " --format json";
}

// Parses the task's options exactly as the command line would; throws std::invalid_argument.
Options task_options(const Spec& s, const Task& t) {
  Options o;
  CLI::App app{"summit " + s.command};
  const StudyEntry& study = *find_study(s.command);
  bind_study_options(app, o, study, false);
  // Every point carries its seed as --solver-seed (part of its command line and content hash);
  // a subcommand without random starts takes it and ignores it.
  if (std::find(study.options.begin(), study.options.end(), "solver-seed") == study.options.end())
    app.add_option("--solver-seed", o.solver_seed, "the point's seed (unused by this subcommand)");
  std::vector<std::string> rev(t.args.begin() + 2, t.args.end());
  std::reverse(rev.begin(), rev.end());  // CLI11 takes the arguments in reverse order
  try {
    app.parse(rev);
  } catch (const CLI::ParseError& e) {
    std::string msg = e.what();
    if (msg.find("following arguments were not expected") != std::string::npos ||
        dynamic_cast<const CLI::ExtrasError*>(&e))
      throw std::invalid_argument("field 'options': unknown option in " + command_line(t) + " (" + msg + ")");
    throw std::invalid_argument("field 'options': " + msg + " in " + command_line(t));
  }
  o.command = s.command;
  o.model = s.model;
  o.format = "json";
  o.command_line = command_line(t);
  return o;
}

json options_json(const Options& o) {
  return {{"method", o.method}, {"atol", o.atol}, {"rtol", o.rtol}, {"dt", o.dt},
          {"t-end", o.t_end}, {"points", o.points}, {"times", o.times}, {"event", o.events},
          {"starts", o.starts == Options::kStartsAuto ? -1 : o.starts}, {"tol", o.tol}, {"eps", o.eps}, {"perturb", o.perturb},
          {"grid", o.grid}, {"vary", o.vary}, {"range", o.range}, {"observable", o.observable},
          {"point", o.point}, {"d", o.d}, {"seeds", o.seeds}, {"runs", o.runs},
          {"steady-tol", o.steady_tol}, {"solver-seed", "per point: points[].seed"}};
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

// The state to warm-start the next point of a chain from, or null.
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

json compute_point(const Spec& s, const Task& t, size_t chain) {
  json rec = {{"index", t.index}, {"chain", chain}, {"values", t.values}, {"hash", t.hash},
              {"seed", t.seed}, {"command_line", command_line(t)}};
  Outcome oc;
  try {
    oc = run_captured(task_options(s, t));
  } catch (const std::exception& e) {
    oc.code = 2;
    oc.error = std::string("error: ") + e.what();
  }
  json result;
  if (oc.code == 0) {
    try {
      result = json::parse(oc.output);
    } catch (const json::parse_error& e) {
      oc.code = 1;
      oc.error = std::string("unreadable command output: ") + e.what();
    }
  }
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

// ---------------------------------------------------------------------------------------------
// Progress on stderr: one rewritten line, only on a terminal (logs and pipes get the final summary
// line alone).

class Progress {
 public:
  // Shown under the rule of every progress line (cli/progress.hpp): on a terminal rewritten in
  // place, when forced on (SUMMIT_PROGRESS=1) for another stderr one appended line per update.
  Progress(size_t total, bool quiet) : total_(total), quiet_(!progress_wanted(quiet)), tty_(isatty(2) != 0) {
    start_ = last_ = std::chrono::steady_clock::now();
  }
  void tick(const std::string& status, bool reused) {
    ++done_;
    if (reused) ++reused_;
    if (status != "ok" && status != "pending") ++failed_;
    if (quiet_) return;
    const auto now = std::chrono::steady_clock::now();
    const double since = std::chrono::duration<double>(now - last_).count();
    if (done_ != total_ && since < 0.2) return;
    last_ = now;
    const double el = std::chrono::duration<double>(now - start_).count();
    const size_t computed = done_ - reused_;
    const double rate = el > 0 ? computed / el : 0;
    char buf[256];
    std::string eta = "-";
    if (rate > 0 && done_ < total_) eta = num((total_ - done_) / rate, 3) + " s";
    std::snprintf(buf, sizeof buf, "sweep: %zu/%zu points (%zu reused, %zu failed), %.3g points/s, ETA %s",
                  done_, total_, reused_, failed_, rate, eta.c_str());
    std::cerr << (tty_ ? "\r" : "") << buf << (tty_ ? "\x1b[K" : "") << (done_ == total_ || !tty_ ? "\n" : "")
              << std::flush;
  }
  size_t reused() const { return reused_; }
  void finish() {
    if (tty_ && !quiet_ && done_ != total_) std::cerr << "\n";
  }
  double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  size_t total_, done_ = 0, reused_ = 0, failed_ = 0;
  bool quiet_, tty_;
  std::chrono::steady_clock::time_point start_, last_;
};

// ---------------------------------------------------------------------------------------------
// Result files

std::string csv_cell(const json& v) {
  std::string s = v.is_null() ? "" : v.is_string() ? v.get<std::string>() : v.is_number() ? value_text(v) : v.dump();
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

json summary_of(const json& points) {
  size_t ok = 0, failed = 0, pending = 0;
  for (const auto& p : points) {
    const std::string st = p["status"].get<std::string>();
    (st == "ok" ? ok : st == "pending" ? pending : failed)++;
  }
  return {{"points", points.size()}, {"ok", ok}, {"failed", failed}, {"pending", pending}};
}

json header_of(const Spec& s, int task_index, int task_count) {
  json h;
  h["format"] = kFormat;
  h["summit"] = {{"version", SUMMIT_VERSION}, {"git", SUMMIT_GIT_REVISION}};
  h["spec"] = s.raw;
  h["spec_hash"] = s.hash;
  h["model"] = s.model;
  h["command"] = s.command;
  h["axes"] = json::array();
  for (size_t k = 0; k < s.dims.size(); ++k)
    for (const auto& a : s.dims[k].axes)
      h["axes"].push_back({{"name", a.name}, {"kind", a.kind}, {"scale", a.scale},
                           {"continue", s.dims[k].cont}, {"group", k}});
  h["record"] = json::array();
  for (const auto& r : s.records) h["record"].push_back({{"name", r.name}, {"path", r.path}});
  h["task"] = {{"index", task_index}, {"count", task_count}};
  return h;
}

void write_results(const json& header, const json& points, const fs::path& dir, const std::string& base) {
  json j = header;
  j["points"] = points;
  j["summary"] = summary_of(points);
  emit(j.dump(1) + "\n", (dir / (base + ".json")).string());
  std::ostringstream os;
  os << "# " << kFormat << "\n# summit " << header["summit"]["version"].get<std::string>() << " (git "
     << header["summit"]["git"].get<std::string>() << ")\n# spec: " << header["spec"].dump()
     << "\n# spec_hash: " << header["spec_hash"].get<std::string>();
  if (header.contains("solver_options")) os << "\n# solver options: " << header["solver_options"].dump();
  os << "\n# task: " << header["task"]["index"] << " of " << header["task"]["count"]
     << "\n# summary: " << j["summary"].dump() << "\n";
  std::vector<std::string> cols{"index", "chain", "status"};
  for (const auto& a : header["axes"]) cols.push_back(a["name"]);
  for (const auto& r : header["record"]) cols.push_back(r["name"]);
  cols.insert(cols.end(), {"seed", "hash", "message"});
  for (size_t i = 0; i < cols.size(); ++i) os << (i ? "," : "") << csv_cell(cols[i]);
  os << "\n";
  for (const auto& p : points) {
    std::vector<json> row{p["index"], p["chain"], p["status"]};
    for (const auto& a : header["axes"]) row.push_back(p["values"].value(a["name"].get<std::string>(), json()));
    for (const auto& r : header["record"])
      row.push_back(p.contains("record") ? p["record"].value(r["name"].get<std::string>(), json()) : json());
    row.insert(row.end(), {p.value("seed", json()), p.value("hash", json()), p.value("message", json())});
    for (size_t i = 0; i < row.size(); ++i) os << (i ? "," : "") << csv_cell(row[i]);
    os << "\n";
  }
  emit(os.str(), (dir / (base + ".csv")).string());
}

// Completed records of an earlier run in `dir` (its result file and its journal), by hash.
std::map<std::string, json> load_existing(const fs::path& dir, const std::string& base) {
  std::map<std::string, json> cache;
  auto take = [&](const json& p) {
    if (p.is_object() && p.value("status", std::string()) == "ok" && p.contains("hash"))
      cache[p["hash"].get<std::string>()] = p;
  };
  for (const auto& name : {base + ".json", std::string("sweep.json")}) {
    std::ifstream f(dir / name);
    if (!f) continue;
    try {
      const json j = json::parse(f);
      if (j.value("format", std::string()) == kFormat)
        for (const auto& p : j["points"]) take(p);
    } catch (const json::exception&) {
      std::cerr << "summit sweep: ignoring unreadable " << (dir / name).string() << "\n";
    }
  }
  std::ifstream jr(dir / (base + ".journal.jsonl"));
  std::string line;
  while (std::getline(jr, line)) {
    try {
      take(json::parse(line));
    } catch (const json::exception&) {
      // a line cut short by a killed run
    }
  }
  return cache;
}

int exit_code_of(const json& summary) {
  if (summary["pending"].get<size_t>() > 0) return 3;
  return summary["failed"].get<size_t>() > 0 ? 1 : 0;
}

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  char* end = nullptr;
  const long x = std::strtol(v, &end, 10);
  if (*end) throw std::invalid_argument(std::string(name) + "='" + v + "': not an integer");
  return static_cast<int>(x);
}

void warn_empty_records(const Spec& s, const json& points) {
  for (const auto& r : s.records) {
    bool any_ok = false, any_value = false;
    for (const auto& p : points)
      if (p["status"] == "ok") {
        any_ok = true;
        any_value = any_value || !p["record"][r.name].is_null();
      }
    if (any_ok && !any_value)
      std::cerr << "summit sweep: warning: record '" << r.name << "' (path '" << r.path
                << "') is absent from every result; check the path against `summit " << s.command
                << " " << s.model << " --format json`\n";
  }
}

std::string emit_slurm(const Spec& s, const SweepOptions& o, const fs::path& dir, int count) {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  const std::string bin = ec ? std::string("summit") : exe.string();
  const std::string spec = fs::absolute(o.spec).string();
  const std::string out = fs::absolute(dir).string();
  std::ostringstream os;
  os << "#!/bin/bash\n"
     << "# Slurm job array for the sweep " << spec << " (" << s.total << " points, " << count
     << " tasks).\n"
     << "# Submit: mkdir -p " << shell_quote(out) << " && sbatch this-file.sh (Slurm opens the log\n"
     << "# there before the script runs); each task writes " << out << "/task-I-of-" << count
     << ".json/.csv.\n"
     << "# Afterwards: " << bin << " merge " << out << "\n"
     << "# Resubmitting resumes: finished points are kept (--skip-existing).\n"
     << "#SBATCH --job-name=summit-sweep\n"
     << "#SBATCH --array=0-" << count - 1 << "\n"
     << "#SBATCH --cpus-per-task=" << o.slurm_cpus << "\n"
     << "#SBATCH --time=" << o.slurm_time << "\n"
     << "#SBATCH --output=" << out << "/slurm-%A_%a.log\n\n"
     << "set -euo pipefail\n"
     << "mkdir -p " << shell_quote(out) << "\n"
     << shell_quote(bin) << " sweep " << shell_quote(spec) << " --out " << shell_quote(out)
     << " --task-index \"$SLURM_ARRAY_TASK_ID\" --task-count " << count
     << " --jobs \"${SLURM_CPUS_PER_TASK:-1}\" --skip-existing\n";
  return os.str();
}

}  // namespace

// ---------------------------------------------------------------------------------------------

void add_sweep_options(CLI::App& a, SweepOptions& o) {
  a.add_option("SPEC", o.spec, "sweep specification (JSON; see docs/sweeps.md)")->required();
  a.add_option("--out", o.out, "results folder (default: the spec's \"output\", else SPEC-stem.sweep)");
  a.add_option("--jobs,-j", o.jobs, "worker threads (default: all cores)");
  a.add_option("--task-index", o.task_index, "run share I of a job array (default: $SLURM_ARRAY_TASK_ID)");
  a.add_option("--task-count", o.task_count, "number of shares N (default: $SLURM_ARRAY_TASK_COUNT, else 1)");
  a.add_flag("--skip-existing", o.skip_existing,
             "reuse finished points of an earlier run in the folder (same content hash)");
  a.add_option("--limit", o.limit, "compute at most this many new points, then stop (exit 3)");
  a.add_flag("--emit-slurm", o.emit_slurm, "print a Slurm job-array script for this sweep and exit");
  a.add_option("--slurm-time", o.slurm_time, "--emit-slurm: time limit per task (default 01:00:00)");
  a.add_option("--slurm-cpus", o.slurm_cpus, "--emit-slurm: cpus per task (default 2)");
  a.add_flag("--quiet,-q", o.quiet, "no progress lines on stderr");
  a.add_option("--plot", o.plot, "also render the results to this PNG (matplotlib)");
  a.add_option("--plot-value", o.plot_value, "record to plot (default: the first)");
  a.add_option("--plot-x", o.plot_x, "axis on x (default: the first numeric axis)");
  a.add_option("--plot-y", o.plot_y, "axis on y for a 2-D map (default: the next numeric axis)");
}

void add_merge_options(CLI::App& a, SweepOptions& o) {
  a.add_option("DIR", o.spec, "results folder holding task-I-of-N.json files")->required();
  a.add_option("--plot", o.plot, "also render the merged results to this PNG");
  a.add_option("--plot-value", o.plot_value, "record to plot (default: the first)");
  a.add_option("--plot-x", o.plot_x, "axis on x");
  a.add_option("--plot-y", o.plot_y, "axis on y");
}

namespace {

void maybe_plot(const SweepOptions& o, const json& header, const json& points) {
  if (o.plot.empty()) return;
  json j = header;
  j["points"] = points;
  plot_sweep(j, o.plot, o.plot_value, o.plot_x, o.plot_y);
  std::cerr << "summit sweep: wrote " << o.plot << "\n";
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
      validate(task_options(s, t));
    } catch (const std::invalid_argument& e) {
      std::string where;
      for (auto it = t.values.begin(); it != t.values.end(); ++it)
        where += (where.empty() ? "" : ", ") + it.key() + " = " + value_text(it.value());
      throw std::invalid_argument("sweep spec '" + s.file + "': point " + std::to_string(idx) +
                                  (where.empty() ? std::string() : " (" + where + ")") + ": " + e.what());
    }
  }
}

// Values copied into the generated Slurm script: a time limit in one of Slurm's formats, a cpu
// count, and paths without control characters (the paths are also shell-quoted).
void validate_slurm(const SweepOptions& o, const fs::path& dir) {
  static const std::regex time_re(R"(([0-9]+-)?[0-9]+(:[0-9]{1,2}){0,2}|UNLIMITED|INFINITE)");
  if (!std::regex_match(o.slurm_time, time_re))
    throw std::invalid_argument("--slurm-time '" + o.slurm_time +
                                "': must be a Slurm time limit: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS");
  if (o.slurm_cpus < 1 || o.slurm_cpus > 4096)
    throw std::invalid_argument("--slurm-cpus " + std::to_string(o.slurm_cpus) + ": must be in [1, 4096]");
  for (const std::string& p : {o.spec, dir.string()})
    for (unsigned char c : p)
      if (c < 0x20 || c == 0x7f)
        throw std::invalid_argument("path '" + p + "': contains a control character; it cannot go into a Slurm script");
}

int sweep_main(const SweepOptions& o) {
  const Spec s = parse_spec(o.spec);
  if (o.limit < -1) throw std::invalid_argument("--limit " + std::to_string(o.limit) + ": must be >= 0");
  validate_spec(s);
  int count = o.task_count >= 0 ? o.task_count : env_int("SLURM_ARRAY_TASK_COUNT", -1);
  int index = o.task_index >= 0 ? o.task_index : env_int("SLURM_ARRAY_TASK_ID", -1);
  if (o.task_index < 0 && index >= 0) index -= env_int("SLURM_ARRAY_TASK_MIN", 0);
  if (o.emit_slurm && count < 0) count = 16;
  if (count < 0) count = 1;
  if (index < 0) index = 0;
  if (count < 1) throw std::invalid_argument("--task-count " + std::to_string(count) + ": must be >= 1");
  if (index >= count)
    throw std::invalid_argument("--task-index " + std::to_string(index) + ": must be < --task-count " +
                                std::to_string(count));
  if (o.jobs < 0) throw std::invalid_argument("--jobs " + std::to_string(o.jobs) + ": must be >= 1");
  fs::path dir = !o.out.empty() ? fs::path(o.out)
                 : !s.output.empty() ? fs::path(o.spec).parent_path() / s.output
                                     : fs::path(o.spec).parent_path() / (fs::path(o.spec).stem().string() + ".sweep");
  if (o.emit_slurm) {
    validate_slurm(o, dir);
    emit(emit_slurm(s, o, dir, count), "");
    return 0;
  }
  const Mpi mpi = mpi_start();
  const bool writer = mpi.rank == 0;
  std::error_code ec;
  if (writer) {
    fs::create_directories(dir, ec);
    if (ec) throw std::runtime_error("--out '" + dir.string() + "': cannot create (" + ec.message() + ")");
  }
  const std::string base = count == 1 ? "sweep" : "task-" + std::to_string(index) + "-of-" + std::to_string(count);
  // One writer per result file: a second sweep on the same folder and share is refused.
  std::unique_ptr<FolderLock> lock;
  if (writer) lock = std::make_unique<FolderLock>(dir, base, "summit sweep");
  const auto all_chains = make_chains(s);
  std::vector<std::vector<size_t>> chains;
  for (size_t c = 0; c < all_chains.size(); ++c)
    if (static_cast<int>(c % static_cast<size_t>(count)) == index) chains.push_back(all_chains[c]);
  std::vector<size_t> chain_id;
  for (size_t c = 0; c < all_chains.size(); ++c)
    if (static_cast<int>(c % static_cast<size_t>(count)) == index) chain_id.push_back(c);
  size_t n_points = 0;
  for (const auto& c : chains) n_points += c.size();

  const std::map<std::string, json> cache =
      o.skip_existing ? load_existing(dir, base) : std::map<std::string, json>{};
  std::vector<json> records(s.total);  // null: not in this task
  std::mutex mu;
  std::ofstream journal;
  const fs::path journal_path = dir / (base + ".journal.jsonl");
  if (writer) {
    // Append mode (under the lock): a fresh run starts a new journal; a resumed one continues the
    // old one after ending a line torn by a killed run, so no record is glued onto it.
    bool torn = false;
    if (!o.skip_existing) {
      fs::remove(journal_path, ec);
    } else if (std::ifstream old(journal_path, std::ios::binary); old && old.seekg(-1, std::ios::end)) {
      torn = old.get() != '\n';
    }
    journal.open(journal_path, std::ios::app | std::ios::binary);
    if (!journal) throw OutputError("journal '" + journal_path.string() + "': cannot open for appending (" +
                                    std::strerror(errno) + ")");
    if (torn) journal << "\n" << std::flush;
  }
  Progress progress(n_points, o.quiet || !writer);
  std::atomic<long> computed{0};

  // Runs one chain; returns its records in order (also used by MPI workers).
  auto run_chain = [&](size_t k) {
    json out = json::array();
    json warm;
    bool stopped = false;
    for (size_t idx : chains[k]) {
      Task t = make_task(s, idx, warm);
      json rec;
      bool reused = false;
      if (auto it = cache.find(t.hash); it != cache.end()) {
        rec = it->second;
        rec["index"] = idx;
        rec["chain"] = chain_id[k];
        rec["values"] = t.values;
        reused = true;
      } else if (stopped || (o.limit >= 0 && computed.fetch_add(1) >= o.limit)) {
        stopped = true;  // the rest of the chain waits for its warm start
        rec = {{"index", idx}, {"chain", chain_id[k]}, {"values", t.values}, {"hash", t.hash},
               {"seed", t.seed}, {"status", "pending"}, {"command_line", command_line(t)}};
      } else {
        rec = compute_point(s, t, chain_id[k]);
      }
      // Chains keep the warm state in the record, so a resume without full results
      // ("keep_results": false) still reproduces the next point's arguments.
      if (s.cont_dim >= 0 && rec["status"] == "ok" && !rec.contains("warm_state") && rec.contains("result"))
        rec["warm_state"] = warm_state(s, rec["result"]);
      if (rec.contains("warm_state") && !rec["warm_state"].is_null()) warm = rec["warm_state"];
      rec["reused"] = reused;
      out.push_back(std::move(rec));
    }
    return out;
  };
  auto deliver = [&](const json& recs) {
    std::lock_guard<std::mutex> lock(mu);
    for (json rec : recs) {
      const bool reused = rec["reused"].get<bool>();
      rec.erase("reused");
      if (!reused && rec["status"] != "pending") {
        journal << rec.dump() << "\n" << std::flush;
        if (!journal) throw OutputError("journal '" + journal_path.string() + "': write failed (" +
                                        std::strerror(errno) + ")");
      }
      progress.tick(rec["status"].get<std::string>(), reused);
      const size_t idx = rec["index"].get<size_t>();
      records[idx] = std::move(rec);
    }
  };

  if (mpi.size > 1) {
    mpi_farm(mpi, chains.size(), [&](size_t k) { return run_chain(k).dump(); },
             [&](const std::string& text) { deliver(json::parse(text)); });
  } else {
    const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    const size_t jobs = std::min<size_t>(o.jobs > 0 ? static_cast<size_t>(o.jobs) : hw, std::max<size_t>(1, chains.size()));
    std::atomic<size_t> next{0};
    std::exception_ptr error;
    std::mutex error_mu;
    auto worker = [&] {
      try {
        for (size_t k; (k = next.fetch_add(1)) < chains.size();) deliver(run_chain(k));
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mu);
        if (!error) error = std::current_exception();
        next = chains.size();
      }
    };
    std::vector<std::thread> pool;
    for (size_t i = 1; i < jobs; ++i) pool.emplace_back(worker);
    worker();
    for (auto& th : pool) th.join();
    if (error) std::rethrow_exception(error);
  }
  progress.finish();
  if (!writer) return mpi_finish(mpi, 0);

  json points = json::array();
  for (auto& r : records)
    if (!r.is_null()) {
      if (!s.keep_results) r.erase("result");
      points.push_back(std::move(r));
    }
  json header = header_of(s, index, count);
  header["solver_options"] = options_json(task_options(s, make_task(s, 0, json())));
  journal.close();
  write_results(header, points, dir, base);
  fs::remove(journal_path, ec);
  const json sum = summary_of(points);
  warn_empty_records(s, points);
  if (!o.quiet)
    std::cerr << "summit sweep: " << sum["ok"] << " ok (" << progress.reused() << " reused), " << sum["failed"]
              << " failed, " << sum["pending"]
              << " pending of " << sum["points"] << " points in " << num(progress.elapsed(), 3) << " s"
              << (mpi.size > 1 ? " (" + std::to_string(mpi.size - 1) + " MPI workers)" : std::string())
              << "; results: " << (dir / (base + ".json")).string() << " and .csv\n";
  maybe_plot(o, header, points);
  return mpi_finish(mpi, exit_code_of(sum));
}

// merge refuses incomplete or inconsistent task files: exit 1, naming what is wrong.
struct MergeRefused : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Every point of the spec's grid present exactly once, each a record whose values are the grid's
// and whose hash is a content hash (recomputed for points that do not depend on a warm start).
void verify_points(const std::map<int, json>& parts, const json& first) {
  Spec s;
  try {
    s = parse_spec(first.at("spec"), "(spec recorded in the task files)");
  } catch (const std::exception& e) {
    throw MergeRefused(std::string("merge: the recorded spec is not valid: ") + e.what());
  }
  const std::string version = first["summit"].value("version", std::string());
  const std::string git = first["summit"].value("git", std::string());
  static const std::set<std::string> statuses = {"ok", "failed", "invalid-input", "non-finite", "pending"};
  static const std::regex hash_re("[0-9a-f]{16}");
  std::vector<int> owner(s.total, -1);
  for (const auto& [ti, p] : parts) {
    const std::string task = "merge: task " + std::to_string(ti);
    if (!p.contains("points") || !p["points"].is_array()) throw MergeRefused(task + ": has no list of points");
    for (size_t k = 0; k < p["points"].size(); ++k) {
      const json& pt = p["points"][k];
      const std::string where = task + ", points[" + std::to_string(k) + "]";
      if (!pt.is_object()) throw MergeRefused(where + ": is " + json_kind(pt) + ", not a point record");
      if (!pt.contains("index") || !pt["index"].is_number_unsigned() || pt["index"].get<size_t>() >= s.total)
        throw MergeRefused(where + ": no valid index (the spec has points 0 to " + std::to_string(s.total - 1) + ")");
      const size_t idx = pt["index"].get<size_t>();
      if (owner[idx] >= 0)
        throw MergeRefused("merge: point " + std::to_string(idx) + " appears twice (task " + std::to_string(owner[idx]) +
                           " and task " + std::to_string(ti) + ")");
      owner[idx] = ti;
      if (!pt.contains("status") || !pt["status"].is_string() || !statuses.count(pt["status"].get<std::string>()))
        throw MergeRefused(where + " (point " + std::to_string(idx) + "): no valid status");
      const Task t = make_task(s, idx, json());
      if (!pt.contains("values") || pt["values"] != t.values)
        throw MergeRefused(where + " (point " + std::to_string(idx) + "): its values " +
                           (pt.contains("values") ? pt["values"].dump() : std::string("(none)")) +
                           " are not the spec's " + t.values.dump());
      if (!pt.contains("hash") || !pt["hash"].is_string() || !std::regex_match(pt["hash"].get<std::string>(), hash_re))
        throw MergeRefused(where + " (point " + std::to_string(idx) + "): no valid hash");
      const bool warm = s.cont_dim >= 0 && coords_of(s, idx)[static_cast<size_t>(s.cont_dim)] != 0;
      if (!warm && pt["hash"].get<std::string>() != content_hash(t.args, version, git))
        throw MergeRefused(where + " (point " + std::to_string(idx) + "): its hash does not match its arguments");
    }
  }
  std::string missing;
  size_t n_missing = 0;
  for (size_t i = 0; i < s.total; ++i)
    if (owner[i] < 0 && ++n_missing <= 10) missing += (missing.empty() ? "" : ", ") + std::to_string(i);
  if (n_missing)
    throw MergeRefused("merge: " + std::to_string(n_missing) + " of " + std::to_string(s.total) +
                       " points are missing: " + missing + (n_missing > 10 ? ", ..." : "") +
                       " (rerun their tasks with --skip-existing)");
}

int merge_main(const SweepOptions& o) {
  const fs::path dir(o.spec);
  if (!fs::is_directory(dir)) throw std::invalid_argument("merge: '" + o.spec + "' is not a folder");
  const FolderLock lock(dir, "sweep", "summit merge");
  const std::regex name_re(R"(task-(\d+)-of-(\d+)\.json)");
  std::map<int, json> parts;
  int count = -1;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::smatch m;
    const std::string name = e.path().filename().string();
    if (!std::regex_match(name, m, name_re)) continue;
    const int n = std::stoi(m[2].str());
    if (count >= 0 && n != count)
      throw std::invalid_argument("merge: '" + o.spec + "' mixes task files of " + std::to_string(count) +
                                  " and " + std::to_string(n) + " tasks");
    count = n;
    if (held_by_other(dir, e.path().stem().string()))
      throw MergeRefused("merge: task file " + e.path().string() + " is still being written by a running sweep");
    try {
      parts[std::stoi(m[1].str())] = read_json_file(e.path().string(), "merge: task file");
    } catch (const std::invalid_argument& err) {
      throw MergeRefused(err.what());
    }
  }
  if (parts.empty()) throw std::invalid_argument("merge: no task-I-of-N.json files in '" + o.spec + "'");
  std::string missing;
  for (int i = 0; i < count; ++i)
    if (!parts.count(i)) missing += (missing.empty() ? "" : ", ") + std::to_string(i);
  if (!missing.empty())
    throw MergeRefused("merge: tasks " + missing + " of " + std::to_string(count) + " are missing in '" +
                                o.spec + "'");
  const json& first = parts.begin()->second;
  for (const auto& [i, p] : parts) {
    if (!p.is_object() || p.value("format", std::string()) != kFormat || !p.contains("summit") ||
        !p["summit"].is_object() || !p.contains("spec"))
      throw MergeRefused("merge: task " + std::to_string(i) + " is not a " + kFormat + " file");
    if (p["spec_hash"] != first["spec_hash"])
      throw MergeRefused("merge: task " + std::to_string(i) + " comes from a different spec");
    if (p["summit"] != first["summit"])
      throw MergeRefused("merge: task " + std::to_string(i) + " was computed by summit " +
                                  p["summit"].dump() + ", task " + std::to_string(parts.begin()->first) +
                                  " by " + first["summit"].dump());
  }
  verify_points(parts, first);
  std::map<size_t, json> by_index;
  for (const auto& [i, p] : parts)
    for (const auto& pt : p["points"]) by_index[pt["index"].get<size_t>()] = pt;
  json points = json::array();
  for (auto& [i, pt] : by_index) points.push_back(pt);
  json header = first;
  header.erase("points");
  header.erase("summary");
  header["task"] = {{"index", 0}, {"count", 1}};
  write_results(header, points, dir, "sweep");
  const json sum = summary_of(points);
  std::cerr << "summit merge: " << parts.size() << " tasks, " << sum["points"] << " points (" << sum["ok"]
            << " ok, " << sum["failed"] << " failed, " << sum["pending"] << " pending) -> "
            << (dir / "sweep.json").string() << " and .csv\n";
  maybe_plot(o, header, points);
  return exit_code_of(sum);
}

int guarded(const std::function<int()>& f, const char* who) {
  try {
    return f();
  } catch (const MergeRefused& e) {
    std::cerr << e.what() << "\n";
    return 1;
  } catch (const std::invalid_argument& e) {
    std::cerr << who << ": error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << who << ": error: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace

int run_sweep(const SweepOptions& o) {
  return guarded([&] { return sweep_main(o); }, "summit sweep");
}
int run_merge(const SweepOptions& o) {
  return guarded([&] { return merge_main(o); }, "summit merge");
}

}  // namespace summit::cli
