// summit merge: the task files of a job array checked against their recorded spec and joined
// into one sweep.json / sweep.csv (docs/sweeps.md).
#include "cli/json_input.hpp"
#include "cli/plot.hpp"
#include "cli/sweep_lock.hpp"
#include "cli/sweep_results.hpp"
#include "cli/sweep_task.hpp"

#include <filesystem>
#include <iostream>
#include <regex>

namespace summit::cli::sweeps {

namespace fs = std::filesystem;

namespace {

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

}  // namespace

int merge_main(const SweepOptions& o) {
  const fs::path dir(o.spec);
  if (!fs::is_directory(dir)) throw std::invalid_argument("merge: '" + o.spec + "' is not a folder");
  if (!o.plot.empty()) check_plot_request(o.plot);
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

}  // namespace summit::cli::sweeps
