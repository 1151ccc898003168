#include "cli/sweep_spec.hpp"

#include "cli/commands.hpp"
#include "cli/json_input.hpp"
#include "cli/study_table.hpp"
#include "models/models.hpp"
#include "models/plugins.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace summit::cli::sweeps {

namespace fs = std::filesystem;

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

namespace {

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

}  // namespace

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

namespace {

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

}  // namespace

Spec parse_spec(const json& raw, const std::string& file) {
  Spec s;
  s.file = file;
  s.raw = raw;
  const json& j = s.raw;
  if (!j.is_object()) throw std::invalid_argument("sweep spec '" + file + "': must be a JSON object");
  check_keys(s, j, "", {"model", "command", "params", "at", "options", "axes", "record", "seed",
                        "output", "warm_start", "keep_results", "comment", "plugins"});
  // Plugins (docs/extending.md), named relative to the spec, loaded before the model is looked up.
  if (j.contains("plugins")) {
    if (!j["plugins"].is_array()) bad(s, "plugins", "must be a list of shared-library files");
    for (size_t i = 0; i < j["plugins"].size(); ++i) {
      const json& p = j["plugins"][i];
      const std::string where = "plugins." + std::to_string(i);
      if (!p.is_string() || p.get<std::string>().empty()) bad(s, where, "must be the file of a plugin (a string)");
      fs::path path = p.get<std::string>();
      if (path.is_relative()) path = fs::path(file).parent_path() / path;
      s.plugins.push_back(path.lexically_normal().string());
      try {
        load_plugin(s.plugins.back());
      } catch (const std::invalid_argument& e) {
        bad(s, where, e.what());
      }
    }
  }
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

}  // namespace summit::cli::sweeps
