#include "cli/sweep_results.hpp"

#include "cli/output.hpp"
#include "cli/plot.hpp"
#include "summit/build_info.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

namespace summit::cli::sweeps {

namespace fs = std::filesystem;

namespace {

std::string csv_cell(const json& v) {
  std::string s = v.is_null() ? "" : v.is_string() ? v.get<std::string>() : v.is_number() ? value_text(v) : v.dump();
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

}  // namespace

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

void maybe_plot(const SweepOptions& o, const json& header, const json& points) {
  if (o.plot.empty()) return;
  json j = header;
  j["points"] = points;
  plot_sweep(j, o.plot, o.plot_value, o.plot_x, o.plot_y);
  std::cerr << "summit sweep: wrote " << o.plot << "\n";
}

}  // namespace summit::cli::sweeps
